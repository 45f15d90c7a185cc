"""``manage.py import_articles PATH... [--manifest CSV] [--publisher NAME] [--published-on DATE] [--allow-future]
[--dry-run]``"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.ingest.importer import Outcome, import_records
from claims.ingest.readers import Defaults, InputError, parse_date, read_inputs, read_manifest

NOTHING_TO_IMPORT = "give at least one PATH, or a --manifest whose rows name the files"
DRY_RUN_NOTE = "dry run: nothing was written"
FAILED_INPUTS = "{failed} of {total} input(s) failed; see the reasons above"


class Command(BaseCommand):
    help = "Import .txt, .json and .jsonl articles (files or folders) and extract their claims."
    # A data command: the system checks (which import the whole URLconf) would double its start-up.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument("--manifest", type=Path, help="CSV with the columns path,publisher,published")
        parser.add_argument("--publisher", default="", help="publisher of files that name none")
        parser.add_argument("--published-on", type=str, help="YYYY-MM-DD, for files that carry no date")
        parser.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
        parser.add_argument("--allow-future", action="store_true",
                            help="accept publication dates after today (up to FACTCHECK_PUBLISHED_MAX_DAYS)")

    def handle(self, *args, paths, manifest, publisher, published_on, dry_run, allow_future, verbosity,
               **options):
        try:
            entries = read_manifest(manifest, allow_future=allow_future) if manifest else {}
            default_date = parse_date(published_on, allow_future=allow_future) if published_on else None
        except InputError as error:
            raise CommandError(str(error)) from None
        if not paths:
            paths = sorted(entries)
        if not paths:
            raise CommandError(NOTHING_TO_IMPORT)
        defaults = Defaults(publisher=publisher.strip(), published_on=default_date, manifest=entries,
                            allow_future=allow_future)

        def progress(source: str, outcome: Outcome, detail: str) -> None:
            if outcome is Outcome.FAILED:
                self.stderr.write(f"failed {source}: {detail}")
            elif verbosity >= 2:
                self.stdout.write(f"{outcome} {source}")

        report = import_records(read_inputs(paths, defaults), dry_run=dry_run, on_progress=progress)
        # The counts line stands alone, exactly as DESIGN.md fixes it, so scripts can parse it.
        self.stdout.write(report.summary())
        if dry_run:
            self.stdout.write(DRY_RUN_NOTE)
        if report.failures:
            total = sum(report.counts.values())
            raise CommandError(FAILED_INPUTS.format(failed=len(report.failures), total=total))
