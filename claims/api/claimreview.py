"""schema.org ClaimReview JSON-LD for a published verdict, for search engines and fact-check aggregators
(Google's Fact Check Explorer and the like). Pure: it reads a verdict as ``claims.api.serializers.
VerdictSerializer`` gives it and returns a dict; no database, no request. The API, the exports, the webhooks
and the public pages (claims.web.views.public, which embeds it) all build it here.

Shape, following Google's fact-check markup guidance point by point::

    {"@context": "https://schema.org", "@type": "ClaimReview",
     "@id" and "url": the verdict on its figure's public page, <site>/factchecks/<slug>/#verdict-<id>
         (required: a page on the publisher's site anyone can open, where the review is shown; an anchor
         because a figure's page shows each of its published verdicts, one ClaimReview each),
     "claimReviewed": "Civil war death toll: at least 100,000 people" (required: a short statement of the
         claim, at most CLAIM_REVIEWED_MAX characters: the figure and the value claimed by the source the
         verdict rests on whose as-of date is nearest the verdict's, not the verdict's own value),
     "datePublished": "2014-01-20" (when the verdict was published),
     "author": {"@type": "Organization", "name": SITE_ORGANIZATION, "url": SITE_URL} (the fact-checker),
     "reviewRating": {"@type": "Rating", "ratingValue": 3, "bestRating": 3, "worstRating": 1,
                      "alternateName": "verified" (required: the verdict in words, what aggregators show),
                      "ratingExplanation": the verdict's note (when given)},
     "itemReviewed": {"@type": "Claim",
                      "datePublished": the earliest source article's date (when the claim was made),
                      "firstAppearance": that article, as a NewsArticle with url and headline,
                      "appearance": [every source article, earliest first],
                      "author": who made the claim reviewed: its attribution, else its outlet},
     "reviewBody": the verdict's note (when given),
     "about": {"@type": "QuantitativeValue", "name": the figure, "minValue", "maxValue", "unitText",
               "additionalProperty": {"@type": "PropertyValue", "propertyID": "asOf",
                                      "name": "as of", "value": "2014-01-13"}}}

Where the reviewed value goes: Google reads ``claimReviewed``, ``reviewRating``, ``itemReviewed``,
``author``, ``datePublished`` and ``url``, and ignores properties it does not use, so the reviewed
interval is added under the review's ``about`` (a CreativeWork property whose range, Thing, admits a
QuantitativeValue) rather than inside ``reviewRating``, whose meaning aggregators fix. QuantitativeValue
has no date of its own, so the as-of date is its ``additionalProperty`` (a PropertyValue, as schema.org
intends for values without a dedicated property). An open bound ("at least 100,000") leaves out
``maxValue`` (or ``minValue``) instead of inventing one.

Rating scale: false 1, disputed 2, verified 3 (``bestRating`` 3, ``worstRating`` 1). "unverifiable" is
not a step on that scale; it takes the midpoint 2, as neither confirmed nor refuted, and
``alternateName`` carries the exact verdict in words, which is what aggregators display.

A verdict whose figure has no public page (no slug: made outside the core and never published through it)
keeps its API address as ``url``; tests/api/test_claimreview_vocabulary.py checks every type and property
used against the schema.org vocabulary.
"""

import datetime

from django.urls import reverse

SCHEMA_ORG = "https://schema.org"
RATING_VALUES = {"false": 1, "disputed": 2, "unverifiable": 2, "verified": 3}
BEST_RATING, WORST_RATING = 3, 1
CLAIM_REVIEWED = "{figure}: {claimed}"
# Google: keep claimReviewed under 75 characters, so it does not wrap on a phone.
CLAIM_REVIEWED_MAX = 75
ELLIPSIS = "…"
# The anchor of a verdict on its figure's public page (templates/public/figure.html).
VERDICT_ANCHOR = "verdict-{id}"


def claim_review(verdict: dict, *, verdict_url: str, site_url: str, organization: str) -> dict:
    """The ClaimReview for one serialized verdict; ``verdict_url`` is its absolute API address, used only
    when its figure has no public page; ``site_url`` the absolute base of the public pages.

    Raises KeyError when ``verdict`` lacks a field of VerdictSerializer.
    """
    page = public_url(verdict["figure"], site_url=site_url)
    address = f"{page}#{VERDICT_ANCHOR.format(id=verdict['id'])}" if page else verdict_url
    rating = {
        "@type": "Rating",
        "ratingValue": RATING_VALUES[verdict["rating"]],
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": verdict["rating"],
    }
    review = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "@id": address,
        "url": address,
        "claimReviewed": claim_reviewed(verdict),
        "datePublished": (verdict["published_at"] or "")[:10] or None,
        "author": {"@type": "Organization", "name": organization, "url": site_url},
        "reviewRating": rating,
        "itemReviewed": item_reviewed(verdict["sources"], reviewed=reviewed_source(verdict)),
        "about": quantitative_value(verdict),
    }
    if verdict["note"]:
        rating["ratingExplanation"] = verdict["note"]
        review["reviewBody"] = verdict["note"]
    return review


def public_url(figure: dict, *, site_url: str) -> str | None:
    """The absolute address of the figure's public page, or None when it has no slug."""
    slug = figure.get("slug")
    return site_url.rstrip("/") + reverse("factchecks:figure", args=[slug]) if slug else None


def reviewed_source(verdict: dict) -> dict | None:
    """The source claim the review speaks to: of the claims the verdict rests on, the one whose as-of date
    is nearest the verdict's (the earlier appearance on a tie); None without sources."""
    as_of = datetime.date.fromisoformat(verdict["as_of"])
    return min(
        by_appearance(verdict["sources"]),
        key=lambda s: abs((datetime.date.fromisoformat(s["as_of"] or verdict["as_of"]) - as_of).days),
        default=None,
    )


def claim_reviewed(verdict: dict) -> str:
    """The claim in a short statement: "<figure>: <value claimed by reviewed_source>" (the figure's name
    alone without a source), at most CLAIM_REVIEWED_MAX characters: a long name is shortened first, with
    an ellipsis, so the value stays whole."""
    name = verdict["figure"]["name"].strip()
    source = reviewed_source(verdict)
    claimed = source["interval"] if source else ""
    if not claimed:
        return shorten(name, CLAIM_REVIEWED_MAX)
    room = CLAIM_REVIEWED_MAX - len(CLAIM_REVIEWED.format(figure="", claimed=claimed))
    if room < len(name) and room < 12:  # no useful room left for the name: shorten the whole statement
        return shorten(CLAIM_REVIEWED.format(figure=name, claimed=claimed), CLAIM_REVIEWED_MAX)
    return CLAIM_REVIEWED.format(figure=shorten(name, room), claimed=claimed)


def shorten(text: str, limit: int) -> str:
    """``text`` when it has at most ``limit`` characters, else cut to fit with an ellipsis at the end."""
    return text if len(text) <= limit else text[:limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def by_appearance(sources: list[dict]) -> list[dict]:
    """The sources in the order they appeared: article date, then as-of date, then id."""
    return sorted(sources, key=lambda s: (s["article"]["published_on"], s["as_of"] or "", s["id"]))


def item_reviewed(sources: list[dict], *, reviewed: dict | None = None) -> dict:
    """The Claim reviewed: when and where it first appeared, every appearance (each article once, earliest
    first) and who made it (the ``reviewed`` source's attribution or outlet; the earliest by default)."""
    item = {"@type": "Claim"}
    ordered = by_appearance(sources)
    if not ordered:
        return item
    works, seen = [], set()
    for source in ordered:
        article = source["article"]
        if article["id"] not in seen:
            seen.add(article["id"])
            works.append(appearance(article))
    item["datePublished"] = ordered[0]["article"]["published_on"]
    item["firstAppearance"] = works[0]
    item["appearance"] = works
    item["author"] = claim_author(reviewed or ordered[0])
    return item


def claim_author(source: dict) -> dict:
    """Who made the claim: the source's attribution (who the article says the number comes from), else
    the outlet that printed it."""
    if source["attribution"]:
        return {"@type": "Organization", "name": source["attribution"]}
    return organization(source["article"]["publisher"])


def organization(publisher: dict) -> dict:
    """A publisher as a schema.org Organization; its url only when its domain is known."""
    found = {"@type": "Organization", "name": publisher["name"]}
    if publisher["domain"]:
        found["url"] = f"https://{publisher['domain']}"
    return found


def appearance(article: dict) -> dict:
    """A source article as a schema.org NewsArticle; url only when known."""
    work = {"@type": "NewsArticle", "headline": article["title"], "datePublished": article["published_on"],
            "publisher": organization(article["publisher"])}
    if article["url"]:
        work["url"] = article["url"]
    return work


def quantitative_value(verdict: dict) -> dict:
    """The reviewed interval, unit and as-of date as a QuantitativeValue."""
    value = {"@type": "QuantitativeValue", "name": verdict["figure"]["name"]}
    if verdict["low"] is not None:
        value["minValue"] = verdict["low"]
    if verdict["high"] is not None:
        value["maxValue"] = verdict["high"]
    if verdict["figure"]["unit"]:
        value["unitText"] = verdict["figure"]["unit"]
    value["additionalProperty"] = {
        "@type": "PropertyValue", "propertyID": "asOf", "name": "as of", "value": verdict["as_of"],
    }
    return value
