"""Conflicts inside a figure, computed on read so they follow every change to its claims.

Rules (claims that are not rejected, i.e. pending and accepted, take part):

1. ``DISJOINT``: two claims whose as-of dates are at most ``settings.CONFLICT_WINDOW_DAYS`` apart (31 by
   default) and whose intervals do not overlap. Open ends are unbounded: "more than 5,000" is
   [5000, inf), "nearly 500" is (-inf, 500]; touching ends overlap.
2. ``BELOW_VERDICT``: in a cumulative figure, a claim wholly below (its high under the low of) a
   published, not withdrawn verdict whose as-of date is on or before the claim's: a toll only grows.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.conf import settings

from claims.models import Claim, Figure, FigureQuerySet, Verdict

DISJOINT_MESSAGE = "Claims {first} and {second} do not overlap, though their as-of dates are {days} day(s) apart."
BELOW_VERDICT_MESSAGE = (
    "Claim {claim} lies wholly below the verdict of {verdict_as_of} on a cumulative figure, which may only grow."
)


class Reason(StrEnum):
    DISJOINT = "disjoint"
    BELOW_VERDICT = "below_verdict"


@dataclass(frozen=True)
class Conflict:
    """The claims in conflict (one or two), the verdict involved if any, and why."""

    figure_id: int
    reason: Reason
    claims: tuple[Claim, ...]
    message: str
    verdict: Verdict | None = None


def window_days() -> int:
    """The conflict window in days: settings.CONFLICT_WINDOW_DAYS, read here only (suggestions use it too)."""
    return settings.CONFLICT_WINDOW_DAYS


def overlaps(a: tuple[Decimal | None, Decimal | None], b: tuple[Decimal | None, Decimal | None]) -> bool:
    """Whether two intervals (low, high) share a point; None is an open end."""
    (a_low, a_high), (b_low, b_high) = a, b
    if a_high is not None and b_low is not None and a_high < b_low:
        return False
    if b_high is not None and a_low is not None and b_high < a_low:
        return False
    return True


def find_conflicts(
    figure: Figure, claims: Iterable[Claim], verdicts: Iterable[Verdict], *, window: int | None = None
) -> list[Conflict]:
    """The conflicts among ``claims`` (rejected ones are skipped) given the figure's published verdicts.

    Pure: reads only what it is given. Returns them ordered by rule, then by the claims' as-of dates.
    """
    window = window_days() if window is None else window
    live = sorted((c for c in claims if c.status != Claim.Status.REJECTED), key=lambda c: (c.as_of, c.pk))
    found = []
    for i, first in enumerate(live):
        for second in live[i + 1:]:
            days = (second.as_of - first.as_of).days
            if days > window:
                break  # sorted by date: every later claim is further away
            if not overlaps((first.low, first.high), (second.low, second.high)):
                found.append(Conflict(
                    figure_id=figure.pk, reason=Reason.DISJOINT, claims=(first, second),
                    message=DISJOINT_MESSAGE.format(first=first.pk, second=second.pk, days=days),
                ))
    if figure.cumulative:
        for verdict in verdicts:
            if verdict.low is None or verdict.published_at is None or verdict.withdrawn_at is not None:
                continue
            for claim in live:
                if claim.as_of >= verdict.as_of and claim.high is not None and claim.high < verdict.low:
                    found.append(Conflict(
                        figure_id=figure.pk, reason=Reason.BELOW_VERDICT, claims=(claim,), verdict=verdict,
                        message=BELOW_VERDICT_MESSAGE.format(claim=claim.pk, verdict_as_of=verdict.as_of),
                    ))
    return found


def conflicts_by_figure(figures: FigureQuerySet) -> dict[int, list[Conflict]]:
    """Conflicts of every figure in the queryset ``figures``, keyed by figure id (empty lists included).

    Three queries whatever the number of figures (figures, their live claims, their published verdicts).
    """
    window = window_days()
    return {
        figure.pk: find_conflicts(figure, figure.live_claims, figure.published_verdicts, window=window)
        for figure in figures.with_conflict_inputs()
    }


def conflicts_of(figure: Figure) -> list[Conflict]:
    """The conflicts of one figure (three queries)."""
    return conflicts_by_figure(Figure.objects.filter(pk=figure.pk)).get(figure.pk, [])


def figures_with_conflicts(figures: FigureQuerySet) -> list[int]:
    """Ids of the figures in ``figures`` with at least one open conflict, for a dashboard count."""
    return [pk for pk, found in conflicts_by_figure(figures).items() if found]
