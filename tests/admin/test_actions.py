"""Admin actions: each row through the core function, with the version the changelist showed it at."""

import datetime

import pytest
from django.urls import reverse

from claims.admin import ACTION_DONE, ACTION_FAILED_ROW, NEED_FIGURE, NEED_REASON, NOT_ON_PAGE
from claims.models import Claim, Figure, Verdict
from claims.reconcile.figures import DATE_CLAIM_NOT_GROUPED
from claims.reconcile.locking import STALE_VERSION
from claims.reconcile.review import accept_claim
from tests.admin.helpers import changelist_post, make_staff, shown
from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict

pytestmark = pytest.mark.django_db


def test_actions_run_the_core_on_each_row_and_report_each_failure(admin_client):
    article = make_article("A: 10 dead on 5 May.")
    figure = make_figure("Toll")
    toll, day = make_claim(article, text="10 dead"), make_claim(article, text="5 May", kind="date")
    response = changelist_post(admin_client, "claim", "assign_to_figure", [toll, day], figure=figure.pk)
    assert shown(response) == [
        ACTION_DONE.format(action="Assign to “Toll”", ok=1, failed=1),
        ACTION_FAILED_ROW.format(obj=day, error=DATE_CLAIM_NOT_GROUPED),
    ]
    toll.refresh_from_db()
    response = changelist_post(admin_client, "claim", "accept", [toll, day])
    assert shown(response)[-1] == ACTION_DONE.format(action="Accept", ok=2, failed=0)


@pytest.mark.parametrize("extra,message,status", [
    ({}, NEED_REASON, "pending"),
    ({"reason": "duplicate"}, ACTION_DONE.format(action="Reject", ok=1, failed=0), "rejected"),
])
def test_reject_action_needs_a_reason_from_the_action_bar(admin_client, extra, message, status):
    claim = make_claim()
    response = changelist_post(admin_client, "claim", "reject", [claim], **extra)
    claim.refresh_from_db()
    assert (shown(response), claim.status) == ([message], status)


@pytest.mark.parametrize("figure_id,message_of", [
    ("", lambda figure: NEED_FIGURE),
    ("999", lambda figure: NEED_FIGURE),
    ("{pk}", lambda figure: ACTION_DONE.format(action=f"Assign to “{figure}”", ok=1, failed=0)),
])
def test_assign_action_takes_the_figure_id_from_the_action_bar(admin_client, figure_id, message_of):
    claim, figure = make_claim(), make_figure("Toll")
    response = changelist_post(admin_client, "claim", "assign_to_figure", [claim],
                               figure=figure_id.format(pk=figure.pk))
    assert shown(response) == [message_of(figure)]


def test_each_changelist_row_carries_the_version_it_was_shown_at(admin_client):
    claim = make_claim()
    Claim.objects.filter(pk=claim.pk).update(version=7)
    content = admin_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert f'<input type="hidden" name="_version_{claim.pk}" value="7">' in content


def _claims_changed_by_someone_else(count: int) -> tuple[list[Claim], dict[int, int]]:
    """``count`` pending claims as a changelist showed them; then someone accepts the first one."""
    claims = [make_claim(make_article(f"Report {n}: {n + 10} dead."), text=f"{n + 10} dead") for n in range(count)]
    shown_at = {claim.pk: claim.version for claim in claims}
    accept_claim(claims[0], actor=make_member("reviewer"), version=claims[0].version)
    return claims, shown_at


@pytest.mark.parametrize("action,extra,label", [
    ("accept", {}, "Accept"),
    ("reject", {"reason": "duplicate"}, "Reject"),
    ("assign_to_figure", {"figure": "{figure}"}, "Assign to “Toll”"),
])
def test_claim_actions_refuse_the_rows_changed_since_the_page_was_shown_and_do_the_others(
    admin_client, action, extra, label
):
    figure = make_figure("Toll")
    claims, shown_at = _claims_changed_by_someone_else(3)
    extra = {key: value.format(figure=figure.pk) for key, value in extra.items()}
    response = changelist_post(admin_client, "claim", action, claims, versions=shown_at, **extra)
    stale = Claim.objects.get(pk=claims[0].pk)
    assert shown(response) == [
        ACTION_DONE.format(action=label, ok=2, failed=1),
        ACTION_FAILED_ROW.format(obj=stale, error=STALE_VERSION.format(model="claim", expected=1, current=2)),
    ]
    assert (stale.status, stale.figure, stale.reviewed_at is not None) == ("accepted", None, True)


def test_a_row_the_page_did_not_show_is_refused_not_guessed(admin_client):
    shown_claim, unseen = make_claim(), make_claim()
    response = changelist_post(admin_client, "claim", "accept", [shown_claim, unseen],
                               versions={shown_claim.pk: 1})
    assert shown(response) == [
        ACTION_DONE.format(action="Accept", ok=1, failed=1),
        ACTION_FAILED_ROW.format(obj=unseen, error=NOT_ON_PAGE),
    ]
    assert Claim.objects.get(pk=unseen.pk).status == "pending"


def test_figure_confirm_and_verdict_withdraw_actions(admin_client):
    figure = make_figure("Proposed", status="proposed")
    response = changelist_post(admin_client, "figure", "confirm", [figure])
    assert shown(response) == [ACTION_DONE.format(action="Confirm", ok=1, failed=0)]
    verdict = make_verdict(figure, [], as_of=datetime.date(2014, 1, 13))
    response = changelist_post(admin_client, "verdict", "withdraw", [verdict])
    assert shown(response)[-1] == ACTION_DONE.format(action="Withdraw", ok=1, failed=0)
    assert Verdict.objects.get().withdrawn_at is not None


@pytest.mark.parametrize("model,action,make,label", [
    ("figure", "confirm", lambda: make_figure("Proposed", status="proposed"), "Confirm"),
    ("verdict", "withdraw", lambda: make_verdict(make_figure("Toll"), []), "Withdraw"),
])
def test_figure_and_verdict_actions_refuse_a_row_changed_since_the_page_was_shown(admin_client, model, action,
                                                                                   make, label):
    row = make()
    type(row).objects.filter(pk=row.pk).update(version=2)  # someone saved it after the page was drawn
    response = changelist_post(admin_client, model, action, [row], versions={row.pk: 1})
    row.refresh_from_db()
    assert shown(response) == [
        ACTION_DONE.format(action=label, ok=0, failed=1),
        ACTION_FAILED_ROW.format(obj=row, error=STALE_VERSION.format(model=model, expected=1, current=2)),
    ]
    assert (row.version, getattr(row, "status", None), getattr(row, "withdrawn_at", None)) == (
        2, "proposed" if model == "figure" else None, None)


@pytest.mark.parametrize("model", ["claim", "figure", "verdict", "comment", "article", "publisher"])
def test_viewers_get_no_admin_actions(client, model):
    client.force_login(make_staff("viewer"))
    make_claim()
    response = client.get(reverse(f"admin:claims_{model}_changelist"))
    assert response.status_code == 200
    assert 'name="action"' not in response.content.decode()


def test_figures_are_left_untouched_by_an_action_refused_for_everyone(admin_client):
    figure = make_figure("Confirmed already")
    response = changelist_post(admin_client, "figure", "confirm", [figure])
    assert shown(response)[0] == ACTION_DONE.format(action="Confirm", ok=0, failed=1)
    assert Figure.objects.get().version == 1
