"""A web page's HTML -> its story and metadata: main text, title, publication date, author, site name and
canonical URL. Pure: no database, no network (claims.ingest.fetcher fetches, claims.ingest.readers turns a
Page into an article record).

The main text and metadata come from trafilatura (``bare_extraction`` with metadata), which leaves the site
chrome (navigation, donation banners, related links, footers) behind. Where it finds no title, date, author
or site name, the page's own metadata fills in: OpenGraph and ``article:*`` meta tags, a JSON-LD
``NewsArticle`` (or ``Article``/``ReportageNewsArticle``), then the first ``<time datetime>``. A page without
any date has ``published_on`` None: the caller asks for one instead of guessing (htmldate's extensive search,
which reads dates out of running text, is switched off for that reason).
"""

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura

PAGE_SUFFIXES = (".html", ".htm")
NEWS_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "Report"}
DATE_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class Page:
    """What a page says about itself; empty strings and None where it says nothing."""

    text: str
    title: str = ""
    published_on: datetime.date | None = None
    author: str = ""
    site_name: str = ""
    url: str = ""  # the canonical URL when the page names a valid one, else the address it came from


def parse_page(html: bytes | str, *, url: str = "", encoding: str | None = None) -> Page:
    """Extract the story and metadata of one HTML page (``url``: where it came from, for relative links).

    Never raises for odd HTML: a page with no readable story gives ``text`` "" (the caller's empty-body
    rule then refuses it).
    """
    markup = _decode(html, encoding)
    if not markup.strip():
        return Page(text="", url=url)
    try:
        document = trafilatura.bare_extraction(
            markup, url=url or None, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=DATE_PARAMS,
        )
    except (ValueError, TypeError):
        document = None
    found = document.as_dict() if document is not None else {}
    meta = page_metadata(markup)
    text = _paragraphs(found.get("text") or "")
    canonical = urljoin(url, meta["url"]) if meta.get("url") else ""
    return Page(
        text=text,
        title=(found.get("title") or meta.get("title") or "").strip(),
        published_on=as_date(found.get("date")) or as_date(meta.get("date")),
        author=(found.get("author") or meta.get("author") or "").strip(),
        site_name=_site_name(found.get("sitename") or "", meta.get("site_name") or "", url),
        url=canonical if _trusted_canonical(canonical, url) else url,
    )


def _decode(html: bytes | str, encoding: str | None) -> str:
    if isinstance(html, str):
        return html
    declared = CHARSET.search(html[:4096])
    for candidate in (encoding, declared.group(1).decode("ascii") if declared else None, "utf-8"):
        if candidate:
            try:
                return html.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    return html.decode("utf-8", errors="replace")


def _paragraphs(text: str) -> str:
    # trafilatura puts one paragraph a line; a blank line between them reads like the text files we import.
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _site_name(extracted: str, declared: str, url: str) -> str:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    # trafilatura falls back to the host (with the port) when the page names no site; ours drops the port.
    if declared:
        return declared.strip()
    if extracted and extracted.split(":")[0] != host:
        return extracted.strip()
    return host


def _trusted_canonical(canonical: str, url: str) -> bool:
    """A canonical URL counts only on the host the page came from: the URL is the article's identity (a
    re-import updates the article at that URL), so a page must not claim another site's article."""
    parts = urlsplit(canonical)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if not url:
        return True
    home = (urlsplit(url).hostname or "").removeprefix("www.")
    return parts.hostname.removeprefix("www.") == home


def as_date(value: object) -> datetime.date | None:
    """The day of an ISO date or date-time string ("2026-03-10", "2026-03-10T08:30:00+00:00"); None else."""
    match = DATE_PREFIX.match(str(value or ""))
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def page_metadata(markup: str) -> dict[str, str]:
    """The page's declared metadata: ``title``, ``date``, ``author``, ``site_name``, ``url`` (canonical),
    from OpenGraph/article meta tags, a JSON-LD news article and ``<time>``; missing keys are absent."""
    try:
        tree = lxml.html.fromstring(markup)
    except (ValueError, lxml.etree.ParserError):
        return {}
    meta = {}
    tags = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key and element.get("content"):
            tags.setdefault(key, element.get("content").strip())
    for key, names in (
        ("title", ("og:title", "twitter:title")),
        ("date", ("article:published_time", "og:published_time", "date", "dc.date", "pubdate")),
        ("author", ("author", "article:author")),
        ("site_name", ("og:site_name", "application-name")),
        ("url", ("og:url",)),
    ):
        value = next((tags[name] for name in names if tags.get(name)), "")
        if value:
            meta[key] = value
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            meta["url"] = link.get("href").strip()
    for key, value in _json_ld(tree).items():
        meta.setdefault(key, value)
    if "date" not in meta:
        stamp = next((time.get("datetime") for time in tree.iter("time") if time.get("datetime")), "")
        if stamp:
            meta["date"] = stamp
    return meta


def _json_ld(tree) -> dict[str, str]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except json.JSONDecodeError:
            continue
        for item in _items(data):
            types = item.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if not types & NEWS_TYPES:
                continue
            found = {
                "title": item.get("headline") or item.get("name"),
                "date": item.get("datePublished") or item.get("dateCreated"),
                "author": _name(item.get("author")),
                "site_name": _name(item.get("publisher")),
                "url": item.get("url") if isinstance(item.get("url"), str) else None,
            }
            return {key: value.strip() for key, value in found.items() if isinstance(value, str) and value.strip()}
    return {}


def _items(data) -> list[dict]:
    """The objects of a JSON-LD block: one object, a list of them, or an ``@graph``."""
    items = data if isinstance(data, list) else [data]
    found = []
    for item in items:
        if isinstance(item, dict):
            found.append(item)
            found.extend(entry for entry in item.get("@graph", []) if isinstance(entry, dict))
    return found


def _name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None
