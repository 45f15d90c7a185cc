"""The value the verdict form proposes: which accepted claims support it, and the interval they allow."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from claims.reconcile.estimates import AGREED, DISAGREED, DISAGREED_CUMULATIVE, propose_value

WINDOW = 31


@dataclass(frozen=True)
class C:
    """A claim as the rule reads it: id, as-of date, interval, status."""

    pk: int
    as_of: datetime.date
    low: int | None
    high: int | None
    status: str = "accepted"


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# A war toll as the press reported it: running totals, "more than" and "nearly".
SYRIA = [
    C(1, d("2012-06-01"), 10000, None),       # more than 10,000
    C(2, d("2013-01-02"), 60000, None),       # more than 60,000
    C(3, d("2013-01-20"), 60000, 60000),      # about 60,000
    C(4, d("2013-01-31"), None, 59000),       # nearly 59,000: below the 2 Jan count
    C(5, d("2013-06-13"), 93000, 93000),      # 93,000
    C(6, d("2013-06-20"), 90000, 100000),     # 90,000 to 100,000
    C(7, d("2013-06-25"), 120000, 120000, "pending"),
    C(8, d("2013-06-26"), 5, 5, "rejected"),
]


@pytest.mark.parametrize(("claims", "as_of", "cumulative", "low", "high", "support", "agreed", "basis"), [
    # agreeing claims in the window: their intersection; pending and rejected ones never count
    (SYRIA, "2013-06-26", True, 93000, 93000, [5, 6], True, AGREED),
    # a cumulative figure ignores claims after the date: a later count includes later deaths
    (SYRIA, "2013-01-20", True, 60000, 60000, [2, 3], True, AGREED),
    # a drop in a cumulative toll: the highest count, open above
    (SYRIA, "2013-01-31", True, 60000, None, [2, 3, 4], False, DISAGREED_CUMULATIVE),
    # the same claims on a point-in-time figure: the range of the numbers they state
    (SYRIA, "2013-01-31", False, 59000, 60000, [2, 3, 4], False, DISAGREED),
    # nothing in the window: the nearest date before it (cumulative)
    (SYRIA, "2012-10-01", True, 10000, None, [1], True, AGREED),
    # nothing before the date at all: the nearest after it
    (SYRIA, "2012-01-01", True, 10000, None, [1], True, AGREED),
    # point-in-time: claims after the date count too
    (SYRIA, "2013-06-01", False, 93000, 93000, [5, 6], True, AGREED),
    # a point-in-time pair that disagrees: from the lowest low to the highest high
    ([C(1, d("2020-03-01"), 40, 40), C(2, d("2020-03-02"), 55, 60)], "2020-03-02", False, 40, 60, [1, 2],
     False, DISAGREED),
    # "at least 40" and "up to 60" agree: 40 to 60
    ([C(1, d("2020-03-01"), 40, None), C(2, d("2020-03-02"), None, 60)], "2020-03-02", False, 40, 60, [1, 2],
     True, AGREED),
])
def test_the_proposed_value_is_what_the_nearest_accepted_claims_support(
    claims, as_of, cumulative, low, high, support, agreed, basis
):
    estimate = propose_value(claims, as_of=d(as_of), window=WINDOW, cumulative=cumulative)
    chosen = [c for c in claims if c.pk in support]
    words = {"count": len(chosen), "first": chosen[0].as_of.isoformat(), "last": chosen[-1].as_of.isoformat()}
    assert (estimate.low, estimate.high) == (
        None if low is None else Decimal(low), None if high is None else Decimal(high)
    )
    assert ([c.pk for c in estimate.claims], estimate.agreed, estimate.basis) == (
        support, agreed, basis.format(**words)
    )


@pytest.mark.parametrize("claims", [
    [], [C(1, d("2013-01-01"), 5, 5, "pending")], [C(2, d("2013-01-01"), 5, 5, "rejected")],
])
def test_no_accepted_claim_proposes_nothing(claims):
    assert propose_value(claims, as_of=d("2013-01-01"), window=WINDOW, cumulative=True) is None


def test_the_basis_reads_as_a_sentence():
    estimate = propose_value(SYRIA, as_of=d("2013-01-31"), window=WINDOW, cumulative=True)
    assert estimate.basis == (
        "The 3 accepted claim(s) as of 2013-01-02 to 2013-01-31 disagree: the highest count among them, "
        "open above, as a cumulative toll only grows."
    )
