"""The database check: `manage.py check` (and so runserver and the WSGI start-up) stops on a database
that cannot be read or is not migrated, with a message that says what to do."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.checks import (
    UNMIGRATED_HINT,
    UNREADABLE,
    database_is_migrated,
    running_schema_command,
)

ROOT = Path(__file__).resolve().parent.parent


def manage_check(database: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "claims.E002"),  # no file: an empty database
        (b"", "claims.E002"),  # an empty file
        (b"this is not a database, it is a text file" * 20, UNREADABLE.format(
            alias="default", error="file is not a database")),
    ],
)
def test_check_fails_with_a_clear_message_on_an_empty_or_corrupt_database(tmp_path, content, expected):
    database = tmp_path / "db.sqlite3"
    if content is not None:
        database.write_bytes(content)
    result = manage_check(database)
    assert result.returncode == 1
    assert expected in result.stderr
    if expected == "claims.E002":
        assert UNMIGRATED_HINT in result.stderr


@pytest.mark.django_db
def test_a_migrated_database_passes_the_check(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["manage.py", "check"])
    assert database_is_migrated() == []


@pytest.mark.parametrize(
    ("argv", "skipped"),
    [(["manage.py", "migrate"], True), (["manage.py", "showmigrations"], True), (["manage.py", "check"], False),
     (["manage.py", "runserver"], False), (["gunicorn"], False)],
)
def test_only_the_commands_that_fix_the_schema_skip_the_check(argv, skipped):
    assert running_schema_command(argv) is skipped
