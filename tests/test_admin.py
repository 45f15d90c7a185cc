"""Django admin: every model registered, changelists with fixed queries, actions through the core."""

import datetime

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.admin import ACTION_DONE, ACTION_FAILED_ROW, NEED_FIGURE, NEED_REASON
from claims.models import Comment, Verdict
from claims.reconcile.figures import DATE_CLAIM_NOT_GROUPED
from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict

pytestmark = pytest.mark.django_db

MODELS = ["publisher", "article", "claim", "figure", "verdict", "comment"]


def _rows(count: int, first: int = 0) -> None:
    editor = make_member("editor")
    for n in range(first, first + count):
        figure = make_figure(f"Figure {n}", assignee=editor)
        article = make_article(f"Report {n}: more than {n + 40} dead.")
        claim = make_claim(article, text=f"more than {n + 40} dead", qualifier="more_than", low=n + 40, high=None,
                           figure=figure, status="accepted")
        make_verdict(figure, [claim], reviewer=editor)
        Comment.objects.create(author=editor, claim=claim, body=f"note {n}")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS)
def test_changelists_run_the_same_number_of_queries_for_one_row_and_for_many(admin_client, model):
    url = reverse(f"admin:claims_{model}_changelist")
    _rows(1)
    one = _count_queries(admin_client, url)
    _rows(19, first=1)
    assert _count_queries(admin_client, url) == one


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_changelist_a_change_page_and_a_history_page(admin_client, model):
    _rows(1)
    assert reverse(f"admin:claims_{model}_changelist") in admin_client.get(reverse("admin:index")).content.decode()
    obj = apps.get_model("claims", model).objects.first()
    assert admin_client.get(reverse(f"admin:claims_{model}_change", args=[obj.pk])).status_code == 200
    if model in ("claim", "figure", "verdict"):
        assert admin_client.get(reverse(f"admin:claims_{model}_history", args=[obj.pk])).status_code == 200


def test_admin_is_branded_factcheck(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert "factcheck administration" in content and "| factcheck</title>" in content


def test_claim_values_show_formatted_not_as_raw_decimals(admin_client):
    _rows(1)
    content = admin_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "more than 40 people" in content
    assert "40.0000" not in content


def _action(client, action: str, claims, **extra):
    return client.post(reverse("admin:claims_claim_changelist"), {
        "action": action, "_selected_action": [claim.pk for claim in claims], **extra,
    })


def test_actions_run_the_core_on_each_row_and_report_each_failure(admin_client):
    article = make_article("A: 10 dead on 5 May.")
    figure = make_figure("Toll")
    toll, day = make_claim(article, text="10 dead"), make_claim(article, text="5 May", kind="date")
    response = _action(admin_client, "assign_to_figure", [toll, day], figure=figure.pk)
    assert _messages(response) == [
        ACTION_DONE.format(action="Assign to “Toll”", ok=1, failed=1),
        ACTION_FAILED_ROW.format(obj=day, error=DATE_CLAIM_NOT_GROUPED),
    ]
    response = _action(admin_client, "accept", [toll, day])
    assert _messages(response)[-1] == ACTION_DONE.format(action="Accept", ok=2, failed=0)


@pytest.mark.parametrize("extra,message,status", [
    ({}, NEED_REASON, "pending"),
    ({"reason": "duplicate"}, ACTION_DONE.format(action="Reject", ok=1, failed=0), "rejected"),
])
def test_reject_action_needs_a_reason_from_the_action_bar(admin_client, extra, message, status):
    claim = make_claim()
    response = _action(admin_client, "reject", [claim], **extra)
    claim.refresh_from_db()
    assert (_messages(response), claim.status) == ([message], status)


@pytest.mark.parametrize("figure_id,message_of", [
    ("", lambda figure: NEED_FIGURE),
    ("999", lambda figure: NEED_FIGURE),
    ("{pk}", lambda figure: ACTION_DONE.format(action=f"Assign to “{figure}”", ok=1, failed=0)),
])
def test_assign_action_takes_the_figure_id_from_the_action_bar(admin_client, figure_id, message_of):
    claim, figure = make_claim(), make_figure("Toll")
    response = _action(admin_client, "assign_to_figure", [claim], figure=figure_id.format(pk=figure.pk))
    assert _messages(response) == [message_of(figure)]


def test_viewers_get_no_admin_actions(client):
    viewer = make_member("viewer")
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    make_claim()
    content = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "Accept the selected claims" not in content


def test_figure_confirm_and_verdict_withdraw_actions(admin_client):
    figure = make_figure("Proposed", status="proposed")
    response = admin_client.post(reverse("admin:claims_figure_changelist"),
                                 {"action": "confirm", "_selected_action": [figure.pk]})
    assert _messages(response) == [ACTION_DONE.format(action="Confirm", ok=1, failed=0)]
    verdict = make_verdict(figure, [], as_of=datetime.date(2014, 1, 1))
    response = admin_client.post(reverse("admin:claims_verdict_changelist"),
                                 {"action": "withdraw", "_selected_action": [verdict.pk]})
    assert _messages(response)[-1] == ACTION_DONE.format(action="Withdraw", ok=1, failed=0)
    assert Verdict.objects.get().withdrawn_at is not None
