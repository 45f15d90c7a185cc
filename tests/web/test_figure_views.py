"""Figure and verdict writes through the figure page."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Claim, Figure, Verdict
from claims.reconcile.figures import ALREADY_CONFIRMED, UNDER_VERDICT
from claims.reconcile.locking import STALE_VERSION
from claims.reconcile.verdicts import ALREADY_WITHDRAWN, NO_VALUE
from claims.web.views import common
from tests.factories import make_article, make_claim, make_figure, make_member, make_verdict, sign_in

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
    response = client.post(reverse("review:figure-publish", args=[figure.pk]), _verdict_form(claims[:1]))
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
    response = client.post(url, {"version": 1})
    assert _messages(response) == [common.WITHDRAWN.format(as_of=verdict.as_of)]
    response = client.post(url, {"version": 2})
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
    make_figure("Same kind")
    make_figure("Injured", kind="injured")
    content = client.get(reverse("review:figure", args=[source.pk])).content.decode()
    assert "Same kind</option>" in content and "Injured</option>" not in content


def test_split_moves_the_ticked_claims_into_a_new_figure(client, editor):
    figure, claims = _figure_with_claims(100, 900, status="pending")
    response = client.post(reverse("review:figure-split", args=[figure.pk]),
                           {"version": 1, "name": "Episode", "claims": [claims[1].pk]})
    new = Figure.objects.get(name="Episode")
    assert _messages(response) == [common.SPLIT.format(count=1, figure="Episode")]
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
