"""``manage.py reextract [--article ID] [--dry-run]``: run the current extractor over stored articles."""

from django.core.management.base import CommandError

from claims.extraction import EXTRACTOR_VERSION
from claims.ingest.importer import reextract_articles
from claims.management.base import DataCommand
from claims.models import Article


class Command(DataCommand):
    help = (
        "Re-extract stored articles with the current extractor. Reviewed or corrected claims are kept; "
        "new mentions become pending claims; untouched claims no longer found are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, action="append", help="article id (repeatable)")
        parser.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")

    def handle(self, *args, article, dry_run, **options):
        articles = Article.objects.order_by("pk")
        if article:
            articles = articles.filter(pk__in=article)
            missing = set(article) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        changes = reextract_articles(articles.iterator(), dry_run=dry_run)
        suffix = " (dry run: nothing written)" if dry_run else ""
        self.stdout.write(f"extractor {EXTRACTOR_VERSION}: {changes.summary()}{suffix}")
