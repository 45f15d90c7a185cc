"""The full exports of verified data, shared by ``GET /api/v1/export/`` and ``manage.py export_claims``.

Three formats, streamed as chunks of UTF-8 bytes so memory stays flat however many rows there are:

- ``json``: a JSON array of the verified claims, each exactly as ``GET /api/v1/claims/{id}/`` shows it, each
  object's text built straight from the database row (``json_claim_object``) rather than from a record
  encoded, with the same bytes;
- ``csv``: the same claims as flat rows (CLAIM_COLUMNS), a header line first, each row built straight from
  the database row (``csv_claim_line``) rather than from the JSON record flattened, with the same bytes;
- ``jsonld``: a JSON array of schema.org ClaimReview objects, one per published verdict (claims.api.claimreview).

Rows are read with ``QuerySet.iterator(chunk_size)``: one query for the claims (their article, publisher
and figure joined), and for verdicts one query plus one per chunk of VERDICTS_PER_CHUNK for their source
claims, whatever the number of rows. Verified data only, for every caller (claims.reconcile.visibility).
Links use ``settings.SITE_URL`` rather than the request's host, so the API and the command write the same
bytes.
"""

import csv
import datetime
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring

from django.conf import settings
from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from claims.api import records
from claims.api.claimreview import claim_review
from claims.api.records import claim_records, moment, number
from claims.api.serializers import VerdictWithSourcesSerializer
from claims.chunks import chunked
from claims.models import Verdict
from claims.reconcile.formatting import value_words
from claims.reconcile.visibility import verdict_sources, verified_claims

FORMATS = ("json", "csv", "jsonld")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "jsonld": "application/ld+json",
}
FILENAMES = {"json": "claims.json", "csv": "claims.csv", "jsonld": "claimreviews.jsonld"}
UNKNOWN_FORMAT = "unknown format {value!r}; use one of: json, csv, jsonld"
# Rows joined into one chunk of the stream: fewer, larger writes without holding much.
ROWS_PER_CHUNK = 200
# Verdicts read per round trip by the JSON-LD export, their source claims with them.
VERDICTS_PER_CHUNK = 100

# (CSV header, dotted path into the serialized record)
CLAIM_COLUMNS = (
    ("id", "id"), ("article_id", "article.id"), ("article_title", "article.title"),
    ("article_url", "article.url"), ("article_published_on", "article.published_on"),
    ("publisher_id", "article.publisher.id"), ("publisher", "article.publisher.name"),
    ("start", "start"), ("end", "end"), ("text", "text"), ("sentence", "sentence"), ("kind", "kind"),
    ("qualifier", "qualifier"), ("low", "low"), ("high", "high"), ("unit", "unit"), ("interval", "interval"),
    ("subject", "subject"), ("attribution", "attribution"), ("as_of", "as_of"), ("date", "date"),
    ("date_precision", "date_precision"), ("status", "status"), ("figure_id", "figure.id"),
    ("figure", "figure.name"), ("version", "version"), ("updated_at", "updated_at"),
)
VERDICT_COLUMNS = (
    ("id", "id"), ("figure_id", "figure.id"), ("figure", "figure.name"), ("kind", "figure.kind"),
    ("as_of", "as_of"), ("low", "low"), ("high", "high"), ("unit", "figure.unit"), ("interval", "interval"),
    ("rating", "rating"), ("note", "note"), ("published_at", "published_at"),
    ("withdrawn_at", "withdrawn_at"), ("sources_count", "sources_count"), ("sources_url", "sources_url"),
    ("independent_sources", "independent_sources"), ("version", "version"),
)
# The database columns of CLAIM_COLUMNS in their order, as csv_claim_line reads them ("interval" is computed).
CSV_CLAIM_SOURCE = (
    "id", "article_id", "article__title", "article__url", "article__published_on", "article__publisher_id",
    "article__publisher__name", "start", "end", "text", "sentence", "kind", "qualifier", "low", "high", "unit",
    "subject", "attribution", "as_of", "date", "date_precision", "status", "figure_id", "figure__name",
    "version", Cast("updated_at", output_field=CharField()),
)
# The database columns of a JSON claim record in its order, as json_claim_object reads them: those of
# claims.api.records.claim_record, updated_at read as text (as the CSV reads it).
JSON_CLAIM_SOURCE = (*records.CLAIM_COLUMNS[:-1], Cast("updated_at", output_field=CharField()))
# updated_at as the database writes it as text, in UTC: "2026-12-02 03:23:53.37+00" on PostgreSQL (whose
# connection Django sets to UTC; trailing zeros of the fraction dropped), "2026-12-02 03:23:53.370000" on
# SQLite. Read so, it skips the driver's datetime parsing (in Python: 0.24 of the 0.39 CPU seconds of reading
# the export's rows at 1M on PostgreSQL).
_STORED_MOMENT = re.compile(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:\+00)?").fullmatch
# What the csv writer quotes a cell for (excel dialect, QUOTE_MINIMAL, "\r\n" line ends): the delimiter,
# the quote character and the line end's characters.
_CSV_QUOTED = re.compile('[,"\r\n]').search
# Article columns no export shows; a long body would otherwise be read again for each of its claims.
UNUSED_ARTICLE_FIELDS = ("article__body", "article__fingerprint")
# A cell starting with one of these is a formula to spreadsheet programs; it is quoted with "'".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def check_format(value: str) -> str:
    """Return ``value`` when it is an export format; raise ValueError(UNKNOWN_FORMAT) otherwise."""
    if value not in FORMATS:
        raise ValueError(UNKNOWN_FORMAT.format(value=value))
    return value


def stream(export_format: str) -> Iterator[bytes]:
    """The full export in ``export_format`` as chunks of bytes; nothing is read before the first chunk
    is asked for. Raises ValueError(UNKNOWN_FORMAT) for another format."""
    check_format(export_format)
    if export_format == "json":
        return json_claims()
    if export_format == "csv":
        return csv_claims()
    return json_array(claim_reviews(serialized_verdicts()))


def serialized_claims() -> Iterator[dict]:
    """The verified claims, oldest id first, as ClaimSerializer gives them (claims.api.records builds the
    same records from plain rows, much faster): what the JSON export writes (``json_claims``). One query."""
    return claim_records(verified_claims().order_by("pk"), chunk_size=settings.EXPORT_CHUNK_SIZE)


def serialized_verdicts() -> Iterator[dict]:
    """Published verdicts, oldest id first, as VerdictWithSourcesSerializer gives them (every source listed).
    One query plus one a chunk."""
    verdicts = (
        Verdict.objects.published().with_independent_sources().with_source_counts().select_related("figure")
        .prefetch_related(verdict_sources()).order_by("pk")
    )
    serializer = VerdictWithSourcesSerializer()
    # Each chunk's sources are loaded with it: a small chunk keeps memory flat however many verdicts.
    for verdict in verdicts.iterator(chunk_size=VERDICTS_PER_CHUNK):
        yield serializer.to_representation(verdict)


def verdict_url(verdict_id: int) -> str:
    return settings.SITE_URL + reverse("api:verdict-detail", args=[verdict_id])


def to_claim_review(verdict: dict) -> dict:
    """claims.api.claimreview.claim_review with this site's addresses and organisation."""
    return claim_review(verdict, verdict_url=verdict_url(verdict["id"]), site_url=settings.SITE_URL,
                        organization=settings.SITE_ORGANIZATION)


def claim_reviews(verdicts: Iterable[dict]) -> Iterator[dict]:
    return (to_claim_review(verdict) for verdict in verdicts)


# JSON-LD is made to be pasted into a page's <script type="application/ld+json">: a "</script>" or "<!--" in
# a claim's text would end or alter that element. These escapes are the same JSON to every parser (as
# Django's json_script does), and U+2028/U+2029 end a line in older JavaScript.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                             "\u2028": "\\u2028", "\u2029": "\\u2029"})


# One encoder for every call (json.dumps with options builds a new one each time).
ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(data) -> str:
    """Compact JSON, UTF-8 as is, with SCRIPT_SAFE escapes: the one encoding of every JSON and JSON-LD
    export of the API, safe to embed in an HTML script element as it is."""
    return ENCODER.encode(data).translate(SCRIPT_SAFE)


def json_array(records: Iterable[dict]) -> Iterator[bytes]:
    """``[record,record,...]`` followed by a newline, in chunks of ROWS_PER_CHUNK records (each chunk
    encoded in one call: the batch's own array without its brackets)."""
    yield b"["
    first = True
    for batch in chunked(records, ROWS_PER_CHUNK):
        text = dumps(batch)[1:-1]
        yield (text if first else "," + text).encode()
        first = False
    yield b"]\n"


def json_claims() -> Iterator[bytes]:
    """The JSON export of the verified claims, oldest id first: the bytes ``json_array`` writes of
    ``serialized_claims()`` (tests/api/test_export_json.py holds them equal), each object written straight from
    its database row (``json_claim_object``) in half the CPU time (docs/benchmarks.md, "Export, fourth
    round"). One query."""
    rows = (verified_claims().order_by("pk").values_list(*JSON_CLAIM_SOURCE)
            .iterator(chunk_size=settings.EXPORT_CHUNK_SIZE))
    return json_objects(map(json_claim_object, rows))


def json_objects(objects: Iterable[str]) -> Iterator[bytes]:
    """``[object,object,...]`` followed by a newline, from the objects' JSON texts, in chunks of ROWS_PER_CHUNK
    with the SCRIPT_SAFE escapes: what ``json_array`` writes of the records they encode."""
    yield b"["
    first = True
    for batch in chunked(objects, ROWS_PER_CHUNK):
        text = ",".join(batch).translate(SCRIPT_SAFE)
        yield (text if first else "," + text).encode()
        first = False
    yield b"]\n"


# A claim's JSON object as ENCODER writes claims.api.records.claim_record's dictionary: its keys in their
# order, and slots that json_claim_object fills with the values already encoded (strings by _string, numbers by
# _json_number, ids and counts by %d; dates and times are ISO text, which JSON writes as it is, in quotes).
_CLAIM_OBJECT = (
    '{"id":%d,"article":{"id":%d,"title":%s,"url":%s,"published_on":"%s","publisher":{"id":%d,"name":%s,'
    '"domain":%s}},"start":%d,"end":%d,"text":%s,"sentence":%s,"kind":%s,"qualifier":%s,"low":%s,"high":%s,'
    '"unit":%s,"interval":%s,"subject":%s,"attribution":%s,"as_of":"%s","date":%s,"date_precision":%s,'
    '"status":%s,"rejection_reason":%s,"figure":%s,"version":%d,"updated_at":"%s"}'
)
_FIGURE_OBJECT = '{"id":%d,"name":%s,"slug":%s,"kind":%s,"unit":%s}'
# A str as ENCODER writes it (ensure_ascii=False: quoted, with JSON's escapes, other characters as they are).
# It raises TypeError for anything but a str, so a column that turned nullable fails loudly here (the
# nullable ones, low, high, date, figure and the figure's slug, are written "null" first).
_string = encode_basestring


def json_claim_object(row: tuple) -> str:
    """One claim's JSON object, from a row of JSON_CLAIM_SOURCE: what ENCODER writes of ``claim_record(...)``
    (before SCRIPT_SAFE, which ``json_objects`` applies to a chunk at once). Written with one format of a
    fixed text rather than by encoding a nested dictionary built key by key."""
    (pk, article_id, title, url, published_on, publisher_id, publisher, domain, start, end, text, sentence,
     kind, qualifier, low, high, unit, subject, attribution, as_of, date, precision, status, reason,
     figure_id, figure_name, figure_slug, figure_kind, figure_unit, version, updated_at) = row
    words = value_words(kind=kind, qualifier=qualifier, low=low, high=high, unit=unit, date=date,
                        precision=precision)
    figure = "null" if figure_id is None else _FIGURE_OBJECT % (
        figure_id, _string(figure_name), "null" if figure_slug is None else _string(figure_slug),
        _string(figure_kind), _string(figure_unit))
    return _CLAIM_OBJECT % (
        pk, article_id, _string(title), _string(url), published_on, publisher_id, _string(publisher),
        _string(domain), start, end, _string(text), _string(sentence), _string(kind), _string(qualifier),
        _json_number(low), _json_number(high), _string(unit), _string(words), _string(subject),
        _string(attribution), as_of, "null" if date is None else f'"{date}"', _string(precision),
        _string(status), _string(reason), figure, version, moment_text(updated_at),
    )


def _json_number(value) -> str:
    """What ENCODER writes of ``number(value)``: null, a whole number, or the float's shortest form."""
    if value is None:
        return "null"
    if value == value.to_integral_value():
        return str(int(value))
    value = float(value)
    # json writes NaN and the infinities by name (a numeric column can hold NaN).
    return repr(value) if math.isfinite(value) else ENCODER.encode(value)


def csv_claims() -> Iterator[bytes]:
    """The CSV export of the verified claims, oldest id first: the bytes ``csv_lines`` writes of ``flatten``
    over ``serialized_claims()`` (tests/api/test_export_csv.py holds them equal), built from plain rows in a
    quarter of the CPU time (docs/benchmarks.md, "Export, third round"). One query."""
    rows = (verified_claims().order_by("pk").values_list(*CSV_CLAIM_SOURCE)
            .iterator(chunk_size=settings.EXPORT_CHUNK_SIZE))
    return csv_chunks(map(csv_claim_line, rows), [header for header, _ in CLAIM_COLUMNS])


def csv_chunks(lines: Iterator[str], header: list[str]) -> Iterator[bytes]:
    """The header line, then the lines in chunks of ROWS_PER_CHUNK."""
    yield csv_lines([header])
    for batch in chunked(lines, ROWS_PER_CHUNK):
        yield "".join(batch).encode()


def csv_claim_line(row: tuple) -> str:
    """One claim's CSV line, from a row of CSV_CLAIM_SOURCE: what ``csv_lines`` writes of ``flatten(
    claim_record(...), CLAIM_COLUMNS)``. Written here rather than by the csv module (a third of the time
    went to it): only the text columns can hold a character the csv writer quotes (``_csv_text``)."""
    (pk, article_id, title, url, published_on, publisher_id, publisher, start, end, text, sentence, kind,
     qualifier, low, high, unit, subject, attribution, as_of, date, precision, status, figure_id, figure,
     version, updated_at) = row
    low_cell, high_cell, interval = value_cells(kind, qualifier, low, high, unit, date, precision)
    return ",".join((
        str(pk), str(article_id), _csv_text(title), _csv_text(url), published_on.isoformat(), str(publisher_id),
        _csv_text(publisher), str(start), str(end), _csv_text(text), _csv_text(sentence), _csv_text(kind),
        _csv_text(qualifier), low_cell, high_cell, _csv_text(unit), interval, _csv_text(subject),
        _csv_text(attribution), as_of.isoformat(), date.isoformat() if date else "", _csv_text(precision),
        _csv_text(status), "" if figure_id is None else str(figure_id),
        "" if figure is None else _csv_text(figure), str(version), moment_text(updated_at),
    )) + "\r\n"


def moment_text(text: str) -> str:
    """A time read as text from the database (_STORED_MOMENT), as claims.api.records.moment gives it:
    ``2026-12-02T03:23:53.370000Z``; another form (another time zone) is parsed and converted."""
    match = _STORED_MOMENT(text)
    if match is None:
        value = parse_datetime(text)
        return moment(value if value.tzinfo else value.replace(tzinfo=datetime.UTC))
    day, time, fraction = match.groups()
    if fraction and fraction.strip("0"):
        return f"{day}T{time}.{fraction.ljust(6, '0')}Z"
    return f"{day}T{time}Z"


# Not cached: an LRU cache of these cells saved 15-20 % of the line's time at 1M only once it held every
# distinct value (2,550 there), and memory would then grow with the distinct values of the data.
def value_cells(kind: str, qualifier: str, low, high, unit: str, date, precision: str) -> tuple[str, str, str]:
    """The cells low, high and interval of a claim's value, as claims.api.records.claim_record and
    ``_csv_text(_cell(...))`` give them."""
    words = value_words(kind=kind, qualifier=qualifier, low=low, high=high, unit=unit, date=date,
                        precision=precision)
    return _cell(number(low)), _cell(number(high)), _csv_text(words)


def _csv_text(value: str) -> str:
    """A text cell as ``csv_lines`` writes ``_cell(value)``: a formula-like value quoted with "'", then in
    double quotes (its own doubled) when it holds a character the csv writer quotes."""
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    if _CSV_QUOTED(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_lines(rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


def flatten(record: dict, columns) -> list:
    """The record's cells in column order; a path through a list joins the values with ";"."""
    return [_cell(_lookup(record, path.split("."))) for _, path in columns]


def _lookup(value, keys: list[str]):
    for position, key in enumerate(keys):
        if value is None:
            return None
        if isinstance(value, list):
            return ";".join(str(_lookup(item, keys[position:])) for item in value)
        value = value[key]
    return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


Writer = Callable[[bytes], object]


def write(export_format: str, write_bytes: Writer) -> None:
    """Write the whole export through ``write_bytes`` chunk by chunk (the command's path)."""
    for chunk in stream(export_format):
        write_bytes(chunk)
