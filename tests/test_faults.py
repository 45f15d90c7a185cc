"""Faults as tests: the database failing mid-import, a worker killed mid-batch, a crash inside publishing a
verdict. Each leaves no half-written data, says what failed, and can be recovered from by running again."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError

from claims.ingest import batches, importer, storing
from claims.ingest.batches import run_batch
from claims.models import Article, Claim, ImportBatch, Verdict
from claims.reconcile import events, verdicts
from claims.reconcile.verdicts import publish_verdict
from tests.factories import make_article, make_claim, make_figure, make_member
from webhooks.models import Delivery, Notification, Subscriber

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 4)
LOST = "connection to server at 127.0.0.1 lost"


def story(number: int) -> str:
    return f"Story {number}\n\nOfficials said {number} people were hurt in the storm on Monday.\n"


def test_the_database_failing_on_one_articles_claims_stores_none_of_it_reports_it_and_exits_non_zero(
    tmp_path, monkeypatch, capsys
):
    for number in (1, 2, 3):
        (tmp_path / f"{number}.txt").write_text(story(number))
    real = storing.insert_claims

    def insert_claims(rows, **kwargs):
        # The claims of a group of articles, or of one alone: the database fails on any that holds Story 2's.
        if any(row["sentence"].startswith("Officials said 2 people") for row in rows):
            raise OperationalError(LOST)  # the article rows are already inserted in this transaction
        return real(rows, **kwargs)

    monkeypatch.setattr(storing, "insert_claims", insert_claims)
    with pytest.raises(CommandError) as failed:
        call_command("import_articles", str(tmp_path), "--publisher", "Harbor Daily", "--published-on",
                     DAY.isoformat())
    out, err = capsys.readouterr()
    assert str(failed.value) == "1 of 3 input(s) failed; see the reasons above"
    assert err.strip() == (f"failed {tmp_path / '2.txt'}: the database refused this article "
                           f"(OperationalError: {LOST}); nothing of it was stored")
    assert out.strip() == "created 2, updated 0, skipped 0, failed 1"
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Story 1", "Story 3"]
    assert Claim.objects.filter(article__title="Story 2").count() == 0
    assert all(article.claims.exists() for article in Article.objects.all())


class Killed(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs (not an Exception, so nothing catches it)."""


@pytest.mark.parametrize(("killed_after", "stored"), [(1, 2), (3, 4)])
def test_a_worker_killed_mid_batch_then_run_again_imports_everything_once(monkeypatch, killed_after, stored):
    # Articles are committed in groups (two here): progress is reported once a group is stored, so a worker
    # killed while reporting has stored whole groups only, and the rerun skips them.
    monkeypatch.setattr(importer, "GROUP_SIZE", 2)
    batch = ImportBatch.objects.create(publisher="Harbor Daily", published_on=DAY)
    for number in range(1, 6):
        batch.uploads.create(name=f"{number}.txt", content=story(number).encode())
    real = batches.import_records

    def killed_after_k(results, *, on_progress, **kwargs):
        seen = []

        def progress(source, outcome, detail):
            on_progress(source, outcome, detail)
            seen.append(source)
            if len(seen) == killed_after:
                raise Killed

        return real(results, on_progress=progress, **kwargs)

    monkeypatch.setattr(batches, "import_records", killed_after_k)
    with pytest.raises(Killed):
        run_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.created, Article.objects.count()) == (ImportBatch.Status.RUNNING, killed_after, stored)

    monkeypatch.setattr(batches, "import_records", real)
    batch = run_batch(batch.pk)
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.created, batch.skipped, batch.failed) == (5 - stored, stored, 0)
    assert sorted(Article.objects.values_list("title", flat=True)) == [f"Story {n}" for n in range(1, 6)]
    assert not batch.uploads.exists()


def test_a_worker_killed_while_writing_a_group_stores_none_of_it_and_the_rerun_imports_everything_once(
    monkeypatch
):
    monkeypatch.setattr(importer, "GROUP_SIZE", 2)
    batch = ImportBatch.objects.create(publisher="Harbor Daily", published_on=DAY)
    for number in range(1, 6):
        batch.uploads.create(name=f"{number}.txt", content=story(number).encode())
    real = storing.insert_claims

    def killed_in_second_group(rows, **kwargs):
        if any(row["sentence"].startswith("Officials said 3 people") for row in rows):
            raise Killed  # the articles of the group are inserted, their claims not yet
        return real(rows, **kwargs)

    monkeypatch.setattr(storing, "insert_claims", killed_in_second_group)
    with pytest.raises(Killed):
        run_batch(batch.pk)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Story 1", "Story 2"]
    assert Claim.objects.filter(article__title__in=["Story 3", "Story 4"]).count() == 0

    monkeypatch.setattr(storing, "insert_claims", real)
    batch = run_batch(batch.pk)
    assert (batch.status, batch.created, batch.skipped, batch.failed) == (ImportBatch.Status.DONE, 3, 2, 0)
    assert sorted(Article.objects.values_list("title", flat=True)) == [f"Story {n}" for n in range(1, 6)]
    assert all(article.claims.exists() for article in Article.objects.all())


@pytest.fixture
def heard():
    """Events the core announced that reached a listener (after a commit)."""
    calls = []

    def listener(event, object_id):
        calls.append((event, object_id))

    events.listen(listener)
    yield calls
    events._listeners.remove(listener)


def _crash_after_the_verdict_row(monkeypatch):
    def crashing_claims(instance, owner=None):
        assert Verdict.objects.filter(pk=instance.pk).exists()  # the row is written in this transaction
        raise RuntimeError("worker crashed")

    monkeypatch.setattr(verdicts.Verdict, "claims", property(crashing_claims))


def _crash_after_the_announcement(monkeypatch):
    real = verdicts.announce

    def announce_then_crash(event, object_id):
        real(event, object_id)
        raise RuntimeError("worker crashed")

    monkeypatch.setattr(verdicts, "announce", announce_then_crash)


@pytest.mark.parametrize("crash", [_crash_after_the_verdict_row, _crash_after_the_announcement])
def test_a_crash_inside_publishing_leaves_no_verdict_and_announces_nothing(
    monkeypatch, heard, django_capture_on_commit_callbacks, crash
):
    Subscriber.objects.create(url="https://receiver.example/hook", secret="s" * 32)
    figure = make_figure()
    claim = make_claim(make_article("Officials said 40 people died."), figure=figure, status="accepted")
    editor = make_member("editor")
    crash(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError, match="worker crashed"):
            publish_verdict(figure, actor=editor, version=figure.version, as_of=DAY, low=40, high=40,
                            rating="verified", claims=[claim])
    assert (Verdict.objects.count(), Verdict.history.count()) == (0, 0)
    assert (callbacks, heard, Notification.objects.count(), Delivery.objects.count()) == ([], [], 0, 0)
    figure.refresh_from_db()
    assert figure.version == 1
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        publish_verdict(figure, actor=editor, version=figure.version, as_of=DAY, low=40, high=40,
                        rating="verified", claims=[claim])
    assert heard == [(events.VERDICT_PUBLISHED, Verdict.objects.get().pk)]
