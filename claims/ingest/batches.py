"""Uploads too large to import while the browser waits: stored as an ImportBatch, imported by the worker.

``queue_batch`` stores the files and enqueues ``import_batch`` once the batch is committed; the worker
(``manage.py db_worker``, which ``make run`` starts) calls ``run_batch``, which saves the counts as it goes
so the batch page shows progress. Each article is imported in its own transaction and the content hash
makes a second import of the same text a skip, so running a batch again after a killed worker finishes
it without duplicates.
"""

import datetime
import json
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from claims.ingest.importer import Outcome, import_records
from claims.ingest.readers import ArticleRecord, InputError
from claims.ingest.uploads import Upload, read_uploads
from claims.models import ImportBatch, ImportUpload

COUNTERS = {Outcome.CREATED: "created", Outcome.UPDATED: "updated", Outcome.SKIPPED: "skipped",
            Outcome.FAILED: "failed"}


def runs_in_background(uploads: Iterable[Upload]) -> bool:
    """True when the uploads are too large to import within one request
    (``settings.FACTCHECK_IMPORT_BACKGROUND_BYTES`` in all)."""
    return sum(len(upload.content) for upload in uploads) > settings.FACTCHECK_IMPORT_BACKGROUND_BYTES


@transaction.atomic
def queue_batch(
    uploads: Iterable[Upload], *, publisher: str = "", published_on: datetime.date | None = None, user=None
) -> ImportBatch:
    """Store the uploads as a queued batch and enqueue its import after the commit; returns the batch."""
    batch = ImportBatch.objects.create(created_by=user, publisher=publisher.strip(), published_on=published_on)
    ImportUpload.objects.bulk_create(
        ImportUpload(batch=batch, name=upload.name, content=upload.content) for upload in uploads
    )
    transaction.on_commit(lambda: import_batch.enqueue(batch.pk))
    return batch


# Records per stored upload of a batch queued from the command line: small enough to hold in memory twice.
RECORDS_PER_UPLOAD = 500


@transaction.atomic
def queue_records(
    records: Iterable[ArticleRecord], *, publisher: str = "", published_on: datetime.date | None = None, user=None
) -> ImportBatch:
    """Store records already read from disk (``import_articles --background``) as a queued batch and
    enqueue its import after the commit; returns the batch.

    Each record goes in as one line of a ``.jsonl`` upload with its publisher and date written out, so the
    worker reads it exactly as the command would have, and the batch survives a killed worker like a
    browser upload does (``run_batch`` again finishes it without duplicates).
    """
    batch = ImportBatch.objects.create(created_by=user, publisher=publisher.strip(), published_on=published_on)
    lines, part = [], 0
    for record in records:
        lines.append(json.dumps({
            "title": record.title, "body": record.body, "url": record.url, "language": record.language,
            "publisher": record.publisher, "published_on": record.published_on.isoformat(),
        }, ensure_ascii=False))
        if len(lines) == RECORDS_PER_UPLOAD:
            part = _store_lines(batch, lines, part)
            lines = []
    if lines:
        _store_lines(batch, lines, part)
    transaction.on_commit(lambda: import_batch.enqueue(batch.pk))
    return batch


def _store_lines(batch: ImportBatch, lines: list[str], part: int) -> int:
    name = f"records-{part + 1:05d}.jsonl"
    ImportUpload.objects.create(batch=batch, name=name, content="\n".join(lines).encode("utf-8"))
    return part + 1


def run_batch(batch_id: int) -> ImportBatch:
    """Import a batch's files, saving its counts after every article; returns the finished batch.

    A batch already done is returned as it is. A problem with the upload as a whole (such as a bad
    manifest) marks the batch FAILED with the reader's message; one bad file is counted and listed in
    ``failures`` and the others still go in.
    """
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status == ImportBatch.Status.DONE:
        return batch
    uploads = [Upload(name, bytes(content)) for name, content in batch.uploads.values_list("name", "content")]
    _update(batch, status=ImportBatch.Status.RUNNING, total=0, created=0, updated=0, skipped=0, failed=0,
            failures=[], error="")
    try:
        results = read_uploads(uploads, publisher=batch.publisher, published_on=batch.published_on)
    except InputError as error:
        return _update(batch, status=ImportBatch.Status.FAILED, error=str(error), finished_at=timezone.now())
    _update(batch, total=len(results))

    def progress(source: str, outcome: Outcome, detail: str) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(**{COUNTERS[outcome]: F(COUNTERS[outcome]) + 1})
        if outcome is Outcome.FAILED:
            batch.failures.append([source, detail])
            ImportBatch.objects.filter(pk=batch.pk).update(failures=batch.failures)

    import_records(results, on_progress=progress)
    batch.uploads.all().delete()
    batch.refresh_from_db()
    return _update(batch, status=ImportBatch.Status.DONE, finished_at=timezone.now())


@task()
def import_batch(batch_id: int) -> None:
    """The worker's entry point: ``run_batch``."""
    run_batch(batch_id)


def _update(batch: ImportBatch, **fields) -> ImportBatch:
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=list(fields))
    return batch
