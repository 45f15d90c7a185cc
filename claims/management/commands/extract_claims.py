"""``manage.py extract_claims FILE [--published-on YYYY-MM-DD]``: print mentions as JSON; writes nothing."""

import datetime
import json
import sys

from django.core.management.base import CommandError

from claims.extraction import extract
from claims.ingest.readers import InputError, parse_date
from claims.management.base import DataCommand

NO_DATE_WARNING = "no --published-on given: relative dates resolve against today, {today}"


class Command(DataCommand):
    help = "Print the numeric claims and dates found in one text file (or - for stdin) as a JSON array."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="a UTF-8 text file, or - for standard input")
        parser.add_argument("--published-on", help="YYYY-MM-DD: the day relative dates resolve against")

    def handle(self, *args, file, published_on, **options):
        try:
            published = parse_date(published_on) if published_on else None
        except InputError as error:
            raise CommandError(str(error)) from None
        if published is None:
            published = datetime.datetime.now(datetime.UTC).date()
            self.stderr.write(NO_DATE_WARNING.format(today=published.isoformat()))
        try:
            text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8-sig").read()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8 text") from None
        mentions = [mention.as_dict() for mention in extract(text, published)]
        self.stdout.write(json.dumps(mentions, indent=2, ensure_ascii=False))
