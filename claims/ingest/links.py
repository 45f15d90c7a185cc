"""Articles from web addresses: fetch a page (claims.ingest.fetcher), read its story and metadata
(claims.ingest.pages) and make the article record (claims.ingest.readers), or say why not.

Used by ``import_articles --url``, the API's url-only import, the import page's URL field and the feed poller.
"""

import datetime
from collections.abc import Iterable, Iterator

from claims.ingest.fetcher import FetchError, fetch
from claims.ingest.importer import Outcome, import_article
from claims.ingest.pages import parse_page
from claims.ingest.readers import BAD_FIELD, Defaults, InputError, ReadResult, parse_date, record_from_page
from claims.models import Article

NO_DEFAULTS = Defaults()


def read_url(url: str, *, defaults: Defaults = NO_DEFAULTS, publisher: str = "") -> ReadResult:
    """One ReadResult for the page at ``url``: a record (its canonical URL, the raw page kept), or the error.

    ``publisher`` names the publisher whatever the page says; ``defaults`` fill a date or publisher the page
    leaves open. A page without a date (and none given) fails with readers.PAGE_NO_DATE.
    """
    try:
        return ReadResult(source=url, record=record_for_url(url, defaults=defaults, publisher=publisher))
    except (FetchError, InputError) as error:
        return ReadResult(source=url, error=str(error))


def read_urls(urls: Iterable[str], *, defaults: Defaults = NO_DEFAULTS, publisher: str = "") -> Iterator[ReadResult]:
    """read_url for each address in turn (a generator: each page is fetched when its turn comes)."""
    for url in urls:
        yield read_url(url, defaults=defaults, publisher=publisher)


def record_for_url(url: str, *, defaults: Defaults = NO_DEFAULTS, publisher: str = ""):
    """The article record of the page at ``url``.

    Raises FetchError (the page could not be fetched), readers.MissingDate (it gives no date and none was
    given; carries the page's title) or InputError (no story, no publisher).
    """
    page = fetch(url.strip())
    parsed = parse_page(page.content, url=page.url, encoding=page.encoding)
    return record_from_page(url, parsed, defaults, raw_html=page.content, publisher=publisher)


def import_url(
    url: str, *, publisher: str = "", published_on: datetime.date | None = None
) -> tuple[Article, Outcome]:
    """Fetch, read and import one page; return the article and what happened (created, updated, skipped).

    Raises FetchError or InputError (readers.MissingDate when a date is needed) with the reason; nothing is
    written then.
    """
    record = record_for_url(url, defaults=Defaults(publisher=publisher, published_on=published_on),
                            publisher=publisher)
    return import_article(record)


def import_from_mapping(data: dict) -> tuple[Article, Outcome]:
    """The API's url-only import: ``{"url": ..., "publisher"?: ..., "published_on"?: ...}`` fetched and
    imported as import_url does. Raises InputError (readers' messages for a bad field) or FetchError."""
    for name in ("url", "publisher", "published_on"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise InputError(BAD_FIELD.format(name=name))
    published = (data.get("published_on") or "").strip()
    return import_url(data["url"], publisher=(data.get("publisher") or "").strip(),
                      published_on=parse_date(published) if published else None)
