"""Watched feeds: adding, polling (new entries once, updated entries as updates, failures per entry), the
commands and the periodic task's scheduling. Everything is served by the local test site."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.ingest import fetcher
from claims.ingest.feeds import (
    BAD_FEED_URL,
    ENTRIES_FAILED,
    FEED_EXISTS,
    NOT_A_FEED,
    TOO_OFTEN,
    add_feed,
    next_round,
    poll_due_feeds,
    poll_feed,
    schedule_polling,
)
from claims.ingest.importer import Outcome
from claims.ingest.readers import InputError
from claims.models import Article, Feed
from tests.webserver import BRIDGE_TITLE, DATED_HEAD, STORY_TITLE, Route, atom_feed, news_page

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC)


def counts(report) -> tuple[int, int, int, int]:
    return tuple(report.counts[outcome] for outcome in Outcome)


@pytest.mark.parametrize("kwargs, message", [
    ({"url": "ftp://feeds.example/rss"}, BAD_FEED_URL.format(value="ftp://feeds.example/rss")),
    ({"url": "not a url"}, BAD_FEED_URL.format(value="not a url")),
    ({"url": "https://feeds.example/rss", "every_minutes": 1}, TOO_OFTEN.format(minimum=5)),
])
def test_a_feed_that_cannot_be_watched_is_refused_with_the_reason(kwargs, message):
    with pytest.raises(InputError) as error:
        add_feed(**kwargs)
    assert str(error.value) == message
    assert Feed.objects.count() == 0


def test_a_feed_is_watched_once():
    add_feed(url="https://feeds.example/rss", publisher="Courier", every_minutes=30)
    with pytest.raises(InputError) as error:
        add_feed(url="https://feeds.example/rss")
    assert str(error.value) == FEED_EXISTS.format(url="https://feeds.example/rss")
    feed = Feed.objects.get()
    assert (feed.publisher, feed.every_minutes, feed.next_poll_at) == ("Courier", 30, None)


def test_a_poll_imports_new_entries_and_goes_on_after_failing_ones(local_site):
    feed = add_feed(url=local_site.url("/feed.rss"), every_minutes=30)
    report = poll_feed(feed, now=NOW)
    assert counts(report) == (2, 0, 0, 2)
    assert report.failures == [
        (local_site.url("/missing"), fetcher.HTTP_ERROR.format(status=404, reason="Not Found")),
        ("http://10.0.0.7/story", fetcher.PRIVATE_ADDRESS.format(host="10.0.0.7", address="10.0.0.7")),
    ]
    bridge = Article.objects.get(title=BRIDGE_TITLE)
    # The schools page gives no date: the entry's own date dates it.
    assert Article.objects.get(url=local_site.url("/story/schools")).published_on == datetime.date(2026, 3, 16)
    assert bridge.published_on == datetime.date(2026, 3, 10)
    feed.refresh_from_db()
    assert (feed.title, feed.last_polled_at, feed.next_poll_at, feed.entries_imported) == (
        "Valley Courier: latest", NOW, NOW + datetime.timedelta(minutes=30), 2)
    assert feed.last_error == ENTRIES_FAILED.format(
        failed=2, total=4, source="http://10.0.0.7/story",
        reason=fetcher.PRIVATE_ADDRESS.format(host="10.0.0.7", address="10.0.0.7"))


def test_entries_seen_before_are_skipped_without_fetching_them_again(local_site):
    feed = add_feed(url=local_site.url("/feed.rss"))
    poll_feed(feed, now=NOW)
    local_site.requests.clear()
    report = poll_feed(feed, now=NOW)
    assert counts(report) == (0, 0, 2, 2)
    assert [path for path, _ in local_site.requests] == ["/feed.rss", "/missing"]
    assert Article.objects.count() == 2


def test_an_entry_updated_after_its_first_import_updates_its_article(local_site):
    feed = add_feed(url=local_site.url("/feed.atom"), publisher="Harbour Daily")
    assert counts(poll_feed(feed, now=NOW)) == (1, 0, 0, 0)
    article = Article.objects.get()
    local_site.routes["/news/floods"] = Route(news_page(head=DATED_HEAD).replace(
        "At least 42 people", "At least 57 people"))
    local_site.routes["/feed.atom"] = Route(atom_feed([(STORY_TITLE, "/news/floods", "2026-03-11T06:00:00Z")]),
                                            content_type="application/atom+xml")
    assert counts(poll_feed(feed, now=NOW)) == (0, 1, 0, 0)
    article.refresh_from_db()
    assert "At least 57 people" in article.body
    assert article.publisher.name == "Harbour Daily"
    texts = set(article.claims.values_list("text", flat=True))
    assert "At least 57 people" in texts and "At least 42 people" not in texts
    assert Article.objects.count() == 1
    feed.refresh_from_db()
    assert (feed.entries_imported, feed.last_error) == (1, "")


@pytest.mark.parametrize("route, message", [
    (Route(b"<html><body>hello</body></html>", content_type="text/html"),
     fetcher.WRONG_TYPE.format(content_type="text/html", expected=" or ".join(fetcher.FEED_TYPES))),
    (Route(b"not xml at all <<<", content_type="application/xml"), None),
    (Route(b"down", status=500), fetcher.HTTP_ERROR.format(status=500, reason="Internal Server Error")),
])
def test_a_feed_that_cannot_be_read_records_its_error(local_site, route, message):
    local_site.routes["/bad-feed"] = route
    feed = add_feed(url=local_site.url("/bad-feed"))
    report = poll_feed(feed, now=NOW)
    feed.refresh_from_db()
    assert counts(report) == (0, 0, 0, 1)
    if message is None:
        assert feed.last_error.startswith(NOT_A_FEED.format(error=""))
    else:
        assert feed.last_error == message
    assert feed.next_poll_at == NOW + datetime.timedelta(minutes=60)


def test_only_due_feeds_are_polled(local_site):
    due = add_feed(url=local_site.url("/feed.atom"))
    later = add_feed(url=local_site.url("/feed.rss"))
    Feed.objects.filter(pk=later.pk).update(next_poll_at=NOW + datetime.timedelta(minutes=5))
    Feed.objects.create(url=local_site.url("/off"), active=False)
    polled, report = poll_due_feeds(now=NOW)
    assert (polled, counts(report)) == (1, (1, 0, 0, 0))
    due.refresh_from_db()
    assert due.last_polled_at == NOW


def test_the_next_round_is_the_earliest_due_feed_at_most_idle_minutes_away():
    assert next_round(now=NOW) == NOW + datetime.timedelta(minutes=15)
    feed = Feed.objects.create(url="https://feeds.example/a", next_poll_at=NOW + datetime.timedelta(minutes=7))
    assert next_round(now=NOW) == NOW + datetime.timedelta(minutes=7)
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=None)
    assert next_round(now=NOW) == NOW


def test_scheduling_enqueues_one_poll_for_the_database_worker(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    assert schedule_polling(now=now) is True
    assert schedule_polling(now=now) is False
    task = DBTaskResult.objects.get()
    assert task.task_path == "claims.ingest.feeds.poll_due_feeds_task"
    assert task.run_after == now + datetime.timedelta(minutes=15)
    # A feed due now wants an earlier poll than the queued one: a second, earlier poll is queued.
    Feed.objects.create(url="https://feeds.example/a")
    assert schedule_polling(now=now) is True
    assert DBTaskResult.objects.count() == 2


def test_the_immediate_backend_schedules_nothing(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert schedule_polling() is False


def run(name, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), ""


def test_add_feed_and_poll_feeds_commands(local_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    out, _, failure = run("add_feed", local_site.url("/feed.atom"), "--publisher", "Harbour Daily", "--every", "20")
    feed = Feed.objects.get()
    assert (out.strip(), failure) == (
        f"watching {feed.url} every 20 minutes (feed {feed.pk}); the task worker polls it, or run poll_feeds", "")
    out, err, failure = run("poll_feeds")
    assert (out.splitlines(), err, failure) == (
        ["polled 1 feed(s)", "created 1, updated 0, skipped 0, failed 0"], "", "")
    out, _, _ = run("poll_feeds")
    assert out.splitlines() == ["polled 0 feed(s)", "created 0, updated 0, skipped 0, failed 0"]


def test_poll_feeds_reports_failures_and_exits_non_zero(local_site):
    add_feed(url=local_site.url("/feed.rss"))
    out, err, failure = run("poll_feeds")
    assert out.splitlines() == ["polled 1 feed(s)", "created 2, updated 0, skipped 0, failed 2"]
    assert err.splitlines()[0] == f"failed {local_site.url('/missing')}: the server answered 404 Not Found"
    assert failure == "2 entr(ies) or feed(s) failed; see the reasons above"


def test_add_feed_refuses_a_bad_address():
    assert run("add_feed", "gopher://x")[2] == BAD_FEED_URL.format(value="gopher://x")
