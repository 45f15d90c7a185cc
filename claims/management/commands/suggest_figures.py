"""``manage.py suggest_figures [--dry-run]``: group claims that clearly belong together into proposed figures."""


from claims.management.base import DataCommand
from claims.reconcile.proposals import propose_figures


class Command(DataCommand):
    help = (
        "Put pending, unassigned claims that clearly belong together into new figures with status "
        "'proposed', for reviewers to confirm or break up. Prints what it did."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report the groups, write nothing")

    def handle(self, *args, dry_run, **options):
        proposals = propose_figures(dry_run=dry_run)
        for proposal in proposals:
            self.stdout.write(proposal.describe())
        grouped = sum(len(proposal.claims) for proposal in proposals)
        suffix = " (dry run: nothing written)" if dry_run else ""
        self.stdout.write(f"proposed {len(proposals)} figures holding {grouped} claims{suffix}")
