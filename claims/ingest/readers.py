"""Turn files on disk into article records, or say exactly why a file cannot be one.

Supported inputs: ``.txt`` (the whole file is the body; the title is the first line of news text unless
given), ``.json`` (one record or a list of records), ``.jsonl`` (one record a line), and folders of those.
A manifest CSV with the columns ``path,publisher,published`` supplies the publisher and date of files that
carry none. Nothing here touches the database.
"""

import csv
import datetime
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from claims.extraction import boilerplate_spans
from claims.ingest.pages import PAGE_SUFFIXES, Page, parse_page

ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl", *PAGE_SUFFIXES)
MANIFEST_COLUMNS = ("path", "publisher", "published")
TITLE_MAX_LENGTH = 200
# The columns' sizes (claims.models), checked here so every database gives the same per-input message.
FIELD_MAX_LENGTHS = {"title": 500, "url": 2000, "publisher": 200, "language": 16}
URL_MAX_LENGTH = FIELD_MAX_LENGTHS["url"]
# Exactly YYYY-MM-DD: fromisoformat alone also takes 20240105 and 2024-W01-1.
DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*", re.ASCII)
# A publication day may be one day past the server's (UTC) date: east of UTC it is already tomorrow.
FUTURE_GRACE_DAYS = 1
# Line breaks, tabs and page breaks belong in a body; other control characters mean binary or garbled data.
BODY_CONTROLS_ALLOWED = frozenset("\t\n\r\x0b\x0c")
# Markup that only an HTML page has, and the tags whose density gives away HTML saved as .txt.
HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|script|style|meta|link|h[1-6]|table|tr|td|img|nav|section|article)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
HTML_TAG_MIN, HTML_CHARS_PER_TAG = 4, 500

NOT_FOUND = "no such file or folder"
NOT_UTF8 = "not UTF-8 text"
EMPTY_BODY = "the article body is empty"
HAS_NUL = "field {name!r} contains NUL characters (is it a binary file?)"
HAS_CONTROL = "field {name!r} contains the control character U+{code:04X} (is it a binary file?)"
NOT_UNICODE = "field {name!r} contains a lone surrogate (U+{code:04X}), which is not valid Unicode text"
TOO_LONG = "field {name!r} is {length} characters long; at most {limit} are allowed"
BAD_LANGUAGE = "language {value!r} is not a language tag such as en or pt-BR"
NO_DATE = "no publication date: give --published-on, a manifest row or a published_on field"
BAD_DATE = "publication date {value!r} is not a date in the form YYYY-MM-DD"
DATE_TOO_EARLY = "publication date {value} is before {first}, the earliest accepted (FACTCHECK_PUBLISHED_MIN)"
DATE_IN_FUTURE = "publication date {value} is in the future (import_articles --allow-future accepts it)"
DATE_TOO_LATE = "publication date {value} is more than {days} days in the future (FACTCHECK_PUBLISHED_MAX_DAYS)"
LOOKS_LIKE_HTML = (
    "this is an HTML page, not article text: save it as .html, or import its address with --url, and its "
    "story is read as a web page"
)
NO_PUBLISHER = "no publisher: give --publisher, a manifest row or a publisher field"
BAD_JSON = "not valid JSON: {error}"
NOT_A_RECORD = "a record must be a JSON object with at least a body"
BAD_FIELD = "field {name!r} must be a string"
BAD_URL = "url {value!r} is not a valid http(s) address"
UNSUPPORTED = "unsupported file type {suffix!r} (expected .txt, .json, .jsonl, .html or .htm)"
PAGE_NO_DATE = "the page gives no publication date: give one (--published-on, a manifest row or the form's date)"
MANIFEST_BAD_COLUMNS = "manifest {path} must have the columns path,publisher,published"
MANIFEST_BAD_DATE = "manifest {path}, line {line}: " + BAD_DATE
MANIFEST_ROW = "manifest {path}, line {line}: {error}"
MANIFEST_NO_PATH = "the path is empty (name one file on each row)"
MANIFEST_OUTSIDE = "path {value!r} is outside the manifest's folder"
OUTSIDE_FOLDER = "refused: {name} leads outside the folder {folder} (a link to elsewhere)"


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
    # Publication dates after today are refused unless this is set (import_articles --allow-future).
    allow_future: bool = False


@dataclass(frozen=True)
class ReadResult:
    """What reading one input gave: a record, or the error that stops it."""

    source: str
    record: ArticleRecord | None = None
    error: str = ""


def parse_date(value: object, *, allow_future: bool = False) -> datetime.date:
    """Parse a date written exactly YYYY-MM-DD and check it with ``check_date``.

    Raises InputError with BAD_DATE for any other form (20240105, 2024-W01-1, a JSON number) and with
    the window's message for a date outside it.
    """
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return check_date(value, allow_future=allow_future)
    if not isinstance(value, str) or not DATE_FORM.fullmatch(value.strip()):
        raise InputError(BAD_DATE.format(value=value))
    try:
        date = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(BAD_DATE.format(value=value)) from None
    return check_date(date, allow_future=allow_future)


def published_window(*, allow_future: bool = False) -> tuple[datetime.date, datetime.date]:
    """The first and last publication dates accepted today (settings.FACTCHECK_PUBLISHED_MIN and, with
    ``allow_future``, FACTCHECK_PUBLISHED_MAX_DAYS past today; else today plus FUTURE_GRACE_DAYS)."""
    today = timezone.now().date()
    days = settings.FACTCHECK_PUBLISHED_MAX_DAYS if allow_future else FUTURE_GRACE_DAYS
    return settings.FACTCHECK_PUBLISHED_MIN, today + datetime.timedelta(days=days)


def check_date(date: datetime.date, *, allow_future: bool = False) -> datetime.date:
    """Return ``date`` when it lies in ``published_window``; raise InputError saying which end it passes."""
    first, last = published_window(allow_future=allow_future)
    if date < first:
        raise InputError(DATE_TOO_EARLY.format(value=date.isoformat(), first=first.isoformat()))
    if date > last:
        if allow_future:
            raise InputError(DATE_TOO_LATE.format(value=date.isoformat(),
                                                  days=settings.FACTCHECK_PUBLISHED_MAX_DAYS))
        raise InputError(DATE_IN_FUTURE.format(value=date.isoformat()))
    return date


def check_text(name: str, value: str) -> None:
    """Raise InputError when a field holds NUL, a control character (a body may hold line breaks, tabs
    and page breaks) or a lone surrogate, or is longer than its column (FIELD_MAX_LENGTHS)."""
    if "\x00" in value:
        raise InputError(HAS_NUL.format(name=name))
    allowed = BODY_CONTROLS_ALLOWED if name == "body" else frozenset()
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            if name == "body" and "\x80" <= char <= "\x9f":
                continue  # C1 codes turn up in mis-decoded but readable text; the body is kept as received
            raise InputError(HAS_CONTROL.format(name=name, code=ord(char)))
        if "\ud800" <= char <= "\udfff":
            raise InputError(NOT_UNICODE.format(name=name, code=ord(char)))
    limit = FIELD_MAX_LENGTHS.get(name)
    if limit is not None and len(value) > limit:
        raise InputError(TOO_LONG.format(name=name, length=len(value), limit=limit))


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page: document tags, or many tags for its length."""
    if HTML_DOCUMENT.search(text):
        return True
    tags = len(HTML_TAG.findall(text))
    return tags >= HTML_TAG_MIN and tags * HTML_CHARS_PER_TAG >= len(text)


def read_manifest(path: Path, *, allow_future: bool = False) -> dict[Path, tuple[str, datetime.date | None]]:
    """Map each listed file (resolved against the manifest's folder) to its publisher and date.

    Raises InputError naming the line when the file is missing, is not CSV with the expected columns, a
    date is bad, or a path is empty or leads outside the manifest's folder (``..``, an absolute path, a
    link to elsewhere): a manifest never reaches files its folder does not hold.
    """
    folder = path.parent.resolve()
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not set(MANIFEST_COLUMNS) <= set(reader.fieldnames):
                raise InputError(MANIFEST_BAD_COLUMNS.format(path=path))
            entries = {}
            for line, row in enumerate(reader, start=2):
                published = (row["published"] or "").strip()
                try:
                    date = parse_date(published, allow_future=allow_future) if published else None
                except InputError as error:
                    raise InputError(MANIFEST_ROW.format(path=path, line=line, error=error)) from None
                name = (row["path"] or "").strip()
                if not name:
                    raise InputError(MANIFEST_ROW.format(path=path, line=line, error=MANIFEST_NO_PATH))
                target = (folder / name).resolve()
                if not target.is_relative_to(folder):
                    error = MANIFEST_OUTSIDE.format(value=name)
                    raise InputError(MANIFEST_ROW.format(path=path, line=line, error=error))
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

    Folders are walked recursively in name order and only their article files are read (any case of
    suffix, web pages included); links leading outside the folder are reported by name. A named
    file of another type, or a missing path, is an error.
    """
    for path in paths:
        if path.is_dir():
            folder = path.resolve()
            for child in sorted(path.rglob("*")):
                suffix = child.suffix.lower()
                if suffix not in ARTICLE_SUFFIXES:
                    continue
                if not child.resolve().is_relative_to(folder):
                    yield ReadResult(source=str(child), error=OUTSIDE_FOLDER.format(name=child.name, folder=path))
                elif child.is_file():
                    yield from read_file(child, defaults)
        elif path.is_file():
            yield from read_file(path, defaults)
        else:
            yield ReadResult(source=str(path), error=NOT_FOUND)


def read_file(path: Path, defaults: Defaults) -> Iterator[ReadResult]:
    """Read one file into records; every failure is a ReadResult with the reason, never an exception."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        yield ReadResult(source=source, error=UNSUPPORTED.format(suffix=path.suffix))
        return
    if suffix in PAGE_SUFFIXES:
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
        allow_future=defaults.allow_future,
    )
    if suffix == ".txt":
        yield _result(source, lambda: record_from_text(source, text, file_defaults))
    elif suffix == ".json":
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
        published=_first_given(data, "published_on", "published"),
        defaults=defaults,
    )


def _first_given(data: dict, *names: str) -> object:
    """The first of ``names`` present with a value (0 counts, so a JSON number is refused, not ignored)."""
    for name in names:
        if data.get(name) not in (None, ""):
            return data[name]
    return ""


def _build(*, source, body, title, url, language, publisher, published, defaults, raw_html=b"") -> ArticleRecord:
    """The record, every field checked here so that no database sees a value it would refuse (and
    SQLite and PostgreSQL give the same message); raises InputError with the first problem."""
    if not body.strip():
        raise InputError(EMPTY_BODY)
    for name, value in (("body", body), ("title", title), ("publisher", publisher), ("url", url),
                        ("language", language)):
        check_text(name, value)
    if looks_like_html(body):
        raise InputError(LOOKS_LIKE_HTML)
    if language and not LANGUAGE_TAG.fullmatch(language):
        raise InputError(BAD_LANGUAGE.format(value=language))
    if published not in ("", None):
        published_on = parse_date(published, allow_future=defaults.allow_future)
    elif defaults.published_on:
        published_on = check_date(defaults.published_on, allow_future=defaults.allow_future)
    else:
        raise InputError(NO_DATE)
    publisher = publisher or defaults.publisher
    if not publisher:
        raise InputError(NO_PUBLISHER)
    check_text("publisher", publisher)
    if url:
        try:
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
