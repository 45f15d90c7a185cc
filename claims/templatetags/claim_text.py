"""``{% claim_context claim as parts %}``: a claim's mention with the text around it (claims.web.segments)."""

from django import template

from claims.web.segments import in_context

register = template.Library()


@register.simple_tag
def claim_context(claim) -> tuple[str, str, str]:
    """``{% claim_context claim as parts %}``: before, mention, after (see ``in_context``)."""
    return in_context(claim.article.body, claim.start, claim.end, claim.sentence)
