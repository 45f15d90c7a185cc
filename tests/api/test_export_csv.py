"""The CSV export builds its lines straight from the database rows (exports.csv_claim_line) and writes the
bytes the csv module wrote of the JSON records flattened (exports.flatten over claims.api.records.claim_record,
the path of the API's CSV pages and of the export before), for every shape of cell."""

import datetime
from decimal import Decimal

import pytest

from claims.api import exports
from claims.api.exports import CLAIM_COLUMNS, CSV_CLAIM_SOURCE, csv_chunks, csv_claim_line, csv_lines, flatten
from claims.api.records import claim_records, moment
from claims.models import Article, Claim
from claims.reconcile.visibility import verified_claims
from tests.api.conftest import body, token_client
from tests.factories import make_article, make_claim, make_figure, make_publisher, make_verdict

pytestmark = pytest.mark.django_db

BODY = 'Officials said "more than 5,000" people died;\n2.5 million fled, 12 counted, 3 January, ünïcödé 40.'
HEADER = [header for header, _ in CLAIM_COLUMNS]

# Each shape of claim a CSV cell can come from: (article fields, claim fields). Every text column meets a
# formula-like start ("=+-@", tab, carriage return) somewhere, and commas, quotes, newlines and non-ASCII
# text, which the csv writer quotes.
SHAPES = {
    "exact, whole number": ({}, dict(text="12", low=12, high=12)),
    "open upper end": ({}, dict(text="5,000", qualifier="more_than", low=5000, high=None)),
    "open lower end": ({}, dict(text="5,000", qualifier="less_than", low=None, high=5000)),
    "fraction": ({}, dict(text="2.5 million", kind="displaced", low=Decimal("2500000.5"),
                          high=Decimal("2500000.5"))),
    "range with a fraction": ({}, dict(text="12", qualifier="range", low=10, high=Decimal("12.25"), unit="")),
    "vague with no upper end": ({}, dict(text="2.5 million", qualifier="vague", low=2000000, high=None)),
    "unit of time, plural": ({}, dict(text="12", kind="duration", low=12, high=12, unit="day")),
    "unit of time, one": ({}, dict(text="12", kind="duration", low=1, high=1, unit="day")),
    "no value": ({}, dict(text="Officials", low=None, high=None, qualifier="", unit="")),
    "a date": ({}, dict(text="3 January", kind="date", low=None, high=None, qualifier="", unit="",
                        date=datetime.date(2014, 1, 3), date_precision="week")),
    "a date claim without its date": ({}, dict(text="3 January", kind="date", low=None, high=None,
                                               qualifier="", unit="", date=None, date_precision="")),
    "no figure": ({}, dict(text="40", low=40, high=40, grouped=False)),
    "formula-like text": (
        dict(title="=SUM(A1) counted", url="https://x.example/-a", publisher="+Plus Wire"),
        dict(text="12", subject="-5 people, \"quoted\"", attribution="@officials", unit="\tpeople",
             sentence="\rCarriage return first", figure="=Formula figure"),
    ),
    "commas, quotes and newlines": (
        dict(title='Toll, "latest"\nupdate', publisher="Courier, Daily"),
        dict(text="5,000", subject='people killed, "so far"', attribution="the U.N.\r\nofficials",
             figure='Toll, "war"'),
    ),
    "unicode": (
        dict(title="Bilan: ünïcödé – 避難者", publisher="Ведомости"),
        dict(text="ünïcödé 40", low=40, high=40, subject="déplacés – 避難者", attribution="ООН"),
    ),
    "pending": ({}, dict(text="12", status="pending")),
    "rejected": ({}, dict(text="12", status="rejected", rejection_reason="off_topic")),
}


def make_shapes() -> list[Claim]:
    """One claim of each of SHAPES, each in its own article; the accepted ones rest on published verdicts."""
    claims = []
    for number, (article_fields, fields) in enumerate(SHAPES.values()):
        article_fields, fields = dict(article_fields), dict(fields)
        publisher = make_publisher(article_fields.pop("publisher", f"Outlet {number}"))
        article = make_article(f"{number}: {BODY}", publisher=publisher, title=article_fields.get("title", ""),
                               published_on=datetime.date(2014, 1, 1 + number))
        Article.objects.filter(pk=article.pk).update(url=article_fields.get("url", ""))
        figure = make_figure(fields.pop("figure", f"Figure {number}")) if fields.pop("grouped", True) else None
        fields.setdefault("status", "accepted")
        claims.append(make_claim(article, figure=figure, **fields))
    verdict_figure = make_figure("Verdicts' figure")
    make_verdict(verdict_figure, [claim for claim in claims if claim.status == "accepted"])
    return claims


def flattened(claims) -> bytes:
    """The CSV of ``claims`` as the records flattened give it: the export before, the API's CSV pages."""
    records = claim_records(claims.order_by("pk"), chunk_size=7)
    return csv_lines([HEADER]) + csv_lines(flatten(record, CLAIM_COLUMNS) for record in records)


def from_rows(claims) -> bytes:
    return b"".join(csv_chunks(map(csv_claim_line, claims.order_by("pk").values_list(*CSV_CLAIM_SOURCE)),
                               HEADER))


def test_the_csv_export_is_byte_for_byte_the_flattened_records(db):
    claims = make_shapes()
    exported = b"".join(exports.stream("csv"))
    assert exported == flattened(verified_claims())
    accepted = sum(claim.status == "accepted" for claim in claims)
    assert exported.count(b"\r\n") > accepted  # every accepted shape is there (some cells hold line breaks)
    assert verified_claims().count() == accepted == len(SHAPES) - 2


def test_rows_and_flattened_records_agree_on_every_claim_whatever_its_status(db):
    make_shapes()
    assert from_rows(Claim.objects.all()) == flattened(Claim.objects.all())
    assert set(Claim.objects.values_list("status", flat=True)) == {"accepted", "pending", "rejected"}


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "staff"])
def test_rows_match_the_apis_csv_pages_for_anonymous_and_staff_clients(anonymous, reviewer, staff):
    make_shapes()
    client = token_client(reviewer) if staff else anonymous
    query = "status=all&" if staff else ""
    page = body(client.get(f"/api/v1/claims/?{query}ordering=id&page_size=100&format=csv"))
    assert page == from_rows(Claim.objects.all() if staff else verified_claims())
    assert (b",rejected," in page) == staff


def test_the_chunks_hold_rows_per_chunk_rows_after_the_header(db, monkeypatch):
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 4)
    figure = make_figure("Chunked")
    article = make_article("Ten counts: 1 2 3 4 5 6 7 8 9 10.")
    claims = [make_claim(article, text=str(n), figure=figure, status="accepted", refresh=False)
              for n in range(1, 11)]
    make_verdict(figure, claims)
    assert [chunk.count(b"\r\n") for chunk in exports.stream("csv")] == [1, 4, 4, 2]


# Cells the csv writer quotes (delimiter, quote, line ends) and cells it leaves alone, with formula-like starts.
CELLS = ["", "plain", "a,b", 'say "12"', '"', "a\nb", "a\rb", "\r\n", "=1+2", "+1", "-5, or 6", "@x", "\tx",
         "\rx", "'quoted", " spaced ", "a\tb", "\x0b\x0c\x1c\x85\u2028", "back\\slash", "ünïcödé, 避難者"]


@pytest.mark.parametrize("value", CELLS)
def test_a_text_cell_is_what_the_csv_writer_writes_of_it(value):
    assert ("x," + exports._csv_text(value) + "\r\n").encode() == csv_lines([["x", exports._cell(value)]])


AT = datetime.datetime(2026, 12, 2, 3, 23, 53, 370000, tzinfo=datetime.UTC)
# The forms a time takes as text: PostgreSQL in UTC (trailing zeros of the fraction dropped), SQLite (naive
# UTC, six digits or none), and another time zone, which takes the slow road.
STORED_TIMES = {
    "2026-12-02 03:23:53.37+00": AT,
    "2026-12-02 03:23:53.370000": AT,
    "2026-12-02 03:23:53+00": AT.replace(microsecond=0),
    "2026-12-02 03:23:53": AT.replace(microsecond=0),
    "2026-12-02 03:23:53.000000": AT.replace(microsecond=0),
    "2026-12-02 03:23:53.000001+00": AT.replace(microsecond=1),
    "0999-01-02 00:00:00.5+00": datetime.datetime(999, 1, 2, 0, 0, 0, 500000, tzinfo=datetime.UTC),
    "2026-12-02 04:53:53.37+01:30": AT,
    "2026-12-01 22:23:53.37-05": AT,
}


@pytest.mark.parametrize("text", STORED_TIMES)
def test_a_time_read_as_text_is_written_as_the_json_record_writes_it(text):
    assert exports.moment_text(text) == moment(STORED_TIMES[text])
