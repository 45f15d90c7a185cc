"""Settings: local values from a .env file, the environment first, and no start without a real key."""

import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.settings import INSECURE_SECRET_KEY, MISSING_SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent
SHOW = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"


def run_settings(env_file: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "factcheck.settings",
                   "DJANGO_ENV_FILE": str(env_file), **env}
    return subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env=environment, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("file_text", "env", "shown"),
    [
        ("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=from-the-file\n", {}, "True from-the-file"),
        ("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=from-the-file\n", {"DJANGO_DEBUG": "0"}, "False from-the-file"),
        ("DJANGO_SECRET_KEY=from-the-file\n", {"DJANGO_SECRET_KEY": "from-the-environment"},
         "False from-the-environment"),
        ("DJANGO_DEBUG=1\n", {}, "True django-insecure-development-only-key"),
    ],
)
def test_settings_read_the_env_file_and_the_environment_wins(tmp_path, file_text, env, shown):
    env_file = tmp_path / ".env"
    env_file.write_text(file_text)
    result = run_settings(env_file, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == shown


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "0"}, MISSING_SECRET_KEY),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "django-insecure-development-only-key"}, INSECURE_SECRET_KEY),
    ],
)
def test_with_debug_off_the_settings_refuse_to_start_without_a_real_key(tmp_path, env, message):
    result = run_settings(tmp_path / "missing.env", **env)
    assert result.returncode != 0
    assert message in result.stderr


OPTIONS = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"


@pytest.mark.parametrize(
    ("url", "extra", "shown"),
    [
        # every server-side cursor is read to its end (exports, backups), so plan it for all its rows; the API
        # lists' SQL is prepared on the connection (claims.api.listing) unless a pooler forbids it
        ("postgres://user@db.example/factcheck", {},
         "{'options': '-c cursor_tuple_fraction=1', 'prepare_threshold': 5}"),
        ("postgres://user@db.example/factcheck", {"DJANGO_DB_PREPARED_PLANS": "0"},
         "{'options': '-c cursor_tuple_fraction=1', 'prepare_threshold': None}"),
        ("sqlite:////tmp/factcheck.sqlite3", {}, "'transaction_mode': 'IMMEDIATE'"),
    ],
)
def test_each_database_gets_its_connection_options(tmp_path, url, extra, shown):
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "factcheck.settings",
                   "DJANGO_ENV_FILE": str(tmp_path / ".env"), "DJANGO_SECRET_KEY": "t", "DATABASE_URL": url, **extra}
    result = subprocess.run([sys.executable, "-c", OPTIONS], cwd=ROOT, env=environment, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
