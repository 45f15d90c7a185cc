"""The public fact-check pages, open to everyone: ``/factchecks/`` (the published fact-checks, newest first,
searchable, with an Atom feed) and ``/factchecks/<slug>/`` (one figure's published verdicts, its chart,
its sources and the ClaimReview JSON-LD search engines read).

Thin: each view parses input, calls one read of claims.reconcile.factchecks (the visibility rule of the API:
published verdicts and verified claims only), renders. Every page is the same for every reader (nothing
depends on a session or a login), so it is cached publicly for PUBLIC_MAX_AGE seconds and validated with an
ETag and Last-Modified from the public data stamp (claims.reconcile.stamps): one query answers
a conditional request with 304.

Absolute links (canonical, OpenGraph, the feed, ClaimReview ``url``) start at ``settings.FACTCHECK_SITE_URL``;
when it is unset, at the address the request came to.
"""

from functools import wraps

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from claims.api.claimreview import VERDICT_ANCHOR, claim_review
from claims.api.exports import dumps
from claims.api.serializers import VerdictWithSourcesSerializer
from claims.reconcile import stamps
from claims.reconcile.factchecks import (
    latest_published_verdicts,
    public_factcheck,
    published_factchecks,
    rating_explanation,
)
from claims.reconcile.formatting import claim_value, verdict_value
from claims.web.charts import ClaimMark, VerdictMark, timeline_svgs, verdict_label

PUBLIC_MAX_AGE = 300
PER_PAGE = 20
SEARCH_MAX = 100
FEED_ITEMS = 50
LIST_TITLE = "Fact-checks"
LIST_DESCRIPTION = "Published fact-checks of figures in the news: the reviewed value, its rating and its sources."
FEED_TITLE = "{organization}: fact-checks"
FIGURE_DESCRIPTION = "{rating}: {value} as of {as_of}. {explanation}"
CLAIM_MARK = "{value}, {publisher}, as of {as_of:%Y-%m-%d}"
CHART_TITLE = "Timeline of {figure}: the verified claims and the published verdicts"
REPRINT_NOTE = "reprint of {publisher}"


def site_base(request) -> str:
    """The absolute base of public links: FACTCHECK_SITE_URL, else this request's scheme and host."""
    return settings.FACTCHECK_SITE_URL or request.build_absolute_uri("/").rstrip("/")


def public_cache(kind: str):
    """GET and HEAD only; ETag and Last-Modified from the public data stamp, 304 when they still match;
    ``Cache-Control: public, max-age=PUBLIC_MAX_AGE`` on every answer (a 404 too, so a figure published
    a moment later shows within that time)."""

    def decorate(view):
        @require_safe
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            etag, modified = stamps.validators(stamps.Scope.PUBLIC, kind, site_base(request),
                                               request.get_full_path())
            response = get_conditional_response(request, etag=etag, last_modified=modified)
            if response is None:
                response = view(request, *args, **kwargs)
            if response.status_code in (200, 304):
                response["ETag"] = etag
                if modified is not None:
                    response["Last-Modified"] = http_date(modified)
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            return response

        return wrapped

    return decorate


@public_cache("list")
def factcheck_list(request):
    """The public figures, newest publication first, PER_PAGE a page; ``?q=`` searches names and
    descriptions. Four queries (stamp, count, figures, their verdicts)."""
    q = request.GET.get("q", "")[:SEARCH_MAX].strip()
    page = Paginator(published_factchecks(q), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"figure": figure, "verdict": figure.public_verdicts[0],
         "value": verdict_value(figure.public_verdicts[0], unit=figure.unit)}
        for figure in page
    ]
    base = site_base(request)
    canonical = base + reverse("factchecks:list") + (f"?page={page.number}" if page.number > 1 else "")
    return render(request, "public/list.html", {
        "title": LIST_TITLE, "description": LIST_DESCRIPTION, "rows": rows, "page": page, "q": q,
        "canonical": canonical, "feed_url": base + reverse("factchecks:feed"),
        "organization": settings.SITE_ORGANIZATION,
    })


@public_cache("figure")
def factcheck_detail(request, slug: str):
    """One public figure: its published verdicts with their ClaimReview JSON-LD, the chart of its verified
    claims and verdicts, its sources. 404 when it has no published verdict. Five queries."""
    found = public_factcheck(slug)
    if found is None:
        raise Http404("No published fact-check here.")
    figure, base = found.figure, site_base(request)
    page_url = base + reverse("factchecks:figure", args=[figure.slug])
    serializer = VerdictWithSourcesSerializer()
    reviews = [
        claim_review(serializer.to_representation(verdict), site_url=base,
                     verdict_url=base + reverse("api:verdict-detail", args=[verdict.pk]),
                     organization=settings.SITE_ORGANIZATION)
        for verdict in found.verdicts
    ]
    verdicts = [
        {"verdict": verdict, "value": verdict_value(verdict, unit=figure.unit), "review": review,
         "explanation": rating_explanation(verdict.rating),
         "anchor": VERDICT_ANCHOR.format(id=verdict.pk), "jsonld": dumps(review)}
        for verdict, review in zip(found.verdicts, reviews, strict=True)
    ]
    latest = verdicts[0]
    conflicted = {claim.pk for conflict in found.conflicts for claim in conflict.claims}
    chart = timeline_svgs(
        [ClaimMark(claim.as_of, claim.low, claim.high, _claim_mark(claim), conflict=claim.pk in conflicted,
                   anchor=f"source-{claim.pk}") for claim in found.claims],
        [VerdictMark(verdict.as_of, verdict.low, verdict.high, verdict_label(verdict)) for verdict in found.verdicts],
        title=CHART_TITLE.format(figure=figure.name),
    )
    sources = [
        {"claim": claim, "value": claim_value(claim),
         "reprint": REPRINT_NOTE.format(publisher=claim.article.copy_of.publisher) if claim.article.copy_of else ""}
        for claim in found.claims
    ]
    return render(request, "public/figure.html", {
        "title": figure.name, "figure": figure, "verdicts": verdicts, "chart": chart, "sources": sources,
        "counts": found.sources, "canonical": page_url, "feed_url": base + reverse("factchecks:feed"),
        "organization": settings.SITE_ORGANIZATION,
        "description": FIGURE_DESCRIPTION.format(
            rating=latest["verdict"].get_rating_display().capitalize(), value=latest["value"],
            as_of=latest["verdict"].as_of.strftime("%-d %B %Y"), explanation=latest["explanation"]),
    })


def _claim_mark(claim) -> str:
    return CLAIM_MARK.format(value=claim_value(claim), publisher=claim.article.publisher, as_of=claim.as_of)


class FactCheckFeed(Feed):
    """The latest published verdicts as an Atom feed, newest publication first (FEED_ITEMS at most)."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> str:
        # The absolute base travels as the feed's object: a Feed instance is shared between requests.
        return site_base(request)

    def title(self, base: str) -> str:
        return FEED_TITLE.format(organization=settings.SITE_ORGANIZATION)

    def subtitle(self, base: str) -> str:
        return LIST_DESCRIPTION

    def link(self, base: str) -> str:
        return base + reverse("factchecks:list")

    def feed_url(self, base: str) -> str:
        return base + reverse("factchecks:feed")

    def author_name(self, base: str) -> str:
        return settings.SITE_ORGANIZATION

    def items(self, base: str) -> list:
        verdicts = latest_published_verdicts(FEED_ITEMS)
        for verdict in verdicts:
            verdict.public_link = (base + reverse("factchecks:figure", args=[verdict.figure.slug])
                                   + "#" + VERDICT_ANCHOR.format(id=verdict.pk))
        return verdicts

    def item_title(self, verdict) -> str:
        return f"{verdict.figure.name}: {verdict_value(verdict, unit=verdict.figure.unit)}"

    def item_description(self, verdict) -> str:
        text = FIGURE_DESCRIPTION.format(
            rating=verdict.get_rating_display().capitalize(), value=verdict_value(verdict, unit=verdict.figure.unit),
            as_of=verdict.as_of.strftime("%-d %B %Y"), explanation=rating_explanation(verdict.rating))
        return f"{text} {verdict.note}".strip()

    def item_link(self, verdict) -> str:
        return verdict.public_link

    def item_pubdate(self, verdict):
        return verdict.published_at

    def item_updateddate(self, verdict):
        return verdict.published_at


_feed = FactCheckFeed()


@public_cache("feed")
def factcheck_feed(request):
    """The Atom feed (FactCheckFeed). Two queries (stamp, verdicts with their figures)."""
    return _feed(request)
