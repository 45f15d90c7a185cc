"""New articles as rows: what the importer stores for an article it has not seen, built without model
instances per claim and written for any number of articles at once (claims.ingest.bulk).

``new_article`` turns a record into a ``NewArticle``: the unsaved Article, its fingerprint and the column
values of its claims (extraction runs here, through ``claim_values``). ``insert_articles`` and
``store_rest`` write a list of them: the articles in one statement and their ids read back by content hash,
then the buckets, claims and the claims' history rows one statement each, and one bump of the data stamps,
whether the list holds one article (``import_article``) or a group (``import_records``).
"""

import datetime
import logging
import threading
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections, router
from django.utils import timezone

from claims.extraction import EXTRACTOR_VERSION, extract
from claims.ingest.bulk import _mark_saved, _own_values, history_user_id, insert_buckets, insert_claims, insert_values
from claims.ingest.lookups import bound_cursor, column, table
from claims.ingest.originators import AliasTable, alias_table
from claims.ingest.readers import ArticleRecord
from claims.ingest.syndication import Grouping, Print, regroup
from claims.models import Article, Claim, as_value
from claims.reconcile import stamps

logger = logging.getLogger(__name__)

# The largest magnitude the value columns hold (20 digits, 4 of them decimals).
VALUE_LIMIT = Decimal(10) ** 16
# A claim's columns the import leaves at the model's default (no review, no figure, version 1), as plain
# values: a choices enum member is a str subclass, which skips no preparation.
_DEFAULTS = {
    "status": str(Claim.Status.PENDING), "rejection_reason": "", "figure_id": None,
    "origin": str(Claim.Origin.EXTRACTED),
    "reviewed_by_id": None, "reviewed_at": None, "assignee_id": None, "version": 1,
    "verified": False,  # pending: no verified data until accepted under a published verdict
}


@dataclass
class NewArticle:
    """An article about to be stored: the unsaved instance (its fingerprint and original set once
    ``grouping`` is known), the fingerprint's parts, and its claims' column values (no article id yet)."""

    record: ArticleRecord
    article: Article
    printed: Print
    claims: list[dict]
    grouping: Grouping | None = field(default=None)


def new_article(record: ArticleRecord, *, digest: str, publisher_id: int, aliases: AliasTable,
                printed: Print, mentions: list[dict] | None = None) -> NewArticle:
    """The record as a NewArticle: an unsaved Article with its metadata and fingerprint sketch, and the
    values of the pending claims the extractor finds in it (``claim_values``; ``mentions``, when given, are
    ``mentions_of`` its body, already extracted). Raises what extraction raises."""
    article = Article(
        publisher_id=publisher_id,
        title=record.title[:500],
        url=record.url,
        published_on=record.published_on,
        body=record.body,
        content_hash=digest,
        language=record.language,
        extractor_version=EXTRACTOR_VERSION,
        fingerprint=printed.sketch,
    )
    return NewArticle(record, article, printed, claim_values(article, aliases=aliases, mentions=mentions))


# One extraction at a time in this process: import_records extracts the next group in a worker thread while
# the main thread writes the current one (claims.ingest.ahead), and the extractor's dateparser parsers,
# shared through a cache, make no promise of thread safety. The main thread rarely extracts meanwhile (an
# updated text, a web page), so the lock is almost never waited for.
_EXTRACTING = threading.Lock()


def mentions_of(body: str, published_on: datetime.date) -> list[dict]:
    """The extraction records (``Mention.as_dict()``) of ``body``, in text order: pure, no database, safe
    to call from any thread. Raises what extraction raises."""
    with _EXTRACTING:
        return [mention.as_dict() for mention in extract(body, published_on)]


def claim_values(article: Article, *, aliases: AliasTable | None = None,
                 mentions: list[dict] | None = None) -> list[dict]:
    """The column values of a pending claim for every storable mention the extractor finds in the article
    (``mention_values``; its id and the article's id left out), each with the originator its attribution
    names (``aliases``, else the database's alias table: one query). ``mentions``, when given, are the
    article's ``mentions_of`` (extracted ahead), else the body is extracted here."""
    aliases = alias_table() if aliases is None else aliases
    if mentions is None:
        mentions = mentions_of(article.body, article.published_on)
    values = []
    for mention in mentions:
        row = mention_values(article, mention, aliases=aliases)
        if row is not None:
            values.append(row)
    return values


def mention_values(article: Article, mention: dict, *, aliases: AliasTable | None = None) -> dict | None:
    """The fields of a pending Claim (attname -> value, without id and article) from an extraction record;
    None when its value is too large to store. With ``aliases`` the originator is the one its attribution
    names (None when it names none)."""
    low, high = as_value(mention["low"]), as_value(mention["high"])
    if any(value is not None and abs(value) >= VALUE_LIMIT for value in (low, high)):
        logger.warning("article %s: value of %r out of range, not stored", article.pk, mention["text"])
        return None
    attribution = (mention["attribution"] or "")[:300]
    return {
        "originator_id": aliases.match(attribution) if aliases is not None else None,
        "start": mention["start"],
        "end": mention["end"],
        "text": mention["text"][:500],
        "sentence": mention["sentence"],
        "kind": mention["kind"],
        "qualifier": mention["qualifier"],
        "low": low,
        "high": high,
        "unit": (mention["unit"] or "")[:64],
        "subject": (mention["subject"] or "")[:300],
        "attribution": attribution,
        "as_of": _date(mention.get("as_of")) or article.published_on,
        "date": _date(mention["date"]),
        "date_precision": mention["date_precision"] or "",
        "extracted": mention,
        "extractor_version": EXTRACTOR_VERSION,
    }


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def insert_articles(items: list[NewArticle]) -> None:
    """INSERT the articles of ``items`` (each with its grouping's original set) in one statement and give
    each instance its id (read back by content hash: one more). Raises IntegrityError when a text is
    already stored (another import raced ours)."""
    articles = [item.article for item in items]
    insert_values(Article, _own_values(Article, articles))  # pre_save fills the import and update times
    _mark_saved(articles, router.db_for_write(Article))
    connection = connections[router.db_for_read(Article)]
    with bound_cursor(connection) as cursor:
        cursor.execute("SELECT {}, {} FROM {} WHERE {} IN ({})".format(
            column(Article, "pk"), column(Article, "content_hash"), table(Article),
            column(Article, "content_hash"), ", ".join(["%s"] * len(articles))),
            [article.content_hash for article in articles])
        ids = dict((digest, pk) for pk, digest in cursor.fetchall())
    for article in articles:
        article.pk = ids[article.content_hash]


def store_rest(items: list[NewArticle]) -> None:
    """Everything of inserted ``items`` but the article rows: their buckets (one statement), their claims
    and the claims' history rows (insert_claims: three), the groups of reprints they joined re-pointed to
    their original (two statements per such article: rare), and one bump of the staff data stamp (new
    articles and pending claims are nobody's verified data)."""
    insert_buckets([(item.article.pk, key, item.article.published_on)
                    for item in items for key in sorted(item.grouping.keys)])
    now = timezone.now()
    rows = []
    for item in items:
        fixed = {**_DEFAULTS, "article_id": item.article.pk, "created_at": now, "updated_at": now}
        rows += [{**values, **fixed} for values in item.claims]
    insert_claims(rows, history_user_id=history_user_id())
    for item in items:
        if item.grouping.others:
            regroup(item.article, item.grouping)
    stamps.changed(Article, [item.article.pk for item in items], public=False)
