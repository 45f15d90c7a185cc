"""schema.org ClaimReview JSON-LD for a published verdict, for fact-check aggregators (Google's Fact Check
Explorer and the like). Pure: it reads a verdict as ``claims.api.serializers.VerdictSerializer`` gives it
and returns a dict; no database, no request.

Shape (the properties Google's fact-check markup requires or recommends, then ours)::

    {"@context": "https://schema.org", "@type": "ClaimReview",
     "@id" and "url": the verdict's API address,
     "claimReviewed": "Syria civil war death toll: at least 100,000 people (as of 2014-01-13)",
     "datePublished": "2014-01-20",
     "author": {"@type": "Organization", "name": SITE_ORGANIZATION, "url": SITE_URL},
     "reviewRating": {"@type": "Rating", "ratingValue": 3, "bestRating": 3, "worstRating": 1,
                      "alternateName": "verified"},
     "itemReviewed": {"@type": "Claim", "datePublished": first source's date,
                      "appearance": [{"@type": "NewsArticle", "url", "headline", "datePublished",
                                      "publisher": {"@type": "Organization", "name", "url"}}, ...],
                      "author": {"@type": "Organization", "name": attribution} (when one source names one)},
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
"""

SCHEMA_ORG = "https://schema.org"
RATING_VALUES = {"false": 1, "disputed": 2, "unverifiable": 2, "verified": 3}
BEST_RATING, WORST_RATING = 3, 1
CLAIM_REVIEWED = "{figure}: {interval} (as of {as_of})"


def claim_review(verdict: dict, *, verdict_url: str, site_url: str, organization: str) -> dict:
    """The ClaimReview for one serialized verdict; ``verdict_url`` is its absolute address.

    Raises KeyError when ``verdict`` lacks a field of VerdictSerializer.
    """
    figure, sources = verdict["figure"], verdict["sources"]
    review = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "@id": verdict_url,
        "url": verdict_url,
        "claimReviewed": CLAIM_REVIEWED.format(
            figure=figure["name"], interval=verdict["interval"], as_of=verdict["as_of"]
        ),
        "datePublished": (verdict["published_at"] or "")[:10] or None,
        "author": {"@type": "Organization", "name": organization, "url": site_url},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[verdict["rating"]],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": verdict["rating"],
        },
        "itemReviewed": item_reviewed(sources),
        "about": quantitative_value(verdict),
    }
    if verdict["note"]:
        review["reviewBody"] = verdict["note"]
    return review


def item_reviewed(sources: list[dict]) -> dict:
    """The Claim reviewed, with one appearance per source article (each article once, in source order)."""
    item = {"@type": "Claim", "appearance": []}
    seen = set()
    for source in sources:
        article = source["article"]
        if article["id"] not in seen:
            seen.add(article["id"])
            item["appearance"].append(appearance(article))
    if sources:
        item["datePublished"] = min(source["article"]["published_on"] for source in sources)
    attributions = {source["attribution"] for source in sources if source["attribution"]}
    if len(attributions) == 1:
        item["author"] = {"@type": "Organization", "name": attributions.pop()}
    return item


def appearance(article: dict) -> dict:
    """A source article as a schema.org NewsArticle; url and publisher url only when known."""
    publisher = article["publisher"]
    organization = {"@type": "Organization", "name": publisher["name"]}
    if publisher["domain"]:
        organization["url"] = f"https://{publisher['domain']}"
    work = {"@type": "NewsArticle", "headline": article["title"], "datePublished": article["published_on"],
            "publisher": organization}
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
