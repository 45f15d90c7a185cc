"""``manage.py add_feed URL [--publisher NAME] [--every MINUTES]``: watch an RSS or Atom feed."""

from django.core.management.base import BaseCommand, CommandError

from claims.ingest.feeds import DEFAULT_EVERY_MINUTES, add_feed
from claims.ingest.readers import InputError

ADDED = "watching {url} every {every} minutes (feed {pk}); the task worker polls it, or run poll_feeds"


class Command(BaseCommand):
    help = "Watch an RSS or Atom feed: the task worker imports its new entries when it is due."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("url", metavar="URL")
        parser.add_argument("--publisher", default="", help="publisher of every entry (default: each page's site name)")
        parser.add_argument("--every", type=int, default=DEFAULT_EVERY_MINUTES, metavar="MINUTES",
                            help=f"minutes between two polls (default {DEFAULT_EVERY_MINUTES})")

    def handle(self, *args, url, publisher, every, **options):
        try:
            feed = add_feed(url=url, publisher=publisher, every_minutes=every)
        except InputError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(ADDED.format(url=feed.url, every=feed.every_minutes, pk=feed.pk))
