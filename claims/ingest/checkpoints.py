"""SQLite's WAL checkpoints during a long import, run by a thread of their own (``checkpoints_aside``).

In WAL mode (factcheck.settings) a commit appends the pages it changed to the write-ahead log, and the
connection whose commit takes the log past ``wal_autocheckpoint`` pages (1,000 by default) then copies the
log into the database file and syncs both files (with synchronous=NORMAL, checkpoints are the only syncs).
One import group of 50 articles changes more pages than that (its claims, buckets and history rows land on
the pages of a dozen indexes), so every group's commit checkpointed, and at 100,000 stored articles the
import waited on those syncs about half a millisecond per article (docs/benchmarks.md, "Import, eighth
round").

``checkpoints_aside`` turns the importing connection's automatic checkpoints off and has a thread with its
own connection checkpoint every INTERVAL instead, PASSIVE (it neither waits for nor blocks a reader or a
writer), so the import writes its next group while the copy and the syncs run. Once the log is longer than
LOG_PAGES the thread makes a RESTART checkpoint, which holds the next group back until the log is copied, so
that it is written from its beginning again: the log stays bounded. Leaving, the thread makes a last
checkpoint of what is left and the connection's setting comes back. Durability is unchanged: the same syncs
in the same order, made by another connection. Nothing is done on PostgreSQL, or on a SQLite database not in
WAL mode (the tests' in-memory one).
"""

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterator

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

# Seconds between two checkpoints. One group commits every 0.1-0.2 s: each checkpoint copies a few groups.
INTERVAL = 0.25
# The log's length, in pages, past which the thread restarts it (RESTART checkpoint). A log starts again from
# its beginning only when a transaction begins with every page of it copied, which a checkpoint running
# beside the writes almost never sees: the log would grow for as long as the import runs (541 MB in 3,000
# articles at 100,000 stored). 16,384 pages of 4 KB: 64 MB.
LOG_PAGES = 16_384
# Seconds a RESTART checkpoint waits for the group being written and for readers still on the log, holding
# the import's next group back meanwhile. A reader that stays longer (a long export) keeps the log from
# restarting: the thread then tries again once the log has doubled, so the import is held back a few times
# while such a reader lasts, not at every turn.
RESTART_WAIT = 1.0
THREAD_NAME = "import-checkpoints"


class Checkpointer:
    """The thread checkpointing a SQLite database: ``count`` passive checkpoints and ``restarts`` of the log
    so far, ``last`` what the last checkpoint returned (busy, frames in the log, frames copied into the
    database file)."""

    def __init__(self, path: str):
        self.path = path
        self.count = self.restarts = 0
        self.last: tuple[int, int, int] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop after one last checkpoint, and wait for it."""
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            # Opened in the thread: an sqlite3 connection belongs to the thread that made it.
            with contextlib.closing(sqlite3.connect(self.path, timeout=RESTART_WAIT,
                                                    isolation_level=None)) as database:
                database.execute("PRAGMA synchronous=NORMAL")  # as the application's connections sync
                restart_past = LOG_PAGES
                while True:
                    stopping = self._stop.wait(INTERVAL)
                    self.last = database.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    self.count += 1
                    if stopping:
                        return
                    if self.last[1] > restart_past:
                        self.last = database.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
                        # Busy: a reader still on the log, or a group longer than RESTART_WAIT. Again once the
                        # log has doubled.
                        if self.last[0]:
                            restart_past = 2 * self.last[1]
                        else:
                            self.restarts += 1
                            restart_past = LOG_PAGES
        except sqlite3.Error:
            # Nothing is lost: the log keeps every page until a checkpoint copies it, and the importing
            # connection checkpoints again by itself once the import is over.
            logger.warning("checkpointing %s beside the import failed", self.path, exc_info=True)


@contextlib.contextmanager
def checkpoints_aside(connection: BaseDatabaseWrapper) -> Iterator[Checkpointer | None]:
    """While inside, ``connection`` (a SQLite database in WAL mode) makes no checkpoint of its own and a
    Checkpointer thread makes them; yields it, or None (and does nothing) for any other database."""
    pages = _automatic_pages(connection) if connection.vendor == "sqlite" else None
    if pages is None:
        yield None
        return
    checkpointer = Checkpointer(str(connection.settings_dict["NAME"]))
    checkpointer.start()
    try:
        yield checkpointer
    finally:
        checkpointer.stop()
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA wal_autocheckpoint={pages}")
        except DatabaseError:
            # A connection left without checkpoints would let the log grow for as long as it lives (a task
            # worker's, for days): closed, the next query opens one with the default.
            logger.warning("restoring the automatic checkpoints failed; closing the connection", exc_info=True)
            connection.close()


def _automatic_pages(connection: BaseDatabaseWrapper) -> int | None:
    """Turn ``connection``'s automatic checkpoints off and return their threshold in pages, if it is in WAL
    mode; else None, and nothing changed."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0] != "wal":
            return None
        cursor.execute("PRAGMA wal_autocheckpoint")
        (pages,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint=0")
    return int(pages)
