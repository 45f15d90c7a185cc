"""Extract the next group while the current one is written: import_records' pipeline of two stages.

A group's writes mostly wait on the database (on PostgreSQL its index work runs in the server), and
extraction is pure Python with no database. So while the main thread writes group N, one worker
fingerprints and extracts the records of group N + 1 (``prepare``): a forked process, which extracts on
another core (``worker``), or a thread where this process runs other threads (psycopg and sqlite3 release
the GIL while they wait, and the thread runs then). The group is handed over in small chunks
(``hand_over``), and when group N is written the main thread takes back the chunks the worker has not
started and prepares them itself (``take_back``), so neither waits while the other has work. Everything
that decides an outcome (which texts and addresses are stored, the syndication candidates, the alias
table) is still read by the main thread inside group N + 1's own transaction, after group N is committed,
exactly as without the worker: what the worker gives is only what a record's text alone determines, its
fingerprint and its extraction records.

A record whose text or address is already stored, or is in group N, will not be a new article, so the
worker does not extract it (``worth_extracting``: one query before group N is written, a hint only; a
record it leaves out, or whose extraction raised, is extracted by the main thread as before, which
raises the error where it always did).
"""

import logging
import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass

from django.db import DatabaseError

from claims.ingest.lookups import column, select, table
from claims.ingest.readers import ArticleRecord
from claims.ingest.storing import mentions_of
from claims.ingest.syndication import Print, fingerprint_of
from claims.models import Article

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ahead:
    """What a record's text alone determines, computed before its group is written: its content hash, and
    its fingerprint and extraction records (``mentions_of``) or None when they were not computed ahead."""

    digest: str
    printed: Print | None
    mentions: list[dict] | None


def worker() -> Executor:
    """The executor of ``prepare``: one forked process when this process runs one thread (the import
    command, a task), else one thread (a web server's threads: forking a process with other threads
    running can copy a lock another thread holds, and the child would wait on it for ever).

    A process, because extraction is pure Python: a thread shares the interpreter lock with the main
    thread, which then waits for it each time a statement returns (on two cores the import ran no faster
    with the thread than without it); a process extracts on the other core. Forked, it starts with this
    process's modules and settings already loaded and never touches the database connections it inherits:
    ``prepare`` reads none, and a forked worker leaves by os._exit, closing no connection."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    return thread_worker()


def thread_worker() -> Executor:
    """One worker thread for ``prepare``."""
    return ThreadPoolExecutor(1, thread_name_prefix="import-ahead")


def worth_extracting(records: Sequence[ArticleRecord], digests: Sequence[str], *,
                     writing: Sequence[ArticleRecord], writing_digests: Sequence[str]) -> list[bool]:
    """For each record, whether it may be a new article to extract: its text and its address are neither
    stored nor among ``writing`` (the group being written, not committed yet), and it keeps no web page
    (``import_article`` extracts those itself). One query (none for no records)."""
    urls = sorted({record.url for record in records if record.url})
    known_digests, known_urls = set(writing_digests), {record.url for record in writing if record.url}
    if digests:
        sql = "SELECT {0}, {1} FROM {2} WHERE {0} IN ({3})".format(
            column(Article, "content_hash"), column(Article, "url"), table(Article), ", ".join(["%s"] * len(digests)))
        params = list(digests)
        if urls:
            sql += " OR {} IN ({})".format(column(Article, "url"), ", ".join(["%s"] * len(urls)))
            params += urls
        for digest, url in select(Article, sql, params):
            known_digests.add(digest)
            known_urls.add(url)
    return [digest not in known_digests and not (record.url and record.url in known_urls) and not record.raw_html
            for record, digest in zip(records, digests, strict=True)]


def prepare(records: Sequence[ArticleRecord], digests: Sequence[str], extracting: Sequence[bool]) -> list[Ahead]:
    """Each record's Ahead: fingerprint and extraction records for those ``extracting`` marks, None for
    the others and for any whose extraction raised (the main thread then extracts it again and reports the
    error). Pure: no database, run by the worker (``worker``), or by the main thread for the chunks it takes
    back (``take_back``)."""
    done = []
    for record, digest, wanted in zip(records, digests, extracting, strict=True):
        printed = mentions = None
        if wanted:
            try:
                printed = fingerprint_of(record.body)
                mentions = mentions_of(record.body, record.published_on)
            except Exception:  # noqa: BLE001 (the main thread extracts it again and reports what it raises)
                logger.debug("extracting %s ahead failed; it is extracted again in its group", record.source,
                             exc_info=True)
                printed = mentions = None
        done.append(Ahead(digest, printed, mentions))
    return done


# Records per task handed to the worker. A process worker holds two tasks the main thread cannot take back
# (the one it runs and one queued), which the main thread may have to wait for: with 5 records a task it
# waited 0.19 ms per article, with 2 (about 3 ms of work each) 0.03 ms; handing a task over costs far less.
CHUNK = 2


@dataclass(frozen=True)
class Handed:
    """A group handed to the worker in chunks, in order: each chunk's future and its ``prepare`` arguments."""

    chunks: list[tuple[Future, tuple]]


def hand_over(worker: Executor, records: Sequence[ArticleRecord], digests: Sequence[str], *,
              writing: Sequence[ArticleRecord] = (), writing_digests: Sequence[str] = ()) -> Handed | None:
    """Hand ``records`` (``digests``: their content hashes) to ``worker`` to fingerprint and extract, in
    chunks of CHUNK records, in order, while ``writing`` is written; ``worth_extracting`` says which to
    extract. None for fewer than two records (``import_article`` does its own) or when looking up the
    stored texts fails (the group's own queries meet the error and report it per record). A worker that
    takes no more work (its process died: BrokenExecutor) leaves the chunks to the main thread, as futures
    already cancelled."""
    if len(records) < 2:
        return None
    try:
        extracting = worth_extracting(records, digests, writing=writing, writing_digests=writing_digests)
    except DatabaseError:
        logger.warning("looking up a group's texts failed; importing it without the worker", exc_info=True)
        return None
    chunks, broken = [], False
    for at in range(0, len(records), CHUNK):
        arguments = (records[at:at + CHUNK], digests[at:at + CHUNK], extracting[at:at + CHUNK])
        future = None
        if not broken:
            try:
                future = worker.submit(prepare, *arguments)
            except BrokenExecutor:
                logger.warning("the import's worker has stopped; the main thread prepares the rest", exc_info=True)
                broken = True
        if future is None:
            future = Future()
            future.cancel()
        chunks.append((future, arguments))
    return Handed(chunks)


def take_back(handed: Handed | None) -> list[Ahead] | None:
    """The Ahead of every record ``handed`` over, in order; None for None.

    The chunks the worker has not started are taken back, from the last one down, and prepared here while
    the worker goes on from the first: the main thread, which would otherwise wait idle, shares the work
    (on two cores the worker fell behind the writes whenever another process took its core). Then the
    chunks the worker has are waited for. A chunk whose task failed as a whole comes back with nothing
    computed, and the group extracts its records itself."""
    if handed is None:
        return None
    mine = {}
    for index in reversed(range(len(handed.chunks))):
        future, arguments = handed.chunks[index]
        # The worker takes chunks in order: once one cannot be cancelled, every one before it is taken too.
        if not future.cancel():
            break
        mine[index] = prepare(*arguments)
    aheads = []
    for index, (future, arguments) in enumerate(handed.chunks):
        chunk = mine[index] if index in mine else result(future)
        aheads += chunk if chunk is not None else [Ahead(digest, None, None) for digest in arguments[1]]
    return aheads


def result(future: Future | None) -> list[Ahead] | None:
    """The worker's results for a chunk, waiting for them; None when there are none (no worker, or its task
    failed as a whole: the records are then imported as without it)."""
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # noqa: BLE001 (nothing is lost: the main thread computes the same itself)
        logger.warning("preparing a group ahead failed; importing it without", exc_info=True)
        return None
