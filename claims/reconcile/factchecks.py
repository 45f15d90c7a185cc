"""What the public fact-check pages show: published verdicts and the verified claims under them, nothing else.

The rule is the API's (claims.reconcile.visibility): a figure is public while it has a published, not
withdrawn verdict; of it, readers see those verdicts, and of its claims only the verified ones (accepted
and resting on such a verdict). Conflicts and source counts are computed over those claims alone, with the
rules of the review pages (claims.reconcile.conflicts, claims.reconcile.sources), so an unverified claim
shows through neither.
"""

from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q, QuerySet

from claims.models import Claim, Figure, Verdict
from claims.reconcile.conflicts import Conflict, find_conflicts
from claims.reconcile.sources import Sources, count_sources
from claims.reconcile.visibility import verdict_sources, verified_claims

# What each rating means, shown beside it on the public pages (the verdict's note says why this one).
RATING_EXPLANATIONS = {
    Verdict.Rating.VERIFIED: "The sources support this value.",
    Verdict.Rating.DISPUTED: "Sources disagree: this is the value the reviewers find best supported.",
    Verdict.Rating.FALSE: "The sources contradict the claimed value.",
    Verdict.Rating.UNVERIFIABLE: "The available sources do not allow this value to be checked.",
}


def published_factchecks(q: str = "") -> QuerySet:
    """Public figures (a slug and a published, not withdrawn verdict), the latest publication first, then
    the newest figure; ``q`` keeps those whose name or description contains it (case-insensitive).

    Each carries ``last_published`` and, prefetched, ``public_verdicts``: its published verdicts, latest
    as-of date first. Lazy: a page of it costs two queries (figures, verdicts) plus the paginator's count.
    """
    figures = Figure.objects.verified().filter(slug__isnull=False)
    q = q.strip()
    if q:
        figures = figures.filter(Q(name__icontains=q) | Q(description__icontains=q))
    published = Verdict.objects.published().order_by("-as_of", "-pk")
    return (
        figures.annotate(last_published=Max("verdicts__published_at", filter=Q(verdicts__withdrawn_at__isnull=True)))
        .prefetch_related(Prefetch("verdicts", queryset=published, to_attr="public_verdicts"))
        .order_by("-last_published", "-pk")
    )


@dataclass(frozen=True)
class FactCheck:
    """A public figure with what its page shows.

    ``verdicts``: published, not withdrawn, latest as-of first, each with ``accepted_claims`` (its verified
    sources, with article and publisher) and ``independent_sources``; ``claims``: the figure's verified
    claims in as-of order, with outlet, original and originator; ``conflicts`` and ``sources`` over them.
    """

    figure: Figure
    verdicts: list[Verdict]
    claims: list[Claim]
    conflicts: list[Conflict]
    sources: Sources


def public_factcheck(slug: str) -> FactCheck | None:
    """The public figure with this slug and what its page shows, or None when there is no such figure or
    it has no published, not withdrawn verdict. Four queries."""
    figure = Figure.objects.verified().filter(slug=slug).first()
    if figure is None:
        return None
    verdicts = list(
        Verdict.objects.published().filter(figure=figure).with_independent_sources().with_source_counts()
        .select_related("figure")
        .prefetch_related(verdict_sources()).order_by("-as_of", "-pk")
    )
    claims = list(
        verified_claims().filter(figure=figure).with_origin().select_related("article__copy_of__publisher")
        .order_by("as_of", "pk")
    )
    conflicts = find_conflicts(figure, claims, verdicts)
    return FactCheck(figure, verdicts, claims, conflicts, count_sources(claims, conflicts))


def latest_published_verdicts(limit: int) -> list[Verdict]:
    """The ``limit`` latest published, not withdrawn verdicts of public figures, the latest publication
    first, with their figure. One query."""
    return list(
        Verdict.objects.published().filter(figure__slug__isnull=False).select_related("figure")
        .order_by("-published_at", "-pk")[:limit]
    )


def rating_explanation(rating: str) -> str:
    """RATING_EXPLANATIONS of ``rating``; "" for an unknown one."""
    return RATING_EXPLANATIONS.get(rating, "")
