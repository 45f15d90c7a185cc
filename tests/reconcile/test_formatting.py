from decimal import Decimal

import pytest

from claims.reconcile.formatting import format_interval, format_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("5000.0000"), "5,000"), (Decimal("13.5000"), "13.5"), (None, ""), (2, "2"),
     (Decimal("1200000"), "1,200,000"), (Decimal("0.25"), "0.25")],
)
def test_format_number_drops_trailing_zeros_and_groups_thousands(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "unit", "expected"),
    [
        ("exact", 5000, 5000, "people", "5,000 people"),
        ("more_than", 5000, None, "people", "more than 5,000 people"),
        ("less_than", None, 5000, "", "less than 5,000"),
        ("range", 40, 50, "people", "40 to 50 people"),
        ("vague", 2000000, None, "people", "2,000,000 or more people"),
        ("approximately", 17000, 17000, "", "about 17,000"),
    ],
)
def test_format_interval_reads_as_words(qualifier, low, high, unit, expected):
    assert format_interval(qualifier=qualifier, low=low, high=high, unit=unit) == expected
