"""Conflicts inside a figure, computed on read so they follow every change to its claims.

Live claims (pending and accepted) take part; a rejected claim never conflicts. A claim's value is an
interval: open ends are unbounded ("more than 5,000" is (5000, inf), "nearly 500" is (-inf, 500]); "more
than" and "less than" exclude their bound, every other qualifier includes it, so "at most 60,000" lies
below "more than 60,000" while "at most 60,000" and "at least 60,000" meet at 60,000.

The rules, one pure function each (``pair_conflict``, ``verdict_conflict``; ``find_conflicts`` applies them
to a figure):

1. Point-in-time figures (``Figure.cumulative`` off): two claims whose as-of dates are at most the window
   apart (``settings.CONFLICT_WINDOW_DAYS``, 31 by default) and whose intervals do not overlap:
   ``disjoint``.
2. Cumulative figures (a death toll only grows): a claim whose whole interval lies below the lower bound of
   a claim with an earlier as-of date conflicts with it: ``cumulative_drop``. A rise never conflicts. The
   window does not apply: a cumulative toll may not fall whatever the gap, and a casualty analyst wants a
   drop flagged at any distance (a toll that is lower a year later is as wrong as one lower a day later).
   Two claims with the same as-of date are neither earlier nor later: when they do not overlap they are
   ``disjoint`` as in rule 1.
3. Cumulative figures: a claim wholly below a published, not withdrawn verdict whose as-of date is on or
   before the claim's: ``below_verdict``.

Each conflict names its claims and carries a sentence for reviewers built from the module's message
constants: sources by outlet and, when known, originator ("Northern Ledger (United Nations)"), values in
words (claims.reconcile.formatting), dates as "31 Jan 2013".
"""

import bisect
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from django.conf import settings

from claims.models import Claim, Figure, FigureQuerySet, Qualifier, Verdict
from claims.reconcile.formatting import format_interval

DISJOINT_MESSAGE = (
    "{first} says {first_value} on {first_date} but {second} says {second_value} on {second_date}; the values "
    "do not overlap though the dates are only {gap} apart, so at most one can be right."
)
SAME_DAY_MESSAGE = (
    "{first} says {first_value} but {second} says {second_value}, both on {date}; the values do not overlap, "
    "so at most one can be right."
)
CUMULATIVE_DROP_MESSAGE = (
    "{later} says {later_value} on {later_date}, below the {earlier_value} that {earlier} reported on "
    "{earlier_date}; a cumulative toll cannot fall."
)
BELOW_VERDICT_MESSAGE = (
    "{claim} says {value} on {date}, below the published verdict of {verdict_value} as of {verdict_date}; "
    "a cumulative toll cannot fall."
)
SOURCE_WITH_ORIGINATOR = "{outlet} ({originator})"


class ConflictKind(StrEnum):
    DISJOINT = "disjoint"
    CUMULATIVE_DROP = "cumulative_drop"
    BELOW_VERDICT = "below_verdict"


Reason = ConflictKind  # the earlier name


@dataclass(frozen=True)
class Conflict:
    """The claims in conflict (one or two, earlier first), the verdict involved if any, and why."""

    figure_id: int | None
    kind: ConflictKind
    claims: tuple[Claim, ...]
    message: str
    verdict: Verdict | None = None

    @property
    def reason(self) -> ConflictKind:
        return self.kind

    @property
    def claim_ids(self) -> list[int]:
        return [claim.pk for claim in self.claims]


class Interval(NamedTuple):
    """A value as an interval; None is an open end, and an excluded bound is not part of it."""

    low: Decimal | None
    high: Decimal | None
    low_excluded: bool = False
    high_excluded: bool = False


def window_days() -> int:
    """The conflict window in days: settings.CONFLICT_WINDOW_DAYS, read here only (suggestions use it too)."""
    return settings.CONFLICT_WINDOW_DAYS


def claim_interval(claim: Claim) -> Interval:
    """The claim's value: "more than" excludes its low bound, "less than" its high bound."""
    return Interval(claim.low, claim.high, low_excluded=claim.qualifier == Qualifier.MORE_THAN,
                    high_excluded=claim.qualifier == Qualifier.LESS_THAN)


def below(a: tuple, b: tuple) -> bool:
    """Whether interval ``a`` lies wholly below ``b``'s lower bound (tuples as ``Interval`` takes them)."""
    a, b = Interval(*a), Interval(*b)
    if a.high is None or b.low is None:
        return False
    return a.high < b.low or (a.high == b.low and (a.high_excluded or b.low_excluded))


def overlaps(a: tuple, b: tuple) -> bool:
    """Whether two intervals, ``(low, high)`` or ``Interval``, share a point; touching included ends meet."""
    return not below(a, b) and not below(b, a)


def format_date(day: datetime.date) -> str:
    """``31 Jan 2013``."""
    return f"{day.day} {day:%b %Y}"


def source_label(claim: Claim) -> str:
    """The outlet that printed the claim and, when known, who the number comes from."""
    outlet = claim.article.publisher.name
    if claim.originator_id is None:
        return outlet
    return SOURCE_WITH_ORIGINATOR.format(outlet=outlet, originator=claim.originator.name)


def claim_value(claim: Claim) -> str:
    return format_interval(qualifier=claim.qualifier, low=claim.low, high=claim.high, unit=claim.unit)


def verdict_value(verdict: Verdict, unit: str) -> str:
    """A verdict has no qualifier: a range, a single value, or an open bound."""
    if verdict.low is not None and verdict.high is not None:
        qualifier = Qualifier.EXACT if verdict.low == verdict.high else Qualifier.RANGE
    else:
        qualifier = Qualifier.AT_LEAST if verdict.low is not None else Qualifier.AT_MOST
    return format_interval(qualifier=qualifier, low=verdict.low, high=verdict.high, unit=unit)


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def pair_conflict(first: Claim, second: Claim, *, cumulative: bool, window: int,
                  figure_id: int | None = None) -> Conflict | None:
    """The conflict between two claims of one figure, ``first`` not later than ``second`` (by as-of date),
    or None. Rejected claims, and claims without a value, never conflict. Rules 1 and 2 of the module."""
    if Claim.Status.REJECTED in (first.status, second.status):
        return None
    a, b = claim_interval(first), claim_interval(second)
    days = (second.as_of - first.as_of).days
    if cumulative and days > 0:
        if not below(b, a):
            return None  # a rise, or values that still meet: a cumulative toll may grow
        return Conflict(figure_id, ConflictKind.CUMULATIVE_DROP, (first, second), CUMULATIVE_DROP_MESSAGE.format(
            later=source_label(second), later_value=claim_value(second), later_date=format_date(second.as_of),
            earlier=source_label(first), earlier_value=claim_value(first), earlier_date=format_date(first.as_of),
        ))
    if days > window or overlaps(a, b):
        return None
    if days == 0:
        message = SAME_DAY_MESSAGE.format(
            first=source_label(first), first_value=claim_value(first), second=source_label(second),
            second_value=claim_value(second), date=format_date(first.as_of),
        )
    else:
        message = DISJOINT_MESSAGE.format(
            first=source_label(first), first_value=claim_value(first), first_date=format_date(first.as_of),
            second=source_label(second), second_value=claim_value(second),
            second_date=format_date(second.as_of), gap=_days(days),
        )
    return Conflict(figure_id, ConflictKind.DISJOINT, (first, second), message)


def verdict_conflict(claim: Claim, verdict: Verdict, *, cumulative: bool, unit: str = "",
                     figure_id: int | None = None) -> Conflict | None:
    """The conflict of a claim with a verdict of its figure (rule 3), or None: only a live claim of a
    cumulative figure, as of the verdict's date or later, wholly below a published, not withdrawn verdict."""
    if (not cumulative or claim.status == Claim.Status.REJECTED or verdict.published_at is None
            or verdict.withdrawn_at is not None or claim.as_of < verdict.as_of):
        return None
    if not below(claim_interval(claim), Interval(verdict.low, verdict.high)):
        return None
    return Conflict(figure_id, ConflictKind.BELOW_VERDICT, (claim,), BELOW_VERDICT_MESSAGE.format(
        claim=source_label(claim), value=claim_value(claim), date=format_date(claim.as_of),
        verdict_value=verdict_value(verdict, unit), verdict_date=format_date(verdict.as_of),
    ), verdict=verdict)


def find_conflicts(
    figure: Figure, claims: Iterable[Claim], verdicts: Iterable[Verdict], *, window: int | None = None
) -> list[Conflict]:
    """The conflicts among ``claims`` given the figure's verdicts (drafts and withdrawn ones are ignored).

    Pure: reads only what it is given (claims need their article's publisher and their originator loaded,
    as ``Claim.objects.with_origin()`` does). Returns the conflicts between two claims in the order of
    their as-of dates, then those with verdicts.
    """
    window = window_days() if window is None else window
    live = sorted((c for c in claims if c.status != Claim.Status.REJECTED), key=lambda c: (c.as_of, c.pk))
    found = []
    for i, j in _candidate_pairs(live, cumulative=figure.cumulative, window=window):
        conflict = pair_conflict(live[i], live[j], cumulative=figure.cumulative, window=window,
                                 figure_id=figure.pk)
        if conflict is not None:
            found.append(conflict)
    for verdict in verdicts:
        for claim in live:
            conflict = verdict_conflict(claim, verdict, cumulative=figure.cumulative, unit=figure.unit,
                                        figure_id=figure.pk)
            if conflict is not None:
                found.append(conflict)
    return found


def _candidate_pairs(live: list[Claim], *, cumulative: bool, window: int) -> list[tuple[int, int]]:
    """The index pairs ``(i, j)``, ``i < j``, of ``live`` (sorted by as-of date) that may conflict, in order.

    A superset of the conflicting pairs, found without comparing every pair: for a point-in-time figure
    the pairs within the window; for a cumulative one the pairs of one day, and for each claim the earlier
    ones whose lower bound is at or above its upper bound (an index of earlier lower bounds, searched by
    bisection), since a rise never conflicts. ``pair_conflict`` decides each candidate.
    """
    pairs = []
    if not cumulative:
        for i, first in enumerate(live):
            for j in range(i + 1, len(live)):
                if (live[j].as_of - first.as_of).days > window:
                    break  # sorted by date: every later claim is further away
                pairs.append((i, j))
        return pairs
    earlier_lows: list[tuple[Decimal, int]] = []  # (lower bound, index) of the claims of earlier days
    start = 0
    while start < len(live):
        end = start
        while end < len(live) and live[end].as_of == live[start].as_of:
            end += 1
        for j in range(start, end):
            pairs.extend((i, j) for i in range(start, j))
            high = claim_interval(live[j]).high
            if high is not None:
                pairs.extend((i, j) for _, i in earlier_lows[bisect.bisect_left(earlier_lows, (high, -1)):])
        for i in range(start, end):
            low = claim_interval(live[i]).low
            if low is not None:
                bisect.insort(earlier_lows, (low, i))
        start = end
    return sorted(pairs)


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
