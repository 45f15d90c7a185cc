"""Limits: the client address cannot be forged through X-Forwarded-For, and password guessing on the sign-in
pages and the API token endpoint is locked out per username and per address (django-axes)."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from factcheck.network import LOCKED_OUT, client_address
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOCKED = LOCKED_OUT.format(minutes=15)
SIGN_IN_PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_forged_forwarded_for_headers_share_one_anonymous_bucket(settings):
    settings.API_ANON_THROTTLE_RATE = "2/minute"
    client = APIClient()
    codes = [client.get("/api/v1/figures/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.9", "127.0.0.1"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(rf, settings, proxies, forwarded, address):
    settings.NUM_PROXIES = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == address


def _sign_in(path: str, username: str, password: str, address: str = "127.0.0.1"):
    if path.startswith("/api/"):
        return APIClient(REMOTE_ADDR=address).post(path, {"username": username, "password": password},
                                                   format="json")
    return Client(REMOTE_ADDR=address).post(path, {"username": username, "password": password})


@pytest.mark.parametrize("path", [*SIGN_IN_PAGES, "/api/v1/auth/token/"])
def test_the_fifth_wrong_password_for_one_user_locks_it_out_even_from_other_addresses(path):
    make_user("ana", password="right-pass-123", is_staff=True)
    codes = [_sign_in(path, "ana", f"guess-{n}", f"198.51.100.{n}").status_code for n in range(5)]
    assert codes[:4] == [400 if path.startswith("/api/") else 200] * 4 and codes[4] == 429
    response = _sign_in(path, "ana", "right-pass-123", "198.51.100.77")
    assert response.status_code == 429
    body = response.json()["detail"] if path.startswith("/api/") else response.content.decode()
    assert body == LOCKED


@pytest.mark.parametrize("path", [*SIGN_IN_PAGES, "/api/v1/auth/token/"])
def test_five_failures_from_one_address_lock_out_that_address_for_every_user(path):
    make_user("bo", password="right-pass-123", is_staff=True)
    for n in range(5):
        _sign_in(path, f"nobody-{n}", "guess", "203.0.113.5")
    assert _sign_in(path, "bo", "right-pass-123", "203.0.113.5").status_code == 429
    assert _sign_in(path, "bo", "right-pass-123", "203.0.113.6").status_code in (200, 302)


def test_a_success_before_the_limit_clears_the_failures():
    make_user("cy", password="right-pass-123")
    for _ in range(4):
        _sign_in("/api/v1/auth/token/", "cy", "guess")
    assert _sign_in("/api/v1/auth/token/", "cy", "right-pass-123").status_code == 200
    for _ in range(4):
        _sign_in("/api/v1/auth/token/", "cy", "guess")
    assert _sign_in("/api/v1/auth/token/", "cy", "right-pass-123").status_code == 200
