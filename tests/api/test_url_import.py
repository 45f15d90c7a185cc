"""The API's url-only import: POST /api/v1/articles/ with just a url fetches the page (a local site only)."""

import pytest
from django.contrib.auth.models import Permission

from claims.ingest import fetcher
from claims.ingest.readers import BAD_DATE, PAGE_NO_DATE
from claims.models import Article
from tests.api.conftest import token_client
from tests.factories import make_user
from tests.webserver import STORY_TITLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer_client():
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    return token_client(user)


def test_a_url_alone_imports_the_page_and_again_answers_200(importer_client, local_site):
    url = local_site.url("/news/floods")
    response = importer_client.post("/api/v1/articles/", {"url": url}, format="json")
    assert response.status_code == 201
    data = response.json()
    assert (data["title"], data["url"], data["published_on"], data["outcome"]) == (
        STORY_TITLE, url, "2026-03-10", "created")
    assert {claim["text"] for claim in data["claims"]} >= {"At least 42 people", "about 260 people"}
    again = importer_client.post("/api/v1/articles/", {"url": url}, format="json")
    assert (again.status_code, again.json()["outcome"]) == (200, "skipped")
    assert Article.objects.count() == 1


@pytest.mark.parametrize("path, extra, message", [
    ("/news/undated", {}, PAGE_NO_DATE),
    ("/news/undated", {"published_on": "April"}, BAD_DATE.format(value="April")),
    ("/missing", {}, fetcher.HTTP_ERROR.format(status=404, reason="Not Found")),
    ("/private", {}, fetcher.PRIVATE_ADDRESS.format(host="10.0.0.7", address="10.0.0.7")),
    ("/news/floods", {"publisher": 7}, "field 'publisher' must be a string"),
])
def test_a_page_that_cannot_be_imported_is_a_400_with_its_reason(importer_client, local_site, path, extra, message):
    response = importer_client.post("/api/v1/articles/", {"url": local_site.url(path), **extra}, format="json")
    assert (response.status_code, response.json()) == (400, {"detail": message})
    assert Article.objects.count() == 0


def test_a_given_date_dates_a_page_without_one(importer_client, local_site):
    response = importer_client.post("/api/v1/articles/", {"url": local_site.url("/news/undated"),
                                                          "published_on": "2026-04-02"}, format="json")
    assert (response.status_code, response.json()["published_on"]) == (201, "2026-04-02")
