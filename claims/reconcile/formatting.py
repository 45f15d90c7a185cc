"""Values in words, the one wording every page, chart, admin column and API field uses.

``5000`` reads ``5,000``; a claim's interval reads with its qualifier (``more than 5,000 people``), a date
claim as its date at its precision (``13 Jan 2014``, ``week of 13 Jan 2014``, ``January 2014``, ``2014``);
a unit of time takes its plural after any number but one (``15 days``, ``1 day``); a verdict, which has no
qualifier, reads as its exact value, its range or its open bound (``at least 5,000``).
"""

from decimal import Decimal

QUALIFIER_WORDS = {
    "exact": "{low}",
    "more_than": "more than {low}",
    "at_least": "at least {low}",
    "less_than": "less than {high}",
    "at_most": "at most {high}",
    "approximately": "about {low}",
    "range": "{low} to {high}",
    "vague": "{low} to {high}",
}
# The extractor stores units of time in the singular ("day"); they read "15 days", "1 day".
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
DATE_WORDS = {
    "day": "{date.day} {date:%b %Y}",
    "week": "week of {date.day} {date:%b %Y}",
    "month": "{date:%B %Y}",
    "year": "{date.year}",
}


def format_number(value: Decimal | int | float | None) -> str:
    """Digits with thousands separators and no trailing zeros: ``Decimal("5000.0000")`` -> ``"5,000"``.

    None gives an empty string.
    """
    if value is None:
        return ""
    # Decimal(str(x)) of a Decimal is the same Decimal: skip the round trip (an export formats millions).
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def counted(count: int, noun: str, plural: str = "") -> str:
    """``count`` with its noun in the right number: ``counted(1, "claim")`` -> ``1 claim``,
    ``counted(1200, "claim")`` -> ``1,200 claims``; ``plural`` for nouns that do not take an -s."""
    return f"{format_number(count)} {noun if count == 1 else plural or noun + 's'}"


def format_interval(*, qualifier: str, low, high, unit: str = "") -> str:
    """The interval in words, e.g. ``more than 5,000 people``; an open upper end reads "or more"."""
    if qualifier == "vague" and high is None:
        text = f"{format_number(low)} or more"
    else:
        template = QUALIFIER_WORDS.get(qualifier, "{low}")
        text = template.format(low=format_number(low), high=format_number(high))
    return f"{text} {unit_words(unit, low=low, high=high)}".strip()


def unit_words(unit: str, *, low, high) -> str:
    """``unit`` as it reads after the numbers: a unit of time in the plural unless the only number is 1
    (``2 to 5 hours``, ``1 day``, ``century`` -> ``centuries``); any other unit as it is."""
    if unit not in TIME_UNITS or {v for v in (low, high) if v is not None} == {1}:
        return unit
    return "centuries" if unit == "century" else f"{unit}s"


def date_words(day, precision: str) -> str:
    """A date at its precision: ``13 Jan 2014`` (day), ``week of 13 Jan 2014``, ``January 2014``, ``2014``;
    an unknown precision reads as the day."""
    return DATE_WORDS.get(precision, DATE_WORDS["day"]).format(date=day)


def claim_value(claim) -> str:
    """A claim's value in words: ``more than 5,000 people``; a date claim ``13 Jan 2014`` (``date_words``),
    or "" when it has no date."""
    return value_words(kind=claim.kind, qualifier=claim.qualifier, low=claim.low, high=claim.high,
                       unit=claim.unit, date=claim.date, precision=claim.date_precision)


def value_words(*, kind: str, qualifier: str, low, high, unit: str, date, precision: str) -> str:
    """``claim_value`` from a claim's columns, for callers that read plain rows rather than claims."""
    if kind == "date":
        return date_words(date, precision) if date else ""
    return format_interval(qualifier=qualifier, low=low, high=high, unit=unit)


def verdict_qualifier(low, high) -> str:
    """The qualifier reviewed bounds read with: "exact", "range", "at_least" or "at_most" ("" for none)."""
    if low is not None and high is not None:
        return "exact" if low == high else "range"
    if low is not None:
        return "at_least"
    return "at_most" if high is not None else ""


def format_bounds(low, high, *, unit: str = "") -> str:
    """A reviewed interval (a verdict's, an estimate's) in words: ``5,000 to 6,000``, ``5,000``,
    ``at least 5,000`` or ``at most 500``, then ``unit``; both ends open give an empty string."""
    qualifier = verdict_qualifier(low, high)
    return format_interval(qualifier=qualifier, low=low, high=high, unit=unit) if qualifier else ""


def verdict_value(verdict, *, unit: str = "") -> str:
    """A verdict's value in words (``format_bounds`` of its low and high)."""
    return format_bounds(verdict.low, verdict.high, unit=unit)
