"""The API's viewsets: read-only lists and details over what the client may see (claims.reconcile.visibility),
review actions that call one core function each, the article import and the full export.

Thin, as the house rules ask: a view picks its queryset from ``claims.reconcile.visibility``, validates input
shapes with a serializer, calls ``claims.ingest.importer`` / ``claims.reconcile.review`` /
``claims.reconcile.verdicts`` (the review actions through ``ReadViewSet.act``) and renders. Each list costs a
fixed number of queries whatever its page size (joins and prefetches, no per-row reads).
"""

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api import exports
from claims.api.conditional import ConditionalReadMixin
from claims.api.errors import DETAIL_ERRORS, READ_ERRORS, THROTTLED, WRITE_ERRORS
from claims.api.filters import ArticleFilter, ClaimFilter, FigureFilter, FilterBackend, PublisherFilter, VerdictFilter
from claims.api.listing import PageRecords, RecordListMixin
from claims.api.pagination import Cursor
from claims.api.records import claim_page, claim_rows
from claims.api.renderers import CSVRenderer, JSONLDRenderer
from claims.api.schema import CLAIM_REVIEW, CLAIM_REVIEWS, CSV
from claims.api.serializers import (
    ArticleDetailSerializer,
    ArticleImportedSerializer,
    ArticleImportSerializer,
    ArticleSerializer,
    AssignSerializer,
    ClaimSerializer,
    FigureDetailSerializer,
    FigureSerializer,
    PublisherSerializer,
    PublishSerializer,
    RejectSerializer,
    ValidationErrorSerializer,
    VerdictSerializer,
    VerdictWithSourcesSerializer,
    VersionSerializer,
    WithdrawSerializer,
)
from claims.ingest.fetcher import FetchError
from claims.ingest.importer import Outcome, import_article
from claims.ingest.links import import_from_mapping
from claims.ingest.readers import BAD_FIELD, Defaults, InputError, record_from_mapping
from claims.models import Claim, Figure, parse_id
from claims.reconcile import visibility
from claims.reconcile.figures import assign_claim
from claims.reconcile.review import accept_claim, reject_claim
from claims.reconcile.roles import IMPORT
from claims.reconcile.verdicts import publish_verdict, withdraw_verdict

NO_SUCH_FIGURE = "There is no figure {id}."
NO_SUCH_CLAIMS = "These claims do not exist: {ids}."
NEEDS_IMPORT_PERMISSION = f"Importing articles needs the {IMPORT} permission."
IMPORT_SOURCE = "api"


class HasPermission(BasePermission):
    """Signed in and holding ``required_permission`` (a DRF check for writes with no core check)."""

    message = NEEDS_IMPORT_PERMISSION
    required_permission = IMPORT

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and
                    request.user.has_perm(self.required_permission))


class FormatMixin:
    """A ``?format=`` the view does not offer is a clear 400 (check_format), and errors answer in JSON
    whatever format was asked for, so a CSV or JSON-LD client still gets a readable message."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def perform_content_negotiation(self, request, force=False):
        check_format(request, self.renderer_classes)
        return super().perform_content_negotiation(request, force)


class ReadViewSet(FormatMixin, ConditionalReadMixin, RecordListMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only viewset with cursor pages, strict filters, conditional GET and JSON errors; a list page
    built from plain rows when the view names ``page_records`` (claims.api.listing)."""

    pagination_class = Cursor
    filter_backends = [FilterBackend]
    renderer_classes = [JSONRenderer]
    ordering_choices: tuple[str, ...] = ()
    default_ordering = "-id"
    # Any path segment reaches get_object, so a malformed id is this API's JSON 404, not Django's HTML one.
    lookup_value_regex = "[^/]+"

    def get_object(self):
        if parse_id(self.kwargs.get(self.lookup_field, "")) is None:
            raise NotFound()
        return super().get_object()

    def act(self, request, serializer_class, write, *, shown=None, code=status.HTTP_200_OK) -> Response:
        """A review action: the object of the URL, the input checked by ``serializer_class`` (400 otherwise),
        one core call ``write(obj, actor=request.user, **validated_data)``, then the saved object read again
        through the view's queryset (``shown(saved)`` when given) and serialized as the view shows it.

        The core's refusals (NotAllowed, StaleVersion, ReviewError) become 403, 409 and 400 in the
        exception handler.
        """
        target = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        saved = write(target, actor=request.user, **data.validated_data)
        found = shown(saved) if shown else self.get_serializer_class()(self.get_queryset().get(pk=saved.pk))
        return Response(found.data, status=code)



UNKNOWN_FORMAT = "Unknown format {value!r}: this endpoint offers {formats}."


def check_format(request, renderer_classes) -> None:
    """An explicit ``?format=`` must name one of the view's formats (DRF ignores an empty one)."""
    value = request.query_params.get("format")
    formats = [renderer.format for renderer in renderer_classes]
    if value is not None and value not in formats:
        raise ValidationError({"format": [UNKNOWN_FORMAT.format(value=value, formats=", ".join(formats))]})


def _ordering(filterset) -> tuple[str, ...]:
    return tuple(value for value, _ in filterset.base_filters["ordering"].extra["choices"])


# Source claims read into one verdict's ClaimReview in the API's JSON-LD (its appearances); the full export
# lists them all, and GET /claims/?verdict={id} pages through them.
JSONLD_SOURCES_MAX = 100


def shown_verdicts(user):
    """The verdicts ``user`` may see, with their figure and both source counts (one query)."""
    return visibility.verdicts_for(user).with_independent_sources().with_source_counts().select_related("figure")


def _assign(claim: Claim, *, figure: int | None, **arguments) -> Claim:
    """assign_claim with the figure looked up by id; an unknown id is a 400 (NO_SUCH_FIGURE)."""
    found = None
    if figure is not None:
        found = Figure.objects.filter(pk=figure).first()
        if found is None:
            raise ValidationError({"figure": [NO_SUCH_FIGURE.format(id=figure)]})
    return assign_claim(claim, figure=found, **arguments)


def _publish(figure: Figure, *, claims: list[int], low=None, high=None, **arguments):
    """publish_verdict with the claims looked up by id; unknown ids are a 400 (NO_SUCH_CLAIMS)."""
    wanted = set(claims)
    found = list(Claim.objects.filter(pk__in=wanted))
    missing = sorted(wanted - {claim.pk for claim in found})
    if missing:
        raise ValidationError({"claims": [NO_SUCH_CLAIMS.format(ids=", ".join(map(str, missing)))]})
    return publish_verdict(figure, claims=found, low=low, high=high, **arguments)


FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=["json", "csv"], description="Response format (or use the Accept header)."
)
VERDICT_FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=["json", "csv", "jsonld"],
    description="Response format; jsonld is schema.org ClaimReview (or use the Accept header).",
)


@extend_schema_view(
    list=extend_schema(summary="List claims", parameters=[FORMAT_PARAMETER], responses={
        (200, "application/json"): ClaimSerializer(many=True),
        (200, "text/csv"): CSV, **READ_ERRORS}),
    retrieve=extend_schema(summary="One claim", parameters=[FORMAT_PARAMETER], responses={
        (200, "application/json"): ClaimSerializer, (200, "text/csv"): CSV, **DETAIL_ERRORS}),
)
class ClaimViewSet(ReadViewSet):
    """Verified claims: accepted claims under a published verdict. Reviewers and clients with
    claims.view_claim may list others with ``status``."""

    serializer_class = ClaimSerializer
    # The list's pages as ClaimSerializer gives them, built from plain rows (claims.api.records).
    page_records = PageRecords(rows=claim_rows, build=claim_page)
    filterset_class = ClaimFilter
    renderer_classes = [JSONRenderer, CSVRenderer]
    csv_columns = exports.CLAIM_COLUMNS
    ordering_choices = _ordering(ClaimFilter)

    def get_queryset(self):
        if self.action == "list":
            claims = visibility.claims_for(self.request.user, self.request.query_params.get("status", "verified"))
        else:
            claims = visibility.claim_detail_for(self.request.user)
        return claims.with_source().defer(*exports.UNUSED_ARTICLE_FIELDS)

    def list_plan_key(self):
        """The list's queryset is visibility.claims_for(user, status): the same for every client allowed the
        status, so the status names it (claims.api.listing). None, to build it as usual, when the status is
        not one of the choices (the filter refuses it) or the client may not ask for it (the core refuses)."""
        status = self.request.query_params.get("status", visibility.VERIFIED)
        if status not in visibility.STATUS_CHOICES:
            return None
        if status != visibility.VERIFIED and not visibility.sees_unverified(self.request.user):
            return None
        return status

    @extend_schema(summary="Accept a claim", request=VersionSerializer,
                   responses={200: ClaimSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def accept(self, request, pk=None):
        return self.act(request, VersionSerializer, accept_claim)

    @extend_schema(summary="Reject a claim", request=RejectSerializer,
                   responses={200: ClaimSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reject(self, request, pk=None):
        return self.act(request, RejectSerializer, reject_claim)

    @extend_schema(summary="Put a claim in a figure (or take it out with null)", request=AssignSerializer,
                   responses={200: ClaimSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def assign(self, request, pk=None):
        return self.act(request, AssignSerializer, _assign)


@extend_schema_view(
    list=extend_schema(summary="List published verdicts", parameters=[VERDICT_FORMAT_PARAMETER], responses={
        (200, "application/json"): VerdictSerializer(many=True), (200, "text/csv"): CSV,
        (200, "application/ld+json"): CLAIM_REVIEWS, **READ_ERRORS}),
    retrieve=extend_schema(summary="One published verdict", parameters=[VERDICT_FORMAT_PARAMETER], responses={
        (200, "application/json"): VerdictSerializer, (200, "text/csv"): CSV,
        (200, "application/ld+json"): CLAIM_REVIEW, **DETAIL_ERRORS}),
)
class VerdictViewSet(ReadViewSet):
    """Published, not withdrawn verdicts; the accepted claims each rests on are counted (``sources_count``)
    and listed page by page at ``sources_url`` (GET /claims/?verdict={id})."""

    filterset_class = VerdictFilter
    renderer_classes = [JSONRenderer, CSVRenderer, JSONLDRenderer]
    csv_columns = exports.VERDICT_COLUMNS
    ordering_choices = _ordering(VerdictFilter)

    def get_queryset(self):
        verdicts = shown_verdicts(self.request.user)
        if self._lists_sources():
            return verdicts.prefetch_related(visibility.verdict_sources(limit=JSONLD_SOURCES_MAX))
        return verdicts

    def get_serializer_class(self):
        return VerdictWithSourcesSerializer if self._lists_sources() else VerdictSerializer

    def _lists_sources(self) -> bool:
        # A ClaimReview names the articles the verdict rests on; JSON and CSV give a count and a link.
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == JSONLDRenderer.format

    @extend_schema(summary="Withdraw a published verdict, saying why", request=WithdrawSerializer,
                   responses={200: VerdictSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def withdraw(self, request, pk=None):
        return self.act(request, WithdrawSerializer, withdraw_verdict)


@extend_schema_view(
    list=extend_schema(summary="List figures with their published verdicts",
                       responses={200: FigureSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="One figure with its verdicts, conflicts, sources and a link to its claims",
                           responses={200: FigureDetailSerializer, **DETAIL_ERRORS}),
)
class FigureViewSet(ReadViewSet):
    """Figures (real-world quantities) that carry a published verdict."""

    filterset_class = FigureFilter
    ordering_choices = _ordering(FigureFilter)

    def get_queryset(self):
        return visibility.figures_for(self.request.user)

    def get_serializer_class(self):
        return FigureDetailSerializer if self.action == "retrieve" else FigureSerializer

    def get_object(self):
        figure = super().get_object()
        if self.action == "retrieve":
            claims, figure.claims_status = visibility.figure_claims_for(self.request.user, figure)
            figure.visible_claims_count = claims.count()
            figure.visible_conflicts, figure.visible_sources = visibility.evidence_for(self.request.user, figure)
        return figure

    @extend_schema(summary="Publish a verdict on the figure", request=PublishSerializer,
                   responses={201: VerdictSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def publish(self, request, pk=None):
        return self.act(request, PublishSerializer, _publish, code=status.HTTP_201_CREATED,
                        shown=lambda verdict: VerdictSerializer(shown_verdicts(request.user).get(pk=verdict.pk),
                                                                context=self.get_serializer_context()))


@extend_schema_view(
    list=extend_schema(summary="List articles", responses={200: ArticleSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="One article with its body",
                           responses={200: ArticleDetailSerializer, **DETAIL_ERRORS}),
)
class ArticleViewSet(ReadViewSet):
    """Articles carrying verified claims; POST imports one (needs claims.add_article)."""

    filterset_class = ArticleFilter
    ordering_choices = _ordering(ArticleFilter)
    # An import is one JSON record, as in an import_articles .json file.
    parser_classes = [JSONParser]

    def get_queryset(self):
        return visibility.articles_for(self.request.user).select_related("publisher")

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def get_permissions(self):
        if self.action == "create":
            return [HasPermission()]
        return super().get_permissions()

    @extend_schema(
        summary="Import an article and extract its claims",
        description="The same rules and messages as ``manage.py import_articles`` for one JSON record. "
                    "201 when the article is new, 200 when the same text was already stored. A record with a "
                    "``url`` and no ``body`` fetches the page and reads its story and metadata "
                    "(``import_articles --url``); ``publisher`` then names its publisher and ``published_on`` "
                    "dates it when the page gives no date. 400 with the reason when the page cannot be fetched "
                    "or read.",
        request=ArticleImportSerializer,
        responses={201: ArticleImportedSerializer, 200: ArticleImportedSerializer,
                   400: OpenApiResponse(ValidationErrorSerializer, description="The record cannot be imported: "
                                        '``{"detail": "the reason"}``.'),
                   **{code: WRITE_ERRORS[code] for code in (401, 403, 413, 429)}},
    )
    def create(self, request, *args, **kwargs):
        try:
            if isinstance(request.data, dict) and "body" not in request.data and request.data.get("url"):
                # A url-only record: the page is fetched and read (claims.ingest.links).
                article, outcome = import_from_mapping(request.data)
            elif isinstance(request.data, dict) and "body" in request.data and request.data["body"] is None:
                # claims.ingest.readers passes a null body on to str methods; refuse it with the reader's message.
                raise InputError(BAD_FIELD.format(name="body"))
            else:
                record = record_from_mapping(IMPORT_SOURCE, request.data, Defaults())
                article, outcome = import_article(record)
        except (InputError, FetchError) as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        article.outcome = str(outcome)
        article.imported_claims = list(article.claims.with_source().order_by("start"))
        code = status.HTTP_201_CREATED if outcome is Outcome.CREATED else status.HTTP_200_OK
        return Response(ArticleImportedSerializer(article).data, status=code)


@extend_schema_view(
    list=extend_schema(summary="List publishers", responses={200: PublisherSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(summary="One publisher", responses={200: PublisherSerializer, **DETAIL_ERRORS}),
)
class PublisherViewSet(ReadViewSet):
    """Publishers of articles carrying verified claims."""

    serializer_class = PublisherSerializer
    filterset_class = PublisherFilter
    ordering_choices = _ordering(PublisherFilter)

    def get_queryset(self):
        return visibility.publishers_for(self.request.user)


class ExportView(FormatMixin, APIView):
    """The full export of verified data, streamed: the same bytes as ``manage.py export_claims``."""

    renderer_classes = [JSONRenderer, CSVRenderer, JSONLDRenderer]
    # The same verified data for everyone; credentials are still checked as everywhere (a bad token is a
    # 401) and a signed-in client is throttled as itself.
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Full export of verified data",
        description="json: every verified claim as GET /claims/{id}/ shows it; csv: the same as flat rows; "
                    "jsonld: a schema.org ClaimReview per published verdict. Streamed.",
        parameters=[VERDICT_FORMAT_PARAMETER],
        responses={(200, "application/json"): ClaimSerializer(many=True), (200, "text/csv"): CSV,
                   (200, "application/ld+json"): CLAIM_REVIEWS, 400: READ_ERRORS[400], 401: READ_ERRORS[401],
                   429: THROTTLED},
    )
    def get(self, request):
        export_format = request.accepted_renderer.format
        response = StreamingHttpResponse(exports.stream(export_format),
                                         content_type=exports.CONTENT_TYPES[export_format])
        response["Content-Disposition"] = f'inline; filename="{exports.FILENAMES[export_format]}"'
        return response


