"""The project's own demo corpus (``articles.jsonl``, written by the project) and a demo reviewer."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from claims.ingest import ImportReport, import_records
from claims.readers import Defaults, read_inputs

CORPUS = Path(__file__).resolve().parent / "articles.jsonl"
DEMO_USERNAME = "reviewer"
DEMO_PASSWORD = "reviewer"


@transaction.atomic
def load_demo() -> ImportReport:
    """Import the demo corpus (idempotent) and make sure the demo reviewer exists with its password.

    The demo account is a superuser so that every page, the admin included, can be tried with it.
    """
    report = import_records(read_inputs([CORPUS], Defaults()))
    user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return report
