"""The import's bulk writes store each value as the ORM would: what goes in reads back the same, through
insert_claims (claims and their history rows) and insert_buckets, on SQLite (executemany) and on PostgreSQL
(COPY, where integers, finite Decimals and dates are written as they are and JSON as its text)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from psycopg.types.json import Jsonb

from claims.ingest.bulk import _decimal_preparer, _json_text, insert_buckets, insert_claims
from claims.models import ArticleBucket, Claim
from tests.factories import make_article

pytestmark = pytest.mark.django_db

# Text that COPY's format must escape (tab, newline, backslash) and JSON must quote.
AWKWARD = 'a\ttab, a\nnew line, a back\\slash, "quotes" and ünïcödé'


def claim_row(article, **fields) -> dict:
    now = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    row = {
        "article_id": article.pk, "start": 0, "end": 2, "text": "12", "sentence": AWKWARD, "kind": "count",
        "qualifier": "exact", "low": Decimal("-0.0001"), "high": Decimal("12.5"), "unit": "", "subject": AWKWARD,
        "attribution": "", "originator_id": None, "as_of": datetime.date(2015, 3, 2), "date": None,
        "date_precision": "", "status": "pending", "rejection_reason": "", "figure_id": None,
        "extracted": {"text": AWKWARD, "low": 12.5, "nested": [1, None, {"x": "\\n"}]},
        "extractor_version": "v", "origin": "extracted", "reviewed_by_id": None, "reviewed_at": None,
        "assignee_id": None, "version": 1, "verified": False, "created_at": now, "updated_at": now,
    }
    return {**row, **fields}


def test_claim_values_read_back_as_given_with_a_matching_history_row():
    article = make_article()
    rows = [claim_row(article),
            claim_row(article, start=3, end=5, low=None, high=Decimal("1E+3"), date=datetime.date(2014, 1, 1),
                      date_precision="day", extracted={})]
    ids = insert_claims(rows)
    for pk, row in zip(ids, rows, strict=True):
        claim = Claim.objects.get(pk=pk)
        stored = {name: getattr(claim, name) for name in row}
        assert stored == row
        (history,) = claim.history.all()
        tracked = [field.attname for field in type(history).tracked_fields]
        assert {name: getattr(history, name) for name in tracked} == {name: getattr(claim, name) for name in tracked}


def test_bucket_rows_read_back_as_given():
    first, second = make_article(), make_article()
    rows = [(first.pk, -(2**62), datetime.date(1, 1, 1)), (first.pk, 2**62 - 1, datetime.date(9999, 12, 31)),
            (second.pk, 0, datetime.date(2024, 2, 29)), (second.pk, 17, datetime.date(2024, 2, 29))]
    assert insert_buckets(rows) == 4
    assert sorted(ArticleBucket.objects.values_list("article_id", "key", "published_on")) == sorted(rows)


def test_no_buckets_write_nothing():
    assert insert_buckets([]) == 0


def test_a_finite_decimal_is_kept_and_anything_else_goes_through_the_field():
    field = Claim._meta.get_field("low")
    prepare = _decimal_preparer(field.get_db_prep_save, none_kept=True)
    value = Decimal("12.3400")
    assert prepare(value, None) is value
    assert prepare(None, None) is None
    with pytest.raises(ValidationError):
        prepare(Decimal("NaN"), None)


def test_json_is_dumped_once_to_the_text_psycopg_would_write():
    calls = []

    def field_prep(value, connection):
        calls.append(value)
        return Jsonb(value, dumps=lambda obj: json.dumps(obj, sort_keys=True))

    prepare = _json_text(field_prep)
    assert prepare({"b": 1, "a": [None]}, None) == '{"a": [null], "b": 1}'
    assert _json_text(lambda value, connection: Jsonb(value))(None, None) == "null"  # the default dumps
    assert _json_text(lambda value, connection: value)(None, None) is None  # not a wrapper: as given
    assert calls == [{"b": 1, "a": [None]}]
