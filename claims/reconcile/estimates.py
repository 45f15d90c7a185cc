"""The value a verdict form proposes: what the accepted claims nearest the as-of date support. Pure.

The rule is what a casualty analyst does by hand:

1. **Support**: the accepted claims whose as-of date is within ``window`` days (the conflict window) of the
   verdict's date. For a cumulative figure only those on or before it: a count made later includes deaths
   after the date, so it says nothing certain about the toll on that date. When no claim is in the window,
   the claims of the single nearest as-of date (for a cumulative figure the nearest one before the date,
   else the nearest after), so the editor always starts from something.
2. **Value**: when the supporting claims agree (their intervals share a point), their intersection: every
   source's statement holds there (low = the highest low, high = the lowest high). When they disagree:

   - cumulative figure: the highest lower bound, open above. A toll only grows, so each earlier "at least"
     still holds; the lower count is the outlier the open conflict names.
   - otherwise: the range the numbers they state span, from the smallest to the largest (an open end is
     read at its stated number, so "more than 60,000" and "nearly 59,000" give 59,000 to 60,000 rather
     than everything), which the editor narrows, and rates "disputed" rather than "verified".

When they agree, open ends stay open: "more than 5,000" alone proposes at least 5,000.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

AGREED = "The interval all {count} accepted claim(s) as of {first} to {last} allow."
DISAGREED_CUMULATIVE = (
    "The {count} accepted claim(s) as of {first} to {last} disagree: the highest count among them, open above, "
    "as a cumulative toll only grows."
)
DISAGREED = "The {count} accepted claim(s) as of {first} to {last} disagree: the range they span."


@dataclass(frozen=True)
class Estimate:
    """The proposed interval, the claims it rests on (by as-of date), whether they agree, and why."""

    low: Decimal | None
    high: Decimal | None
    claims: tuple
    agreed: bool
    basis: str


def supporting_claims(claims: Iterable, *, as_of: datetime.date, window: int, cumulative: bool) -> list:
    """Rule 1: the accepted claims (objects with ``status``, ``as_of``, ``low``, ``high``, ``pk``) that the
    value as of ``as_of`` rests on, ordered by as-of date; empty only when no claim is accepted."""
    accepted = sorted((c for c in claims if c.status == "accepted"), key=lambda c: (c.as_of, c.pk))
    usable = [c for c in accepted if not cumulative or c.as_of <= as_of] or accepted
    near = [c for c in usable if abs((c.as_of - as_of).days) <= window]
    if near:
        return near
    if not usable:
        return []
    nearest = min(abs((c.as_of - as_of).days) for c in usable)
    return [c for c in usable if abs((c.as_of - as_of).days) == nearest]


def propose_value(claims: Iterable, *, as_of: datetime.date, window: int, cumulative: bool) -> Estimate | None:
    """The estimate as of ``as_of`` from ``claims`` (rejected and pending ones are ignored); None when no
    claim is accepted."""
    support = supporting_claims(claims, as_of=as_of, window=window, cumulative=cumulative)
    if not support:
        return None
    lows = [Decimal(c.low) for c in support if c.low is not None]
    highs = [Decimal(c.high) for c in support if c.high is not None]
    low, high = max(lows, default=None), min(highs, default=None)
    words = {"count": len(support), "first": support[0].as_of.isoformat(), "last": support[-1].as_of.isoformat()}
    if low is None or high is None or low <= high:
        return Estimate(low, high, tuple(support), True, AGREED.format(**words))
    if cumulative:
        return Estimate(low, None, tuple(support), False, DISAGREED_CUMULATIVE.format(**words))
    stated = lows + highs
    return Estimate(min(stated), max(stated), tuple(support), False, DISAGREED.format(**words))
