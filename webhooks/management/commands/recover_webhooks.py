"""``manage.py recover_webhooks``: retry webhook attempts a dead worker left behind (webhooks.tasks.recover).

The delivery path runs the same recovery by itself (a watchdog task per attempt, run by ``db_worker``); this
command is for a cron job or after restoring a queue, and is safe to run at any time, twice or concurrently.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from webhooks.tasks import recover

SUMMARY = "abandoned attempts retried {abandoned}, lost notifications requeued {requeued}, dead tasks failed {tasks_failed}"


class Command(BaseCommand):
    help = "Retry webhook attempts left without an outcome by a dead worker, and requeue lost notifications."

    def handle(self, *args, **options):
        recovered = recover(now=timezone.now())
        self.stdout.write(SUMMARY.format(**vars(recovered)))
