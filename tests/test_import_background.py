"""``import_articles --background``: the worker imports the files as a batch while the command shows progress."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from claims.ingest.batches import queue_records, run_batch
from claims.ingest.readers import Defaults, record_from_text
from claims.management.commands.import_articles import BACKGROUND_DRY_RUN, PROGRESS, QUEUED
from claims.models import Article, ImportBatch

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SUMMARY = "created {}, updated 0, skipped {}, failed {}"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def background(folder, *extra, stdout=None):
    out, err = stdout or io.StringIO(), io.StringIO()
    call_command("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"), "--background",
                 *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_background_import_runs_as_a_batch_and_ends_with_the_counts_line(folder, settings):
    settings.TASKS = IMMEDIATE
    out, _ = background(folder)
    batch = ImportBatch.objects.get()
    assert out.splitlines() == [QUEUED.format(batch=batch.pk, total=2), PROGRESS.format(done=2, total=2),
                                SUMMARY.format(2, 0, 0)]
    assert (batch.status, batch.created, batch.uploads.count()) == ("done", 2, 0)
    assert sorted(Article.objects.values_list("publisher__name", flat=True)) == ["Continental Wire", "Harbor Daily"]
    out, _ = background(folder)
    assert out.splitlines()[-1] == SUMMARY.format(0, 2, 0)


@pytest.mark.django_db(transaction=True)
def test_background_import_draws_a_bar_on_a_terminal(folder, settings):
    settings.TASKS = IMMEDIATE
    out, _ = background(folder, stdout=Terminal())
    assert f"\r[{'#' * 30}] {PROGRESS.format(done=2, total=2)}\n" in out


@pytest.mark.django_db(transaction=True)
def test_background_import_counts_unreadable_files_as_failed_and_exits_non_zero(folder, settings):
    settings.TASKS = IMMEDIATE
    (folder / "undated.txt").write_text("No date for this one: 12 dead.")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=r"^1 of 3 input\(s\) failed; see the reasons above$"):
        call_command("import_articles", str(folder), "--manifest", str(folder / "manifest.csv"), "--background",
                     stdout=out, stderr=err)
    assert out.getvalue().splitlines()[-1] == SUMMARY.format(2, 0, 1)
    assert f"failed {folder / 'undated.txt'}: no publication date" in err.getvalue()


@pytest.mark.django_db
def test_background_refuses_a_dry_run(folder):
    with pytest.raises(CommandError, match=f"^{BACKGROUND_DRY_RUN}$"):
        background(folder, "--dry-run")


@pytest.mark.django_db
def test_queued_records_wait_for_the_worker_and_a_rerun_adds_no_duplicates():
    defaults = Defaults(publisher="Wire", published_on=datetime.date(2025, 3, 4))
    records = [record_from_text(f"{n}.txt", f"Story {n}\n\n{n} people were hurt.", defaults) for n in range(1, 4)]
    batch = queue_records(records)
    assert (batch.status, batch.uploads.count(), Article.objects.count()) == ("queued", 1, 0)
    assert run_batch(batch.pk).created == 3
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    again = run_batch(batch.pk)
    assert (again.status, again.created, Article.objects.count()) == ("done", 0, 3)
