"""Concurrent imports and review writes on the database the suite runs on (SQLite by default, PostgreSQL in
CI): they queue rather than fail, and nothing is lost or stored twice. Each run uses a fresh database of its
own in a separate process, so SQLite is the real file-based configuration of factcheck/settings.py."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

SCRIPT = Path(__file__).resolve().parent / "concurrency_script.py"


@pytest.fixture
def scratch_database_url(tmp_path):
    """A URL for an empty database on the same kind of server as the suite's."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"concurrency_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    yield f"postgres://{auth}@{settings['HOST']}:{settings['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_and_review_writes_queue_without_errors_or_duplicates(scratch_database_url):
    env = {**os.environ, "DATABASE_URL": scratch_database_url, "DJANGO_CONN_MAX_AGE": "0"}
    result = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert (outcome["articles"], outcome["duplicates"]) == (10 + 4 * 5, 0)
    assert outcome["claims"] > 0 and outcome["reviewed"] == outcome["claims"]
    assert outcome["stale"] == 3  # four threads save one claim with one version: exactly one wins
