"""The project's own demo corpus (``articles.jsonl``, written by the project) and demo accounts."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from claims.ingest.importer import ImportReport, import_records
from claims.ingest.readers import Defaults, read_inputs
from claims.models import Claim, Kind, Verdict
from claims.reconcile.figures import edit_figure
from claims.reconcile.proposals import Proposal, propose_figures
from claims.reconcile.review import accept_claim
from claims.reconcile.roles import EDITOR, REVIEWER, VIEWER
from claims.reconcile.verdicts import publish_verdict

CORPUS = Path(__file__).resolve().parent / "articles.jsonl"
# username -> (password, group or None for a superuser). Demo only: never load into a real deployment.
DEMO_ACCOUNTS = {
    "reviewer": ("reviewer", REVIEWER),
    "editor": ("editor", EDITOR),
    "viewer": ("viewer", VIEWER),
    "admin": ("admin", None),
}
DEMO_USERNAME = "reviewer"
# The figure the demo publishes a verdict on, so the public pages (/factchecks/) have one to show: the
# Wrenford flood's death toll, whose two claims rise without conflict.
DEMO_VERDICT_ARTICLE = "Wrenford missing list cut to three"
DEMO_VERDICT_NOTE = "Both outlets' counts agree once dated: four dead on 24 June, six by 9 July."
DEMO_VERDICT_FIGURE = "Wrenford flood death toll, 2013"


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
    if propose:
        publish_demo_verdict(get_user_model().objects.get(username="editor"))
    return report, proposals


def publish_demo_verdict(editor) -> Verdict | None:
    """Name the demo's flood toll, accept its claims and publish a verified verdict on its latest value, as an
    editor would through the review pages (claims.reconcile). Nothing when that figure already has a
    verdict or was never grouped; returns the verdict published, or None."""
    latest = (Claim.objects.filter(article__title__startswith=DEMO_VERDICT_ARTICLE, kind=Kind.DEATH_TOLL)
              .exclude(figure=None)
              .select_related("figure").order_by("-as_of").first())
    if latest is None or latest.figure.verdicts.exists():
        return None
    # As the editor would on the figure page: the proposed name does not say which flood.
    figure = edit_figure(latest.figure, actor=editor, version=latest.figure.version, name=DEMO_VERDICT_FIGURE)
    claims = list(figure.claims.order_by("as_of"))
    for claim in claims:
        if claim.status == Claim.Status.PENDING:
            accept_claim(claim, actor=editor, version=claim.version)
    figure.refresh_from_db()
    return publish_verdict(figure, actor=editor, version=figure.version, as_of=latest.as_of, low=latest.low,
                           high=latest.high, rating=Verdict.Rating.VERIFIED, claims=claims,
                           note=DEMO_VERDICT_NOTE)
