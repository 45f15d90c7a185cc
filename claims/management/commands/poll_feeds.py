"""``manage.py poll_feeds [--schedule]``: poll the due feeds once, or start the worker's periodic poll."""

from django.core.management.base import BaseCommand, CommandError

from claims.ingest.feeds import poll_due_feeds, schedule_polling

POLLED = "polled {feeds} feed(s)"
SCHEDULED = "feed polling scheduled for the task worker"
ALREADY_SCHEDULED = "feed polling is already scheduled"
FAILED = "{failed} entr(ies) or feed(s) failed; see the reasons above"


class Command(BaseCommand):
    help = "Poll the feeds that are due and import their new entries; prints the counts."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true",
                            help="instead, queue the periodic poll for the task worker (db_worker) unless queued")

    def handle(self, *args, schedule, **options):
        if schedule:
            self.stdout.write(SCHEDULED if schedule_polling() else ALREADY_SCHEDULED)
            return
        polled, report = poll_due_feeds()
        for source, reason in report.failures:
            self.stderr.write(f"failed {source}: {reason}")
        self.stdout.write(POLLED.format(feeds=polled))
        self.stdout.write(report.summary())
        if report.failures:
            raise CommandError(FAILED.format(failed=len(report.failures)))
