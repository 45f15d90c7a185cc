import datetime
import re
from decimal import Decimal

from django import template

from claims.reconcile import formatting
from claims.reconcile.formatting import format_number
from claims.web import labels

register = template.Library()
NUMBER_RE = re.compile(r"-?\d+(\.\d+)?")


@register.filter
def number(value) -> str:
    """``{{ claim.low|number }}`` -> ``5,000``."""
    return format_number(value)


@register.simple_tag
def interval(claim) -> str:
    """``{% interval claim %}`` -> ``more than 5,000 people`` (claims.reconcile.formatting.claim_value)."""
    return formatting.claim_value(claim)


@register.simple_tag
def verdict_value(verdict) -> str:
    """``{% verdict_value verdict %}`` -> ``5,000 to 6,000``, ``5,000`` or ``at least 5,000`` (no unit)."""
    return formatting.verdict_value(verdict)


@register.simple_tag
def latest_value(figure) -> str:
    """``{% latest_value figure %}``: the latest claim's value of a figure annotated by
    claims.reconcile.naming.with_summary, e.g. ``more than 100,000 people``."""
    return formatting.format_interval(qualifier=figure.latest_qualifier, low=figure.latest_low,
                                      high=figure.latest_high, unit=figure.latest_unit or "")


@register.filter
def shown(value) -> str:
    """A field value for people: yes or no for a boolean, numbers with separators (also numbers stored as text, as in
    ``Claim.extracted``), dates as YYYY-MM-DD, empty as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_number(value)
    text = str(value)
    if NUMBER_RE.fullmatch(text):
        return format_number(Decimal(text))
    return text


@register.filter
def field_label(name: str) -> str:
    """``{{ "as_of"|field_label }}`` -> ``as of`` (claims.web.labels)."""
    return labels.field_label(name)


@register.filter
def choice_label(value, name: str):
    """``{{ "more_than"|choice_label:"qualifier" }}`` -> ``more than``; other values pass through."""
    return labels.value_label(value, name)
