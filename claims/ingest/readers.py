"""Turn files on disk into article records, or say exactly why a file cannot be one.

Supported inputs: ``.txt`` (the whole file is the body; the title is the first line of news text unless
given), ``.json`` (one record or a list of records), ``.jsonl`` (one record a line), and folders of those.
A manifest CSV with the columns ``path,publisher,published`` supplies the publisher and date of files that
carry none. Nothing here touches the database.
"""

import csv
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from claims.extraction import boilerplate_spans
from claims.ingest.pages import PAGE_SUFFIXES, Page, parse_page

ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl", *PAGE_SUFFIXES)
MANIFEST_COLUMNS = ("path", "publisher", "published")
TITLE_MAX_LENGTH = 200
URL_MAX_LENGTH = 2000  # Article.url's column

NOT_FOUND = "no such file or folder"
NOT_UTF8 = "not UTF-8 text"
EMPTY_BODY = "the article body is empty"
HAS_NUL = "field {name!r} contains NUL characters (is it a binary file?)"
NO_DATE = "no publication date: give --published-on, a manifest row or a published_on field"
BAD_DATE = "publication date {value!r} is not a date in the form YYYY-MM-DD"
DATE_OUT_OF_RANGE = "publication date {value} is outside the years {first} to {last}"
# News older or newer than this is a typing error (0001-01-01, 9999-12-31), not an article.
PUBLISHED_RANGE = (datetime.date(1800, 1, 1), datetime.date(2999, 12, 31))
NO_PUBLISHER = "no publisher: give --publisher, a manifest row or a publisher field"
BAD_JSON = "not valid JSON: {error}"
NOT_A_RECORD = "a record must be a JSON object with at least a body"
BAD_FIELD = "field {name!r} must be a string"
BAD_URL = "url {value!r} is not a valid http(s) address"
UNSUPPORTED = "unsupported file type {suffix!r} (expected .txt, .json, .jsonl, .html or .htm)"
PAGE_NO_DATE = "the page gives no publication date: give one (--published-on, a manifest row or the form's date)"
MANIFEST_BAD_COLUMNS = "manifest {path} must have the columns path,publisher,published"
MANIFEST_BAD_DATE = "manifest {path}, line {line}: " + BAD_DATE


class InputError(ValueError):
    """A file or record that cannot be imported; the message says why, for the person who gave it."""


class MissingDate(InputError):
    """A web page that gives no publication date (and none was given): ``title`` lets a form ask for it."""

    def __init__(self, message: str, *, title: str = ""):
        super().__init__(message)
        self.title = title


@dataclass(frozen=True)
class ArticleRecord:
    """One article ready to import: the body exactly as received plus its metadata."""

    source: str  # where it came from, for messages: "folder/file.jsonl:3"
    title: str
    body: str
    publisher: str
    published_on: datetime.date
    url: str = ""
    language: str = "en"
    raw_html: bytes = b""  # the page a web article was read from, kept beside its text


@dataclass(frozen=True)
class Defaults:
    """Metadata given on the command line, used where a file or manifest gives none."""

    publisher: str = ""
    published_on: datetime.date | None = None
    manifest: dict[Path, tuple[str, datetime.date | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadResult:
    """What reading one input gave: a record, or the error that stops it."""

    source: str
    record: ArticleRecord | None = None
    error: str = ""


def parse_date(value: object) -> datetime.date:
    """Parse an ISO date within PUBLISHED_RANGE; raise InputError with the exact message otherwise."""
    if isinstance(value, datetime.date):
        date = value
    else:
        try:
            date = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError(BAD_DATE.format(value=value)) from None
    first, last = PUBLISHED_RANGE
    if not first <= date <= last:
        raise InputError(DATE_OUT_OF_RANGE.format(value=date.isoformat(), first=first.year, last=last.year))
    return date


def read_manifest(path: Path) -> dict[Path, tuple[str, datetime.date | None]]:
    """Map each listed file (resolved against the manifest's folder) to its publisher and date.

    Raises InputError when the file is missing, is not CSV with the expected columns, or a date is bad.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not set(MANIFEST_COLUMNS) <= set(reader.fieldnames):
                raise InputError(MANIFEST_BAD_COLUMNS.format(path=path))
            entries = {}
            for line, row in enumerate(reader, start=2):
                published = (row["published"] or "").strip()
                try:
                    date = parse_date(published) if published else None
                except InputError:
                    raise InputError(
                        MANIFEST_BAD_DATE.format(path=path, line=line, value=published)
                    ) from None
                target = (path.parent / row["path"].strip()).resolve()
                entries[target] = ((row["publisher"] or "").strip(), date)
            return entries
    except FileNotFoundError:
        raise InputError(f"manifest {path}: {NOT_FOUND}") from None
    except UnicodeDecodeError:
        raise InputError(f"manifest {path}: {NOT_UTF8}") from None


def guess_title(body: str) -> str:
    """The first line with letters outside site boilerplate, shortened at a word boundary if long."""
    chrome = boilerplate_spans(body)
    offset = 0
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        inside_chrome = any(start <= offset < end for start, end in chrome)
        offset += len(line)
        if stripped and not inside_chrome and any(char.isalpha() for char in stripped):
            if len(stripped) <= TITLE_MAX_LENGTH:
                return stripped
            return stripped[:TITLE_MAX_LENGTH].rsplit(" ", 1)[0] + "…"
    return "Untitled"


def read_inputs(paths: list[Path], defaults: Defaults) -> Iterator[ReadResult]:
    """Yield one ReadResult per article in ``paths``: a record, or an error naming the input.

    Folders are walked recursively in name order and only their article files are read; a named file
    of another type, or a missing path, is an error.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix in ARTICLE_SUFFIXES:
                    yield from read_file(child, defaults)
        elif path.is_file():
            yield from read_file(path, defaults)
        else:
            yield ReadResult(source=str(path), error=NOT_FOUND)


def read_file(path: Path, defaults: Defaults) -> Iterator[ReadResult]:
    """Read one file into records; every failure is a ReadResult with the reason, never an exception."""
    source = str(path)
    if path.suffix not in ARTICLE_SUFFIXES:
        yield ReadResult(source=source, error=UNSUPPORTED.format(suffix=path.suffix))
        return
    if path.suffix in PAGE_SUFFIXES:
        yield _result(source, lambda: _page_file(source, path, defaults))
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        yield ReadResult(source=source, error=NOT_UTF8)
        return
    except OSError as error:
        yield ReadResult(source=source, error=error.strerror or str(error))
        return
    publisher, published_on = defaults.manifest.get(path.resolve(), ("", None))
    file_defaults = Defaults(
        publisher=publisher or defaults.publisher,
        published_on=published_on or defaults.published_on,
    )
    if path.suffix == ".txt":
        yield _result(source, lambda: record_from_text(source, text, file_defaults))
    elif path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            yield ReadResult(source=source, error=BAD_JSON.format(error=error))
            return
        items = data if isinstance(data, list) else [data]
        for index, item in enumerate(items, start=1):
            name = f"{source}[{index}]" if isinstance(data, list) else source
            yield _result(name, lambda name=name, item=item: record_from_mapping(name, item, file_defaults))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            name = f"{source}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                yield ReadResult(source=name, error=BAD_JSON.format(error=error))
                continue
            yield _result(name, lambda name=name, item=item: record_from_mapping(name, item, file_defaults))


def _page_file(source: str, path: Path, defaults: Defaults) -> ArticleRecord:
    try:
        html = path.read_bytes()
    except OSError as error:
        raise InputError(error.strerror or str(error)) from None
    publisher, published_on = defaults.manifest.get(path.resolve(), ("", None))
    file_defaults = Defaults(publisher=publisher or defaults.publisher,
                             published_on=published_on or defaults.published_on)
    return record_from_page(source, parse_page(html), file_defaults, raw_html=html)


def record_from_page(
    source: str, page: Page, defaults: Defaults, *, raw_html: bytes = b"", publisher: str = ""
) -> ArticleRecord:
    """Build a record from a parsed web page (claims.ingest.pages): its own date and site name first, then
    ``defaults``; ``publisher`` names the publisher whatever the page says. Raises MissingDate when neither
    the page nor ``defaults`` gives a date, InputError when the page has no story."""
    if page.published_on is None and defaults.published_on is None and page.text.strip():
        raise MissingDate(PAGE_NO_DATE, title=page.title)
    return _build(
        source=source, body=page.text, title=page.title[:TITLE_MAX_LENGTH], url=page.url, language="en",
        publisher=publisher or page.site_name, published=page.published_on or "", defaults=defaults,
        raw_html=raw_html,
    )


def _result(source: str, build) -> ReadResult:
    try:
        return ReadResult(source=source, record=build())
    except InputError as error:
        return ReadResult(source=source, error=str(error))


def record_from_text(source: str, body: str, defaults: Defaults, *, title: str = "") -> ArticleRecord:
    """Build a record from a plain-text body; raise InputError when it is empty or lacks metadata."""
    return _build(source=source, body=body, title=title, url="", language="en", defaults=defaults,
                  publisher="", published="")


def record_from_mapping(source: str, data: object, defaults: Defaults) -> ArticleRecord:
    """Build a record from a JSON object (title, body, url, publisher, published_on, language)."""
    if not isinstance(data, dict) or "body" not in data:
        raise InputError(NOT_A_RECORD)
    if not isinstance(data["body"], str):
        raise InputError(BAD_FIELD.format(name="body"))
    for name in ("title", "body", "url", "publisher", "language"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise InputError(BAD_FIELD.format(name=name))
    return _build(
        source=source,
        body=data["body"],
        title=(data.get("title") or "").strip(),
        url=(data.get("url") or "").strip(),
        language=(data.get("language") or "en").strip(),
        publisher=(data.get("publisher") or "").strip(),
        published=data.get("published_on") or data.get("published") or "",
        defaults=defaults,
    )


def _build(*, source, body, title, url, language, publisher, published, defaults, raw_html=b"") -> ArticleRecord:
    if not body.strip():
        raise InputError(EMPTY_BODY)
    # PostgreSQL text cannot hold NUL; such text is a binary file read as UTF-8 anyway.
    for name, value in (("body", body), ("title", title), ("publisher", publisher), ("url", url)):
        if "\x00" in value:
            raise InputError(HAS_NUL.format(name=name))
    if published:
        published_on = parse_date(published)
    elif defaults.published_on:
        published_on = defaults.published_on
    else:
        raise InputError(NO_DATE)
    publisher = publisher or defaults.publisher
    if not publisher:
        raise InputError(NO_PUBLISHER)
    if url:
        try:
            if len(url) > URL_MAX_LENGTH:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise InputError(BAD_URL.format(value=url[:100])) from None
    return ArticleRecord(
        source=source,
        title=title or guess_title(body),
        body=body,
        publisher=publisher,
        published_on=published_on,
        url=url,
        language=language or "en",
        raw_html=raw_html,
    )
