"""Figure and verdict writes through the figure page."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Article, Claim, Figure, Verdict
from claims.reconcile.conflicts import conflicts_of
from claims.reconcile.figures import ALREADY_CONFIRMED, KIND_OF_CLAIMS, NOTHING_TO_EDIT, UNDER_VERDICT
from claims.reconcile.history import figure_history
from claims.reconcile.locking import STALE_VERSION
from claims.reconcile.verdicts import ALREADY_WITHDRAWN, NO_VALUE, UNACKNOWLEDGED_CONFLICT, WITHDRAW_REASON_REQUIRED
from claims.web import forms
from claims.web.forms import ACKNOWLEDGE_LABEL, CONFIRM_WITHDRAWAL
from claims.web.views import common
from claims.web.views.common import FIGURE_EDITED, FORM_INVALID, PUBLISHED, WITHDRAWN
from claims.web.views.figures import CONFLICT_WARNING, SINGLE_SOURCE_WARNING
from tests.factories import make_article, make_claim, make_figure, make_member, make_publisher, make_verdict, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    return sign_in(client, "editor", "eve")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _figure_with_claims(*values, status="accepted", **fields):
    figure = make_figure("Toll", **fields)
    claims = [
        make_claim(make_article(f"Report {n}: {value} died."), text=f"{value} died", low=value, high=value,
                   figure=figure, status=status, as_of=datetime.date(2014, 1, 1 + n))
        for n, value in enumerate(values)
    ]
    return figure, claims


def _verdict_form(resting, **fields):
    return {"version": 1, "as_of": "2014-01-10", "low": "100", "high": "", "rating": "verified", "note": "",
            "claims": [claim.pk for claim in resting], **fields}


def test_publish_records_a_verdict_resting_on_the_chosen_accepted_claims(client, editor):
    figure, claims = _figure_with_claims(100, 120)
    response = client.post(reverse("review:figure-publish", args=[figure.pk]),
                           _verdict_form(claims[:1], rating="disputed"))
    assert response["Location"] == reverse("review:figure", args=[figure.pk])
    assert _messages(response) == [common.PUBLISHED.format(as_of=datetime.date(2014, 1, 10))]
    verdict = Verdict.objects.get()
    assert (verdict.reviewer, list(verdict.claims.all()), verdict.low) == (editor, claims[:1], 100)


@pytest.mark.parametrize("fields,status,message", [
    ({"low": "", "high": ""}, 400, NO_VALUE),
    ({"version": 7}, 409, STALE_VERSION.format(model="figure", expected=7, current=1)),
    ({"claims": []}, 400, common.FORM_INVALID),
    ({"rating": "maybe"}, 400, common.FORM_INVALID),
])
def test_publish_refusals_show_the_message_and_keep_the_form(client, editor, fields, status, message):
    figure, claims = _figure_with_claims(100)
    response = client.post(reverse("review:figure-publish", args=[figure.pk]),
                           _verdict_form(claims, note="my typed note", **fields))
    assert response.status_code == status
    assert _messages(response) == [message]
    assert "my typed note" in response.content.decode()
    assert not Verdict.objects.exists()


def test_publish_only_offers_accepted_claims(client, editor):
    figure, claims = _figure_with_claims(100, status="pending")
    response = client.post(reverse("review:figure-publish", args=[figure.pk]), _verdict_form(claims))
    assert response.status_code == 400
    assert "Accept at least one claim" in response.content.decode()


def test_withdraw_marks_the_verdict_withdrawn_once(client, editor):
    figure, claims = _figure_with_claims(100)
    verdict = make_verdict(figure, claims)
    url = reverse("review:verdict-withdraw", args=[verdict.pk])
    response = client.post(url, {"version": 1, "reason": "Superseded.", "confirm": "on"})
    assert _messages(response) == [WITHDRAWN.format(as_of=verdict.as_of)]
    response = client.post(url, {"version": 2, "reason": "Again.", "confirm": "on"})
    verdict.refresh_from_db()
    assert _messages(response)[-1] == ALREADY_WITHDRAWN.format(date=verdict.withdrawn_at.date().isoformat())


def test_confirm_turns_a_proposed_figure_confirmed(client, editor):
    figure = make_figure("Proposed", status="proposed")
    url = reverse("review:figure-confirm", args=[figure.pk])
    response = client.post(url, {"version": 1})
    assert _messages(response) == [common.CONFIRMED.format(figure="Proposed")]
    response = client.post(url, {"version": 2})
    assert _messages(response)[-1] == ALREADY_CONFIRMED


def test_merge_moves_everything_into_the_target_and_opens_it(client, editor):
    source, claims = _figure_with_claims(100)
    target = make_figure("Target")
    response = client.post(reverse("review:figure-merge", args=[source.pk]),
                           {"version": 1, "target": f"{target.pk}:1"})
    assert response["Location"] == reverse("review:figure", args=[target.pk])
    assert _messages(response) == [common.MERGED.format(source="Toll")]
    assert not Figure.objects.filter(pk=source.pk).exists()
    assert list(target.claims.all()) == claims


def test_merge_offers_only_figures_of_the_same_kind(client, editor):
    source = make_figure("Toll")
    same = make_figure("Same kind")
    make_figure("Injured", kind="injured")
    content = client.get(reverse("review:figure", args=[source.pk])).content.decode()
    search = f"{reverse('review:figure-search')}?kind=death_toll&amp;exclude={source.pk}&amp;versioned=1"
    assert f'data-figure-picker="{search}"' in content and "Same kind" not in content
    found = client.get(search.replace("&amp;", "&")).json()["results"]
    assert found == [{"id": same.pk, "label": "Same kind · no claims yet", "value": f"{same.pk}:1"}]


@pytest.mark.parametrize("target", ["{injured}:1", "{source}:1", "{same}", "abc", "", "{missing}:1"])
def test_merge_refuses_a_target_that_is_not_another_figure_of_the_same_kind(client, editor, target):
    source = make_figure("Toll")
    same, injured = make_figure("Same kind"), make_figure("Injured", kind="injured")
    value = target.format(injured=injured.pk, source=source.pk, same=same.pk, missing=10**9)
    response = client.post(reverse("review:figure-merge", args=[source.pk]), {"version": 1, "target": value})
    assert response.status_code == 400
    assert response.context["merge_form"].errors["target"] == [forms.MERGE_TARGET_INVALID]
    assert Figure.objects.filter(pk=source.pk).exists()


def test_split_moves_the_ticked_claims_into_a_new_figure(client, editor):
    figure, claims = _figure_with_claims(100, 900, status="pending")
    response = client.post(reverse("review:figure-split", args=[figure.pk]),
                           {"version": 1, "name": "Episode", "claims": [claims[1].pk]})
    new = Figure.objects.get(name="Episode")
    assert _messages(response) == ["1 claim moved into the new figure “Episode”."]
    assert list(new.claims.all()) == [claims[1]]


def test_split_refuses_a_claim_under_a_published_verdict(client, editor):
    figure, claims = _figure_with_claims(100)
    make_verdict(figure, claims)
    response = client.post(reverse("review:figure-split", args=[figure.pk]),
                           {"version": 1, "name": "Episode", "claims": [claims[0].pk]})
    assert response.status_code == 400
    assert _messages(response) == [UNDER_VERDICT.format(claim=claims[0].pk)]


def test_figure_comment_and_assignee(client, editor):
    figure = make_figure("Toll")
    response = client.post(reverse("review:figure-comment", args=[figure.pk]), {"body": "compare with OCHA"})
    assert _messages(response) == [common.COMMENTED]
    response = client.post(reverse("review:figure-assignee", args=[figure.pk]), {"version": 1, "assignee": editor.pk})
    assert _messages(response)[-1] == common.ASSIGNEE_SET.format(user="eve")
    assert "compare with OCHA" in client.get(reverse("review:figure", args=[figure.pk])).content.decode()


def test_a_reviewer_sees_the_rows_ready_for_split_but_no_verdict_form(client):
    client.force_login(make_member("reviewer"))
    figure, claims = _figure_with_claims(100)
    content = client.get(reverse("review:figure", args=[figure.pk])).content.decode()
    assert f'value="{claims[0].pk}" form="split-form"' in content
    assert "Publish a verdict" not in content
    assert Claim.objects.count() == 1


def _toll_with_a_drop():
    """A cumulative toll: 4 (1 Jun), more than 60 (2 Jul), nearly 50 (9 Jul: a drop), pending 70 (10 Jul)."""
    figure = make_figure("Toll")
    rows = [("4 died", 4, 4, "2014-06-01", "accepted"), ("more than 60 died", 60, None, "2014-07-02", "accepted"),
            ("nearly 50 died", None, 50, "2014-07-09", "accepted"), ("70 died", 70, 70, "2014-07-10", "pending")]
    claims = [
        make_claim(make_article(f"Officials: {text}.", publisher=make_publisher(f"Outlet {n}")), text=text,
                   low=low, high=high, as_of=datetime.date.fromisoformat(as_of), status=status, figure=figure)
        for n, (text, low, high, as_of, status) in enumerate(rows)
    ]
    return figure, claims


@pytest.mark.parametrize(("query", "low", "high", "selected", "proposal"), [
    ("", 60, None, [1, 2], "Proposed: at least 60 people. The 2 accepted claim(s) as of 2014-07-02 to 2014-07-09 "
                           "disagree: the highest count among them, open above, as a cumulative toll only grows."),
    ("?as_of=2014-06-05", 4, 4, [0], "Proposed: 4 people. The interval all 1 accepted claim(s) as of 2014-06-01 to "
                                     "2014-06-01 allow."),
])
def test_the_verdict_form_proposes_a_value_and_preselects_the_claims_it_rests_on(
    client, editor, query, low, high, selected, proposal
):
    figure, claims = _toll_with_a_drop()
    response = client.get(reverse("review:figure", args=[figure.pk]) + query)
    form = response.context["verdict_form"]
    assert (form.initial["low"], form.initial["high"]) == (low, high)
    assert form.initial["claims"] == [claims[n].pk for n in selected]
    assert response.context["proposal"] == proposal
    assert proposal in response.content.decode()


def test_the_verdict_form_warns_of_open_conflicts_and_a_single_source(client, editor):
    # A point-in-time figure: 100 and 900 a day apart cannot both be right (a cumulative toll may rise).
    figure, claims = _figure_with_claims(100, 900, cumulative=False)
    Article.objects.update(publisher=claims[0].article.publisher)  # both claims from one outlet
    content = client.get(reverse("review:figure", args=[figure.pk])).content.decode()
    assert CONFLICT_WARNING.format(conflicts="1 open conflict") in content
    assert SINGLE_SOURCE_WARNING in content
    assert ACKNOWLEDGE_LABEL.format(conflicts="1 open conflict") in content


def test_verified_over_an_open_conflict_is_refused_until_acknowledged(client, editor):
    figure, claims = _figure_with_claims(100, 900, cumulative=False)
    url = reverse("review:figure-publish", args=[figure.pk])
    response = client.post(url, _verdict_form(claims[:1]))
    assert (response.status_code, _messages(response)) == (400, [UNACKNOWLEDGED_CONFLICT.format(count=1)])
    response = client.post(url, _verdict_form(claims[:1], acknowledge_conflicts="on"))
    assert _messages(response)[-1] == PUBLISHED.format(as_of=datetime.date(2014, 1, 10))
    message = conflicts_of(figure)[0].message
    stored = Verdict.objects.get().acknowledged_conflicts
    assert stored == f"eve acknowledged 1 open conflict(s) when publishing: {message}"


@pytest.mark.parametrize(("fields", "errors"), [
    ({"reason": "", "confirm": "on"}, [WITHDRAW_REASON_REQUIRED]),
    ({"reason": "Superseded."}, [CONFIRM_WITHDRAWAL]),
    ({}, [WITHDRAW_REASON_REQUIRED, CONFIRM_WITHDRAWAL]),
])
def test_withdrawing_needs_a_reason_and_a_confirmation(client, editor, fields, errors):
    figure, claims = _figure_with_claims(100)
    verdict = make_verdict(figure, claims)
    response = client.post(reverse("review:verdict-withdraw", args=[verdict.pk]), {"version": 1, **fields})
    assert (response.status_code, _messages(response)) == (400, [FORM_INVALID])
    content = response.content.decode()
    assert all(error in content for error in errors)
    assert Verdict.objects.get().withdrawn_at is None


def test_the_figure_history_shows_who_published_and_withdrew_and_why(client, editor):
    figure, claims = _figure_with_claims(100)
    client.post(reverse("review:figure-publish", args=[figure.pk]), _verdict_form(claims, note="Police count"))
    verdict = Verdict.objects.get()
    client.post(reverse("review:verdict-withdraw", args=[verdict.pk]),
                {"version": 1, "reason": "The police revised it.", "confirm": "on"})
    history = client.get(reverse("review:figure", args=[figure.pk])).context["changes"]
    assert [(c.type, c.user, c.summary, c.reason) for c in history if c.summary] == [
        ("published", editor, "Published a verdict as of 2014-01-10: at least 100 people, rated verified.",
         "Note: Police count"),
        ("withdrawn", editor, "Withdrew the verdict as of 2014-01-10 (at least 100 people, rated verified).",
         "The police revised it."),
    ]


def _edit_form(figure, **fields):
    return {"version": figure.version, "name": figure.name, "description": figure.description, "kind": figure.kind,
            "unit": figure.unit, **({"cumulative": "on"} if figure.cumulative else {}), **fields}


def test_a_reviewer_renames_a_figure_and_edits_what_it_is_on_the_figure_page(client):
    reviewer = make_member("reviewer", "rita")
    client.force_login(reviewer)
    figure = make_figure("death toll: people killed")
    page = client.get(reverse("review:figure", args=[figure.pk])).content.decode()
    assert 'action="/review/figures/%d/edit/"' % figure.pk in page
    form = _edit_form(figure, name="Syria civil war death toll, 2012-2014", description="UN and SOHR counts",
                      unit="people killed")
    form.pop("cumulative")
    response = client.post(reverse("review:figure-edit", args=[figure.pk]), form)
    assert _messages(response) == [FIGURE_EDITED.format(figure="Syria civil war death toll, 2012-2014")]
    figure.refresh_from_db()
    assert (figure.name, figure.description, figure.unit, figure.cumulative, figure.version) == (
        "Syria civil war death toll, 2012-2014", "UN and SOHR counts", "people killed", False, 2
    )
    change = figure_history(figure)[-1]
    assert (change.user, {f.field for f in change.fields}) == (reviewer, {"name", "description", "unit", "cumulative"})


@pytest.mark.parametrize(("fields", "status", "message"), [
    ({}, 400, NOTHING_TO_EDIT),
    ({"name": "  "}, 400, FORM_INVALID),
    ({"kind": "injured"}, 400, KIND_OF_CLAIMS.format(kind="death_toll", new_kind="injured")),
    ({"version": 9, "name": "New"}, 409, STALE_VERSION.format(model="figure", expected=9, current=1)),
])
def test_figure_edits_that_break_a_rule_show_its_message(client, editor, fields, status, message):
    figure, _ = _figure_with_claims(100)
    response = client.post(reverse("review:figure-edit", args=[figure.pk]), _edit_form(figure, **fields))
    assert (response.status_code, _messages(response)) == (status, [message])
    assert Figure.objects.get().name == "Toll"


def test_a_viewer_may_not_edit_a_figure_on_the_page(client):
    client.force_login(make_member("viewer"))
    figure = make_figure("Toll")
    assert "Save figure" not in client.get(reverse("review:figure", args=[figure.pk])).content.decode()
    assert client.post(reverse("review:figure-edit", args=[figure.pk]), _edit_form(figure)).status_code == 403


def test_pickers_tell_figures_of_the_same_name_apart(client, editor):
    older, _ = _figure_with_claims(100, 120)
    newer = make_figure("Toll")
    make_claim(make_article("Report: 7 died in 2026."), text="7 died", low=7, high=7, figure=newer,
               as_of=datetime.date(2026, 3, 1))
    found = client.get(reverse("review:figure-search") + "?q=toll&kind=death_toll").json()["results"]
    assert [row["label"] for row in found] == [
        "Toll · 120 people as of 2014-01-02 · Jan 2014 · 2 claims", "Toll · 7 people as of 2026-03-01 · Mar 2026 · 1 claim",
    ]
    figures = client.get(reverse("review:figures")).content.decode()
    assert "Mar 2026" in figures and "Jan 2014" in figures
    assert older.pk != newer.pk
