"""CSV and JSON-LD renderers for the API's lists and details, over the same helpers as the full exports
(claims.api.exports), so a page of ``?format=csv`` has the export's columns and a verdict's ``?format=jsonld``
is the export's ClaimReview.

A list page renders its ``results`` only; the cursor links of the page travel in the ``Link`` header the
paginator sets (claims.api.pagination), since CSV and a JSON-LD array have no place for them.
Error responses (a dict with ``detail`` or field messages) render as JSON in every format.
"""

from rest_framework.renderers import BaseRenderer

from claims.api import exports


def _rows(data) -> list | None:
    """The records of a list page, a plain list or one object; None for an error."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "results" in data:
        return data["results"]
    if isinstance(data, dict) and "id" in data:
        return [data]
    return None


def _as_json(data) -> bytes:
    return exports.dumps(data).encode()


class CSVRenderer(BaseRenderer):
    """Flat rows with the columns the view names in ``csv_columns``."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        records = _rows(data)
        if records is None:
            return _as_json(data)
        columns = renderer_context["view"].csv_columns
        return exports.csv_lines([[header for header, _ in columns]]) + exports.csv_lines(
            exports.flatten(record, columns) for record in records
        )


class JSONLDRenderer(BaseRenderer):
    """schema.org ClaimReview for verdicts: one object for a detail, an array for a list page."""

    media_type = "application/ld+json"
    format = "jsonld"
    charset = None  # JSON is UTF-8 by definition (RFC 8259)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        records = _rows(data)
        if records is None:
            return _as_json(data)
        reviews = [exports.to_claim_review(record) for record in records]
        single = isinstance(data, dict) and "results" not in data
        return _as_json(reviews[0] if single else reviews)
