"""Who sees what: the no-leak rule, in one core module.

Every API viewset, the full exports, the filters, the conditional requests and the webhook payloads
start their querysets here; a refusal is the core's NotAllowed, which the API answers with a 403. Anonymous clients,
and signed-in clients without ``claims.review_claim`` or ``claims.view_claim``, get verified data only:
published, not withdrawn verdicts (``Verdict.objects.published()``), the accepted claims under them
(``Claim.objects.verified()``), and the figures, articles and publishers that carry such data. Only a
privileged client may widen a claim list with ``status``; asking without the permission is a 403, never
a silent fallback, so a client cannot mistake verified data for everything.

Nested data follows the same rule: a verdict lists only its accepted claims (a verdict may rest on a
pending claim too, which is not verified data), a figure only its published verdicts, and its timeline
only published verdicts and verified claims, unless the client is privileged. A figure's conflicts and
sources are computed from the claims the client may see (``evidence_for``), so neither an unverified
claim's outlet nor a conflict it causes shows through them.
"""

from django.db.models import Prefetch, QuerySet

from claims.models import Article, Claim, Figure, Publisher, Verdict
from claims.reconcile.conflicts import Conflict, find_conflicts
from claims.reconcile.errors import NotAllowed
from claims.reconcile.roles import REVIEW, VIEW
from claims.reconcile.sources import Sources, count_sources

VERIFIED, ALL = "verified", "all"
# The claim statuses a client may ask for; all but "verified" need REVIEW or VIEW.
STATUS_CHOICES = (VERIFIED, *Claim.Status.values, ALL)
STATUS_NEEDS_PERMISSION = (
    "Only reviewers and clients with the claims.view_claim permission may list claims by status; "
    "anonymous clients see verified claims only."
)


def sees_unverified(user) -> bool:
    """True for active users holding claims.review_claim or claims.view_claim (superusers included)."""
    return bool(user and user.is_authenticated and user.is_active and
                (user.has_perm(REVIEW) or user.has_perm(VIEW)))


def verified_claims() -> QuerySet:
    """The verified claims, as a plain filtered queryset (no DISTINCT, so it orders and streams freely)."""
    return Claim.objects.verified()


def claims_for(user, status: str = VERIFIED) -> QuerySet:
    """The claims ``user`` may list with ``status`` (one of STATUS_CHOICES; anything else means verified).

    Raises NotAllowed(STATUS_NEEDS_PERMISSION) when ``status`` is not "verified" and the user may
    not see unverified data.
    """
    if status not in STATUS_CHOICES or status == VERIFIED:
        return verified_claims()
    if not sees_unverified(user):
        raise NotAllowed(STATUS_NEEDS_PERMISSION)
    return Claim.objects.all() if status == ALL else Claim.objects.filter(status=status)


def claim_detail_for(user) -> QuerySet:
    """The claims ``user`` may open one by one: all of them when privileged, else the verified ones."""
    return Claim.objects.all() if sees_unverified(user) else verified_claims()


def verdicts_for(user) -> QuerySet:
    """Published, not withdrawn verdicts; a privileged client also sees withdrawn ones."""
    if sees_unverified(user):
        return Verdict.objects.filter(published_at__isnull=False)
    return Verdict.objects.published()


def verdict_sources(limit: int | None = None) -> Prefetch:
    """Prefetch a verdict's accepted claims with their sources into ``accepted_claims`` (one query); with
    ``limit``, the first ``limit`` of each verdict only (by id), still one query."""
    claims = (Claim.objects.accepted().select_related("article__publisher")
              .defer("article__body", "article__fingerprint").order_by("pk"))
    return Prefetch("claims", queryset=claims if limit is None else claims[:limit], to_attr="accepted_claims")


def figure_claims_for(user, figure: Figure) -> tuple[QuerySet, str]:
    """The figure's claims as its timeline shows them to ``user``, and the claim list's ``status`` that
    lists the same: every accepted claim ("accepted") for a privileged client, else the verified ones."""
    if sees_unverified(user):
        return figure.claims.accepted(), Claim.Status.ACCEPTED.value
    return verified_claims().filter(figure=figure), VERIFIED


def figures_for(user) -> QuerySet:
    """Figures with a published verdict; every figure for a privileged client. Their verdicts are
    prefetched into ``visible_verdicts`` under the same rule."""
    privileged = sees_unverified(user)
    figures = Figure.objects.all() if privileged else Figure.objects.verified()
    verdicts = verdicts_for(user).order_by("as_of", "pk")
    return figures.prefetch_related(Prefetch("verdicts", queryset=verdicts, to_attr="visible_verdicts"))


def evidence_for(user, figure: Figure) -> tuple[list[Conflict], Sources]:
    """The figure's conflicts and sources as ``user`` may see them: over all its live claims for a
    privileged client, over its verified claims only for others; with its published verdicts. Two queries."""
    claims = Claim.objects.exclude(status=Claim.Status.REJECTED) if sees_unverified(user) else verified_claims()
    claims = list(claims.filter(figure=figure).with_origin().order_by("as_of", "pk"))
    conflicts = find_conflicts(figure, claims, Verdict.objects.published().filter(figure=figure))
    return conflicts, count_sources(claims, conflicts)


def articles_for(user) -> QuerySet:
    """Articles with a verified claim; every article for a privileged client."""
    return Article.objects.all() if sees_unverified(user) else Article.objects.verified()


def publishers_for(user) -> QuerySet:
    """Publishers of articles with a verified claim; every publisher for a privileged client."""
    if sees_unverified(user):
        return Publisher.objects.all()
    return Publisher.objects.filter(pk__in=Article.objects.verified().values("publisher_id"))
