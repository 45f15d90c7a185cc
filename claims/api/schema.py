"""OpenAPI descriptions of the non-serializer outputs: the ClaimReview JSON-LD (claims.api.claimreview)."""

_ORGANIZATION = {
    "type": "object", "required": ["@type", "name"],
    "properties": {"@type": {"type": "string"}, "name": {"type": "string"}, "url": {"type": "string"}},
}

CLAIM_REVIEW = {
    "type": "object",
    "description": "schema.org ClaimReview of a published verdict (see claims.api.claimreview).",
    "required": ["@context", "@type", "url", "claimReviewed", "author", "reviewRating", "itemReviewed", "about"],
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "@id": {"type": "string"},
        "url": {"type": "string"},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string", "nullable": True},
        "author": _ORGANIZATION,
        "reviewBody": {"type": "string"},
        "reviewRating": {
            "type": "object",
            "required": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
            "properties": {
                "@type": {"type": "string"}, "ratingValue": {"type": "integer"}, "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"}, "alternateName": {"type": "string"},
            },
        },
        "itemReviewed": {
            "type": "object", "required": ["@type", "appearance"],
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "datePublished": {"type": "string"},
                "author": _ORGANIZATION,
                "appearance": {"type": "array", "items": {
                    "type": "object", "required": ["@type", "headline", "datePublished", "publisher"],
                    "properties": {"@type": {"type": "string"}, "url": {"type": "string"},
                                   "headline": {"type": "string"}, "datePublished": {"type": "string"},
                                   "publisher": _ORGANIZATION},
                }},
            },
        },
        "about": {
            "type": "object", "required": ["@type", "name", "additionalProperty"],
            "properties": {
                "@type": {"type": "string", "enum": ["QuantitativeValue"]}, "name": {"type": "string"},
                "minValue": {"type": "number"}, "maxValue": {"type": "number"}, "unitText": {"type": "string"},
                "additionalProperty": {"type": "object", "properties": {
                    "@type": {"type": "string"}, "propertyID": {"type": "string"}, "name": {"type": "string"},
                    "value": {"type": "string", "format": "date"}}},
            },
        },
    },
}
CLAIM_REVIEWS = {"type": "array", "items": CLAIM_REVIEW}
CSV = {"type": "string", "description": "CSV with a header line; cursor links in the Link header."}


def unwrap_formats(result, generator, request, public):
    """drf-spectacular postprocessing hook: a list in CSV or JSON-LD is a plain body (a CSV text, an array
    of ClaimReviews), not the JSON cursor envelope drf-spectacular wraps around every media type."""
    for path, item in result.get("paths", {}).items():
        operation = item.get("get")
        content = (operation or {}).get("responses", {}).get("200", {}).get("content", {})
        if "text/csv" in content:
            content["text/csv"] = {"schema": CSV}
        if "application/ld+json" in content and not path.endswith("}/"):
            content["application/ld+json"] = {"schema": CLAIM_REVIEWS}
    return result
