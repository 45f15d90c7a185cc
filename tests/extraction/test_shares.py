"""Shares written as ratios and fractions: their qualifier, and fractions that name a part of a period."""

import datetime
from decimal import Decimal

import pytest

from claims.extraction import extract

ARTICLE_DATE = datetime.date(2025, 3, 18)


def shares(text):
    return [(m.text, m.qualifier, m.low, m.high) for m in extract(text, ARTICLE_DATE) if m.kind == "percentage"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nearly 9 in 10 residents backed the plan.", [("Nearly 9 in 10", "at_most", None, 90)]),
        ("Roughly one in four adults is unemployed.", [("Roughly one in four", "approximately", 25, 25)]),
        ("More than one in five children was hungry.", [("More than one in five", "more_than", 20, None)]),
        ("Food prices have risen by almost a third since 2022.", [("almost a third", "at_most", None, Decimal("33.33"))]),
        ("Output was cut by half.", [("half", "exact", 50, 50)]),
        ("Half of the staff left.", [("Half", "exact", 50, 50)]),
        # Parts of a period or a match are not shares.
        ("Growth slowed in the second half of the year.", []),
        ("He scored in the first half.", []),
        ("Half an hour later, police arrived.", []),
        ("It was a third time lucky.", []),
    ],
)
def test_shares_keep_their_qualifier_and_parts_of_a_period_are_not_shares(text, expected):
    assert shares(text) == expected
