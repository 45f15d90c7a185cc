"""Triage and fixes from the claim and article pages: next pending claim after an action, undo, bulk over
every matching claim, dates listed with the claims they date, claims added from a selection, spans moved."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Claim
from claims.reconcile import review as reconcile
from claims.reconcile import spans
from claims.web.views import common
from tests.factories import make_article, make_claim, sign_in

pytestmark = pytest.mark.django_db

BODY = "Police said 40 people died on Monday. Another 7 were hurt. The ferry carried 300 passengers."


@pytest.fixture
def reviewer(client):
    return sign_in(client, "reviewer", "ann")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _claims():
    article = make_article(BODY)
    return article, [
        make_claim(article, text="40 people", sentence="Police said 40 people died on Monday.", low=40, high=40),
        make_claim(article, text="on Monday", sentence="Police said 40 people died on Monday.", kind="date",
                   low=None, high=None),
        make_claim(article, text="7", sentence="Another 7 were hurt.", kind="injured", low=7, high=7),
    ]


@pytest.mark.parametrize("action,form", [("accept", {}), ("reject", {"reason": "duplicate"})])
def test_after_an_action_on_the_claim_page_the_next_pending_claim_of_the_article_opens(
    client, reviewer, action, form
):
    _, (first, date, third) = _claims()
    response = client.post(reverse(f"review:claim-{action}", args=[first.pk]), {"version": 1, **form})
    assert response["Location"] == reverse("review:claim", args=[third.pk])  # the date is skipped


def test_after_the_articles_last_claim_the_queue_goes_on_with_another_article_then_stays(client, reviewer):
    _, (first, _, third) = _claims()
    other = make_claim(make_article("Officials said 12 died."), text="12 died", low=12, high=12)
    Claim.objects.filter(pk=first.pk).update(status="accepted")
    response = client.post(reverse("review:claim-accept", args=[third.pk]), {"version": 1})
    assert response["Location"] == reverse("review:claim", args=[other.pk])
    response = client.post(reverse("review:claim-accept", args=[other.pk]), {"version": 1})
    assert response["Location"] == reverse("review:claim", args=[other.pk])  # nothing left: stays


@pytest.mark.parametrize("direction,start,expected,message", [
    ("next", 0, 2, None),
    ("previous", 2, 0, None),
    ("previous", 0, 0, common.NO_PREVIOUS_CLAIM),
])
def test_j_and_k_step_through_the_articles_claims_without_dates(client, reviewer, direction, start, expected,
                                                                message):
    _, claims = _claims()
    response = client.get(reverse(f"review:claim-{direction}", args=[claims[start].pk]))
    assert response["Location"] == reverse("review:claim", args=[claims[expected].pk])
    assert _messages(response) == ([message] if message else [])


def test_the_article_page_lists_dates_with_the_claims_they_date_and_comes_back_to_the_next_pending(
    client, reviewer
):
    article, (first, date, third) = _claims()
    response = client.get(article.get_absolute_url())
    assert [claim.pk for claim in response.context["figures"]] == [first.pk, third.pk]
    content = response.content.decode()
    assert f'dated by <a href="#claim-{date.pk}">on Monday</a>' in content
    here = article.get_absolute_url()
    assert f'name="next" value="{here}#claim-{third.pk}"' in content  # after the first: the third
    assert f'name="next" value="{here}#claim-{first.pk}"' in content  # after the third: round to the first
    assert f'id="item-{date.pk}"' not in content


def test_undo_is_offered_after_an_accept_and_puts_the_claim_back_to_pending(client, reviewer):
    article, (first, _, _) = _claims()
    client.post(reverse("review:claim-accept", args=[first.pk]), {"version": 1})
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'action="{reverse("review:claim-undo", args=[first.pk])}"' in content
    next_url = f"{article.get_absolute_url()}#claim-{first.pk}"
    response = client.post(reverse("review:claim-undo", args=[first.pk]), {"version": 2, "next": next_url})
    assert response["Location"] == next_url
    assert _messages(response) == [common.UNDONE.format(claim=first.pk, status="pending")]
    assert Claim.objects.get(pk=first.pk).status == "pending"
    assert 'id="undo-form"' not in client.get(article.get_absolute_url()).content.decode()


def test_undo_of_someone_elses_review_is_refused_with_the_message(client, reviewer):
    _, (first, _, _) = _claims()
    other = sign_in(client, "reviewer", "bob")
    reconcile.accept_claim(first, actor=other, version=1)
    client.force_login(reviewer)
    response = client.post(reverse("review:claim-undo", args=[first.pk]), {"version": 2})
    assert response.status_code == 400
    message = reconcile.NOT_YOUR_CHANGE.format(claim=first.pk, user="bob")
    assert message in response.content.decode()


def test_bulk_acts_on_every_claim_matching_the_filters_not_only_the_rows_shown(client, reviewer):
    article = make_article(" ".join(f"{n} dead." for n in range(10, 65)))
    claims = [make_claim(article, text=f"{n} dead", low=n, high=n) for n in range(10, 65)]
    Claim.objects.filter(pk=claims[0].pk).update(version=5)  # changed since: at its current version anyway
    make_claim(make_article("Elsewhere 3 hurt."), text="3 hurt", kind="injured", low=3, high=3)
    response = client.post(reverse("review:bulk"), {
        "action": "accept", "matching": "1", "query": "kind=death_toll", "next": "/review/claims/"})
    assert _messages(response) == [common.BULK_DONE.format(action="Accept selected", claims="55 claims", failed=0)]
    assert Claim.objects.accepted().count() == 55
    assert Claim.objects.get(kind="injured").status == "pending"


def test_bulk_without_rows_or_matching_says_to_select_one(client, reviewer):
    response = client.post(reverse("review:bulk"), {"action": "accept"})
    assert _messages(response) == ["Select at least one claim."]


def test_the_new_claim_form_is_prefilled_from_the_selected_words(client, reviewer):
    article = make_article(BODY)
    start = BODY.index("300 passengers")
    response = client.get(reverse("review:article-new-claim", args=[article.pk]) + f"?start={start}&end={start + 14}")
    form = response.context["form"]
    assert (form.initial["kind"], form.initial["low"], form.initial["unit"]) == ("count", 300, "passengers")
    assert "<mark>300 passengers</mark>" in response.content.decode()


def test_a_selection_outside_the_text_shows_the_message_on_the_new_claim_page(client, reviewer):
    article = make_article(BODY)
    response = client.get(reverse("review:article-new-claim", args=[article.pk]) + "?start=5&end=999")
    assert spans.SPAN_OUTSIDE_BODY.format(length=len(BODY)) in response.content.decode()


def test_adding_a_claim_opens_the_article_at_it(client, reviewer):
    article = make_article(BODY)
    start = BODY.index("300 passengers")
    response = client.post(reverse("review:article-add-claim", args=[article.pk]), {
        "start": start, "end": start + 14, "kind": "count", "qualifier": "exact", "low": "300", "high": "300",
        "unit": "passengers", "as_of": "2014-01-13"})
    claim = Claim.objects.get()
    assert response["Location"] == f"{article.get_absolute_url()}#claim-{claim.pk}"
    assert _messages(response) == [common.CLAIM_ADDED.format(claim=claim.pk, text="300 passengers")]
    assert (claim.origin, claim.status) == ("added", "pending")


def test_a_refused_addition_shows_the_form_again_with_the_message(client, reviewer):
    article, (first, _, _) = _claims()
    response = client.post(reverse("review:article-add-claim", args=[article.pk]), {
        "start": first.start, "end": first.end, "kind": "count", "qualifier": "exact", "as_of": "2014-01-13"})
    assert response.status_code == 400
    assert spans.SPAN_TAKEN.format(claim=first.pk) in response.content.decode()


def test_moving_a_span_from_the_article_page_comes_back_to_the_claim(client, reviewer):
    article, (first, _, _) = _claims()
    start = BODY.index("Police")
    next_url = f"{article.get_absolute_url()}#claim-{first.pk}"
    response = client.post(reverse("review:claim-span", args=[first.pk]), {
        "version": 1, "start": start, "end": first.end, "next": next_url})
    assert response["Location"] == next_url
    assert _messages(response) == [common.SPAN_ADJUSTED.format(claim=first.pk, text="Police said 40 people")]
    assert Claim.objects.get(pk=first.pk).origin == "corrected"
