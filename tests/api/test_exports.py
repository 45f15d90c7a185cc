"""Full exports: ``manage.py export_claims`` writes the API's ``GET /api/v1/export/`` byte for byte, in a
stream read with a fixed number of queries."""

import csv
import io
import itertools
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.api import exports
from tests.api.conftest import MARKER, body
from tests.factories import make_article, make_claim, make_figure, make_publisher, make_verdict

pytestmark = pytest.mark.django_db
_batch = itertools.count(1)


def verified_claims(count: int) -> None:
    figure = make_figure("Counted")
    publisher = make_publisher("Wire")
    claims, batch = [], next(_batch)
    for number in range(count):
        article = make_article(f"Item {number}: =SUM(A1) says 12 people were counted ({batch}).",
                               publisher=publisher)
        claims.append(make_claim(article, text="12", figure=figure, status="accepted", low=12, high=12,
                                 refresh=False))
    make_verdict(figure, claims, note="-5 is not a formula")  # refreshes the figure's summary once


def command_output(fmt: str, tmp_path) -> bytes:
    target = tmp_path / f"out.{fmt}"
    call_command("export_claims", "--format", fmt, "--output", str(target))
    return target.read_bytes()


@pytest.mark.parametrize("fmt", ["json", "csv", "jsonld"])
def test_the_command_writes_the_apis_full_export_byte_for_byte(client, world, tmp_path, fmt):
    verified_claims(3)
    response = client.get(f"/api/v1/export/?format={fmt}")
    api = body(response)
    assert response.status_code == 200 and response["Content-Type"] == exports.CONTENT_TYPES[fmt]
    assert command_output(fmt, tmp_path) == api
    assert MARKER.encode() not in api


def test_the_command_writes_to_standard_output_without_output(world, capsysbinary):
    call_command("export_claims", "--format", "csv")
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert lines[0].split(",")[:3] == ["id", "article_id", "article_title"] and len(lines) == 2


def test_the_command_refuses_an_unknown_format(db):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        call_command("export_claims", "--format", "xml")


def test_the_json_export_holds_each_claim_as_the_api_shows_it(client, world):
    exported = json.loads(body(client.get("/api/v1/export/")))
    assert exported == [client.get(f"/api/v1/claims/{world.accepted.pk}/").json()]


def test_the_csv_export_is_flat_and_quotes_formula_like_cells(client, db):
    verified_claims(2)
    rows = list(csv.DictReader(io.StringIO(body(client.get("/api/v1/export/?format=csv")).decode())))
    assert [header for header, _ in exports.CLAIM_COLUMNS] == list(rows[0])
    assert (rows[0]["text"], rows[0]["low"], rows[0]["publisher"], rows[0]["figure"]) == ("12", "12", "Wire",
                                                                                         "Counted")
    assert rows[0]["article_title"].startswith("Item 0: =SUM")  # not at the start: left as is
    verdicts = list(csv.DictReader(io.StringIO(body(client.get("/api/v1/verdicts/?format=csv")).decode())))
    assert verdicts[0]["note"] == "'-5 is not a formula"
    assert verdicts[0]["sources_count"] == "2"
    assert verdicts[0]["sources_url"] == f"http://testserver/api/v1/claims/?verdict={verdicts[0]['id']}"


@pytest.mark.parametrize("fmt", ["json", "csv", "jsonld"])
def test_the_export_streams_and_reads_a_fixed_number_of_queries_whatever_the_rows(client, db, settings, fmt,
                                                                                 monkeypatch):
    settings.EXPORT_CHUNK_SIZE = 50
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 25)
    counts = []
    for rows in (5, 120):
        verified_claims(rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/export/?format={fmt}")
            assert response.streaming
            # Nothing is read until the stream is consumed: the view only sets it up.
            before = len(queries)
            chunks = list(response.streaming_content)
        counts.append(len(queries) - before)
        if fmt != "jsonld":  # (one verdict per batch of claims here)
            assert len(chunks) >= 1 + rows // 25  # a chunk per 25 rows, never one body
    # Claims: one query on SQLite (a cursor read in chunks). Verdicts: one, plus one per chunk of
    # verdicts for their sources, and all 120 claims rest on one verdict.
    assert counts[0] == counts[1]


def test_the_stream_is_lazy_and_yields_chunks_before_reading_everything(db, django_assert_num_queries):
    verified_claims(450)
    stream = exports.stream("csv")
    with django_assert_num_queries(1):
        header = next(stream)
        first_rows = next(stream)
    assert header.startswith(b"id,article_id") and first_rows.count(b"\r\n") == exports.ROWS_PER_CHUNK
    assert sum(chunk.count(b"\r\n") for chunk in stream) == 450 - exports.ROWS_PER_CHUNK


def bulk_verified_claims(count: int) -> None:
    """``count`` verified claims in one long article, written in bulk (no extraction, no history)."""
    from claims.models import Claim

    body = " ".join(f"{number:06d}" for number in range(count))
    article = make_article(body, publisher=make_publisher("Bulk"), title="Bulk")
    figure = make_figure("Bulk figure")
    claims = Claim.objects.bulk_create(
        Claim(article=article, start=7 * n, end=7 * n + 6, text=f"{n:06d}", sentence="s", kind="death_toll",
              low=n, high=n, unit="people", as_of=article.published_on, status="accepted", figure=figure,
              extractor_version="test")
        for n in range(count)
    )
    # The figure's stored summary is of no interest to the export (and costly over thousands of claims).
    make_verdict(figure, claims, refresh=False)


def peak_while_streaming(export_format: str) -> tuple[int, int]:
    """(peak traced memory while consuming the whole stream, bytes streamed)."""
    import tracemalloc

    tracemalloc.start()
    try:
        size = sum(len(chunk) for chunk in exports.stream(export_format))
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_memory_stays_flat_when_the_export_grows(db, settings, fmt):
    settings.EXPORT_CHUNK_SIZE = 100
    bulk_verified_claims(400)
    small_peak, small_size = peak_while_streaming(fmt)
    bulk_verified_claims(1_600)
    large_peak, large_size = peak_while_streaming(fmt)
    assert large_size > 4 * small_size
    # Five times the rows, and the peak stays within a chunk's worth of the small run's, not 5x.
    assert large_peak < 2 * small_peak, (small_peak, large_peak)
