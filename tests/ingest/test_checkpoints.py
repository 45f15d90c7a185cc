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


def test_the_thread_copies_the_log_into_the_file_while_the_connection_makes_no_checkpoint(wal_database, tmp_path):
    path = wal_database.settings_dict["NAME"]
    with checkpoints_aside(wal_database) as checkpointer:
        assert automatic_pages(wal_database) == 0
        with wal_database.cursor() as cursor:  # autocommit: one transaction
            cursor.executemany("INSERT INTO note (body) VALUES (%s)", [("x" * 200,)] * ROWS)
        # Only the thread can have put the rows into the file: the importing connection checkpoints nothing.
        deadline = time.monotonic() + 30
        while rows_in_file_alone(path, tmp_path / "copy.sqlite3") != ROWS:
            assert time.monotonic() < deadline, "no checkpoint copied the rows into the database file"
            time.sleep(checkpoints.INTERVAL)
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
