"""``{% claim_context claim as parts %}``: a claim's mention with the text around it (claims.web.segments);
``{{ text|nobidi }}``: bidi controls neutralised (claims.web.bidi; every HTML page gets it anyway)."""

from django import template

from claims.web.bidi import neutralise_bidi
from claims.web.segments import in_context

register = template.Library()


@register.simple_tag
def claim_context(claim) -> tuple[str, str, str]:
    """``{% claim_context claim as parts %}``: before, mention, after (see ``in_context``)."""
    return in_context(claim.article.body, claim.start, claim.end, claim.sentence)


@register.filter(is_safe=True)
def nobidi(value) -> str:
    """``value`` with bidi embeddings, overrides and isolates shown as a placeholder (claims.web.bidi)."""
    return neutralise_bidi(value)
