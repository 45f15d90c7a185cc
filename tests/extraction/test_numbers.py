"""Number parsing: digits, words, fractions and scales, exact with Decimal."""

from decimal import Decimal

import pytest

from claims.extraction.numbers import parse_number, scale_value, to_json_number


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("5,000", Decimal(5000)),
        ("13.5", Decimal("13.5")),
        ("1,250,000.75", Decimal("1250000.75")),
        ("two", Decimal(2)),
        ("twenty-three", Decimal(23)),
        ("twenty three", Decimal(23)),
        ("two hundred and fifty", Decimal(250)),
        ("a hundred", Decimal(100)),
        ("two and a half", Decimal("2.5")),
        ("one and a half", Decimal("1.5")),
        ("half a", Decimal("0.5")),
        ("Seventeen", Decimal(17)),
    ],
)
def test_parse_number_reads_digits_and_words_exactly(span, expected):
    assert parse_number(span) == expected


@pytest.mark.parametrize("span", ["", "blue", "1" * 40, "two apples"])
def test_parse_number_returns_none_for_what_is_not_a_number(span):
    assert parse_number(span) is None


@pytest.mark.parametrize(
    ("scale", "expected"),
    [("million", 10**6), ("bn", 10**9), (" billion", 10**9), ("m", 10**6), ("dozen", 12), (None, 1), ("xyz", 1)],
)
def test_scale_value_maps_scale_words_and_suffixes(scale, expected):
    assert scale_value(scale) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("2.5") * 10**6, 2500000), (Decimal("12.8"), 12.8), (Decimal("13.0"), 13), (None, None)],
)
def test_to_json_number_gives_int_when_integral_else_float(value, expected):
    result = to_json_number(value)
    assert result == expected and type(result) is type(expected)
