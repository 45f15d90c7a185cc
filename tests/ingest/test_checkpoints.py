"""checkpoints_aside: while an import runs on a SQLite database in WAL mode, a thread of its own copies the
write-ahead log into the database file, the importing connection none; elsewhere it does nothing."""

import contextlib
import shutil
import sqlite3
import threading
import time

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

from claims.ingest import ahead, checkpoints, importer
from claims.ingest.checkpoints import checkpoints_aside
from tests.ingest.test_group_import import TOWNS, report, results

ROWS = 3000  # a few hundred pages of rows: far past what one checkpoint at a time would leave in the log


@pytest.fixture
def wal_database(tmp_path, django_db_blocker):
    """A Django connection to a SQLite file in WAL mode, as factcheck.settings opens one, with a table."""
    handler = ConnectionHandler({"default": {
        "ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "wal.sqlite3"),
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}})
    wal = handler["default"]
    with django_db_blocker.unblock():
        with wal.cursor() as cursor:
            cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file alone holds the empty table
        yield wal
        wal.close()


def automatic_pages(wal) -> int:
    with wal.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return cursor.fetchone()[0]


def rows_in_file_alone(path, copy) -> int | None:
    """The rows the database file holds without its log: a copy of the file alone, read; None when the copy
    was taken while a checkpoint wrote the file (a mix of old and new pages)."""
    shutil.copyfile(path, copy)
    try:
        with contextlib.closing(sqlite3.connect(copy)) as database:
            return database.execute("SELECT count(*) FROM note").fetchone()[0]
    except sqlite3.DatabaseError:
        return None


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_the_thread_copies_the_log_into_the_file_while_the_connection_makes_no_checkpoint(wal_database, tmp_path):
    path = wal_database.settings_dict["NAME"]
    with checkpoints_aside(wal_database) as checkpointer:
        assert automatic_pages(wal_database) == 0
        with wal_database.cursor() as cursor:  # autocommit: one transaction
            cursor.executemany("INSERT INTO note (body) VALUES (%s)", [("x" * 200,)] * ROWS)
        # Only the thread can have put the rows into the file: the importing connection checkpoints nothing.
        wait_for(lambda: rows_in_file_alone(path, tmp_path / "copy.sqlite3") == ROWS,
                 "no checkpoint copied the rows into the database file")
    busy, logged, copied = checkpointer.last
    assert checkpointer.count >= 1 and busy == 0 and logged == copied > 0
    assert automatic_pages(wal_database) == 1000
    assert not [thread for thread in threading.enumerate() if thread.name == checkpoints.THREAD_NAME]


def test_the_connection_checkpoints_by_itself_again_after_an_import_that_raised(wal_database):
    with pytest.raises(ZeroDivisionError), checkpoints_aside(wal_database):
        1 / 0  # noqa: B018
    assert automatic_pages(wal_database) == 1000
    assert not [thread for thread in threading.enumerate() if thread.name == checkpoints.THREAD_NAME]


@pytest.mark.django_db
def test_nothing_is_done_on_postgresql_or_a_database_without_a_log():
    """The tests' database: PostgreSQL, or SQLite in memory (no write-ahead log)."""
    with checkpoints_aside(connection) as checkpointer:
        assert checkpointer is None
        assert not [thread for thread in threading.enumerate() if thread.name == checkpoints.THREAD_NAME]


@pytest.mark.django_db
def test_an_import_of_several_groups_checkpoints_aside_once_its_worker_runs(monkeypatch):
    events = []
    real_aside = importer.checkpoints_aside

    def recorded_worker():
        events.append("worker")
        return ahead.thread_worker()

    def recorded_aside(database):
        events.append(("checkpoints", database.alias))
        return real_aside(database)

    monkeypatch.setattr(importer, "GROUP_SIZE", 2)
    monkeypatch.setattr(importer, "ahead_worker", recorded_worker)
    monkeypatch.setattr(importer, "checkpoints_aside", recorded_aside)
    importer.import_records(results(report(1, TOWNS[1]), report(2, TOWNS[2])))
    assert events == []  # one group: no worker, nothing aside
    assert importer.import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[3:9])))).summary() == (
        "created 6, updated 0, skipped 0, failed 0")
    # Started after the worker: a worker process is forked only while this process runs one thread.
    assert events == ["worker", ("checkpoints", "default")]


def test_a_log_grown_past_its_bound_starts_again_from_its_beginning(wal_database, monkeypatch):
    monkeypatch.setattr(checkpoints, "INTERVAL", 0.05)
    monkeypatch.setattr(checkpoints, "LOG_PAGES", 100)
    with checkpoints_aside(wal_database) as checkpointer, wal_database.cursor() as cursor:
        cursor.executemany("INSERT INTO note (body) VALUES (%s)", [("x" * 200,)] * ROWS)  # some 200 pages
        wait_for(lambda: checkpointer.restarts >= 1, "the log was never restarted")
        cursor.execute("INSERT INTO note (body) VALUES ('after')")
        seen = checkpointer.count
        wait_for(lambda: checkpointer.count > seen + 1, "no checkpoint after the restart")
        # Written from the log's beginning again: the log now holds the last transaction's few pages only.
        assert checkpointer.last[1] < 10


def test_a_reader_on_the_log_holds_the_import_back_a_few_moments_and_the_log_starts_again_once_it_leaves(
        wal_database, monkeypatch):
    monkeypatch.setattr(checkpoints, "INTERVAL", 0.05)
    monkeypatch.setattr(checkpoints, "LOG_PAGES", 100)
    monkeypatch.setattr(checkpoints, "RESTART_WAIT", 0.2)
    path = wal_database.settings_dict["NAME"]
    with checkpoints_aside(wal_database) as checkpointer, wal_database.cursor() as cursor, \
            contextlib.closing(sqlite3.connect(path, isolation_level=None)) as reader:
        cursor.execute("INSERT INTO note (body) VALUES ('first')")
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM note").fetchone()  # a read snapshot on the log, kept open
        waits = []
        for _ in range(20):  # each statement a transaction of its own, some 160 pages each
            started = time.monotonic()
            cursor.executemany("INSERT INTO note (body) VALUES (%s)", [("x" * 200,)] * 150)
            waits.append(time.monotonic() - started)
            time.sleep(0.02)
        assert checkpointer.restarts == 0  # the reader kept the log
        assert max(waits) < 1.0  # held back by a RESTART at most RESTART_WAIT (0.2 s) each time
        # Tried again only once the log doubled: past 100 pages, then about 1,000, 2,000...: a few times.
        assert 1 <= sum(wait > 0.15 for wait in waits) <= 6
        reader.execute("COMMIT")
        deadline = time.monotonic() + 30
        # Once the reader has left, the log is written from its beginning again (by a RESTART, or by the
        # writer itself when a checkpoint had copied all of it), and stays under its bound.
        while checkpointer.last[1] > checkpoints.LOG_PAGES:
            assert time.monotonic() < deadline, "the log did not start again once the reader left"
            cursor.executemany("INSERT INTO note (body) VALUES (%s)", [("x" * 200,)] * 150)
            time.sleep(0.05)
