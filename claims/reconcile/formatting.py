"""Values in words, the one wording every page, chart, admin column and API field uses.

``5000`` reads ``5,000``; a claim's interval reads with its qualifier (``more than 5,000 people``), a date
claim as its date and precision (``2014-01-13 (day)``); a verdict, which has no qualifier, reads as its
exact value, its range or its open bound (``at least 5,000``).
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


def claim_value(claim) -> str:
    """A claim's value in words: ``more than 5,000 people``; a date claim ``2014-01-13 (day)``, or "" when
    it has no date."""
    if claim.kind == "date":
        return f"{claim.date:%Y-%m-%d} ({claim.date_precision})" if claim.date else ""
    return format_interval(qualifier=claim.qualifier, low=claim.low, high=claim.high, unit=claim.unit)


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
