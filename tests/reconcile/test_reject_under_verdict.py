"""Rejecting a claim a published verdict rests on changes the public data: every interface warns and asks
for an explicit confirmation (claims.reconcile.review.UNDER_PUBLISHED_VERDICT) before doing it."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from claims.admin import ACTION_DONE, ACTION_FAILED_ROW
from claims.reconcile.errors import ReviewError
from claims.reconcile.review import UNDER_PUBLISHED_VERDICT, reject_claim
from claims.web.forms import CONFIRM_UNDER_VERDICT_LABEL
from tests.admin.helpers import changelist_post
from tests.api.conftest import token_client
from tests.factories import make_claim, make_figure, make_member, make_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_verdict():
    claim = make_claim(status="accepted")
    figure = make_figure()
    claim.figure = figure
    claim.save(update_fields=["figure"])
    verdict = make_verdict(figure, [claim])
    return claim, verdict


def warning(claim, verdict) -> str:
    return UNDER_PUBLISHED_VERDICT.format(claim=claim.pk, verdict=verdict)


def test_the_core_refuses_without_confirmation_and_rejects_with_it(under_verdict):
    claim, verdict = under_verdict
    reviewer = make_member("reviewer")
    with pytest.raises(ReviewError) as refused:
        reject_claim(claim, actor=reviewer, version=claim.version, reason="extraction_error")
    assert str(refused.value) == (
        f"Claim {claim.pk} supports the published verdict “{verdict}”: rejecting it leaves that verdict "
        "resting on a rejected claim. Nothing was done. Confirm to reject it anyway, then review the verdict."
    )
    claim.refresh_from_db()
    assert claim.status == "accepted"
    saved = reject_claim(claim, actor=reviewer, version=claim.version, reason="extraction_error",
                         confirm_under_verdict=True)
    assert saved.status == "rejected"


def test_a_withdrawn_or_unpublished_verdict_needs_no_confirmation():
    reviewer = make_member("reviewer")
    for published in (False, True):
        claim = make_claim(status="accepted")
        verdict = make_verdict(make_figure(f"Toll {published}"), [claim], published=published)
        if published:
            verdict.withdrawn_at, verdict.withdrawn_reason = verdict.published_at, "wrong"
            verdict.save()
        saved = reject_claim(claim, actor=reviewer, version=claim.version, reason="extraction_error")
        assert saved.status == "rejected"


def test_the_claim_page_warns_then_shows_the_confirmation_step(under_verdict):
    claim, verdict = under_verdict
    client = Client()
    client.force_login(make_member("reviewer"))
    url = f"/review/claims/{claim.pk}/reject/"
    response = client.post(url, {"version": claim.version, "reason": "extraction_error"})
    assert response.status_code == 400
    assert [str(m) for m in get_messages(response.wsgi_request)] == [warning(claim, verdict)]
    assert CONFIRM_UNDER_VERDICT_LABEL in response.content.decode()
    response = client.post(url, {"version": claim.version, "reason": "extraction_error", "confirm_under_verdict": "on"})
    claim.refresh_from_db()
    assert (response.status_code, claim.status) == (302, "rejected")


def test_bulk_reject_refuses_the_row_unless_confirmed(under_verdict):
    claim, verdict = under_verdict
    client = Client()
    client.force_login(make_member("reviewer"))
    data = {"action": "reject", "reason": "extraction_error", "claims": f"{claim.pk}:{claim.version}"}
    response = client.post("/review/claims/bulk/", data)
    assert f"Claim {claim.pk}: {warning(claim, verdict)}" in [str(m) for m in get_messages(response.wsgi_request)] or \
        any(warning(claim, verdict) in str(m) for m in get_messages(response.wsgi_request))
    claim.refresh_from_db()
    assert claim.status == "accepted"
    client.post("/review/claims/bulk/", {**data, "confirm_under_verdict": "on"})
    claim.refresh_from_db()
    assert claim.status == "rejected"


def test_the_api_answers_400_with_the_warning_and_rejects_when_confirmed(under_verdict):
    claim, verdict = under_verdict
    client = token_client(make_member("reviewer"))
    url = f"/api/v1/claims/{claim.pk}/reject/"
    response = client.post(url, {"version": claim.version, "reason": "extraction_error"}, format="json")
    assert (response.status_code, response.json()) == (400, {"detail": warning(claim, verdict)})
    response = client.post(url, {"version": claim.version, "reason": "extraction_error", "confirm_under_verdict": True},
                           format="json")
    assert (response.status_code, response.json()["status"]) == (200, "rejected")


def test_the_admin_reject_action_reports_the_warning_per_row_unless_confirmed(admin_client, under_verdict):
    claim, verdict = under_verdict
    response = changelist_post(admin_client, "claim", "reject", [claim], reason="extraction_error")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        ACTION_DONE.format(action="Reject", ok=0, failed=1),
        ACTION_FAILED_ROW.format(obj=claim, error=warning(claim, verdict)),
    ]
    changelist_post(admin_client, "claim", "reject", [claim], reason="extraction_error", confirm_under_verdict="on")
    claim.refresh_from_db()
    assert claim.status == "rejected"
