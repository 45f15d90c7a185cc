"""`manage.py check --deploy` in production settings reports only the warnings docs/deploy.md documents."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECK_ID = re.compile(r"\((\w+\.[EWCI]\d+)\)")


@pytest.fixture(scope="module")
def production_env(tmp_path_factory) -> dict[str, str]:
    database = tmp_path_factory.mktemp("deploy") / "db.sqlite3"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "FACTCHECK_"))}
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
               DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="factcheck.example.org", DJANGO_ENV_FILE=os.devnull)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    return env


def documented_warnings() -> set[str]:
    text = (ROOT / "docs" / "deploy.md").read_text()
    section = text.split("## `check --deploy`", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(security\.W\d+)`", section))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, {"security.W004", "security.W008"}),  # HTTPS and HSTS come from the TLS proxy
        ({"DJANGO_SECURE_SSL": "1"}, {"security.W005", "security.W021"}),
        ({"DJANGO_SECURE_SSL": "1", "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1", "DJANGO_HSTS_PRELOAD": "1"}, set()),
    ],
)
def test_check_deploy_reports_only_the_documented_warnings(production_env, extra, expected):
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT,
                            env={**production_env, **extra}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert set(CHECK_ID.findall(result.stdout + result.stderr)) == expected
    assert expected <= documented_warnings()
