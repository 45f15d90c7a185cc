"""``manage.py import_articles PATH... [--url URL...] [--manifest CSV] [--publisher NAME] [--published-on DATE]
[--allow-future] [--dry-run] [--background]``

With ``--background`` the inputs are read here and imported by the task worker as an import batch
(claims.ingest.batches.queue_records); the command shows the batch's progress (a bar on a terminal, a line
every few seconds otherwise) until it is done, then prints the same counts line. Interrupted with Ctrl-C,
the batch goes on in the worker and its page shows it.
"""

import itertools
import time
from pathlib import Path

from django.core.management.base import CommandError

from claims.ingest.batches import queue_records
from claims.ingest.importer import ImportReport, Outcome, import_records
from claims.ingest.links import read_urls
from claims.ingest.readers import Defaults, InputError, parse_date, read_inputs, read_manifest
from claims.management.base import DataCommand
from claims.models import ImportBatch

NOTHING_TO_IMPORT = "give at least one PATH or --url, or a --manifest whose rows name the files"
DRY_RUN_NOTE = "dry run: nothing was written"
FAILED_INPUTS = "{failed} of {total} input(s) failed; see the reasons above"
QUEUED = "import batch {batch} queued: {total} article(s) for the task worker (manage.py db_worker)"
BATCH_STOPPED = "import batch {batch} stopped: {error}"
PROGRESS = "{done} of {total} imported"
DETACHED = "stopped watching; import batch {batch} goes on in the worker"
BACKGROUND_DRY_RUN = "--background and --dry-run do not go together: a dry run writes nothing to queue"
BAR_WIDTH = 30
POLL_SECONDS = 0.5
# Without a terminal, one progress line at most this often.
PLAIN_EVERY_SECONDS = 5


class Command(DataCommand):
    help = ("Import .txt, .json, .jsonl and .html articles (files or folders) and web pages (--url) and extract "
            "their claims.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument("--url", action="append", default=[], dest="urls", metavar="URL",
                            help="a web page to fetch and import (repeat for more); --publisher then names its "
                                 "publisher, --published-on dates it when the page gives no date")
        parser.add_argument("--manifest", type=Path, help="CSV with the columns path,publisher,published")
        parser.add_argument("--publisher", default="", help="publisher of files that name none")
        parser.add_argument("--published-on", type=str, help="YYYY-MM-DD, for files that carry no date")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
        parser.add_argument("--background", action="store_true",
                            help="import on the task worker as an import batch, showing its progress here")
        parser.add_argument("--allow-future", action="store_true",
                            help="accept publication dates after today (up to FACTCHECK_PUBLISHED_MAX_DAYS)")

    def handle(self, *args, paths, urls, manifest, publisher, published_on, dry_run, allow_future, verbosity,
               background=False, **options):
        if background and dry_run:
            raise CommandError(BACKGROUND_DRY_RUN)
        try:
            entries = read_manifest(manifest, allow_future=allow_future) if manifest else {}
            default_date = parse_date(published_on, allow_future=allow_future) if published_on else None
        except InputError as error:
            raise CommandError(str(error)) from None
        if not paths and not urls:
            paths = sorted(entries)
        if not paths and not urls:
            raise CommandError(NOTHING_TO_IMPORT)
        defaults = Defaults(publisher=publisher.strip(), published_on=default_date, manifest=entries,
                            allow_future=allow_future)

        def progress(source: str, outcome: Outcome, detail: str) -> None:
            if outcome is Outcome.FAILED:
                self.stderr.write(f"failed {source}: {detail}")
            elif verbosity >= 2:
                self.stdout.write(f"{outcome} {source}")

        results = itertools.chain(read_inputs(paths, defaults),
                                  read_urls(urls, defaults=defaults, publisher=defaults.publisher))
        if background:
            report = self.background(results, progress)
        else:
            report = import_records(results, dry_run=dry_run, on_progress=progress)
        # The counts line stands alone, exactly as DESIGN.md fixes it, so scripts can parse it.
        self.stdout.write(report.summary())
        if dry_run:
            self.stdout.write(DRY_RUN_NOTE)
        if report.failures:
            total = sum(report.counts.values())
            raise CommandError(FAILED_INPUTS.format(failed=len(report.failures), total=total))

    def background(self, results, progress) -> ImportReport:
        """Queue the readable records as one batch and watch it; inputs that could not be read are reported
        here at once and counted as failed with the batch's own failures."""
        report = ImportReport()
        records = []
        for result in results:
            if result.record is None:
                report.counts[Outcome.FAILED] += 1
                report.failures.append((result.source, result.error))
                progress(result.source, Outcome.FAILED, result.error)
            else:
                records.append(result.record)
        batch = queue_records(records)
        self.stdout.write(QUEUED.format(batch=batch.pk, total=len(records)))
        try:
            batch = self.watch(batch.pk)
        except KeyboardInterrupt:
            self.stderr.write(DETACHED.format(batch=batch.pk))
            raise SystemExit(130) from None
        if batch.status == ImportBatch.Status.FAILED:
            raise CommandError(BATCH_STOPPED.format(batch=batch.pk, error=batch.error))
        for outcome in Outcome:
            report.counts[outcome] += getattr(batch, outcome.value)
        for source, reason in batch.failures:
            self.stderr.write(f"failed {source}: {reason}")
            report.failures.append((source, reason))
        return report

    def watch(self, batch_id: int) -> ImportBatch:
        """Poll the batch until it is done or failed, drawing its progress; returns it."""
        terminal = self.stdout.isatty()
        last_line, last_done = 0.0, -1
        while True:
            batch = ImportBatch.objects.get(pk=batch_id)
            finished = batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED)
            done, total = batch.done_count, batch.total
            if terminal:
                share = done / total if total else (1.0 if finished else 0.0)
                filled = round(share * BAR_WIDTH)
                self.stdout.write(f"\r[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] "
                                  + PROGRESS.format(done=done, total=total), ending="")
                self.stdout.flush()
            elif done != last_done and (finished or time.monotonic() - last_line >= PLAIN_EVERY_SECONDS):
                self.stdout.write(PROGRESS.format(done=done, total=total))
                last_line, last_done = time.monotonic(), done
            if finished:
                if terminal:
                    self.stdout.write("")
                return batch
            time.sleep(POLL_SECONDS)
