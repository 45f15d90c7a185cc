"""``manage.py restore_data FILE``: load a ``backup_data`` file into a freshly migrated, empty database.

Refuses a database that already holds articles, claims, figures or verdicts, so a restore never mixes
two data sets; everything loads in one transaction or nothing does."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from claims.ingest.syndication import rebuild_buckets
from claims.management.base import DataCommand
from claims.models import Article, Claim, Figure, Verdict, refresh_verified
from claims.reconcile import stamps
from claims.reconcile.summaries import refresh_all_figure_summaries

NOT_EMPTY = "the database already holds data ({counts}); restore into a freshly migrated, empty database"
MISSING = "no such backup file: {path}"
RESTORED = "restored {path}"


class Command(DataCommand):
    help = "Load a backup_data file into an empty, migrated database (one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="FILE")

    def handle(self, *args, path, **options):
        if not path.is_file():
            raise CommandError(MISSING.format(path=path))
        counts = {model._meta.verbose_name_plural: model.objects.count()
                  for model in (Article, Claim, Figure, Verdict)}
        if any(counts.values()):
            listed = ", ".join(f"{count} {name}" for name, count in counts.items() if count)
            raise CommandError(NOT_EMPTY.format(counts=listed))
        with transaction.atomic():
            # The buckets are derived from the texts: written again from them, which also gives the rows of a
            # backup from before they held their article's date (ignored here) the shape the lookup reads.
            call_command("loaddata", str(path), verbosity=0, exclude=["claims.articlebucket"])
            rebuild_buckets()
            # A backup from before the stored figure summaries has none: compute them from the claims.
            refresh_all_figure_summaries()
            # Likewise the verified flag (a backup from before it has none); recomputed, never trusted.
            refresh_verified()
            stamps.everything_changed()
        self.stdout.write(RESTORED.format(path=path))
