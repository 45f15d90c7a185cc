"""Watched RSS and Atom feeds: adding one, polling those that are due, and the periodic task that does it.

A poll fetches the feed (claims.ingest.fetcher, with its address checks), parses it with feedparser and,
for each entry (at most MAX_ENTRIES, newest first as the feed lists them), fetches and imports the page it
links to (claims.ingest.links). An entry seen before with the same ``updated`` stamp is skipped without a
fetch; a new stamp means the story changed and it is fetched again: the importer knows the article by its
URL and content hash, so it becomes an update, never a second article. A failing entry is counted and
reported, and the rest of the feed goes on.

Scheduling: ``poll_due_feeds_task`` (django-tasks, database backend, run by the ``db_worker`` that
``make run`` and ``make worker`` start) polls the due feeds and enqueues itself again with ``run_after`` at
the next feed's due time. ``schedule_polling`` starts the chain: ``poll_feeds --schedule`` (run by the
Makefile before it starts the worker) and ``add_feed`` call it, and it enqueues a poll only when none is
already queued for that time or earlier, so the chain never doubles.
"""

import datetime
import logging
from urllib.parse import urljoin

import feedparser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from claims.ingest.fetcher import FEED_TYPES, FetchError, fetch
from claims.ingest.importer import ImportReport, Outcome, import_article
from claims.ingest.links import read_url
from claims.ingest.readers import Defaults, InputError
from claims.models import Feed, FeedEntry

logger = logging.getLogger(__name__)

MAX_ENTRIES = 50
MIN_EVERY_MINUTES = 5
DEFAULT_EVERY_MINUTES = 60
IDLE_MINUTES = 15  # with no active feed, the task still looks again this often (a feed added from the admin)

BAD_FEED_URL = "feed address {value!r} is not a valid http(s) address"
FEED_EXISTS = "the feed {url} is already watched"
TOO_OFTEN = "a feed is polled at most every {minimum} minutes"
NOT_A_FEED = "not an RSS or Atom feed: {error}"
NO_LINK = "an entry without a link"
ENTRIES_FAILED = "{failed} of {total} entries failed; the last: {source}: {reason}"


def check_feed(*, url: str, every_minutes: int) -> None:
    """Raise InputError with BAD_FEED_URL or TOO_OFTEN when a feed could not be watched so."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InputError(BAD_FEED_URL.format(value=url[:100])) from None
    if every_minutes < MIN_EVERY_MINUTES:
        raise InputError(TOO_OFTEN.format(minimum=MIN_EVERY_MINUTES))


def add_feed(*, url: str, publisher: str = "", every_minutes: int = DEFAULT_EVERY_MINUTES, user=None) -> Feed:
    """Watch the feed at ``url``, polled every ``every_minutes`` from the next round; returns it.

    Raises InputError with BAD_FEED_URL, TOO_OFTEN or FEED_EXISTS. Nothing is fetched here.
    """
    url = url.strip()
    check_feed(url=url, every_minutes=every_minutes)
    with transaction.atomic():
        if Feed.objects.filter(url=url).exists():
            raise InputError(FEED_EXISTS.format(url=url))
        feed = Feed.objects.create(url=url, publisher=publisher.strip(), every_minutes=every_minutes,
                                   created_by=user)
        transaction.on_commit(schedule_polling)
    return feed


@transaction.atomic
def change_feed(feed: Feed, *, publisher: str, every_minutes: int, active: bool) -> Feed:
    """Change how a watched feed is polled; a new interval counts from its last poll. Returns the feed.
    Raises InputError(TOO_OFTEN)."""
    check_feed(url=feed.url, every_minutes=every_minutes)
    feed.publisher, feed.every_minutes, feed.active = publisher.strip(), every_minutes, active
    if feed.last_polled_at is not None:
        feed.next_poll_at = feed.last_polled_at + datetime.timedelta(minutes=every_minutes)
    feed.save(update_fields=["publisher", "every_minutes", "active", "next_poll_at"])
    transaction.on_commit(schedule_polling)
    return feed


def poll_due_feeds(*, now: datetime.datetime | None = None) -> tuple[int, ImportReport]:
    """Poll every due feed (Feed.objects.due); returns how many were polled and the summed entry counts."""
    now = now or timezone.now()
    total, polled = ImportReport(), 0
    for feed in Feed.objects.due(now).order_by("next_poll_at", "pk"):
        report = poll_feed(feed, now=now)
        total.counts.update(report.counts)
        total.failures += report.failures
        polled += 1
    return polled, total


def poll_feed(feed: Feed, *, now: datetime.datetime | None = None) -> ImportReport:
    """Fetch ``feed`` and import its new and updated entries; returns the counts and failures.

    The feed's last poll, next poll, imported count and last error (empty when all went well) are saved.
    A feed that cannot be fetched or parsed is one failure with the reason; never raises for it.
    """
    now = now or timezone.now()
    report = ImportReport()
    try:
        document = fetch(feed.url, accept=FEED_TYPES)
        parsed = feedparser.parse(document.content)
        if parsed.bozo and not parsed.entries:
            raise FetchError(NOT_A_FEED.format(error=parsed.get("bozo_exception") or "no entries"))
    except FetchError as error:
        report.counts[Outcome.FAILED] += 1
        report.failures.append((feed.url, str(error)))
        _finish(feed, now=now, report=report, error=str(error), title=feed.title)
        return report
    entries = parsed.entries[:MAX_ENTRIES]
    links = [urljoin(document.url, entry.get("link") or "") if entry.get("link") else "" for entry in entries]
    seen = FeedEntry.objects.filter(feed=feed, url__in=[link for link in links if link])
    known = {entry.url: entry for entry in seen}
    for entry, link in zip(entries, links, strict=True):
        outcome, detail = _poll_entry(feed, entry, link, known.get(link))
        report.counts[outcome] += 1
        if outcome is Outcome.FAILED:
            report.failures.append((link or feed.url, detail))
    error = ""
    if report.failures:
        source, reason = report.failures[-1]
        error = ENTRIES_FAILED.format(failed=len(report.failures), total=len(entries), source=source, reason=reason)
    _finish(feed, now=now, report=report, error=error, title=(parsed.feed.get("title") or feed.title)[:300])
    return report


def _poll_entry(feed: Feed, entry, link: str, known: FeedEntry | None) -> tuple[Outcome, str]:
    if not link:
        return Outcome.FAILED, NO_LINK
    # dict.get: feedparser's own get maps a missing "updated" to "published" with a deprecation warning.
    stamp = (dict.get(entry, "updated") or dict.get(entry, "published") or "")[:100]
    if known is not None and known.article_id and known.updated == stamp:
        return Outcome.SKIPPED, ""
    defaults = Defaults(publisher=feed.publisher, published_on=_entry_date(entry))
    result = read_url(link, defaults=defaults, publisher=feed.publisher)
    if result.record is None:
        return Outcome.FAILED, result.error
    try:
        article, outcome = import_article(result.record)
    except (IntegrityError, ValueError) as error:  # InputError, ReviewedClaimsGone, a value the database refuses
        logger.warning("feed %s: entry %s failed: %s", feed.pk, link, error)
        return Outcome.FAILED, str(error)
    FeedEntry.objects.update_or_create(feed=feed, url=link, defaults={"updated": stamp, "article": article})
    return outcome, ""


def _entry_date(entry) -> datetime.date | None:
    """The entry's own date, used only when its page gives none."""
    stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    if not stamp:
        return None
    return datetime.date(*stamp[:3])


def _finish(feed: Feed, *, now: datetime.datetime, report: ImportReport, error: str, title: str) -> None:
    feed.last_polled_at = now
    feed.next_poll_at = now + datetime.timedelta(minutes=feed.every_minutes)
    feed.entries_imported += report.counts[Outcome.CREATED]
    feed.last_error, feed.title = error, title
    feed.save(update_fields=["last_polled_at", "next_poll_at", "entries_imported", "last_error", "title"])


def next_round(*, now: datetime.datetime) -> datetime.datetime:
    """When the next poll is due: the earliest active feed's next poll, at most IDLE_MINUTES away."""
    idle = now + datetime.timedelta(minutes=IDLE_MINUTES)
    due = (Feed.objects.filter(active=True).exclude(next_poll_at__isnull=True)
           .order_by("next_poll_at").values_list("next_poll_at", flat=True).first())
    if Feed.objects.filter(active=True, next_poll_at__isnull=True).exists():
        return now
    return min(due, idle) if due else idle


def schedule_polling(*, now: datetime.datetime | None = None) -> bool:
    """Enqueue poll_due_feeds_task for the next round unless a poll is already queued for then or earlier;
    returns whether one was enqueued. A backend that cannot defer (the immediate one, in tests) enqueues
    nothing: there, polls run by hand (``poll_feeds``)."""
    backend = poll_due_feeds_task.get_backend()
    if not backend.supports_defer:
        return False
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    when = next_round(now=now)
    queued = DBTaskResult.objects.filter(
        status="READY", task_path=poll_due_feeds_task.module_path, backend_name=backend.alias,
    ).filter(Q(run_after=get_date_max()) | Q(run_after__lte=when))
    if queued.exists():
        return False
    poll_due_feeds_task.using(run_after=when).enqueue()
    return True


@task()
def poll_due_feeds_task() -> dict:
    """The periodic poll: polls the due feeds, enqueues the next round; returns the counts."""
    try:
        polled, report = poll_due_feeds()
    finally:
        # Even a round that broke queues the next one: the chain must not stop.
        schedule_polling()
    return {"feeds": polled, **{str(outcome): report.counts[outcome] for outcome in Outcome}}
