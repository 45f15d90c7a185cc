"""The concepts of the tracker: publishers, articles, the claims found in them, the real-world figures those
claims are about, and the reviewers' verdicts on those figures.

Writes go through ``claims.ingest.importer`` and ``claims.reconcile``; the QuerySet methods here are the common
reads.
"""

import re
import zlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.search import search_claims

# Values are stored exactly; 20 digits with 4 decimals holds counts and sums of money up to 10**16.
VALUE_FIELD_OPTIONS = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}
# The database's integer ranges: ids are 64-bit, versions 32-bit (PositiveIntegerField).
ID_MAX = 2**63 - 1
VERSION_MAX = 2**31 - 1
# A figure's slug: long enough for a readable name, short enough for a link (claims.reconcile.slugs).
SLUG_MAX = 80
DIGITS_RE = re.compile(r"[0-9]{1,19}")


def parse_id(value: object, *, maximum: int = ID_MAX) -> int | None:
    """``value`` as a whole number from 1 to ``maximum`` when it is written in ASCII digits, else None.

    Not str.isdigit(): it accepts "²", which int() refuses; and a number past the database's range would
    overflow in a query instead of matching nothing.
    """
    text = str(value)
    if not DIGITS_RE.fullmatch(text) or not 0 < int(text) <= maximum:
        return None
    return int(text)


def as_value(number: Decimal | int | float | None) -> Decimal | None:
    """``number`` as the Decimal a value field stores (a float through its shortest repr); None stays None."""
    return None if number is None else Decimal(str(number))


OFFSETS_OUTSIDE_BODY = "The claim's offsets must lie inside the article body ({length} characters)."


class Kind(models.TextChoices):
    DEATH_TOLL = "death_toll", "death toll"
    INJURED = "injured", "injured"
    DISPLACED = "displaced", "displaced"
    COUNT = "count", "count"
    DURATION = "duration", "duration"
    MONEY = "money", "money"
    PERCENTAGE = "percentage", "percentage"
    DATE = "date", "date"
    QUANTITY = "quantity", "quantity"
    SCORE = "score", "score"


class Qualifier(models.TextChoices):
    EXACT = "exact", "exact"
    MORE_THAN = "more_than", "more than"
    AT_LEAST = "at_least", "at least"
    LESS_THAN = "less_than", "less than"
    AT_MOST = "at_most", "at most"
    APPROXIMATELY = "approximately", "approximately"
    RANGE = "range", "range"
    VAGUE = "vague", "vague"


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    WEEK = "week", "week"
    MONTH = "month", "month"
    YEAR = "year", "year"


class Publisher(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True, help_text="e.g. themoscowtimes.com")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def with_claim_counts(self) -> "ArticleQuerySet":
        """Annotate ``claim_count`` and ``pending_count`` in the same query.

        Correlated subqueries over the (article, status) index rather than a join and GROUP BY: the database
        counts the claims of the rows it returns (a page of 25) instead of every claim of the table.
        """
        claims = Claim.objects.filter(article=OuterRef("pk")).order_by().values("article")
        return self.annotate(
            claim_count=Coalesce(Subquery(claims.annotate(n=Count("pk")).values("n")[:1]), Value(0)),
            pending_count=Coalesce(
                Subquery(claims.filter(status="pending").annotate(n=Count("pk")).values("n")[:1]), Value(0)
            ),
        )

    def verified(self) -> "ArticleQuerySet":
        """Articles carrying at least one verified claim (``Claim.objects.verified()``)."""
        return self.filter(pk__in=Claim.objects.verified().values("article_id"))


class Article(models.Model):
    # No index of its own: (publisher, published_on) below leads with it and serves its lookups.
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT, related_name="articles", db_index=False)
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(help_text="Every relative date in the text resolves against this day.")
    body = models.TextField(help_text="The text as received, never altered; claim offsets point into it.")
    # Unique by a constraint (article_content_hash_once), not unique=True: on PostgreSQL the field option adds
    # a second index for LIKE on the hash, which no query uses and every import writes.
    content_hash = models.CharField(max_length=64, editable=False)
    language = models.CharField(max_length=16, default="en")
    extractor_version = models.CharField(max_length=32, blank=True)
    fingerprint = models.JSONField(
        default=list, blank=True, editable=False,
        help_text="Bottom-k MinHash sketch of the body's word shingles (claims.similarity).",
    )
    copy_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies",
        help_text="The earliest original this article reprints (a syndicated copy), if any.",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            # Newest first with the id as tie-break, as the queue, the dashboard and the article list order
            # them: the queue's claims then come out of a walk of this index in order (its article_id is the
            # article's id), sorted only within each article, not within each day's hundreds of claims.
            models.Index(fields=["published_on", "id"], name="article_published_id"),
            models.Index(fields=["publisher", "published_on"]),
            # Re-importing a page or a feed entry finds its article by URL.
            models.Index(fields=["url"]),
        ]
        constraints = [models.UniqueConstraint(fields=["content_hash"], name="article_content_hash_once")]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_on})"

    def get_absolute_url(self) -> str:
        return reverse("review:article", args=[self.pk])


def _independent_sources(prefix: str, accepted: Q) -> Count:
    """Distinct publishers of the originals behind accepted claims: a reprint counts as its original."""
    return Count(
        Coalesce(f"{prefix}article__copy_of__publisher_id", f"{prefix}article__publisher_id"),
        filter=accepted, distinct=True,
    )


def _per_verdict(aggregate) -> Coalesce:
    """``aggregate`` over the links of each verdict to its accepted claims, as a correlated subquery: it is
    computed for the rows a query returns only (a page of verdicts), never by grouping every verdict's claims
    (one verdict may rest on 100,000)."""
    links = Verdict.claims.through.objects.filter(verdict_id=OuterRef("pk"), claim__status="accepted")
    per_verdict = links.order_by().values("verdict_id").annotate(n=aggregate).values("n")[:1]
    return Coalesce(Subquery(per_verdict), 0)


class Originator(models.Model):
    """Who a number comes from, whatever outlet prints it: "the United Nations" and "U.N. officials" are one.

    ``aliases`` lists the other ways articles name it; ``claims.ingest.originators`` matches a claim's
    attribution against the names and aliases of all originators (reviewers extend them in the admin).
    """

    name = models.CharField(max_length=200, unique=True)
    aliases = models.JSONField(
        default=list, blank=True,
        help_text='Other names, as a JSON list: ["UN", "U.N.", "United Nations officials"]. Matching ignores '
                  "case (except for acronyms written in capitals), dots in acronyms and a leading \"the\".",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FigureQuerySet(models.QuerySet):
    def verified(self) -> "FigureQuerySet":
        """Figures with at least one published, not withdrawn verdict."""
        return self.filter(pk__in=Verdict.objects.published().values("figure_id"))

    def with_independent_sources(self) -> "FigureQuerySet":
        """Annotate ``independent_sources``: see ``claims.ingest.syndication`` for the rule."""
        return self.annotate(
            independent_sources=_independent_sources("claims__", Q(claims__status="accepted"))
        )

    def with_open_conflicts(self) -> "FigureQuerySet":
        """Figures whose stored summary counts an open conflict (claims.reconcile.summaries)."""
        return self.filter(open_conflicts__gt=0)

    def with_claim_counts(self) -> "FigureQuerySet":
        """Annotate ``claim_count`` (all claims) and ``pending_count`` in the same query."""
        return self.annotate(
            claim_count=Count("claims", distinct=True),
            pending_count=Count("claims", filter=Q(claims__status="pending"), distinct=True),
        )

    def with_conflict_inputs(self) -> "FigureQuerySet":
        """Prefetch what conflict detection reads: live claims with their outlet, original and originator
        (the messages name them), and published verdicts (two more queries)."""
        return self.prefetch_related(
            Prefetch(
                "claims",
                queryset=Claim.objects.exclude(status=Claim.Status.REJECTED).with_origin().order_by("as_of", "pk"),
                to_attr="live_claims",
            ),
            Prefetch("verdicts", queryset=Verdict.objects.published().order_by("as_of", "pk"),
                     to_attr="published_verdicts"),
        )


SUMMARY_FIELDS = (
    "claims_total", "claims_pending", "claims_accepted", "claims_rejected", "live_count", "open_conflicts",
    "outlet_count", "independent_outlet_count", "originator_count", "accepted_sources", "span_first", "span_last",
    "value_low", "value_high", "value_qualifier", "value_unit", "value_as_of",
)


class Figure(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "proposed"
        CONFIRMED = "confirmed", "confirmed"

    name = models.CharField(max_length=300)
    # The public page's address, /factchecks/<slug>/ (claims.reconcile.slugs): set when the core creates or
    # renames the figure, and never changed again once a verdict of it was published, so links stay valid.
    slug = models.SlugField(
        max_length=SLUG_MAX, unique=True, null=True, blank=True, editable=False,
        help_text="The public page's address: /factchecks/<slug>/.",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    unit = models.CharField(max_length=64, blank=True)
    cumulative = models.BooleanField(
        default=False, help_text="A cumulative figure (a death toll) may only grow over time."
    )
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CONFIRMED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What the lists show, kept by claims.reconcile.summaries.refresh_figure_summary in the same transaction
    # as every write that changes the figure's claims or verdicts, so a list reads them without loading the
    # claims. Not history: they follow from the rows that have their own.
    claims_total = models.PositiveIntegerField(default=0, editable=False, help_text="All claims, rejected too.")
    claims_pending = models.PositiveIntegerField(default=0, editable=False)
    claims_accepted = models.PositiveIntegerField(default=0, editable=False)
    claims_rejected = models.PositiveIntegerField(default=0, editable=False)
    live_count = models.PositiveIntegerField(default=0, editable=False, help_text="Pending and accepted claims.")
    open_conflicts = models.PositiveIntegerField(default=0, editable=False)
    outlet_count = models.PositiveIntegerField(default=0, editable=False)
    independent_outlet_count = models.PositiveIntegerField(default=0, editable=False)
    originator_count = models.PositiveIntegerField(default=0, editable=False)
    accepted_sources = models.PositiveIntegerField(
        default=0, editable=False, help_text="Independent outlets of the accepted claims (reprints as originals).")
    span_first = models.DateField(null=True, blank=True, editable=False)
    span_last = models.DateField(null=True, blank=True, editable=False)
    value_low = models.DecimalField(**VALUE_FIELD_OPTIONS, editable=False)
    value_high = models.DecimalField(**VALUE_FIELD_OPTIONS, editable=False)
    value_qualifier = models.CharField(max_length=16, blank=True, editable=False)
    value_unit = models.CharField(max_length=64, blank=True, editable=False)
    value_as_of = models.DateField(null=True, blank=True, editable=False)
    # What the figure's latest claims say, for the claim page's suggestions (claims.reconcile.matching
    # ``claim_features``), kept by refresh_figure_summary like the fields above. Null until the figure is
    # first refreshed: the suggestions then read its claims.
    match_profile = models.JSONField(
        null=True, blank=True, editable=False,
        help_text="Features of the latest claims that are not rejected, as the figure suggestions compare them.")

    objects = FigureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", *SUMMARY_FIELDS, "match_profile"])

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], name="figure_name_id"),
            models.Index(fields=["open_conflicts", "name", "id"], name="figure_conflicts_name"),
            # The claim page's candidate figures: a kind's most recently changed first (suggestions).
            models.Index(fields=["kind", "-updated_at", "-id"], name="figure_kind_updated"),
        ]

    def __str__(self) -> str:
        return self.name


class ClaimQuerySet(models.QuerySet):
    def pending(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.Status.PENDING)

    def accepted(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.Status.ACCEPTED)

    def rejected(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.Status.REJECTED)

    def verified(self) -> "ClaimQuerySet":
        """Accepted claims that a published, not withdrawn, verdict rests on: all anonymous readers see.

        Reads the stored flag (``Claim.verified``, kept by ``refresh_verified``) through its partial index
        (claim_verified_id): a page of the anonymous list or the export reads only the rows it returns, instead of
        walking the accepted claims and probing each one's verdict links."""
        return self.filter(verified=True)

    def figures_only(self) -> "ClaimQuerySet":
        """Claims with a value (everything but bare dates)."""
        return self.exclude(kind=Kind.DATE)

    def to_triage(self) -> "ClaimQuerySet":
        """What the queue opens on: pending claims with a value (dates are reviewed with the claims they date)."""
        return self.pending().figures_only()

    def status_counts(self) -> dict[str, int]:
        """``{"pending": n, "accepted": n, "rejected": n}`` in one query; absent statuses count 0."""
        counts = dict.fromkeys(Claim.Status.values, 0)
        counts.update(self.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        return counts

    def search(self, text: str) -> "ClaimQuerySet":
        """Claims whose sentence, subject or attribution contains ``text`` (case-insensitive; claims.search)."""
        return search_claims(self, text)

    def with_source(self) -> "ClaimQuerySet":
        """Join the article, publisher and originator, which every list of claims shows."""
        return self.select_related("article__publisher", "figure", "originator")

    def with_origin(self) -> "ClaimQuerySet":
        """Join what conflicts and source counts read (outlet, the original of a reprint, originator),
        leaving out the article bodies."""
        return self.select_related("article__publisher", "article__copy_of", "originator").defer(
            "article__body", "article__fingerprint", "article__copy_of__body", "article__copy_of__fingerprint"
        )


def verified_now() -> Q:
    """The condition ``Claim.verified`` stores, over the claim's current status and verdict links."""
    # EXISTS rather than a join: no duplicates to remove, and one probe of the link index per claim.
    resting = Verdict.claims.through.objects.filter(
        claim_id=OuterRef("pk"), verdict__published_at__isnull=False, verdict__withdrawn_at__isnull=True
    )
    return Q(status=Claim.Status.ACCEPTED) & Q(Exists(resting))


def verified_value() -> Case:
    """``verified_now()`` as a value, True or False, for each claim: what its stored flag must be."""
    return Case(When(verified_now(), then=Value(True)), default=Value(False))


def refresh_verified(claims=None) -> int:
    """Recompute the stored ``Claim.verified`` of ``claims`` (ids, or a queryset of claims or of their ids;
    every claim when None) from ``verified_now()`` in one UPDATE; returns the number of claims whose flag
    changed.

    The core calls it, in the same transaction, after every write that can change the flag: a claim's status,
    a verdict published, withdrawn or deleted, and the claims linked to one. Instances already in memory keep
    their old ``verified``: re-read them if it matters. Writes no history and leaves ``updated_at`` alone:
    the flag is derived, not a change to the claim."""
    rows = Claim.objects.all() if claims is None else Claim.objects.filter(pk__in=claims)
    now = verified_value()
    # Only the rows whose flag differs: rewriting an unchanged row costs a new row version and index
    # entries (over every claim, as restore_data asks, 100 s at a million instead of a read).
    return rows.exclude(verified=now).update(verified=now)


class Claim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        ACCEPTED = "accepted", "accepted"
        REJECTED = "rejected", "rejected"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", "found by the extractor"
        ADDED = "added", "added by a person"
        CORRECTED = "corrected", "corrected by a person"

    class RejectionReason(models.TextChoices):
        NOT_A_CLAIM = "not_a_claim", "not a claim"
        EXTRACTION_ERROR = "extraction_error", "extraction error"
        DUPLICATE = "duplicate", "duplicate"
        OFF_TOPIC = "off_topic", "off topic"

    # No single-column index on article, figure or assignee: each leads a composite index below
    # (claim_unique_span, claim_figure_status, claim_assignee_status), which serves the same lookups; one
    # index less per column is that much less work for every claim an import inserts.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims", db_index=False)
    start = models.PositiveIntegerField(help_text="Offset of the first character in the article body.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    text = models.CharField(max_length=500, help_text="The mention as written: body[start:end].")
    sentence = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    qualifier = models.CharField(max_length=16, choices=Qualifier.choices, default=Qualifier.EXACT)
    low = models.DecimalField(**VALUE_FIELD_OPTIONS)
    high = models.DecimalField(**VALUE_FIELD_OPTIONS)
    unit = models.CharField(max_length=64, blank=True)
    subject = models.CharField(max_length=300, blank=True, help_text="What is counted.")
    attribution = models.CharField(max_length=300, blank=True, help_text="Who says so.")
    originator = models.ForeignKey(
        Originator, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims",
        help_text="Who the number comes from: matched from the attribution at import, or set by a reviewer.",
    )
    as_of = models.DateField(help_text="The date the figure refers to.")
    date = models.DateField(null=True, blank=True, help_text="For date claims: the first day of the period.")
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    verified = models.BooleanField(
        default=False, editable=False,
        help_text="Accepted, with a published, not withdrawn verdict resting on it: what anonymous readers and "
                  "the exports see. Stored by the core (refresh_verified) so that their lists read an index.",
    )
    rejection_reason = models.CharField(max_length=32, choices=RejectionReason.choices, blank=True)
    figure = models.ForeignKey(
        Figure, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims", db_index=False
    )
    extracted = models.JSONField(
        default=dict, blank=True, help_text="The values as the extractor found them, kept when corrected."
    )
    extractor_version = models.CharField(max_length=32)
    origin = models.CharField(
        max_length=16, choices=Origin.choices, default=Origin.EXTRACTED,
        help_text="Who made the claim what it is: the extractor, or a person who added it or fixed it.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()
    # History rows are read per claim only (by its id's index: claims.reconcile.history and review): the
    # history's indexes on the other keys served no query and cost every claim an import writes five index
    # entries. The acting user's stays (deleting a user updates its rows).
    history = HistoricalRecords(excluded_fields=["updated_at", "verified"], no_db_index=[
        "article", "assignee", "figure", "originator", "reviewed_by"])

    class Meta:
        ordering = ["article", "start"]
        permissions = [("review_claim", "Can triage, correct and group claims and assign figures")]
        constraints = [
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=models.F("high")),
                name="claim_low_not_above_high",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claim_end_after_start"),
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span"),
            models.CheckConstraint(
                condition=(
                    Q(status="rejected", rejection_reason__gt="")
                    | (~Q(status="rejected") & Q(rejection_reason=""))
                ),
                name="claim_rejection_reason_iff_rejected",
            ),
        ]
        # One index per filter and sort of the queue (claims.web.forms.QUEUE_SORTS) and the API
        # (claims.api.filters): the filter's column first, then the sort, then id as the tie-break. The value
        # sort (high, low descending, open ends last) differs between databases and is made by migration 0011
        # only; the search's trigram index (claims.search) is PostgreSQL's, made by 0019.
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["as_of", "id"], name="claim_as_of_id"),
            models.Index(fields=["status", "as_of", "id"], name="claim_status_as_of"),
            models.Index(fields=["kind", "as_of", "id"], name="claim_kind_as_of"),
            models.Index(fields=["figure", "status"], name="claim_figure_status"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status"),
            models.Index(fields=["article", "status"], name="claim_article_status"),
            # The anonymous list and the exports: verified claims in id order. Partial, so that it holds only
            # the verified claims and an import's new (unverified) claims add no entry to it; the ORM writes
            # the filter as the bare column (WHERE "verified", no parameter), which a prepared statement's
            # generic plan matches to the index's condition (EXPLAIN on PostgreSQL 15).
            models.Index(fields=["id"], condition=Q(verified=True), name="claim_verified_id"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.get_kind_display()}, {self.as_of})"

    def get_absolute_url(self) -> str:
        return reverse("review:article", args=[self.article_id]) + f"#claim-{self.pk}"

    def clean(self) -> None:
        """Check what the database cannot: the offsets lie inside the article body."""
        super().clean()
        if self.article_id and self.end is not None:
            length = len(self.article.body)
            if self.end > length:
                raise ValidationError({"end": OFFSETS_OUTSIDE_BODY.format(length=length)})

    @property
    def is_touched(self) -> bool:
        """A person has added, reviewed, corrected or assigned this claim: re-extraction leaves it alone."""
        return (
            self.version > 1 or self.status != self.Status.PENDING or self.figure_id is not None
            or self.origin != self.Origin.EXTRACTED
        )


class VerdictQuerySet(models.QuerySet):
    def published(self) -> "VerdictQuerySet":
        """Published and not withdrawn: the verdicts that make verified data."""
        return self.filter(published_at__isnull=False, withdrawn_at__isnull=True)

    def with_independent_sources(self) -> "VerdictQuerySet":
        """Annotate ``independent_sources`` over the accepted claims the verdict rests on."""
        return self.annotate(independent_sources=_per_verdict(Count(
            Coalesce("claim__article__copy_of__publisher_id", "claim__article__publisher_id"), distinct=True)))

    def with_source_counts(self) -> "VerdictQuerySet":
        """Annotate ``sources_count``: the accepted claims the verdict rests on, in the same query."""
        return self.annotate(sources_count=_per_verdict(Count("claim_id")))


class Verdict(models.Model):
    class Rating(models.TextChoices):
        VERIFIED = "verified", "verified"
        DISPUTED = "disputed", "disputed"
        FALSE = "false", "false"
        UNVERIFIABLE = "unverifiable", "unverifiable"

    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="verdicts")
    as_of = models.DateField()
    low = models.DecimalField(**VALUE_FIELD_OPTIONS)
    high = models.DecimalField(**VALUE_FIELD_OPTIONS)
    rating = models.CharField(max_length=16, choices=Rating.choices)
    note = models.TextField(blank=True)
    claims = models.ManyToManyField(Claim, related_name="verdicts", blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    acknowledged_conflicts = models.TextField(
        blank=True, help_text="The open conflicts the editor acknowledged when publishing, as they read then.",
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True, help_text="Why the verdict was withdrawn.")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = VerdictQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["figure", "as_of"]
        permissions = [("publish_verdict", "Can publish and withdraw verdicts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=models.F("high")),
                name="verdict_low_not_above_high",
            ),
        ]
        indexes = [models.Index(fields=["figure", "as_of"]), models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return f"{self.figure} as of {self.as_of}: {self.get_rating_display()}"


class Comment(models.Model):
    """A reviewer's note on one claim or one figure."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    figure = models.ForeignKey(
        Figure, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(claim__isnull=False, figure__isnull=True) | Q(claim__isnull=True, figure__isnull=False)
                ),
                name="comment_on_claim_or_figure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.claim or self.figure}: {self.body[:40]}"


class ImportBatch(models.Model):
    """A browser upload imported by the task worker: its files, its progress and its outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", "waiting for the worker"
        RUNNING = "running", "importing"
        DONE = "done", "done"
        FAILED = "failed", "stopped by an error"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    publisher = models.CharField(max_length=200, blank=True, help_text="For files that name none.")
    published_on = models.DateField(null=True, blank=True, help_text="For files that carry no date.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Articles read from the files.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    failures = models.JSONField(default=list, blank=True, help_text="[source, reason] of each failed input.")
    error = models.TextField(blank=True, help_text="Why the whole batch stopped, if it did.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"import {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("review:import-batch", args=[self.pk])

    @property
    def done_count(self) -> int:
        return self.created + self.updated + self.skipped + self.failed


class ImportUpload(models.Model):
    """One uploaded file of a batch, kept until the batch has run so a restarted worker can read it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ArticleBucket(models.Model):
    """One locality-sensitive-hashing bucket of an article's text (claims.ingest.similarity.band_keys):
    articles sharing a bucket are the only candidates when syndicated copies are looked for at import."""

    # No index of its own: article_bucket_once (article, key) leads with it and serves its lookups. No
    # constraint in the database either: its check ran once for each of the two dozen rows an import writes per
    # article (a fifth to a half of their insert). The rows are derived (written with their article, in its transaction,
    # by the importer alone), the ORM still deletes them with it, and a row left by a raw delete only names
    # an id that the candidates' query, joined to the articles, does not find.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="buckets", db_index=False,
                                db_constraint=False)
    key = models.BigIntegerField()
    # The article's publication date, copied (the importer keeps it equal: claims.ingest.syndication): the
    # candidates are the articles within the window of a new one, and with the date beside the key the
    # index finds them without reading the bucket's older and later articles. A bucket many texts share
    # (a source's templated daily bulletin: the same text with new numbers) gathers rows for as long as the
    # desk imports it; those outside the window made the lookup grow with the table.
    published_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["key", "published_on"], name="bucket_key_day")]
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="article_bucket_once")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.key}"


class ArticleSource(models.Model):
    """The web page an article was read from (claims.ingest.pages), zlib-compressed, kept apart from the
    article so lists and the API never load it; the article's body is the text claim offsets index."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="source")
    html = models.BinaryField(help_text="The page's bytes as fetched or uploaded, zlib-compressed.")
    fetched_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"source of article {self.article_id}"

    def page(self) -> bytes:
        """The page's bytes, decompressed."""
        return zlib.decompress(bytes(self.html))


class FeedQuerySet(models.QuerySet):
    def due(self, now) -> "FeedQuerySet":
        """Active feeds whose next poll is at or before ``now`` (a feed never polled is due)."""
        return self.filter(active=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))


class Feed(models.Model):
    """A watched RSS or Atom feed: the task worker polls it every ``every_minutes`` and imports new entries
    (claims.ingest.feeds)."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True, help_text="The feed's own title, read when polled.")
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Publisher of every entry; empty: each page's site name."
    )
    every_minutes = models.PositiveIntegerField(default=60, help_text="Minutes between two polls.")
    active = models.BooleanField(default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, help_text="Empty: at the next round.")
    entries_imported = models.PositiveIntegerField(default=0, help_text="Entries that became articles.")
    last_error = models.TextField(blank=True, help_text="What went wrong at the last poll, if anything.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or self.url


class FeedEntry(models.Model):
    """One entry a feed listed: its link, the entry's own updated stamp (a changed stamp means the story was
    updated and is fetched again) and the article it became."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    url = models.URLField(max_length=2000)
    updated = models.CharField(max_length=100, blank=True)
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "url"], name="feed_entry_once")]

    def __str__(self) -> str:
        return self.url


class DataStamp(models.Model):
    """How far the data a client can see has changed: a version per audience (claims.reconcile.stamps).

    The core bumps ``version`` (and ``changed_at``) in the transaction of every write that changes what that
    audience sees, so the API's ETag and Last-Modified come from a few small rows instead of scans of the
    tables they describe. Each audience's stamp is the sum over a few shards, so concurrent writers in
    different processes do not wait on one row's lock."""

    class Scope(models.TextChoices):
        STAFF = "staff", "clients who see unverified data"
        PUBLIC = "public", "anonymous clients (verified data only)"

    scope = models.CharField(max_length=8, choices=Scope.choices)
    shard = models.PositiveSmallIntegerField()
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "shard"], name="data_stamp_once")]

    def __str__(self) -> str:
        return f"{self.scope} data, shard {self.shard}, at version {self.version}"
