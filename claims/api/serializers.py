"""The API's representations of publishers, articles, claims, figures and verdicts, fields listed explicitly.

These serializers are the one definition of each shape: the API's lists and details, the full exports
(claims.api.exports), the webhook payloads and the JSON-LD (claims.api.claimreview reads a serialized verdict)
all go through them, so a field appears the same way everywhere. They only read: which rows a client may
see is decided before serialization (claims.reconcile.visibility), and writes go through claims.ingest.importer and
claims.reconcile.review with the small input serializers at the end of this module.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import ID_MAX, VERSION_MAX, Article, Claim, Figure, Publisher, Verdict
from claims.reconcile.conflicts import ConflictKind
from claims.reconcile.formatting import claim_value, verdict_value
from claims.reconcile.sources import Grade
from claims.reconcile.visibility import sees_unverified


@extend_schema_field({"type": "number", "nullable": True, "example": 5000})
class ValueField(serializers.Field):
    """A stored value as a JSON number: an integer when whole (``5000``), else a float (``2.5``)."""

    def to_representation(self, value: Decimal | None):
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(value)


class IntervalMixin:
    """``interval``: a claim's value in words, e.g. "more than 5,000 people" (claims.reconcile.formatting)."""

    @extend_schema_field(OpenApiTypes.STR)
    def get_interval(self, obj) -> str:
        return claim_value(obj)


class VerdictIntervalMixin(IntervalMixin):
    """``interval``: a verdict's value in words with its figure's unit, e.g. "at least 5,000 people"."""

    @extend_schema_field(OpenApiTypes.STR)
    def get_interval(self, obj) -> str:
        return verdict_value(obj, unit=obj.figure.unit)


class PublisherSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ["id", "name", "domain"]


class ArticleBriefSerializer(serializers.ModelSerializer):
    """An article as a claim or verdict shows its source."""

    publisher = PublisherSerializer(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "published_on", "publisher"]


class ArticleSerializer(serializers.ModelSerializer):
    publisher = PublisherSerializer(read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "published_on", "language", "publisher", "copy_of", "imported_at",
                  "updated_at"]


class ArticleDetailSerializer(ArticleSerializer):
    """The detail adds the body, into which every claim's ``start`` and ``end`` point."""

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]


class FigureBriefSerializer(serializers.ModelSerializer):
    """A figure as a claim or verdict names it; ``slug`` addresses its public page, /factchecks/<slug>/."""

    class Meta:
        model = Figure
        fields = ["id", "name", "slug", "kind", "unit"]


class ClaimSerializer(IntervalMixin, serializers.ModelSerializer):
    """One claim with its source: ``text`` is ``article.body[start:end]``, ``sentence`` the quote."""

    article = ArticleBriefSerializer(read_only=True)
    figure = FigureBriefSerializer(read_only=True, allow_null=True)
    low = ValueField()
    high = ValueField()
    interval = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id", "article", "start", "end", "text", "sentence", "kind", "qualifier", "low", "high", "unit",
            "interval", "subject", "attribution", "as_of", "date", "date_precision", "status",
            "rejection_reason", "figure", "version", "updated_at",
        ]


class SourceClaimSerializer(IntervalMixin, serializers.ModelSerializer):
    """A claim a verdict rests on, as the verdict lists it."""

    article = ArticleBriefSerializer(read_only=True)
    low = ValueField()
    high = ValueField()
    interval = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = ["id", "article", "text", "sentence", "low", "high", "unit", "interval", "attribution",
                  "as_of"]


class VerdictBriefSerializer(VerdictIntervalMixin, serializers.ModelSerializer):
    """A verdict as its figure lists it."""

    low = ValueField()
    high = ValueField()
    interval = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = ["id", "as_of", "low", "high", "interval", "rating", "published_at", "withdrawn_at"]


def absolute(serializer: serializers.Serializer, path: str) -> str:
    """``path`` as an absolute address: on the request's host in the API, on SITE_URL elsewhere (exports,
    webhooks), as the pagination links are."""
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def claims_link(serializer: serializers.Serializer, **query) -> str:
    """The address of the claims list filtered by ``query`` (e.g. verdict=7): where a nested list lives."""
    return absolute(serializer, reverse("api:claim-list") + "?" + urlencode(query))


class VerdictSerializer(VerdictBriefSerializer):
    """A verdict with its figure, and the accepted claims it rests on as a count and a link to their
    paginated list (``sources_url``: GET /claims/?verdict={id}): a verdict may rest on 100,000 claims."""

    figure = FigureBriefSerializer(read_only=True)
    sources_count = serializers.IntegerField(read_only=True, help_text="Accepted claims the verdict rests on.")
    sources_url = serializers.SerializerMethodField(
        help_text="Their paginated list: GET /claims/?verdict={id} (with status=accepted for clients who see "
                  "unverified data).")
    independent_sources = serializers.IntegerField(read_only=True)

    class Meta:
        model = Verdict
        fields = ["id", "figure", "as_of", "low", "high", "interval", "rating", "note", "published_at",
                  "withdrawn_at", "sources_count", "sources_url", "independent_sources", "version"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_sources_url(self, obj) -> str:
        request = self.context.get("request")
        if request is not None and sees_unverified(request.user):
            # A withdrawn verdict's claims are no longer verified: the privileged list names their status.
            return claims_link(self, verdict=obj.pk, status=Claim.Status.ACCEPTED.value)
        return claims_link(self, verdict=obj.pk)


class VerdictWithSourcesSerializer(VerdictSerializer):
    """The verdict with its accepted claims listed (``sources``): for the full exports, the JSON-LD
    (claims.api.claimreview reads the sources' articles) and the webhook payloads, which are not paged."""

    sources = SourceClaimSerializer(many=True, read_only=True, source="accepted_claims")

    class Meta(VerdictSerializer.Meta):
        fields = [*VerdictSerializer.Meta.fields, "sources"]


class FigureSerializer(serializers.ModelSerializer):
    """A figure with its verdicts: published ones only, unless the client may see unverified data."""

    verdicts = VerdictBriefSerializer(many=True, read_only=True, source="visible_verdicts")

    class Meta:
        model = Figure
        fields = ["id", "name", "kind", "unit", "cumulative", "description", "status", "verdicts", "version",
                  "updated_at"]


class ConflictSerializer(serializers.Serializer):
    """Where the figure's sources disagree (rules: claims.reconcile.conflicts)."""

    kind = serializers.ChoiceField(
        choices=[kind.value for kind in ConflictKind],
        help_text="disjoint: two claims close in time whose values do not overlap; cumulative_drop: a "
                  "cumulative figure lower than an earlier claim; below_verdict: a cumulative figure lower "
                  "than an earlier published verdict.",
    )
    claims = serializers.ListField(child=serializers.IntegerField(), source="claim_ids",
                                   help_text="Ids of the claims in conflict, earlier first.")
    message = serializers.CharField(help_text="The conflict in words, for a reviewer.")


class SourcesSerializer(serializers.Serializer):
    """Who printed the figure's numbers and who counted them (rules: claims.reconcile.sources)."""

    outlets = serializers.IntegerField(help_text="Distinct publishers of its claims.")
    independent_outlets = serializers.IntegerField(help_text="Distinct publishers, a reprint counted as its "
                                                             "original.")
    originators = serializers.IntegerField(help_text="Distinct originators: who the numbers come from.")
    reprints = serializers.IntegerField(help_text="Articles among them that reprint another.")
    grade = serializers.ChoiceField(
        choices=[grade.value for grade in Grade],
        help_text="contested: open conflicts; corroborated: two or more originators; single_source: one "
                  "originator, or none known and one independent outlet; unattributed: no originator known, "
                  "several outlets; no_sources: no claim.",
    )


class FigureDetailSerializer(FigureSerializer):
    """The detail adds the conflicts and the sources, computed from what the client may see (verified data
    only for anonymous clients, every live claim for reviewers), and the figure's accepted claims as a count
    and a link to their paginated list in as-of order (``claims_url``), not nested: a figure may hold
    100,000 claims."""

    conflicts = ConflictSerializer(many=True, read_only=True, source="visible_conflicts")
    sources = SourcesSerializer(read_only=True, source="visible_sources")
    claims_count = serializers.IntegerField(read_only=True, source="visible_claims_count",
                                            help_text="Accepted claims of the figure this client may see.")
    claims_url = serializers.SerializerMethodField(
        help_text="Their paginated list in as-of order: GET /claims/?figure={id}&ordering=as_of (with "
                  "status=accepted for clients who see unverified data).")

    class Meta(FigureSerializer.Meta):
        fields = [*FigureSerializer.Meta.fields, "conflicts", "sources", "claims_count", "claims_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims_url(self, obj) -> str:
        query = {"figure": obj.pk, "ordering": "as_of"}
        if getattr(obj, "claims_status", "verified") != "verified":
            query["status"] = obj.claims_status
        return claims_link(self, **query)


class ArticleImportedSerializer(ArticleDetailSerializer):
    """The answer to an import: the article and the claims extracted from it."""

    claims = ClaimSerializer(many=True, read_only=True, source="imported_claims")
    outcome = serializers.CharField(read_only=True)

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "outcome", "claims"]


# Inputs. They check shapes only; the rules and their messages live in the core functions they feed.


class ArticleImportSerializer(serializers.Serializer):
    """An article to import, as in a .json file for ``import_articles`` (documentation of the body); or just a
    ``url``, whose page is fetched and read."""

    body = serializers.CharField(trim_whitespace=False, required=False,
                                 help_text="The text. Omit it and give ``url`` to fetch the page instead.")
    publisher = serializers.CharField(required=False,
                                      help_text="Required with a body; for a url, names the page's publisher.")
    published_on = serializers.DateField(required=False,
                                         help_text="Required with a body; for a url, used when the page has no date.")
    title = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                  help_text="Guessed from the body when blank.")
    url = serializers.URLField(required=False, allow_blank=True, allow_null=True)
    language = serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text='Default "en".')


@extend_schema_field({"type": "string", "enum": Claim.RejectionReason.values})
class ReasonField(serializers.CharField):
    """A rejection reason; the core refuses others with its own message (the schema lists the choices)."""


@extend_schema_field({"type": "string", "enum": Verdict.Rating.values})
class RatingField(serializers.CharField):
    """A verdict rating; the core refuses others with its own message (the schema lists the choices)."""



class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=VERSION_MAX,
                                       help_text="The version you read; 409 when it moved on.")


class RejectSerializer(VersionSerializer):
    reason = ReasonField()
    confirm_under_verdict = serializers.BooleanField(
        default=False, help_text="Required (true) to reject a claim a published verdict rests on.")


class AssignSerializer(VersionSerializer):
    figure = serializers.IntegerField(min_value=1, max_value=ID_MAX, allow_null=True,
                                      help_text="Figure id; null takes it out.")


class PublishSerializer(VersionSerializer):
    as_of = serializers.DateField()
    low = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True, required=False)
    high = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True, required=False)
    rating = RatingField()
    claims = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX), allow_empty=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    acknowledge_conflicts = serializers.BooleanField(
        required=False, default=False,
        help_text='Needed to rate "verified" while the figure has open conflicts; their messages are stored '
                  "with the verdict.")


class WithdrawSerializer(VersionSerializer):
    reason = serializers.CharField(help_text="Why the verdict is withdrawn (required; kept with the verdict).",
                                   allow_blank=True)


class ErrorSerializer(serializers.Serializer):
    """Every refusal: the message says what was wrong, for the person who sent the request."""

    detail = serializers.CharField()


class ValidationErrorSerializer(ErrorSerializer):
    """A 400: ``detail`` in words, and for invalid fields their messages by field name (a nested field by
    its path, e.g. "claims.0"); no ``errors`` when a rule concerns no single field."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="Messages by field name or path.")
