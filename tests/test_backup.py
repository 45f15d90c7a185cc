"""Backup round trip: backup_data writes everything, restore_data loads it into an empty database, and the
verified data and the history come back identical."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.ingest.importer import import_article
from claims.ingest.readers import ArticleRecord
from claims.management.commands.restore_data import NOT_EMPTY
from claims.models import ArticleBucket, Claim, Figure, Verdict
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


def test_the_buckets_are_left_out_of_a_backup_and_written_again_from_the_texts_at_restore(tmp_path):
    """The syndication buckets are derived from the texts: a backup leaves them out and a restore writes them
    again, so a backup from before the buckets held their article's date (its bucket rows have none) loads too."""
    for number, day in enumerate([datetime.date(2014, 1, 13), datetime.date(2012, 1, 31)]):
        import_article(ArticleRecord(source=f"{number}.txt", title=f"Storm {number}", publisher="Wire",
                                     body=f"Officials said {40 + number} people died in the storm in town {number}.",
                                     published_on=day))
    buckets = sorted(ArticleBucket.objects.values_list("article_id", "key", "published_on"))
    assert buckets
    backup = tmp_path / "backup.json"
    call_command("backup_data", "--output", str(backup))
    objects = json.loads(backup.read_text())
    assert not [item for item in objects if item["model"] == "claims.articlebucket"]

    # As a backup written before migration 0022 holds them: no date.
    objects += [{"model": "claims.articlebucket", "pk": n, "fields": {"article": article, "key": key}}
                for n, (article, key, _) in enumerate(buckets, start=1)]
    backup.write_text(json.dumps(objects))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore_data", str(backup))
    assert sorted(ArticleBucket.objects.values_list("article_id", "key", "published_on")) == buckets

