"""What a row of the claim queue and of a figure's claims table shows, computed once in Python.

The queue shows 50 claims and a figure page up to a page of them; per row, the template used to cut the quote
in context, truncate, format the value and dates and reverse four URLs through tags and filters: most of each
request's time. Here each row's texts come from the functions those filters call (Truncator, dateformat,
claims.reconcile.formatting), so the page reads the same, and the template prints plain values. The template
escapes every value except ``quote``, which format_html builds escaped.
"""

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from claims.models import Claim
from claims.reconcile.formatting import claim_value
from claims.web.segments import in_context

QUEUE_QUOTE_CHARS = 90
FIGURE_QUOTE_CHARS = 110
FIGURE_NAME_CHARS = 40
NO_REASON = "reason…"


def url_maker(name: str) -> Callable[[int], str]:
    """``pk -> URL`` of the route ``name`` taking one id, reversed once (a reverse per row and link was a
    tenth of the queue's time)."""
    pattern = reverse(name, args=[0])
    head, _, tail = pattern.rpartition("/0/")
    return lambda pk: f"{head}/{pk}/{tail}"


def truncate(text: str, chars: int) -> str:
    """``{{ text|truncatechars:chars }}``; the common case, a text that fits, without counting its characters."""
    fitting = unicodedata.normalize("NFC", text)  # what Truncator returns when nothing is cut
    return fitting if len(fitting) <= chars else Truncator(text).chars(chars)


def quote_html(claim: Claim, chars: int) -> SafeString:
    """The claim's words marked in their sentence, at most ``chars`` characters either side:
    ``…before<mark>mention</mark>after…`` (the queue's and the figure page's quote cell)."""
    before, mention, after = in_context(claim.article.body, claim.start, claim.end, claim.sentence)
    if len(before) > chars:
        before = "…" + before[-chars:]
    return format_html("{}<mark>{}</mark>{}", before, mention, truncate(after, chars))


def reason_options(reasons: Iterable[tuple[str, str]]) -> SafeString:
    """The ``<option>``s of a reason select, rendered once per page for every row's select."""
    return format_html('<option value="">{}</option>{}', NO_REASON,
                       format_html_join("", '<option value="{}">{}</option>', reasons))


def byline(claim: Claim) -> str:
    """``subject · per attribution`` (either alone, or "")."""
    attribution = f"per {claim.attribution}" if claim.attribution else ""
    return " · ".join(part for part in (claim.subject, attribution) if part)


def csrf_field(request) -> SafeString:
    """The hidden CSRF field ``{% csrf_token %}`` writes, made once for the 50 row forms of a page (the tag
    formats the request's lazy token anew in each)."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


@dataclass(frozen=True)
class ClaimRow:
    """One claim as a list shows it. ``claim`` stays at hand for anything else a template needs. The id and
    version are text: a number in a template goes through localization (a language lookup) each time."""

    claim: Claim
    pk: str
    version: str
    status: str
    status_label: str
    reason_label: str
    url: str
    quote: SafeString
    byline: str
    value: str
    kind_label: str
    as_of: str
    source_url: str
    publisher: str
    published: str
    figure_url: str
    figure_name: str
    accept_url: str
    reject_url: str


class ClaimRows:
    """Builds ClaimRow objects for one page: the URL patterns are reversed once."""

    def __init__(self, *, quote_chars: int):
        self.quote_chars = quote_chars
        self.claim_url = url_maker("review:claim")
        self.article_url = url_maker("review:article")
        self.figure_url = url_maker("review:figure")
        self.accept_url = url_maker("review:claim-accept")
        self.reject_url = url_maker("review:claim-reject")
        self.dates: dict[tuple, str] = {}  # rows of a page share dates; formatting one takes a translation lookup

    def date(self, day, style: str) -> str:
        """``{{ day|date:style }}``, each date formatted once per page."""
        key = (day, style)
        if key not in self.dates:
            self.dates[key] = format_date(day, style)
        return self.dates[key]

    def row(self, claim: Claim) -> ClaimRow:
        figure = claim.figure
        return ClaimRow(
            claim=claim, pk=str(claim.pk), version=str(claim.version), status=claim.status,
            status_label=claim.get_status_display(),
            reason_label=claim.get_rejection_reason_display() if claim.rejection_reason else "",
            url=self.claim_url(claim.pk), quote=quote_html(claim, self.quote_chars),
            byline=byline(claim), value=claim_value(claim),
            kind_label=claim.get_kind_display(), as_of=self.date(claim.as_of, "Y-m-d"),
            source_url=f"{self.article_url(claim.article_id)}#claim-{claim.pk}",
            publisher=claim.article.publisher.name, published=self.date(claim.article.published_on, "j M Y"),
            figure_url=self.figure_url(figure.pk) if figure else "",
            figure_name=truncate(figure.name, FIGURE_NAME_CHARS) if figure else "",
            accept_url=self.accept_url(claim.pk), reject_url=self.reject_url(claim.pk),
        )

    def __call__(self, claims: Iterable[Claim]) -> list[ClaimRow]:
        return [self.row(claim) for claim in claims]


def queue_rows(claims: Iterable[Claim]) -> list[ClaimRow]:
    """The queue's rows (claims loaded with ``with_source``)."""
    return ClaimRows(quote_chars=QUEUE_QUOTE_CHARS)(claims)
