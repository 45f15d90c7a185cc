"""Claims as ClaimSerializer shows them, built from plain rows: the fast path of the full exports and of
the claims list pages.

The exports write every verified claim; building model instances and walking the serializer's fields costs
about a millisecond a row, which a million-row export cannot afford, and was most of a list page's first
rendering. ``claim_records`` (exports) and ``claim_rows`` + ``claim_page`` (list pages, through
claims.api.listing) read the same columns with ``values_list`` and build the same dictionaries directly (the
value and date representations are DRF's: whole numbers as int, ISO dates, UTC times ending in "Z";
``interval`` from claims.reconcile.formatting). tests/api/test_records.py holds them to ClaimSerializer's
output field by field, and every list page to the serializer's page byte for byte, so a field added to the
serializer and not here fails there.
"""

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import QuerySet

from claims.reconcile.formatting import value_words

# (record key, column) in the serializer's order; "article" and "figure" are nested below.
CLAIM_COLUMNS = (
    "id", "article_id", "article__title", "article__url", "article__published_on", "article__publisher_id",
    "article__publisher__name", "article__publisher__domain", "start", "end", "text", "sentence", "kind",
    "qualifier", "low", "high", "unit", "subject", "attribution", "as_of", "date", "date_precision", "status",
    "rejection_reason", "figure_id", "figure__name", "figure__slug", "figure__kind", "figure__unit", "version",
    "updated_at",
)


def number(value: Decimal | None):
    """As claims.api.serializers.ValueField: an int when whole, else a float; None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def moment(value: datetime.datetime | None) -> str | None:
    """As DRF's DateTimeField in UTC: ISO 8601 with "Z" for +00:00."""
    if value is None:
        return None
    text = (value if value.tzinfo is datetime.UTC else value.astimezone(datetime.UTC)).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def claim_record(row: tuple) -> dict:
    """One claim as ClaimSerializer().data gives it, from a row of CLAIM_COLUMNS (a plain or named tuple)."""
    (pk, article_id, title, url, published_on, publisher_id, publisher, domain, start, end, text, sentence,
     kind, qualifier, low, high, unit, subject, attribution, as_of, date, precision, status, reason,
     figure_id, figure_name, figure_slug, figure_kind, figure_unit, version, updated_at) = row
    words = value_words(kind=kind, qualifier=qualifier, low=low, high=high, unit=unit, date=date,
                        precision=precision)
    return {
        "id": pk,
        "article": {"id": article_id, "title": title, "url": url, "published_on": day(published_on),
                    "publisher": {"id": publisher_id, "name": publisher, "domain": domain}},
        "start": start, "end": end, "text": text, "sentence": sentence, "kind": kind, "qualifier": qualifier,
        "low": number(low), "high": number(high), "unit": unit, "interval": words, "subject": subject,
        "attribution": attribution, "as_of": day(as_of), "date": day(date), "date_precision": precision,
        "status": status, "rejection_reason": reason,
        "figure": None if figure_id is None else {"id": figure_id, "name": figure_name, "slug": figure_slug,
                                                  "kind": figure_kind, "unit": figure_unit},
        "version": version, "updated_at": moment(updated_at),
    }


def claim_records(claims: QuerySet, *, chunk_size: int) -> Iterator[dict]:
    """Each claim of ``claims`` (in its order) as ClaimSerializer().data would give it. One query,
    streamed ``chunk_size`` rows at a time."""
    return map(claim_record, claims.values_list(*CLAIM_COLUMNS).iterator(chunk_size=chunk_size))


def claim_rows(claims: QuerySet) -> QuerySet:
    """``claims`` as named rows of CLAIM_COLUMNS (article, publisher and figure joined; no model
    instances): what a list page reads. The rows carry ``id`` and ``as_of`` as attributes, so the cursor
    paginator orders, filters and positions them as it does model instances."""
    return claims.values_list(*CLAIM_COLUMNS, named=True)


def claim_page(rows: Iterable[tuple]) -> list[dict]:
    """The records of a page of ``claim_rows``, in its order."""
    return [claim_record(row) for row in rows]
