"""The JSON export writes each claim's object straight from its database row (exports.json_claim_object) and
writes the bytes the records encoded wrote (exports.json_array over claims.api.records.claim_record, the
path of the export before, held to ClaimSerializer by tests/api/test_records.py), for every shape of value."""

import datetime
import json
from decimal import Decimal

import pytest

from claims.api import exports
from claims.api.exports import JSON_CLAIM_SOURCE, json_array, json_claim_object, json_objects
from claims.api.records import claim_records, number
from claims.models import Article, Claim, Figure
from claims.reconcile.visibility import verified_claims
from tests.api.test_export_csv import SHAPES, make_shapes
from tests.factories import make_article, make_claim, make_figure, make_publisher, make_verdict

pytestmark = pytest.mark.django_db

# Text that JSON escapes (quotes, backslashes, control characters), that SCRIPT_SAFE escapes ("</script>",
# "<!--", "&", U+2028, U+2029), and characters outside the BMP, which are written as they are.
ESCAPED = 'Say "12" \\ back\x01\x1f\x7f\t</script><!-- & \u2028\u2029 😀 ünï'
# Each shape a JSON value can take that SHAPES (the CSV's) does not show: (article fields, claim fields).
JSON_SHAPES = {
    "escapes in every text column": (
        dict(title=ESCAPED, url="https://x.example/?a=1&b=</script>", publisher=f"Wire {ESCAPED}",
             domain="ünï.example"),
        dict(text="12", sentence=ESCAPED, subject=ESCAPED, attribution=ESCAPED, unit="<b>people</b>",
             figure=f"Figure {ESCAPED}", figure_unit="\u2028"),
    ),
    "a figure without a slug": ({}, dict(text="12", figure="Unslugged", slug=None)),
    "the smallest fraction and a large value": ({}, dict(text="12", qualifier="range", low=Decimal("0.0001"),
                                                         high=Decimal("123456789.0625"))),
    "negative and trailing zeros": ({}, dict(text="12", qualifier="range", low=Decimal("-5.5000"),
                                             high=Decimal("12.0000"))),
    "a rejected claim with its reason": ({}, dict(text="12", status="rejected", rejection_reason="off_topic")),
}


def make_json_shapes() -> list[Claim]:
    """One claim of each of JSON_SHAPES, each in its own article, the accepted ones on a published verdict."""
    claims = []
    for number_, (article_fields, fields) in enumerate(JSON_SHAPES.values()):
        article_fields, fields = dict(article_fields), dict(fields)
        publisher = make_publisher(article_fields.pop("publisher", f"JSON outlet {number_}"))
        publisher.domain = article_fields.pop("domain", "")
        publisher.save(update_fields=["domain"])
        article = make_article(f"{number_}: 12 counted.", publisher=publisher, title=article_fields.get("title", ""),
                               published_on=datetime.date(1999, 12, 31))
        Article.objects.filter(pk=article.pk).update(url=article_fields.get("url", ""))
        figure = make_figure(fields.pop("figure", f"JSON figure {number_}"), unit=fields.pop("figure_unit", ""))
        if "slug" in fields:
            Figure.objects.filter(pk=figure.pk).update(slug=fields.pop("slug"))
        fields.setdefault("status", "accepted")
        claims.append(make_claim(article, figure=figure, **fields))
    make_verdict(make_figure("JSON verdicts' figure"), [claim for claim in claims if claim.status == "accepted"])
    return claims


def encoded(claims) -> bytes:
    """The JSON of ``claims`` as the records encoded give it: the export before."""
    return b"".join(json_array(claim_records(claims.order_by("pk"), chunk_size=7)))


def from_rows(claims) -> bytes:
    rows = claims.order_by("pk").values_list(*JSON_CLAIM_SOURCE)
    return b"".join(json_objects(map(json_claim_object, rows)))


def test_the_json_export_is_byte_for_byte_the_encoded_records(db):
    claims = make_shapes() + make_json_shapes()
    exported = b"".join(exports.stream("json"))
    assert exported == encoded(verified_claims())
    accepted = [claim.pk for claim in claims if claim.status == "accepted"]
    assert [record["id"] for record in json.loads(exported)] == accepted
    assert len(accepted) == len(SHAPES) + len(JSON_SHAPES) - 3  # pending, rejected and rejected again


def test_rows_and_encoded_records_agree_on_every_claim_whatever_its_status(db):
    make_shapes()
    make_json_shapes()
    assert from_rows(Claim.objects.all()) == encoded(Claim.objects.all())
    assert b'"rejection_reason":"off_topic"' in from_rows(Claim.objects.filter(status="rejected"))


def test_every_kind_of_value_is_in_the_compared_export(db):
    make_shapes()
    make_json_shapes()
    exported = from_rows(Claim.objects.all())
    records = json.loads(exported)
    values = {key: {json.dumps(record[key]) for record in records} for key in ("low", "high", "date", "figure")}
    assert {"null", "12", "2500000.5", "12.25", "0.0001", "123456789.0625", "-5.5"} <= values["low"] | values["high"]
    assert {"null", '"2014-01-03"'} <= values["date"] and "null" in values["figure"]
    assert None in {record["figure"]["slug"] for record in records if record["figure"]}
    # The script-safe escapes are applied and the JSON escapes decode back to the stored text.
    assert b"</script>" not in exported and b"<!--" not in exported and "\u2028".encode() not in exported
    assert ESCAPED in {record["sentence"] for record in records}
    assert "😀".encode() in exported


def test_the_json_objects_come_in_chunks_of_rows_per_chunk(db, monkeypatch):
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 4)
    figure = make_figure("Chunked")
    article = make_article("Ten counts: 1 2 3 4 5 6 7 8 9 10.")
    claims = [make_claim(article, text=str(n), figure=figure, status="accepted", refresh=False)
              for n in range(1, 11)]
    make_verdict(figure, claims)
    chunks = list(exports.stream("json"))
    assert [chunk.count(b'"article":') for chunk in chunks] == [0, 4, 4, 2, 0]
    assert chunks[0] == b"[" and chunks[-1] == b"]\n" and chunks[2].startswith(b",{")


def test_an_empty_export_is_an_empty_array(db):
    assert b"".join(exports.stream("json")) == b"[]\n"


NUMBERS = ["0", "12", "12.0000", "-5.5000", "0.0001", "2500000.5", "1234567890123456.7891", "9999999999999999",
           "1E+3", "0.1", "NaN"]


@pytest.mark.parametrize("value", NUMBERS)
def test_a_number_is_written_as_the_encoder_writes_the_records_number(value):
    assert exports._json_number(Decimal(value)) == exports.ENCODER.encode(number(Decimal(value)))


def test_no_number_is_null():
    assert exports._json_number(None) == "null" == exports.ENCODER.encode(number(None))
