"""The project's own demo corpus (``articles.jsonl``, written by the project) and demo accounts."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from claims.ingest.importer import ImportReport, import_records
from claims.ingest.readers import Defaults, read_inputs
from claims.reconcile.proposals import Proposal, propose_figures
from claims.reconcile.roles import EDITOR, REVIEWER, VIEWER

CORPUS = Path(__file__).resolve().parent / "articles.jsonl"
# username -> (password, group or None for a superuser). Demo only: never load into a real deployment.
DEMO_ACCOUNTS = {
    "reviewer": ("reviewer", REVIEWER),
    "editor": ("editor", EDITOR),
    "viewer": ("viewer", VIEWER),
    "admin": ("admin", None),
}
DEMO_USERNAME = "reviewer"


@transaction.atomic
def load_demo(*, propose: bool = True) -> tuple[ImportReport, list[Proposal]]:
    """Import the demo corpus (idempotent), group its claims into proposed figures as
    ``suggest_figures`` would, and make sure each demo account exists with its password.

    Each role account joins its group and is staff, so the admin shows it what its permissions allow;
    ``admin`` is a superuser. Returns the import report and the figures proposed by this run (none
    when ``propose`` is off, for callers that group the claims themselves).
    """
    report = import_records(read_inputs([CORPUS], Defaults()))
    proposals = propose_figures() if propose else []
    for username, (password, group) in DEMO_ACCOUNTS.items():
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = group is None
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name=group) if group else [])
    return report, proposals
