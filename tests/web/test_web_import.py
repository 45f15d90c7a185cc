"""Web import in the review pages: a link on the import page, .html uploads, the feeds page, the feed admin.
Pages come from the local test site."""

import datetime
import warnings

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.deprecation import RemovedInDjango60Warning

from claims.ingest import fetcher
from claims.ingest.feeds import TOO_OFTEN, add_feed
from claims.models import Article, Feed
from claims.web.import_forms import DATE_NEEDED, ONE_SOURCE
from claims.web.views.articles import IMPORTED, PAGE_FAILED
from claims.web.views.feeds import ADDED
from tests.factories import make_member, make_user
from tests.webserver import DATED_HEAD, STORY_TITLE, news_page

pytestmark = pytest.mark.django_db

IMPORT = reverse("review:import")
FEEDS = reverse("review:feeds")


@pytest.fixture
def reviewer_client(client):
    client.force_login(make_member("reviewer", "ann"))
    return client


def link(client, url, **fields):
    return client.post(IMPORT, {"url": url, "body": "", "title": "", "publisher": "", "published_on": "", **fields})


def test_a_link_imports_the_page_and_opens_the_article(reviewer_client, local_site):
    response = link(reviewer_client, local_site.url("/news/floods"))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert (article.title, article.url) == (STORY_TITLE, local_site.url("/news/floods"))
    page = reviewer_client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [IMPORTED.format(outcome="created", title=STORY_TITLE)]


def test_a_page_without_a_date_is_shown_again_asking_for_one(reviewer_client, local_site):
    response = link(reviewer_client, local_site.url("/news/undated"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["published_on"] == [DATE_NEEDED.format(title=STORY_TITLE)]
    assert form.fields["published_on"].required
    assert response.context["fetched_title"] == STORY_TITLE
    assert Article.objects.count() == 0
    response = link(reviewer_client, local_site.url("/news/undated"), published_on="2026-04-02")
    assert response.status_code == 302
    assert Article.objects.get().published_on == datetime.date(2026, 4, 2)


@pytest.mark.parametrize("path, error", [
    ("/missing", fetcher.HTTP_ERROR.format(status=404, reason="Not Found")),
    ("/private", fetcher.PRIVATE_ADDRESS.format(host="10.0.0.7", address="10.0.0.7")),
])
def test_a_link_that_cannot_be_imported_shows_the_reason(reviewer_client, local_site, path, error):
    response = link(reviewer_client, local_site.url(path))
    assert response.context["form"].errors["url"] == [PAGE_FAILED.format(error=error)]


def test_a_link_and_pasted_text_at_once_are_refused(reviewer_client, local_site):
    response = link(reviewer_client, local_site.url("/news/floods"), body="Some text.")
    assert response.context["form"].non_field_errors() == [ONE_SOURCE]


def test_an_uploaded_html_page_is_read_like_a_fetched_one(reviewer_client):
    upload = SimpleUploadedFile("floods.html", news_page(head=DATED_HEAD).encode())
    response = reviewer_client.post(IMPORT, {"files": [upload], "publisher": "", "published_on": ""})
    assert response.context["report"].summary() == "created 1, updated 0, skipped 0, failed 0"
    article = Article.objects.get()
    assert (article.title, article.publisher.name, article.published_on) == (
        STORY_TITLE, "The Valley Courier", datetime.date(2026, 3, 10))
    assert article.source.page() == news_page(head=DATED_HEAD).encode()


def queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        client.get(FEEDS)
    return len(context)


def test_the_feeds_page_lists_each_feeds_polling_state(reviewer_client):
    Feed.objects.create(url="https://feeds.example/0")
    one = queries(reviewer_client)
    for number in range(1, 4):
        Feed.objects.create(url=f"https://feeds.example/{number}", entries_imported=number,
                            last_error="the server answered 503 Service Unavailable" if number < 3 else "")
    assert queries(reviewer_client) == one
    response = reviewer_client.get(FEEDS)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("the server answered 503 Service Unavailable") == 2
    assert "never" in html and "next round" in html
    assert f'href="{FEEDS}" aria-current="page">Feeds' in html


def test_a_reviewer_adds_a_feed(reviewer_client):
    response = reviewer_client.post(FEEDS, {"url": "https://feeds.example/rss", "publisher": "Courier",
                                            "every_minutes": "30"})
    assert response.status_code == 302
    feed = Feed.objects.get()
    assert (feed.url, feed.publisher, feed.every_minutes, feed.created_by.username) == (
        "https://feeds.example/rss", "Courier", 30, "ann")
    page = reviewer_client.get(FEEDS)
    assert [str(m) for m in page.context["messages"]] == [ADDED.format(url=feed.url, every=30)]


def test_a_feed_polled_too_often_is_refused_with_the_cores_reason(reviewer_client):
    response = reviewer_client.post(FEEDS, {"url": "https://feeds.example/rss", "every_minutes": "1"})
    assert response.context["form"].non_field_errors() == [TOO_OFTEN.format(minimum=5)]
    assert Feed.objects.count() == 0


def test_a_viewer_cannot_open_the_feeds_page(client):
    client.force_login(make_member("viewer", "vic"))
    assert client.get(FEEDS).status_code == 403


def test_the_admin_adds_and_changes_a_feed_through_the_core(client):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:claims_feed_add"), {"url": "https://feeds.example/rss", "publisher": "",
                                                              "every_minutes": "20", "active": "on"})
    assert response.status_code == 302
    feed = Feed.objects.get()
    assert (feed.every_minutes, feed.created_by.username) == (20, "root")
    response = client.post(reverse("admin:claims_feed_add"), {"url": "https://feeds.example/x",
                                                              "every_minutes": "2", "active": "on"})
    assert response.context["adminform"].form.non_field_errors() == [TOO_OFTEN.format(minimum=5)]
    client.post(reverse("admin:claims_feed_change", args=[feed.pk]), {"publisher": "Courier", "every_minutes": "45"})
    feed.refresh_from_db()
    assert (feed.publisher, feed.every_minutes, feed.active) == ("Courier", 45, False)


def test_the_admin_feed_pages_make_no_url_field_with_the_old_http_default(client):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    feed = add_feed(url="https://feeds.example/rss", publisher="", every_minutes=20)
    with warnings.catch_warnings():
        # Django 5.2 warns when a URL form field is made without a scheme to assume (http until Django 6).
        warnings.simplefilter("error", RemovedInDjango60Warning)
        assert client.get(reverse("admin:claims_feed_add")).status_code == 200
        assert client.get(reverse("admin:claims_feed_change", args=[feed.pk])).status_code == 200
