"""Background imports: a batch of uploads imported by the worker, with counts kept as it goes."""

import datetime
import json

import pytest

from claims.ingest.batches import queue_batch, run_batch, runs_in_background
from claims.ingest.importer import import_article
from claims.ingest.readers import (
    MANIFEST_BAD_COLUMNS,
    UNSUPPORTED,
    Defaults,
    record_from_text,
)
from claims.ingest.uploads import Upload
from claims.models import Article, ImportBatch
from tests.factories import make_member

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DAY = datetime.date(2025, 3, 4)


def story(number: int) -> str:
    return f"Story {number}\n\nOfficials said {number} people were hurt in the storm on Monday.\n"


def jsonl(count: int) -> bytes:
    records = [{"title": f"Story {n}", "body": story(n)} for n in range(1, count + 1)]
    return "\n".join(json.dumps(record) for record in records).encode()


@pytest.mark.parametrize(("sizes", "limit", "background"), [([10, 10], 25, False), ([10, 20], 25, True)])
def test_uploads_go_to_the_background_only_above_the_size_limit(settings, sizes, limit, background):
    settings.FACTCHECK_IMPORT_BACKGROUND_BYTES = limit
    assert runs_in_background([Upload(f"{n}.txt", b"x" * n) for n in sizes]) is background


def test_a_queued_batch_is_imported_by_the_worker_after_the_commit(settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        batch = queue_batch([Upload("day.jsonl", jsonl(3)), Upload("notes.pdf", b"%PDF-1.4")],
                            publisher="Wire", published_on=DAY, user=make_member("reviewer"))
        assert Article.objects.count() == 0  # nothing runs before the commit
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.created, batch.failed) == ("done", 4, 3, 1)
    assert batch.failures == [["notes.pdf", UNSUPPORTED.format(suffix=".pdf")]]
    assert batch.uploads.count() == 0  # the files are dropped once imported
    assert Article.objects.count() == 3


def test_running_a_batch_again_after_a_killed_worker_finishes_it_without_duplicates():
    batch = queue_batch([Upload("day.jsonl", jsonl(4))], publisher="Wire", published_on=DAY)
    # The worker died after importing the first two articles: the batch still reads "running".
    for number in (1, 2):
        import_article(record_from_text("day.jsonl", story(number), Defaults(publisher="Wire", published_on=DAY),
                                        title=f"Story {number}"))
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", created=2, total=4)
    finished = run_batch(batch.pk)
    assert (finished.status, finished.created, finished.skipped, finished.failed) == ("done", 2, 2, 0)
    assert Article.objects.count() == 4
    assert run_batch(batch.pk).created == 2  # a finished batch is left as it is


def test_a_bad_manifest_stops_the_batch_with_the_readers_message():
    batch = queue_batch([Upload("day.jsonl", jsonl(1)), Upload("list.csv", b"a,b\n")])
    finished = run_batch(batch.pk)
    assert (finished.status, finished.error) == ("failed", MANIFEST_BAD_COLUMNS.format(path="list.csv"))
    assert Article.objects.count() == 0
