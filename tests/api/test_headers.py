"""Headers on every /api/ answer: Cache-Control (public and short for anonymous verified reads, private
otherwise), Vary, rate-limit headers for the throttle that counted the request, and CORS for anonymous
reads from the configured origins only."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from claims.api.headers import PRIVATE
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60"
NEWSROOM = "https://news.example"
EXPOSED = {"ETag", "Last-Modified", "Link", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining",
           "X-RateLimit-Reset"}


def _big(client, world):
    return client.generic("POST", "/api/v1/auth/token/", b"{}", content_type="application/json",
                          CONTENT_LENGTH="3000000")


def _not_modified(client, world):
    etag = client.get("/api/v1/figures/")["ETag"]
    return client.get("/api/v1/figures/", HTTP_IF_NONE_MATCH=etag)


CACHING = {
    "anonymous list": ("anonymous", lambda c, w: c.get("/api/v1/figures/"), 200, PUBLIC),
    "anonymous detail": ("anonymous", lambda c, w: c.get(f"/api/v1/verdicts/{w.verdict.pk}/"), 200, PUBLIC),
    "anonymous csv": ("anonymous", lambda c, w: c.get("/api/v1/claims/?format=csv"), 200, PUBLIC),
    "anonymous export": ("anonymous", lambda c, w: c.get("/api/v1/export/?format=jsonld"), 200, PUBLIC),
    "anonymous 304": ("anonymous", _not_modified, 304, PUBLIC),
    "anonymous schema": ("anonymous", lambda c, w: c.get("/api/v1/schema/"), 200, PUBLIC),
    "anonymous refused status": ("anonymous", lambda c, w: c.get("/api/v1/claims/?status=pending"), 403, PRIVATE),
    "anonymous unknown path": ("anonymous", lambda c, w: c.get("/api/v1/nonexistent/"), 404, PRIVATE),
    "anonymous bad filter": ("anonymous", lambda c, w: c.get("/api/v1/claims/?kind=x"), 400, PRIVATE),
    "anonymous body too large": ("anonymous", _big, 413, PRIVATE),
    "bad token": ("anonymous", lambda c, w: c.get("/api/v1/figures/", HTTP_AUTHORIZATION="Token x"), 401, PRIVATE),
    "reviewer list": ("reviewer", lambda c, w: c.get("/api/v1/figures/"), 200, PRIVATE),
    "reviewer export": ("reviewer", lambda c, w: c.get("/api/v1/export/"), 200, PRIVATE),
    "reviewer write": ("reviewer", lambda c, w: c.post(f"/api/v1/claims/{w.pending.pk}/accept/", {"version": 1},
                                                      format="json"), 200, PRIVATE),
}


@pytest.mark.parametrize(("who", "request_", "status", "cache_control"), CACHING.values(), ids=CACHING.keys())
def test_every_api_answer_says_how_it_may_be_cached_and_what_varies_it(world, reviewer, who, request_, status,
                                                                       cache_control):
    client = APIClient() if who == "anonymous" else token_client(reviewer)
    response = request_(client, world)
    assert (response.status_code, response["Cache-Control"]) == (status, cache_control)
    assert {"Accept", "Authorization", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    # Throttle windows read the clock; a still one keeps Reset and Retry-After exact.
    monkeypatch.setattr(SimpleRateThrottle, "timer", lambda self: 1_000_000.0)


def _limits(response) -> tuple[str, str, str]:
    return response["X-RateLimit-Limit"], response["X-RateLimit-Remaining"], response["X-RateLimit-Reset"]


@pytest.mark.parametrize("path", ["/api/v1/figures/", "/api/v1/export/?format=csv", "/api/v1/schema/"])
def test_anonymous_answers_carry_the_anonymous_rate_limit(anonymous, world, settings, path):
    settings.API_ANON_THROTTLE_RATE = "3/minute"
    answers = [anonymous.get(path) for _ in range(4)]
    assert [_limits(response) for response in answers[:3]] == [("3", "2", "60"), ("3", "1", "60"), ("3", "0", "60")]
    assert (answers[3].status_code, answers[3]["Retry-After"], answers[3]["X-RateLimit-Remaining"]) == (
        429, "60", "0")


@pytest.mark.parametrize("path", ["/api/v1/export/", "/api/v1/figures/", "/api/v1/claims/?status=all"])
def test_a_valid_token_is_throttled_as_its_user_not_as_anonymous(world, reviewer, settings, path):
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    settings.API_USER_THROTTLE_RATE = "2/minute"
    client = token_client(reviewer)
    answers = [client.get(path) for _ in range(3)]
    assert [response.status_code for response in answers] == [200, 200, 429]
    assert [_limits(response)[:2] for response in answers] == [("2", "1"), ("2", "0"), ("2", "0")]
    # The user's requests used nothing of the anonymous allowance of the same address.
    assert APIClient().get(path.replace("status=all", "")).status_code == 200


def test_a_bad_token_on_the_export_is_refused_not_ignored(world):
    response = APIClient().get("/api/v1/export/", HTTP_AUTHORIZATION="Token not-a-token")
    assert (response.status_code, response.json()) == (401, {"detail": "Invalid token."})


def test_no_rate_limit_headers_when_throttling_is_off(anonymous, world, settings):
    settings.API_ANON_THROTTLE_RATE = None
    assert "X-RateLimit-Limit" not in anonymous.get("/api/v1/figures/")


CORS = {
    "read from a configured origin": ("get", "/api/v1/figures/", NEWSROOM, {}, NEWSROOM),
    "export from a configured origin": ("get", "/api/v1/export/", NEWSROOM, {}, NEWSROOM),
    "read from another origin": ("get", "/api/v1/figures/", "https://elsewhere.example", {}, None),
    "write from a configured origin": ("post", "/api/v1/auth/token/", NEWSROOM, {}, None),
    "page outside the api": ("get", "/accounts/login/", NEWSROOM, {}, None),
    "preflight of a read": ("options", "/api/v1/verdicts/", NEWSROOM,
                            {"HTTP_ACCESS_CONTROL_REQUEST_METHOD": "GET"}, NEWSROOM),
}


@pytest.mark.parametrize(("method", "path", "origin", "extra", "allowed"), CORS.values(), ids=CORS.keys())
def test_cross_origin_reads_only_from_configured_origins(world, settings, method, path, origin, extra, allowed):
    settings.CORS_ALLOWED_ORIGINS = [NEWSROOM]
    response = getattr(APIClient(), method)(path, HTTP_ORIGIN=origin, **extra)
    assert response.get("Access-Control-Allow-Origin") == allowed
    assert "Access-Control-Allow-Credentials" not in response
    if allowed and method == "get":
        assert set(response["Access-Control-Expose-Headers"].split(", ")) == EXPOSED


def test_a_preflight_allows_reads_and_no_credentials_header(world, settings):
    settings.CORS_ALLOWED_ORIGINS = [NEWSROOM]
    response = APIClient().options("/api/v1/figures/", HTTP_ORIGIN=NEWSROOM,
                                   HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                                   HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization")
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "authorization" not in response["Access-Control-Allow-Headers"]


def test_no_origin_is_allowed_by_default(world):
    response = APIClient().get("/api/v1/figures/", HTTP_ORIGIN=NEWSROOM)
    assert "Access-Control-Allow-Origin" not in response
