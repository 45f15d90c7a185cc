"""Import articles and keep their extracted claims current: the writes of the ingest side.

Each article is stored with its exact text and its claims in one transaction (several articles share one
when import_records imports them as a group). The content hash makes
re-import idempotent: the same text again is skipped, or updates the article's metadata when that differs.
A web article is also known by its canonical URL: new text at a stored URL (the story was updated online)
replaces the article's text and re-extracts its claims, keeping the reviewed ones where their words still
stand; the page it was read from is kept beside it, compressed (ArticleSource).
"""

import contextlib
import hashlib
import logging
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import DatabaseError, IntegrityError, connections, router, transaction
from simple_history.utils import bulk_update_with_history

from claims.chunks import chunked
from claims.ingest.ahead import Ahead, Handed, hand_over, take_back
from claims.ingest.ahead import worker as ahead_worker
from claims.ingest.checkpoints import checkpoints_aside
from claims.ingest.lookups import column, pk_where, select, table
from claims.ingest.originators import alias_table
from claims.ingest.readers import ArticleRecord, InputError, ReadResult
from claims.ingest.reextraction import (  # noqa: F401 (re-exported: the import's public names stay here)
    EXTRACTED_FIELDS,
    ClaimChanges,
    bulk_create_with_history,
    claim_from_mention,
    claims_for,
    reextract_article,
    reextract_articles,
)
from claims.ingest.storing import VALUE_LIMIT, NewArticle, insert_articles, new_article, store_rest  # noqa: F401
from claims.ingest.syndication import (
    GroupCandidates,
    Grouping,
    fingerprint_article,
    fingerprint_of,
    prepare_fingerprint,
    redate_buckets,
)
from claims.models import Article, ArticleSource, Claim, Publisher
from claims.reconcile.summaries import refresh_figure_summary

logger = logging.getLogger(__name__)

METADATA_FIELDS = ("title", "url", "publisher_id", "published_on", "language")
REVIEWED_CLAIMS_GONE = (
    "the new text at {url} no longer contains {count} reviewed claim(s) ({quotes}); the article was not updated"
)


class ReviewedClaimsGone(InputError):
    """An updated web article whose new text drops words that reviewed claims quote."""
# A record the database refused (the readers check every field, so this is a fault: a lost connection,
# a full disk); the batch goes on and the record is reported with the database's own words.
DATABASE_FAILED = "the database refused this article ({kind}: {error}); nothing of it was stored"


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass
class ImportReport:
    """Counts per outcome, the failures with their reasons, and one line per input for progress."""

    counts: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """The line the import command prints, e.g. ``created 3, updated 0, skipped 1, failed 0``."""
        return ", ".join(f"{outcome} {self.counts[outcome]}" for outcome in Outcome)


def content_hash(body: str) -> str:
    """SHA-256 of the body with Unicode normalised and white space folded.

    The same article saved with other line endings or no-break spaces hashes alike, so it is not imported
    twice; any change of wording gives a new hash.
    """
    # str.split() cuts at exactly the characters a regex's \s matches (both ask Py_UNICODE_ISSPACE; the tests
    # check every code point), so this is the fold "\s+ -> one space, ends stripped" that every stored hash
    # was made with, three times faster on a news text: the import hashes each text on its critical path.
    folded = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


# Articles per transaction in import_records: one commit, one data-stamp bump and one statement per table
# for the whole group, instead of per article.
GROUP_SIZE = 50


def import_records(
    results: Iterable[ReadResult],
    *,
    dry_run: bool = False,
    on_progress: Callable[[str, Outcome, str], None] | None = None,
) -> ImportReport:
    """Import every readable record; a failing one is counted and reported, the rest still go in.

    Records go in by groups of GROUP_SIZE, each group in one transaction (group commit: ``import_group``).
    When anything in a group fails, the group is rolled back and its records are imported one by one, each
    in its own transaction, so a bad record never loses or blocks the others and is reported with its own
    error; each article is still stored whole or not at all. ``on_progress`` is called for each record once
    its group is committed, so a worker killed mid-group has reported only what is stored, and a rerun skips
    it. With ``dry_run`` the same work runs inside a transaction that is rolled back, so the counts are
    exactly what a real run would report and nothing is written.

    While a group is written, one worker (a process, or a thread: claims.ingest.ahead.worker) fingerprints
    and extracts the next, and the main thread takes back what it has not started by the time the next group
    is due: pure work on the texts alone, so every outcome is the one the group would get without it. On
    SQLite a thread checkpoints the write-ahead log meanwhile (claims.ingest.checkpoints.checkpoints_aside).
    """
    report = ImportReport()
    # Only a dry run needs one enclosing transaction; a real run commits group by group, so an interrupted
    # import keeps what it finished.
    with transaction.atomic() if dry_run else contextlib.nullcontext(), contextlib.ExitStack() as stack:
        groups = chunked(results, GROUP_SIZE)
        group, ahead, worker = next(groups, None), None, None
        while group is not None:
            following = next(groups, None)
            prepared = take_back(ahead)
            ahead = None
            if following is not None:
                if worker is None:  # a worker only for an import of more than one group
                    worker = stack.enter_context(ahead_worker())
                    # After the worker: a process is forked only while this one runs a single thread.
                    stack.enter_context(checkpoints_aside(connections[router.db_for_write(Article)]))
                    prepared = _prepare_first(worker, group)
                ahead = _prepare_ahead(worker, following, writing=group, prepared=prepared)
            for source, outcome, detail in _import_group(group, prepared):
                report.counts[outcome] += 1
                if outcome is Outcome.FAILED:
                    report.failures.append((source, detail))
                if on_progress:
                    on_progress(source, outcome, detail)
            group = following
        if dry_run:
            transaction.set_rollback(True)
    return report


def _readable(results: list[ReadResult]) -> list[ArticleRecord]:
    return [result.record for result in results if result.record is not None]


def _prepare_first(worker: Executor, group: list[ReadResult]) -> list[Ahead] | None:
    """The first group's Ahead, prepared by the worker and the main thread together (``take_back``: the
    worker from the first chunk, the main thread from the last): no group is written before it, so
    otherwise one core would sit idle while the other prepares a whole group (a tenth of an import of 300
    articles). None when ``hand_over`` hands nothing over."""
    records = _readable(group)
    return take_back(hand_over(worker, records, [content_hash(record.body) for record in records]))


def _prepare_ahead(worker: Executor, group: list[ReadResult], *, writing: list[ReadResult],
                   prepared: list[Ahead] | None) -> Handed | None:
    """Hand ``group`` to the worker to fingerprint and extract while ``writing`` is written (what it has not
    started by then, the main thread takes back: ``take_back``); ``prepared``: ``writing``'s Ahead, whose
    content hashes it reuses. None when ``hand_over`` hands nothing over."""
    records, written = _readable(group), _readable(writing)
    written_digests = ([item.digest for item in prepared] if prepared is not None
                       else [content_hash(record.body) for record in written])
    return hand_over(worker, records, [content_hash(record.body) for record in records], writing=written,
                     writing_digests=written_digests)


def _import_group(results: list[ReadResult], prepared: list[Ahead] | None = None) -> list[tuple[str, Outcome, str]]:
    """(source, outcome, detail) of each result: the group in one transaction, else one by one.
    ``prepared``: the readable records' Ahead, in order, when the worker computed them."""
    records = _readable(results)
    outcomes = None
    if len(records) > 1:
        try:
            with transaction.atomic():
                outcomes = iter(import_group(records, prepared=prepared))
        except Exception:  # noqa: BLE001 (any failure: each record again alone reports its own)
            logger.info("a group of %d articles failed; importing them one by one", len(records), exc_info=True)
    done = []
    for result in results:
        if result.record is None:
            done.append((result.source, Outcome.FAILED, result.error))
        elif outcomes is not None:
            done.append((result.source, next(outcomes), ""))
        else:
            done.append((result.source, *_import_one(result)))
    return done


def _import_one(result: ReadResult) -> tuple[Outcome, str]:
    try:
        # import_article is atomic: a transaction of its own in a real run, a savepoint in a dry run. A
        # failing record rolls back whole, article and claims together, and the connection stays usable.
        return import_article(result.record)[1], ""
    except DatabaseError as error:
        logger.exception("import of %s failed", result.source)
        return Outcome.FAILED, DATABASE_FAILED.format(kind=type(error).__name__, error=str(error).strip())
    except ValueError as error:
        logger.exception("import of %s failed", result.source)
        return Outcome.FAILED, str(error)


def import_group(records: list[ArticleRecord], *, prepared: list[Ahead] | None = None) -> list[Outcome]:
    """Import ``records`` in the caller's transaction, in order, as many at once as can be; returns the
    outcome of each. Raises whatever one of them raises (the caller rolls the group back).

    A record with a new text, a new address (or none) and no near duplicate among the stored articles and
    the group's earlier ones is a plain new article: those are written together, one statement per table
    (claims.ingest.storing). Any other record (a text or address already stored or seen earlier in the
    group, a web page to keep, a likely reprint) is imported after the articles before it are written, by
    ``import_article`` or, for a likely reprint, by the syndication check of one article, so it sees them.
    The reads are one query each for the whole group: publishers, stored texts and addresses, the alias
    table, the syndication candidates. ``prepared`` (claims.ingest.ahead), when given, holds each record's
    content hash, and its fingerprint and extraction records when they were computed ahead.
    """
    if prepared is None:
        prepared = [Ahead(content_hash(record.body), None, None) for record in records]
    digests = [item.digest for item in prepared]
    publishers = _publisher_ids({record.publisher for record in records})
    stored = set(_stored("content_hash", digests))
    stored_urls = set(_stored("url", [record.url for record in records if record.url]))
    aliases = alias_table()
    plain: dict[int, NewArticle] = {}
    for index, (record, digest) in enumerate(zip(records, digests, strict=True)):
        if digest in stored or (record.url and record.url in stored_urls) or record.raw_html:
            continue
        stored.add(digest)
        if record.url:
            stored_urls.add(record.url)
        ahead = prepared[index]
        plain[index] = new_article(record, digest=digest, publisher_id=publishers[record.publisher],
                                   aliases=aliases, printed=ahead.printed or fingerprint_of(record.body),
                                   mentions=ahead.mentions)
    candidates = GroupCandidates([(item.article.published_on, item.printed) for item in plain.values()])
    outcomes, pending = [], []
    for index, record in enumerate(records):
        item = plain.get(index)
        if item is not None and not candidates.close(item.article.published_on, item.printed):
            item.grouping = Grouping(keys=item.printed.keys, others=frozenset())
            pending.append(item)
            outcomes.append(Outcome.CREATED)
        else:
            _store(pending)  # what comes before is stored first, as one by one
            pending = []
            if item is not None:  # a likely reprint: the full check, which reads the stored texts
                item.grouping = prepare_fingerprint(item.article, printed=item.printed)
                _store([item])
                outcomes.append(Outcome.CREATED)
            else:
                article, outcome = import_article(record)
                outcomes.append(outcome)
                if outcome is not Outcome.SKIPPED:  # a new text (or a page's new text): later ones may copy it
                    candidates.add(article.published_on, fingerprint_of(article.body))
        if item is not None:
            candidates.add(item.article.published_on, item.printed)
    _store(pending)
    return outcomes


def _store(items: list[NewArticle]) -> None:
    if items:
        insert_articles(items)
        store_rest(items)


def _publisher_ids(names: set[str]) -> dict[str, int]:
    """Publisher name -> id for ``names``, creating the missing ones (one query when none is missing)."""
    found = dict(select(Publisher, "SELECT {}, {} FROM {} WHERE {} IN ({})".format(
        column(Publisher, "name"), column(Publisher, "pk"), table(Publisher), column(Publisher, "name"),
        ", ".join(["%s"] * len(names))), sorted(names)))
    for name in sorted(names - set(found)):
        found[name] = Publisher.objects.get_or_create(name=name)[0].pk
    return found


def _stored(name: str, values: list[str]) -> list[str]:
    """Which of ``values`` some article holds in its column ``name``: one query (none for no values)."""
    if not values:
        return []
    sql = "SELECT {0} FROM {1} WHERE {0} IN ({2})".format(column(Article, name), table(Article),
                                                           ", ".join(["%s"] * len(values)))
    return [value for (value,) in select(Article, sql, values)]


@transaction.atomic
def import_article(record: ArticleRecord) -> tuple[Article, Outcome]:
    """Store one article and its claims; return it with what happened.

    Same text as a stored article: SKIPPED when the metadata match, else UPDATED (and, when the
    publication date moved, its relative dates are extracted again). New text: CREATED with claims.
    A new article costs the same queries whatever its number of claims and the number of stored
    articles: the article is fingerprinted before it is inserted, and its buckets, claims and the
    claims' history rows are written one statement each (claims.ingest.storing).
    """
    digest = content_hash(record.body)
    # Plain-SQL lookups (claims.ingest.lookups): compiling them costs more than running them.
    publisher_id = (pk_where(Publisher, "name", record.publisher)
                    or Publisher.objects.get_or_create(name=record.publisher)[0].pk)
    existing_id = pk_where(Article, "content_hash", digest)
    existing = Article.objects.get(pk=existing_id) if existing_id is not None else None
    if existing is None and record.url:
        at_url = Article.objects.filter(url=record.url).order_by("pk").first()
        if at_url is not None:
            return replace_text(at_url, record, publisher_id=publisher_id, digest=digest), Outcome.UPDATED
    if existing is None:
        item = new_article(record, digest=digest, publisher_id=publisher_id, aliases=alias_table(),
                           printed=fingerprint_of(record.body))
        item.grouping = prepare_fingerprint(item.article, printed=item.printed)
        try:
            with transaction.atomic():
                insert_articles([item])
        except IntegrityError:
            # Another import stored the same text between our lookup and insert.
            existing = Article.objects.get(content_hash=digest)
        else:
            store_rest([item])
            keep_source(item.article, record.raw_html)
            return item.article, Outcome.CREATED
    if record.raw_html and not ArticleSource.objects.filter(article=existing).exists():
        keep_source(existing, record.raw_html)
    return _update_metadata(existing, record, publisher_id)


def keep_source(article: Article, html: bytes) -> None:
    """Store (or replace) the page ``article`` was read from, compressed; nothing when ``html`` is empty."""
    if html:
        ArticleSource.objects.update_or_create(article=article, defaults={"html": zlib.compress(html, 6)})


def replace_text(article: Article, record: ArticleRecord, *, publisher_id: int, digest: str) -> Article:
    """Give a stored web article the new text found at its URL, with the record's metadata, and bring its
    claims up to date: reviewed claims move with their sentence, the others are extracted again.

    Raises ReviewedClaimsGone (nothing changed) when a reviewed claim's words are no longer in the text:
    a reviewer's work is never silently pointed at other words.
    """
    moved, lost = [], []
    for claim in article.claims.all():
        if not claim.is_touched:
            continue
        start = relocate(article.body, record.body, claim.start, claim.end, claim.sentence)
        if start is None:
            lost.append(claim)
        elif start != claim.start:
            claim.start, claim.end = start, start + (claim.end - claim.start)
            moved.append(claim)
    if lost:
        quotes = ", ".join(repr(claim.text) for claim in lost[:3])
        raise ReviewedClaimsGone(REVIEWED_CLAIMS_GONE.format(url=record.url, count=len(lost), quotes=quotes))
    article.body, article.content_hash = record.body, digest
    retitled = article.title != record.title[:500]
    article.title, article.publisher_id = record.title[:500], publisher_id
    article.published_on = record.published_on
    article.language = record.language
    article.save(update_fields=["body", "content_hash", "title", "publisher", "published_on", "language",
                                "updated_at"])
    bulk_update_with_history(moved, Claim, ["start", "end"])
    fingerprint_article(article)
    reextract_article(article)
    if retitled:
        _refresh_figures_of(article)
    keep_source(article, record.raw_html)
    return article


def relocate(old: str, new: str, start: int, end: int, sentence: str) -> int | None:
    """Where the words ``old[start:end]`` stand in ``new``: inside the same sentence when it is still
    there, else their only occurrence; None when they are gone or ambiguous."""
    quote = old[start:end]
    if not quote:
        return None
    before = old.rfind(sentence, 0, start + 1) if sentence else -1
    if before != -1 and before + len(sentence) >= end:
        found = new.find(sentence)
        if found != -1 and new[found + start - before:found + end - before] == quote:
            return found + start - before
    if new.count(quote) == 1:
        return new.find(quote)
    return None


def _update_metadata(article: Article, record: ArticleRecord, publisher_id: int) -> tuple[Article, Outcome]:
    incoming = {
        "title": record.title[:500],
        # The same text without an address (pasted, a file) keeps the address the article was read from.
        "url": record.url or article.url,
        "publisher_id": publisher_id,
        "published_on": record.published_on,
        "language": record.language,
    }
    changed = [name for name in METADATA_FIELDS if getattr(article, name) != incoming[name]]
    if not changed:
        return article, Outcome.SKIPPED
    date_moved = "published_on" in changed
    for name in changed:
        setattr(article, name, incoming[name])
    article.save(update_fields=[*changed, "updated_at"])
    if date_moved:
        redate_buckets(article)
        reextract_article(article)
    if "title" in changed:
        _refresh_figures_of(article)
    return article, Outcome.UPDATED


def _refresh_figures_of(article: Article) -> None:
    # The figures' stored match profiles read their claims' article titles (claims.reconcile.summaries).
    refresh_figure_summary(Claim.objects.filter(article=article, figure__isnull=False)
                           .values_list("figure_id", flat=True).distinct())
