"""``manage.py redeliver_webhooks [--failed] [--event-id ID ...]``: send notifications again, with their
original delivery id (the X-Factcheck-Delivery header), so receivers can de-duplicate."""

import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from webhooks.models import Notification
from webhooks.tasks import redeliver

NOTHING_CHOSEN = "Name what to redeliver: --failed, --event-id ID, or both."
BAD_ID = "Not a delivery id (a UUID, as in the X-Factcheck-Delivery header): {value!r}."
UNKNOWN_IDS = "No notification has these delivery ids: {ids}."
SUMMARY = "redelivering {count}"


def delivery_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise CommandError(BAD_ID.format(value=value)) from None


class Command(BaseCommand):
    help = "Queue failed (or chosen) webhook notifications for a new round of attempts, with the same id."

    def add_arguments(self, parser):
        parser.add_argument("--failed", action="store_true", help="every failed notification")
        parser.add_argument("--event-id", action="append", default=[], metavar="ID",
                            help="a delivery id (X-Factcheck-Delivery); repeat for several")

    def handle(self, *args, failed, event_id, **options):
        if not failed and not event_id:
            raise CommandError(NOTHING_CHOSEN)
        notifications = Notification.objects.all()
        if failed:
            notifications = notifications.filter(state=Notification.State.FAILED)
        if event_id:
            ids = {delivery_id(value) for value in event_id}
            missing = ids - set(Notification.objects.filter(delivery_id__in=ids).values_list("delivery_id", flat=True))
            if missing:
                raise CommandError(UNKNOWN_IDS.format(ids=", ".join(sorted(map(str, missing)))))
            notifications = notifications.filter(delivery_id__in=ids)
        self.stdout.write(SUMMARY.format(count=redeliver(notifications, now=timezone.now())))
