"""Writes: token and session authentication, the article import, and the review actions with their
status codes (400 rule broken, 403 not allowed, 409 stale version)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from claims.api.errors import INVALID_FIELDS
from claims.api.views import NEEDS_IMPORT_PERMISSION, NO_SUCH_CLAIMS, NO_SUCH_FIGURE
from claims.ingest.readers import BAD_DATE, EMPTY_BODY, NO_PUBLISHER, NOT_A_RECORD
from claims.models import Article, Claim, Verdict
from claims.reconcile.review import UNKNOWN_REASON
from claims.reconcile.verdicts import ALREADY_WITHDRAWN, NO_ACCEPTED_CLAIM, WITHDRAW_REASON_REQUIRED
from tests.api.conftest import token_client
from tests.factories import make_figure, make_member, make_user

pytestmark = pytest.mark.django_db

ARTICLE = {
    "title": "Flood toll rises",
    "body": "Rescuers said more than 40 people died in the floods on Monday.",
    "publisher": "River Gazette",
    "published_on": "2024-05-06",
    "url": "https://example.org/floods",
}


@pytest.fixture
def importer_client():
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    return token_client(user)


def test_importing_an_article_creates_it_with_its_extracted_claims(importer_client):
    response = importer_client.post("/api/v1/articles/", ARTICLE, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    article = Article.objects.get()
    assert (data["id"], data["title"], data["outcome"], data["publisher"]["name"]) == (
        article.pk, "Flood toll rises", "created", "River Gazette"
    )
    assert [claim["text"] for claim in data["claims"]] == list(
        article.claims.order_by("start").values_list("text", flat=True)
    )
    assert data["claims"] and all(claim["status"] == "pending" for claim in data["claims"])


def test_importing_the_same_text_again_answers_200_and_stores_nothing_new(importer_client):
    importer_client.post("/api/v1/articles/", ARTICLE, format="json")
    response = importer_client.post("/api/v1/articles/", ARTICLE, format="json")
    assert (response.status_code, response.json()["outcome"], Article.objects.count()) == (200, "skipped", 1)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({**ARTICLE, "body": "   "}, EMPTY_BODY),
        ({**ARTICLE, "publisher": ""}, NO_PUBLISHER),
        ({**ARTICLE, "published_on": "May 6"}, BAD_DATE.format(value="May 6")),
        ({"title": "no body"}, NOT_A_RECORD),
        ({**ARTICLE, "title": 5}, "field 'title' must be a string"),
        ({**ARTICLE, "url": "ftp://x"}, "url 'ftp://x' is not a valid http(s) address"),
        ({**ARTICLE, "body": None}, "field 'body' must be a string"),
        ([ARTICLE], NOT_A_RECORD),
    ],
)
def test_a_record_the_import_command_would_refuse_is_a_400_with_its_message(importer_client, record, message):
    response = importer_client.post("/api/v1/articles/", record, format="json")
    assert (response.status_code, response.json()) == (400, {"detail": message})
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("client_kind", "status", "detail"),
    [
        ("anonymous", 401, "Authentication credentials were not provided."),
        ("viewer", 403, NEEDS_IMPORT_PERMISSION),
    ],
)
def test_importing_needs_the_add_article_permission(client_kind, status, detail):
    client = APIClient() if client_kind == "anonymous" else token_client(make_member("viewer"))
    response = client.post("/api/v1/articles/", ARTICLE, format="json")
    assert (response.status_code, response.json()) == (status, {"detail": detail})


def test_a_session_post_without_the_csrf_token_is_refused(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(make_member("reviewer"))
    response = client.post(f"/api/v1/claims/{world.pending.pk}/accept/", {"version": 1}, format="json")
    assert (response.status_code, response.json()) == (
        403, {"detail": "CSRF Failed: CSRF cookie not set."}
    )
    assert Claim.objects.get(pk=world.pending.pk).status == "pending"


def test_a_session_post_with_the_csrf_token_is_accepted(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(make_member("reviewer"))
    client.get("/api/v1/docs/")  # the docs page sets the CSRF cookie, as a browser would get it
    token = client.cookies["csrftoken"].value
    response = client.post(f"/api/v1/claims/{world.pending.pk}/accept/", {"version": 1}, format="json",
                           HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content


def test_a_bad_token_is_a_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/claims/")
    assert (response.status_code, response.json()) == (401, {"detail": "Invalid token."})


def test_a_token_is_obtained_with_username_and_password(db):
    make_user("ana", password="long-pass-phrase-1")
    response = APIClient().post("/api/v1/auth/token/", {"username": "ana", "password": "long-pass-phrase-1"},
                                format="json")
    assert response.status_code == 200 and len(response.json()["token"]) == 40


@pytest.mark.parametrize(
    ("action", "payload", "status"),
    [
        ("accept", {}, "accepted"),
        ("reject", {"reason": "duplicate"}, "rejected"),
    ],
)
def test_reviewers_accept_and_reject_claims(reviewer_client, world, action, payload, status):
    response = reviewer_client.post(f"/api/v1/claims/{world.pending.pk}/{action}/", {"version": 1, **payload},
                                    format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == (status, 2)


@pytest.mark.parametrize(
    ("path", "payload", "status", "detail"),
    [
        ("claims/{pending}/accept/", {"version": 7}, 409,
         "This claim was changed by someone else since you opened it (you had version 7, it is now at version 1)."
         " Nothing was saved: reload it and try again."),
        ("claims/{pending}/reject/", {"version": 1, "reason": "boring"}, 400,
         UNKNOWN_REASON.format(reason="boring", choices="not_a_claim, extraction_error, duplicate, off_topic")),
        ("claims/{pending}/assign/", {"version": 1, "figure": 999999}, 400, None),
        ("claims/{pending}/accept/", {"version": "x"}, 400, None),
        ("claims/999999/accept/", {"version": 1}, 404, "No Claim matches the given query."),
    ],
)
def test_review_actions_answer_with_the_cores_message_and_status(reviewer_client, world, path, payload, status,
                                                                  detail):
    response = reviewer_client.post("/api/v1/" + path.format(pending=world.pending.pk), payload, format="json")
    assert response.status_code == status, response.content
    if detail is not None:
        assert response.json() == {"detail": detail}


def test_assigning_to_a_missing_figure_names_it(reviewer_client, world):
    response = reviewer_client.post(f"/api/v1/claims/{world.pending.pk}/assign/", {"version": 1, "figure": 999999},
                                    format="json")
    assert response.json() == {"detail": INVALID_FIELDS.format(fields="figure"),
                               "errors": {"figure": [NO_SUCH_FIGURE.format(id=999999)]}}


def test_reviewers_put_a_claim_in_a_figure_and_take_it_out(reviewer_client, world):
    figure = make_figure("Injured in the blast", kind="injured")
    path = f"/api/v1/claims/{world.pending.pk}/assign/"
    assert reviewer_client.post(path, {"version": 1, "figure": figure.pk}, format="json").json()["figure"]["id"] == (
        figure.pk
    )
    assert reviewer_client.post(path, {"version": 2, "figure": None}, format="json").json()["figure"] is None


@pytest.mark.parametrize("group", ["viewer", None])
def test_clients_without_review_permission_get_403_with_the_cores_message(world, group):
    user = make_member(group) if group else make_user()
    client = token_client(user)
    response = client.post(f"/api/v1/claims/{world.accepted.pk}/reject/", {"version": 1, "reason": "duplicate"},
                           format="json")
    assert (response.status_code, response.json()) == (403, {
        "detail": f"{user.get_username()} may not reject claims: that needs the claims.review_claim permission."
    })


def test_anonymous_writes_are_a_401(anonymous, world):
    response = anonymous.post(f"/api/v1/claims/{world.accepted.pk}/accept/", {"version": 1}, format="json")
    assert response.status_code == 401


def publish_payload(world, **fields):
    return {"version": world.figure.version, "as_of": "2014-02-01", "low": 110000, "high": None,
            "rating": "verified", "claims": [world.accepted.pk], "note": "Updated", **fields}


def test_editors_publish_a_verdict_on_a_figure(editor_client, world):
    response = editor_client.post(f"/api/v1/figures/{world.figure.pk}/publish/", publish_payload(world),
                                  format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["as_of"], data["low"], data["rating"], data["sources_count"]) == ("2014-02-01", 110000, "verified", 1)
    assert [row["id"] for row in editor_client.get(data["sources_url"]).json()["results"]] == [world.accepted.pk]
    assert Verdict.objects.published().filter(figure=world.figure).count() == 2


@pytest.mark.parametrize(
    ("fields", "status", "body"),
    [
        ({"claims": [999999]}, 400, {"detail": INVALID_FIELDS.format(fields="claims"),
                                     "errors": {"claims": [NO_SUCH_CLAIMS.format(ids="999999")]}}),
        ({"claims": []}, 400, {"detail": NO_ACCEPTED_CLAIM}),
        ({"rating": "true"}, 400,
         {"detail": "'true' is not a valid rating; use one of: verified, disputed, false, unverifiable."}),
        ({"version": 99}, 409, None),
        ({"as_of": "soon"}, 400, None),
    ],
)
def test_publishing_refusals(editor_client, world, fields, status, body):
    response = editor_client.post(f"/api/v1/figures/{world.figure.pk}/publish/", publish_payload(world, **fields),
                                  format="json")
    assert response.status_code == status, response.content
    if body is not None:
        assert response.json() == body


def test_reviewers_may_not_publish(reviewer_client, reviewer, world):
    response = reviewer_client.post(f"/api/v1/figures/{world.figure.pk}/publish/", publish_payload(world),
                                    format="json")
    assert (response.status_code, response.json()["detail"]) == (
        403, f"{reviewer.username} may not publish verdicts: that needs the claims.publish_verdict permission."
    )


def test_editors_withdraw_a_verdict_and_its_claims_leave_the_verified_data(editor_client, anonymous, world):
    response = editor_client.post(f"/api/v1/verdicts/{world.verdict.pk}/withdraw/",
                                  {"version": 1, "reason": "The UN revised its count."}, format="json")
    assert response.status_code == 200 and response.json()["withdrawn_at"]
    assert anonymous.get("/api/v1/claims/").json()["results"] == []
    again = editor_client.post(f"/api/v1/verdicts/{world.verdict.pk}/withdraw/",
                              {"version": 2, "reason": "again"}, format="json")
    today = datetime.date.today().isoformat()
    assert (again.status_code, again.json()) == (400, {"detail": ALREADY_WITHDRAWN.format(date=today)})


@pytest.mark.parametrize(("payload", "status", "body"), [
    ({"version": 1, "reason": "  "}, 400, {"detail": WITHDRAW_REASON_REQUIRED}),
    ({"version": 1}, 400, {"detail": INVALID_FIELDS.format(fields="reason"),
                           "errors": {"reason": ["This field is required."]}}),
])
def test_withdrawing_through_the_api_needs_a_reason(editor_client, world, payload, status, body):
    response = editor_client.post(f"/api/v1/verdicts/{world.verdict.pk}/withdraw/", payload, format="json")
    assert (response.status_code, response.json()) == (status, body)
    assert Verdict.objects.get(pk=world.verdict.pk).withdrawn_at is None


def test_the_api_stores_the_withdrawal_reason(editor_client, world):
    editor_client.post(f"/api/v1/verdicts/{world.verdict.pk}/withdraw/",
                       {"version": 1, "reason": "The ministry revised it."}, format="json")
    assert Verdict.objects.get(pk=world.verdict.pk).withdrawn_reason == "The ministry revised it."
