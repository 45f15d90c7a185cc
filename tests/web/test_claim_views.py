"""Claim writes through the reviewer pages: each calls one core function and reports with a message."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Comment, Figure
from claims.reconcile.errors import LOW_ABOVE_HIGH
from claims.reconcile.locking import STALE_VERSION
from claims.reconcile.review import NOTHING_TO_CORRECT
from claims.web.views import common
from tests.factories import make_article, make_claim, make_figure, make_member, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    return sign_in(client, "reviewer", "ann")


def _claim(**fields) -> Claim:
    return make_claim(make_article("Officials said 5,000 people were killed."), text="5,000 people", **fields)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_accept_marks_the_claim_accepted_and_returns_to_its_page(client, reviewer):
    claim = _claim()
    response = client.post(reverse("review:claim-accept", args=[claim.pk]), {"version": 1})
    assert response.status_code == 302 and response["Location"] == reverse("review:claim", args=[claim.pk])
    assert _messages(response) == [common.ACCEPTED.format(claim=claim.pk)]
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by, claim.version) == ("accepted", reviewer, 2)


@pytest.mark.parametrize("next_url,expected", [
    ("/review/claims/?status=pending", "/review/claims/?status=pending"),
    ("https://evil.example/", None),  # not this site: ignored
])
def test_a_write_returns_to_the_page_it_came_from_when_that_is_on_this_site(client, reviewer, next_url, expected):
    claim = _claim()
    response = client.post(reverse("review:claim-accept", args=[claim.pk]), {"version": 1, "next": next_url})
    assert response["Location"] == (expected or reverse("review:claim", args=[claim.pk]))


def test_a_stale_version_shows_the_message_and_keeps_the_typed_form(client, reviewer):
    claim = _claim()
    url = reverse("review:claim-correct", args=[claim.pk])
    form = {"version": 1, "low": "6000", "high": "6000", "qualifier": "exact", "kind": "death_toll",
            "subject": "typed by me", "attribution": "", "as_of": "2014-01-13"}
    Claim.objects.filter(pk=claim.pk).update(version=3)
    response = client.post(url, form)
    assert response.status_code == 409
    content = response.content.decode()
    message = STALE_VERSION.format(model="claim", expected=1, current=3)
    assert message.replace("'", "&#x27;") in content
    assert 'value="typed by me"' in content
    claim.refresh_from_db()
    assert claim.subject == ""


def test_a_stale_accept_from_the_queue_goes_back_to_the_queue_with_the_message(client, reviewer):
    claim = _claim(version=2)
    response = client.post(reverse("review:claim-accept", args=[claim.pk]), {"version": 1, "next": "/review/claims/"})
    assert response["Location"] == "/review/claims/"
    assert _messages(response) == [STALE_VERSION.format(model="claim", expected=1, current=2)]


@pytest.mark.parametrize("form,status,message", [
    ({"version": 1, "reason": "duplicate"}, 302, common.REJECTED.format(claim="{pk}", reason="duplicate")),
    ({"version": 1, "reason": ""}, 400, common.FORM_INVALID),
    ({"version": 1, "reason": "boring"}, 400, common.FORM_INVALID),
])
def test_reject_needs_one_of_the_reasons(client, reviewer, form, status, message):
    claim = _claim()
    response = client.post(reverse("review:claim-reject", args=[claim.pk]), form)
    assert response.status_code == status
    assert _messages(response) == [message.format(pk=claim.pk)]
    claim.refresh_from_db()
    assert claim.status == ("rejected" if status == 302 else "pending")


@pytest.mark.parametrize("change,status,message", [
    ({"low": "6000", "high": "7000", "qualifier": "range"}, 302, common.CORRECTED.format(claim="{pk}")),
    ({}, 400, NOTHING_TO_CORRECT),
    ({"low": "9000"}, 400, LOW_ABOVE_HIGH.format(low="9,000", high="5,000")),
])
def test_correct_changes_the_fields_or_shows_the_core_message(client, reviewer, change, status, message):
    claim = _claim()
    form = {"version": 1, "low": "5000", "high": "5000", "qualifier": "exact", "kind": "death_toll",
            "subject": "", "attribution": "", "as_of": "2014-01-13", **change}
    response = client.post(reverse("review:claim-correct", args=[claim.pk]), form)
    assert response.status_code == status
    assert _messages(response) == [message.format(pk=claim.pk)]


def test_correct_keeps_what_the_extractor_found(client, reviewer):
    claim = _claim(extracted={"low": "5000"})
    form = {"version": 1, "low": "6000", "high": "6000", "qualifier": "exact", "kind": "death_toll",
            "subject": "", "attribution": "", "as_of": "2014-01-13"}
    client.post(reverse("review:claim-correct", args=[claim.pk]), form)
    claim.refresh_from_db()
    assert (claim.low, claim.extracted) == (6000, {"low": "5000"})


def test_assign_puts_the_claim_in_a_figure_and_empty_takes_it_out(client, reviewer):
    claim, figure = _claim(), make_figure("Toll")
    url = reverse("review:claim-assign", args=[claim.pk])
    response = client.post(url, {"version": 1, "figure": figure.pk})
    assert _messages(response) == [common.ASSIGNED.format(claim=claim.pk, figure="Toll")]
    response = client.post(url, {"version": 2, "figure": ""})
    assert _messages(response)[-1] == common.UNASSIGNED.format(claim=claim.pk)
    claim.refresh_from_db()
    assert claim.figure is None


def test_assign_only_accepts_figures_of_the_claims_kind(client, reviewer):
    claim, figure = _claim(), make_figure("Injured", kind="injured")
    response = client.post(reverse("review:claim-assign", args=[claim.pk]), {"version": 1, "figure": figure.pk})
    assert response.status_code == 400
    assert _messages(response) == [common.FORM_INVALID]
    assert "Select a valid choice." in response.content.decode()


def test_new_figure_creates_a_confirmed_figure_holding_the_claim(client, reviewer):
    claim = _claim()
    response = client.post(reverse("review:claim-new-figure", args=[claim.pk]),
                           {"version": 1, "name": "Syria toll", "cumulative": "on"})
    figure = Figure.objects.get(name="Syria toll")
    assert _messages(response) == [common.FIGURE_CREATED.format(figure="Syria toll", claim=claim.pk)]
    assert (figure.status, figure.cumulative, list(figure.claims.all())) == ("confirmed", True, [claim])


def test_comment_and_assignee_go_through_the_workflow_functions(client, reviewer):
    claim = _claim()
    response = client.post(reverse("review:claim-comment", args=[claim.pk]), {"body": "check the UN source"})
    assert _messages(response) == [common.COMMENTED]
    assert Comment.objects.get().body == "check the UN source"
    colleague = make_member("editor", "bea")
    response = client.post(reverse("review:claim-assignee", args=[claim.pk]), {"version": 1, "assignee": colleague.pk})
    assert _messages(response)[-1] == common.ASSIGNEE_SET.format(user="bea")
    content = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert "check the UN source" in content
    assert '<span class="field-name">assignee</span>' in content  # the history shows the change


def test_a_viewer_cannot_be_assigned_review_work(client, reviewer):
    claim = _claim()
    viewer = make_member("viewer", "vic")
    response = client.post(reverse("review:claim-assignee", args=[claim.pk]), {"version": 1, "assignee": viewer.pk})
    assert response.status_code == 400  # not among the choices


def test_bulk_accept_runs_each_row_through_the_core_and_reports_counts_and_failures(client, reviewer):
    article = make_article("A: 10 dead, 20 dead, 30 dead.")
    first, second, stale = (make_claim(article, text=t) for t in ("10 dead", "20 dead", "30 dead"))
    Claim.objects.filter(pk=stale.pk).update(version=5)
    response = client.post(reverse("review:bulk"), {
        "action": "accept", "claims": [f"{first.pk}:1", f"{second.pk}:1", f"{stale.pk}:1"],
        "next": "/review/claims/?status=pending",
    })
    assert response["Location"] == "/review/claims/?status=pending"
    assert _messages(response) == [
        "Accept selected: 2 claims done, 1 failed.",
        common.BULK_FAILED_ROW.format(claim=stale.pk, error=STALE_VERSION.format(model="claim", expected=1, current=5)),
    ]
    assert list(Claim.objects.order_by("pk").values_list("status", flat=True)) == ["accepted", "accepted", "pending"]


@pytest.mark.parametrize("form,message", [
    ({"action": "reject", "claims": ["{pk}:1"]}, "Choose a reason to reject."),
    ({"action": "accept"}, "Select at least one claim."),
    ({"action": "accept", "claims": ["nonsense"]}, "Each selected row must read <id>:<version>."),
    # Digits int() refuses, and numbers past the database's range, are refused the same way, not a 500.
    ({"action": "accept", "claims": ["²:1"]}, "Each selected row must read <id>:<version>."),
    ({"action": "accept", "claims": ["{pk}:99999999999"]}, "Each selected row must read <id>:<version>."),
    ({"action": "accept", "claims": ["99999999999999999999:1"]}, "Each selected row must read <id>:<version>."),
])
def test_bulk_refuses_an_incomplete_form_with_a_message(client, reviewer, form, message):
    claim = _claim()
    form = {key: [v.format(pk=claim.pk) for v in value] if isinstance(value, list) else value
            for key, value in form.items()}
    response = client.post(reverse("review:bulk"), form)
    assert response["Location"] == reverse("review:queue")
    assert _messages(response) == [message]


def test_bulk_reject_uses_the_chosen_reason(client, reviewer):
    claim = _claim()
    client.post(reverse("review:bulk"), {"action": "reject", "reason": "off_topic", "claims": [f"{claim.pk}:1"]})
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == ("rejected", "off_topic")


def test_queue_rows_carry_the_version_they_were_read_at(client, reviewer):
    claim = _claim(version=4, as_of=datetime.date(2014, 1, 2))
    content = client.get(reverse("review:queue")).content.decode()
    assert f'value="{claim.pk}:4" form="bulk-form"' in content
    reject, accept = reverse("review:claim-reject", args=[claim.pk]), reverse("review:claim-accept", args=[claim.pk])
    assert (f'<form method="post" action="{reject}" id="triage-{claim.pk}" hidden>' in content
            and '<input type="hidden" name="version" value="4">' in content and f'formaction="{accept}"' in content)


@pytest.mark.parametrize("button,reason,expected", [
    ("accept", "", ("accepted", "")),  # Accept sends the row's form, reason select and all, to its formaction
    ("accept", "duplicate", ("accepted", "")),
    ("reject", "duplicate", ("rejected", "duplicate")),
])
def test_a_queue_rows_one_form_accepts_or_rejects_without_javascript(client, reviewer, button, reason, expected):
    claim = _claim(as_of=datetime.date(2014, 1, 2))
    content = client.get(reverse("review:queue")).content.decode()
    url = reverse(f"review:claim-{button}", args=[claim.pk])
    assert f'action="{url}"' in content if button == "reject" else f'formaction="{url}"' in content
    response = client.post(url, {"version": 1, "next": "/review/claims/", "reason": reason})
    assert response["Location"] == "/review/claims/"
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == expected


@pytest.mark.parametrize("token", ["from the row", "missing"])
def test_a_queue_rows_form_carries_a_csrf_token_the_check_accepts(token):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member("reviewer", "ann"))
    claim = _claim(as_of=datetime.date(2014, 1, 2))
    content = client.get(reverse("review:queue")).content.decode()
    form = re.search(rf'<form method="post" action="[^"]+" id="triage-{claim.pk}" hidden>(.*?)</form>', content)
    value = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)
    data = {"version": 1, "csrfmiddlewaretoken": value} if token == "from the row" else {"version": 1}
    response = client.post(reverse("review:claim-accept", args=[claim.pk]), data)
    assert response.status_code == (302 if token == "from the row" else 403)
    claim.refresh_from_db()
    assert claim.status == ("accepted" if token == "from the row" else "pending")
