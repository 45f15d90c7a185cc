"""``manage.py import_articles PATH... [--url URL...] [--manifest CSV] [--publisher NAME] [--published-on DATE]
[--dry-run]``"""

import itertools
from pathlib import Path

from django.core.management.base import CommandError

from claims.ingest.importer import Outcome, import_records
from claims.ingest.links import read_urls
from claims.ingest.readers import Defaults, InputError, parse_date, read_inputs, read_manifest
from claims.management.base import DataCommand

NOTHING_TO_IMPORT = "give at least one PATH or --url, or a --manifest whose rows name the files"
DRY_RUN_NOTE = "dry run: nothing was written"
FAILED_INPUTS = "{failed} of {total} input(s) failed; see the reasons above"


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

    def handle(self, *args, paths, urls, manifest, publisher, published_on, dry_run, verbosity, **options):
        try:
            entries = read_manifest(manifest) if manifest else {}
            default_date = parse_date(published_on) if published_on else None
        except InputError as error:
            raise CommandError(str(error)) from None
        if not paths and not urls:
            paths = sorted(entries)
        if not paths and not urls:
            raise CommandError(NOTHING_TO_IMPORT)
        defaults = Defaults(publisher=publisher.strip(), published_on=default_date, manifest=entries)

        def progress(source: str, outcome: Outcome, detail: str) -> None:
            if outcome is Outcome.FAILED:
                self.stderr.write(f"failed {source}: {detail}")
            elif verbosity >= 2:
                self.stdout.write(f"{outcome} {source}")

        results = itertools.chain(read_inputs(paths, defaults),
                                  read_urls(urls, defaults=defaults, publisher=defaults.publisher))
        report = import_records(results, dry_run=dry_run, on_progress=progress)
        # The counts line stands alone, exactly as DESIGN.md fixes it, so scripts can parse it.
        self.stdout.write(report.summary())
        if dry_run:
            self.stdout.write(DRY_RUN_NOTE)
        if report.failures:
            total = sum(report.counts.values())
            raise CommandError(FAILED_INPUTS.format(failed=len(report.failures), total=total))
