"""Render claim values for people: ``5000`` as ``5,000``, an interval with its qualifier in words."""

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


def format_number(value: Decimal | int | float | None) -> str:
    """Digits with thousands separators and no trailing zeros: ``Decimal("5000.0000")`` -> ``"5,000"``.

    None gives an empty string.
    """
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def format_interval(*, qualifier: str, low, high, unit: str = "") -> str:
    """The interval in words, e.g. ``more than 5,000 people``; an open upper end reads "or more"."""
    if qualifier == "vague" and high is None:
        text = f"{format_number(low)} or more"
    else:
        template = QUALIFIER_WORDS.get(qualifier, "{low}")
        text = template.format(low=format_number(low), high=format_number(high))
    return f"{text} {unit}".strip()


def format_bounds(low, high, *, unit: str = "") -> str:
    """A reviewed interval (a verdict's, an estimate's) in words: ``5,000 to 6,000``, ``5,000``,
    ``at least 5,000`` or ``at most 500``; both ends open give an empty string."""
    if low is not None and high is not None:
        qualifier = "exact" if low == high else "range"
    elif low is None and high is None:
        return ""
    else:
        qualifier = "at_least" if low is not None else "at_most"
    return format_interval(qualifier=qualifier, low=low, high=high, unit=unit)


def format_verdict_value(verdict, *, unit: str = "") -> str:
    """``format_bounds`` of a verdict's low and high."""
    return format_bounds(verdict.low, verdict.high, unit=unit)
