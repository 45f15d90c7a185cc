"""Adding an article in the admin imports it through claims.ingest: hashed, extracted, never twice."""

import datetime
import html

import pytest
from django.urls import reverse

from claims.admin import ALREADY_STORED, IMPORTED, METADATA_UPDATED
from claims.ingest.importer import content_hash
from claims.models import Article, Claim
from tests.admin.helpers import change_url, make_staff, opened, shown

pytestmark = pytest.mark.django_db

BODY = "Rescuers said at least 120 people were killed in the flooding."
ADD = {"title": "Floods", "publisher_name": "River Post", "published_on": "2014-01-13", "url": "", "language": "en",
       "body": BODY}


def _add(client, **changes):
    return client.post(reverse("admin:claims_article_add"), {**ADD, **changes})


def test_an_article_added_in_the_admin_is_hashed_and_its_claims_extracted(client):
    client.force_login(make_staff("editor"))
    response = _add(client)
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == change_url(article)
    assert (article.publisher.name, article.content_hash, article.body) == ("River Post", content_hash(BODY), BODY)
    claim = Claim.objects.get()
    assert (claim.text, claim.low, claim.qualifier, claim.status) == ("at least 120 people", 120, "at_least", "pending")
    assert shown(response) == [IMPORTED.format(article=article, claims=1)]


@pytest.mark.parametrize("changes,template", [
    ({}, ALREADY_STORED),
    ({"body": BODY.replace(" ", "  ") + "\n"}, ALREADY_STORED),  # the same text, differently spaced
    ({"title": "Floods kill 120"}, METADATA_UPDATED),
])
def test_the_same_text_added_again_is_reported_not_stored_twice(client, changes, template):
    client.force_login(make_staff("editor"))
    _add(client)
    response = _add(client, **changes)
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == change_url(article)
    assert shown(response)[-1] == template.format(article=article)
    assert Claim.objects.count() == 1


def test_changing_an_articles_date_goes_through_the_importer_and_dates_its_claims_again(admin_client):
    _add(admin_client, body="Officials said 30 people died.")
    article = Article.objects.get()
    data = opened(admin_client, article)
    assert "body" not in data  # the text the claims point into never changes
    response = admin_client.post(change_url(article), {**data, "published_on": "2014-02-01"})
    assert response.status_code == 302
    assert Claim.objects.get().as_of == datetime.date(2014, 2, 1)


@pytest.mark.parametrize("role,status", [("viewer", 403), ("reviewer", 200), ("editor", 200)])
def test_only_those_who_may_import_are_offered_add_article(client, role, status):
    client.force_login(make_staff(role))
    assert client.get(reverse("admin:claims_article_add")).status_code == status
    assert _add(client).status_code == (302 if status == 200 else 403)


@pytest.mark.parametrize("changes,message", [
    ({"title": "Floods\x07"}, "field 'title' contains the control character U+0007"),
    ({"body": "<html><body><p>120 people were killed.</p></body></html>"}, "this is an HTML page, not article text"),
])
def test_the_admin_checks_an_article_as_every_other_door_does(client, changes, message):
    client.force_login(make_staff("editor"))
    response = _add(client, **changes)
    assert response.status_code == 200 and html.escape(message) in response.content.decode()
    assert Article.objects.count() == 0
