"""``manage.py load_demo``: load the demo corpus and the demo reviewer account."""

from django.core.management.base import CommandError

from claims.demo import DEMO_ACCOUNTS, load_demo
from claims.management.base import DataCommand


class Command(DataCommand):
    help = "Load the project's demo articles (safe to run twice) and a demo reviewer account."

    def handle(self, *args, **options):
        report, proposals = load_demo()
        self.stdout.write(report.summary())
        self.stdout.write(f"proposed {len(proposals)} figure(s) for review")
        for source, reason in report.failures:
            self.stderr.write(f"failed {source}: {reason}")
        if report.failures:
            raise CommandError("the demo corpus has inputs that failed to import")
        logins = ", ".join(f"{name} / {password}" for name, (password, _) in DEMO_ACCOUNTS.items())
        self.stdout.write(f"demo logins: {logins}")
