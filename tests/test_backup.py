"""Backup round trip: backup_data writes everything, restore_data loads it into an empty database, and the
verified data and the history come back identical."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.management.commands.restore_data import NOT_EMPTY
from claims.models import Claim, Figure, Verdict
from claims.reconcile.review import accept_claim
from claims.reconcile.verdicts import publish_verdict
from tests.conftest import restore_roles
from tests.factories import make_article, make_claim, make_figure, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def verified_export(tmp_path) -> list:
    path = tmp_path / "verified.json"
    call_command("export_claims", "--format", "json", "--output", str(path))
    return json.loads(path.read_text())


def history() -> list[tuple]:
    rows = []
    for model in (Claim, Figure, Verdict):
        rows += list(model.history.order_by("history_date", "history_id").values_list(
            "id", "history_type", "history_date", "history_user__username", "version"))
    return rows


def test_a_backup_restored_into_an_empty_database_gives_the_same_verified_data_and_history(tmp_path):
    restore_roles()
    editor = make_member("editor", "eve")
    figure = make_figure("Storm toll")
    claim = make_claim(make_article("Officials said 40 people died in the storm."), text="40 people", figure=figure)
    accept_claim(claim, actor=editor, version=claim.version)
    publish_verdict(figure, actor=editor, version=figure.version, as_of=claim.as_of, low=40, high=40,
                    rating="verified", claims=[claim], note="Two agencies agree.")
    before = (verified_export(tmp_path), history())
    assert before[0] and before[1]

    backup = tmp_path / "backup.json"
    call_command("backup_data", "--output", str(backup))
    assert all(item["fields"]["password"] == "!" for item in json.loads(backup.read_text())
               if item["model"] == "auth.user")

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", str(backup))
    assert (verified_export(tmp_path), history()) == before
    restored = type(editor).objects.get(username="eve")
    assert not restored.has_usable_password() and restored.groups.filter(name="editor").exists()

    with pytest.raises(CommandError) as refused:
        call_command("restore_data", str(backup))
    assert str(refused.value) == NOT_EMPTY.format(counts="1 articles, 1 claims, 1 figures, 1 verdicts")
