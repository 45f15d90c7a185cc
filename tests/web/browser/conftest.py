"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from apt (``make test`` installs it when missing and it can); Playwright's own browser
downloads are never used. Without Chromium these tests skip with that reason, unless
``FACTCHECK_REQUIRE_BROWSER=1`` (set by CI) turns the absence into a failure.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import restore_roles

CHROMIUM = Path(os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in the test thread; Django must allow its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and FACTCHECK_REQUIRE_BROWSER=1")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def screenshot(page):
    """``screenshot("figure")`` saves the whole page to test-artifacts/screenshots/figure.png
    (``full_page=False``: only what the window shows)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def roles(transactional_db):
    """The role groups: a transactional test's flush removes what the migrations created, so make them again."""
    return restore_roles()


@pytest.fixture
def login(page, live_server):
    """``login("ann", "pw")`` signs in through the login form and lands on the dashboard."""

    def sign_in(username: str, password: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/review/")

    return sign_in
