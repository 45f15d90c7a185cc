from django import template

from claims.formatting import format_interval, format_number

register = template.Library()


@register.filter
def number(value) -> str:
    """``{{ claim.low|number }}`` -> ``5,000``."""
    return format_number(value)


@register.simple_tag
def interval(claim) -> str:
    """``{% interval claim %}`` -> ``more than 5,000 people`` (dates show the date and its precision)."""
    if claim.kind == "date":
        return f"{claim.date:%Y-%m-%d} ({claim.date_precision})" if claim.date else ""
    return format_interval(qualifier=claim.qualifier, low=claim.low, high=claim.high, unit=claim.unit)
