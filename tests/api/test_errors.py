"""One error body everywhere under /api/: ``{"detail": ...}``, plus ``errors`` by field for invalid input;
JSON 404s for unknown paths; JSON request bodies only."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from claims.api.errors import INVALID_FIELDS, NOT_FOUND_MESSAGE, error_body
from claims.api.limits import TOO_LARGE
from factcheck.network import LOCKED_OUT
from tests.factories import make_user

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
UNSUPPORTED = 'Unsupported media type "{type}" in request.'


@pytest.mark.parametrize("path", ["/api/v1/nonexistent/", "/api/v1/figures/1/nothing/", "/api/v2/figures/",
                                  "/api/", "/api/nonexistent"])
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_path_under_api_is_a_json_404(anonymous, path, method):
    response = getattr(anonymous, method)(path)
    assert (response.status_code, response["Content-Type"], response.json()) == (
        404, "application/json", {"detail": NOT_FOUND_MESSAGE})


def test_a_path_outside_the_api_keeps_djangos_own_404(client, db):
    assert client.get("/nonexistent/")["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"detail": "Not found."}, {"detail": "Not found."}),
        (["One message.", "Another."], {"detail": "One message. Another."}),
        ({"non_field_errors": ["low is above high."]}, {"detail": "low is above high."}),
        ({"version": ["A valid integer is required."]},
         {"detail": INVALID_FIELDS.format(fields="version"), "errors": {"version": ["A valid integer is required."]}}),
        ({"claims": {0: ["A valid integer is required."], 2: ["Too big."]}, "as_of": ["Bad date."]},
         {"detail": INVALID_FIELDS.format(fields="claims.0, claims.2, as_of"),
          "errors": {"claims.0": ["A valid integer is required."], "claims.2": ["Too big."],
                     "as_of": ["Bad date."]}}),
        ({"non_field_errors": ["Both wrong."], "low": ["Not a number."]},
         {"detail": "Both wrong.", "errors": {"low": ["Not a number."]}}),
    ],
    ids=["detail", "list", "non-field", "field", "nested", "non-field and field"],
)
def test_drf_error_data_takes_the_one_shape(data, expected):
    assert error_body(data) == expected


def test_a_nested_field_error_is_named_by_its_path(editor_client, world):
    response = editor_client.post(f"/api/v1/figures/{world.figure.pk}/publish/", {
        "version": 1, "as_of": "2014-02-01", "rating": "verified", "claims": [world.accepted.pk, "x"]}, format="json")
    assert (response.status_code, response.json()) == (400, {
        "detail": INVALID_FIELDS.format(fields="claims.1"), "errors": {"claims.1": ["A valid integer is required."]}})


def _big_post(client):
    return client.generic("POST", "/api/v1/auth/token/", b"{}", content_type="application/json",
                          CONTENT_LENGTH="3000000")


ERRORS = {
    "unknown path": (lambda c, w: c.get("/api/v1/nonexistent/"), 404, {"detail": NOT_FOUND_MESSAGE}),
    "object not visible": (lambda c, w: c.get(f"/api/v1/claims/{w.pending.pk}/"), 404,
                           {"detail": "No Claim matches the given query."}),
    "bad token": (lambda c, w: c.get("/api/v1/export/", HTTP_AUTHORIZATION="Token bogus"), 401,
                  {"detail": "Invalid token."}),
    "anonymous write": (lambda c, w: c.post(f"/api/v1/claims/{w.accepted.pk}/accept/", {"version": 1},
                                            format="json"), 401,
                        {"detail": "Authentication credentials were not provided."}),
    "form body": (lambda c, w: c.post("/api/v1/auth/token/", "username=a&password=b", content_type=FORM), 415,
                  {"detail": UNSUPPORTED.format(type=FORM)}),
    "multipart body": (lambda c, w: c.post("/api/v1/auth/token/", {"username": "a", "password": "b"},
                                           format="multipart"), 415, None),
    "body too large": (lambda c, w: _big_post(c), 413,
                       {"detail": TOO_LARGE.format(size=3000000, limit=2621440)}),
    "malformed JSON": (lambda c, w: c.post("/api/v1/auth/token/", "{", content_type="application/json"), 400,
                       {"detail": "JSON parse error - Expecting property name enclosed in double quotes: "
                                  "line 1 column 2 (char 1)"}),
    "wrong password": (lambda c, w: c.post("/api/v1/auth/token/", {"username": "a", "password": "b"},
                                           format="json"), 400,
                       {"detail": "Unable to log in with provided credentials."}),
}


@pytest.mark.parametrize(("request_", "status", "expected"), ERRORS.values(), ids=ERRORS.keys())
def test_every_error_answers_in_json_with_a_detail(world, request_, status, expected):
    response = request_(APIClient(), world)
    assert (response.status_code, response["Content-Type"]) == (status, "application/json")
    body = response.json()
    assert set(body) <= {"detail", "errors"} and isinstance(body["detail"], str)
    if expected is not None:
        assert body == expected


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    # Throttle windows read the clock; a still one keeps Reset and Retry-After exact.
    monkeypatch.setattr(SimpleRateThrottle, "timer", lambda self: 1_000_000.0)


def test_throttling_answers_429_in_the_one_shape_with_retry_after(anonymous, world, settings):
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    anonymous.get("/api/v1/figures/")
    response = anonymous.get("/api/v1/figures/")
    assert (response.status_code, response.json()) == (
        429, {"detail": "Request was throttled. Expected available in 60 seconds."})
    assert response["Retry-After"] == "60"


def test_the_sign_in_lockout_answers_429_with_retry_after(db, settings):
    make_user("ana", password="right-pass-123")
    client = APIClient()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", {"username": "ana", "password": f"guess-{attempt}"}, format="json")
    response = client.post("/api/v1/auth/token/", {"username": "ana", "password": "right-pass-123"}, format="json")
    assert (response.status_code, response.json(), response["Retry-After"]) == (
        429, {"detail": LOCKED_OUT.format(minutes=15)}, "900")


def test_the_token_endpoint_takes_json(db):
    make_user("ana", password="right-pass-123")
    response = APIClient().post("/api/v1/auth/token/", {"username": "ana", "password": "right-pass-123"},
                                format="json")
    assert response.status_code == 200 and set(response.json()) == {"token"}
