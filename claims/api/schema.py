"""OpenAPI descriptions of what serializers do not describe: the ClaimReview JSON-LD (claims.api.claimreview),
CSV bodies, the response headers, and the rules that keep the schema usable by client generators
(``finish``, a drf-spectacular postprocessing hook).
"""

import re

from claims.api.conditional import ConditionalReadMixin

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


JSON = "application/json"

HEADERS = {
    "ETag": {"description": "Validator of this answer: send it back in If-None-Match for a 304 when nothing "
                            "changed.", "schema": {"type": "string"}},
    "Last-Modified": {"description": "Latest change of the data this client may see (HTTP date); "
                                     "If-Modified-Since gives a 304 when nothing changed since.",
                      "schema": {"type": "string"}},
    "Link": {"description": 'Cursor links of a list page: <url>; rel="next", <url>; rel="prev" (also in the '
                            "JSON body as next and previous).", "schema": {"type": "string"}},
    "Cache-Control": {"description": "public, max-age=60 (API_PUBLIC_MAX_AGE) for an anonymous read of verified "
                                     "data; private, no-cache for everything else.", "schema": {"type": "string"}},
    "X-RateLimit-Limit": {"description": "Requests allowed per window to this client (anonymous: per address; "
                                         "signed in: per user).", "schema": {"type": "integer"}},
    "X-RateLimit-Remaining": {"description": "Requests left in the current window.", "schema": {"type": "integer"}},
    "X-RateLimit-Reset": {"description": "Seconds until the oldest counted request leaves the window.",
                          "schema": {"type": "integer"}},
    "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}},
}
RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
NOT_MODIFIED = "Not modified since the ETag or date the client sent (If-None-Match, If-Modified-Since); no body."


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/headers/{name}"}


def finish(result, generator, request, public):
    """drf-spectacular postprocessing hook: errors under application/json only (the CSV and JSON-LD
    renderers answer errors in JSON), an explicit empty ``security`` where no credentials are needed, 304
    and the validators on conditional reads, and the headers every answer carries."""
    # The generator's endpoints name path variables as the URL patterns do ({pk}), the schema as shown ({id}).
    views = {(_shape(endpoint[0]), endpoint[2].lower()): endpoint[3].cls for endpoint in generator.endpoints or []}
    result.setdefault("components", {})["headers"] = HEADERS
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            view = views.get((_shape(path), method))
            responses = operation.get("responses", {})
            for code, response in responses.items():
                if not code.startswith("2") and "content" in response:
                    response["content"] = {JSON: response["content"].get(JSON) or
                                           next(iter(response["content"].values()))}
            operation.setdefault("security", [])
            conditional = method == "get" and view is not None and issubclass(view, ConditionalReadMixin)
            if conditional:
                responses["304"] = {"description": NOT_MODIFIED}
            throttled = view is not None and bool(getattr(view, "throttle_classes", ()))
            for code, response in responses.items():
                headers = response.setdefault("headers", {})
                headers["Cache-Control"] = _ref("Cache-Control")
                if throttled:
                    headers.update({name: _ref(name) for name in RATE_LIMIT_HEADERS})
                if code in ("200", "304") and conditional:
                    headers.update({"ETag": _ref("ETag"), "Last-Modified": _ref("Last-Modified")})
                if code == "200" and operation.get("operationId", "").endswith("_list") and conditional:
                    headers["Link"] = _ref("Link")
                if code == "429":
                    headers["Retry-After"] = _ref("Retry-After")
    return result
