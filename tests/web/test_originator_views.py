"""Originators in the reviewer pages and the admin: a reviewer sets a claim's originator, the figure page
counts originators and outlets apart, reviewers extend the alias table."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.ingest.originators import alias_table
from claims.models import Article, Claim, Originator
from claims.reconcile.locking import STALE_VERSION
from claims.web.views.common import ORIGINATOR_CLEARED, ORIGINATOR_SET
from tests.factories import make_article, make_claim, make_figure, make_member, make_publisher

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def reviewer(client):
    user = make_member("reviewer", "ann")
    client.force_login(user)
    return user


def test_a_reviewer_sets_and_clears_the_originator_on_the_claim_page(client, reviewer):
    claim = make_claim(make_article("A monitoring group said 17,000 had died."), text="17,000")
    page = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert reverse("review:claim-originator", args=[claim.pk]) in page and "None known." in page
    sohr = Originator.objects.get(name="Syrian Observatory for Human Rights")
    url = reverse("review:claim-originator", args=[claim.pk])
    response = client.post(url, {"version": 1, "originator": sohr.pk})
    assert response.status_code == 302 and _messages(response) == [
        ORIGINATOR_SET.format(claim=claim.pk, originator=sohr)]
    assert Claim.objects.get(pk=claim.pk).originator == sohr
    page = client.get(reverse("review:claim", args=[claim.pk])).content.decode()
    assert "Syrian Observatory for Human Rights" in page
    response = client.post(url, {"version": 2, "originator": ""})
    assert _messages(response) == [ORIGINATOR_CLEARED.format(claim=claim.pk)]
    assert Claim.objects.get(pk=claim.pk).originator is None


def test_a_stale_originator_form_is_refused_with_409(client, reviewer):
    claim = make_claim(make_article("A monitoring group said 17,000 had died."), text="17,000")
    un = Originator.objects.get(name="United Nations")
    response = client.post(reverse("review:claim-originator", args=[claim.pk]), {"version": 5, "originator": un.pk})
    assert response.status_code == 409
    assert STALE_VERSION.format(model="claim", expected=5, current=1) in _messages(response)


def test_a_viewer_may_not_set_an_originator(client):
    client.force_login(make_member("viewer"))
    claim = make_claim(make_article("A monitoring group said 17,000 had died."), text="17,000")
    response = client.post(reverse("review:claim-originator", args=[claim.pk]), {"version": 1, "originator": ""})
    assert response.status_code == 403


def test_the_figure_page_shows_originators_via_outlets_and_the_grade(client, reviewer):
    figure = make_figure(cumulative=True)
    un = Originator.objects.get(name="United Nations")
    sohr = Originator.objects.get(name="Syrian Observatory for Human Rights")
    wire = make_article("The UN said 60,000 died.", publisher=make_publisher("Continental Wire"))
    copy = make_article("Copy: The UN said 60,000 died.", publisher=make_publisher("Metro Tribune"))
    Article.objects.filter(pk=copy.pk).update(copy_of=wire)
    daily = make_article("The observatory said 61,000 died.", publisher=make_publisher("Harbor Daily"))
    for source, text, originator in ((wire, "60,000", un), (copy, "60,000", un), (daily, "61,000", sohr)):
        make_claim(source, text=text, figure=figure, originator=originator, qualifier="at_least", low=60000,
                   high=None, as_of=datetime.date(2013, 1, 2))
    page = client.get(reverse("review:figure", args=[figure.pk])).content.decode()
    assert "2 originators via 3 outlets, 1 reprint" in page
    assert "corroborated: two or more independent originators" in page


def test_a_reviewer_extends_the_aliases_in_the_admin_and_matching_uses_them(client):
    user = make_member("reviewer")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:claims_originator_changelist")).status_code == 200
    un = Originator.objects.get(name="United Nations")
    assert alias_table().match("the world body") is None
    response = client.post(reverse("admin:claims_originator_change", args=[un.pk]),
                           {"name": un.name, "aliases": '["UN", "U.N.", "world body"]'})
    assert response.status_code == 302
    assert alias_table().match("the world body") == un.pk
