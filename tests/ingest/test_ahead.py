"""import_records extracts the next group in a worker (a forked process, or a thread where the process runs
other threads) while the current one is written: the outcomes, claims and failures are those of the import
without it, and texts that will not be new are not extracted. Most tests pin the worker to a thread, whose
calls they can watch; the last ones run the process."""

import contextlib
import threading
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

import pytest
from django.db import DatabaseError

from claims.ingest import ahead, importer, storing
from claims.ingest.importer import import_article, import_records
from claims.models import Article, Claim
from tests.ingest.test_group_import import TOWNS, report, results, row

pytestmark = pytest.mark.django_db

WORKER = "import-ahead"


@pytest.fixture
def extracted(monkeypatch):
    """(thread name, first words of the text) of every extraction the import runs."""
    calls = []
    real = storing.extract

    def recorded(body, published_on):
        calls.append((threading.current_thread().name.split("_")[0], body.split("\n")[0]))
        return real(body, published_on)

    monkeypatch.setattr(storing, "extract", recorded)
    monkeypatch.setattr(importer, "GROUP_SIZE", 2)
    monkeypatch.setattr(importer, "ahead_worker", ahead.thread_worker)
    return calls


def test_every_text_is_extracted_once_by_the_worker_or_the_main_thread(extracted):
    summary = import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[:6])))).summary()
    assert summary == "created 6, updated 0, skipped 0, failed 0"
    # Which of the two extracts a text depends on their pace (take_back): each text once, by one of them.
    assert sorted(town for _, town in extracted) == [f"Storm in {town}" for town in sorted(TOWNS[:6])]
    assert {name for name, _ in extracted} <= {"MainThread", WORKER}


class Chunks:
    """An executor whose futures the test settles: ``started`` chunks are the worker's (running, then
    done with the worker's own results), the others wait untouched, as chunks not yet started do."""

    def __init__(self, started: int, *, failing: bool = False):
        self.started, self.failing, self.futures = started, failing, []

    def submit(self, function, *arguments):
        future = Future()
        if len(self.futures) < self.started:
            future.set_running_or_notify_cancel()
            if self.failing:
                future.set_exception(RuntimeError("worker lost"))
            else:
                future.set_result([ahead.Ahead(digest, None, ["by the worker"]) for digest in arguments[1]])
        self.futures.append(future)
        return future


def records_of(count: int):
    records = [report(n, town) for n, town in enumerate(TOWNS[:count])]
    return records, [importer.content_hash(record.body) for record in records]


@pytest.mark.parametrize("started", [0, 1, 2, 3])
def test_the_main_thread_takes_back_the_chunks_the_worker_has_not_started(monkeypatch, started):
    monkeypatch.setattr(ahead, "CHUNK", 2)
    records, digests = records_of(6)
    executor = Chunks(started)
    aheads = ahead.take_back(ahead.hand_over(executor, records, digests))
    assert [item.digest for item in aheads] == digests
    # The worker's chunks come back as it made them; the others were cancelled and extracted here.
    assert [item.mentions == ["by the worker"] for item in aheads] == [n // 2 < started for n in range(6)]
    assert all(item.mentions for item in aheads)
    assert [future.cancelled() for future in executor.futures] == [n >= started for n in range(3)]


def test_a_chunk_whose_task_failed_comes_back_with_nothing_computed(monkeypatch):
    monkeypatch.setattr(ahead, "CHUNK", 2)
    records, digests = records_of(4)
    aheads = ahead.take_back(ahead.hand_over(Chunks(1, failing=True), records, digests))
    assert [(item.digest, item.printed, item.mentions) for item in aheads[:2]] == [(digest, None, None)
                                                                                  for digest in digests[:2]]
    assert all(item.mentions for item in aheads[2:])


def test_an_import_of_one_group_extracts_it_on_the_main_thread_alone(extracted):
    assert import_records(results(report(0, TOWNS[0]), report(1, TOWNS[1]))).summary() == (
        "created 2, updated 0, skipped 0, failed 0")
    assert sorted(extracted) == [("MainThread", f"Storm in {TOWNS[0]}"), ("MainThread", f"Storm in {TOWNS[1]}")]


def test_claims_extracted_ahead_are_stored_as_one_by_one(extracted):
    import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[:4]))))
    grouped = {claim.text: row(claim) for claim in Claim.objects.filter(article__title=f"Storm in {TOWNS[3]}")}
    Article.objects.all().delete()
    import_article(report(3, TOWNS[3]))
    alone = {claim.text: row(claim) for claim in Claim.objects.all()}
    assert grouped == alone and len(alone) >= 2


def test_texts_stored_or_in_the_group_being_written_are_not_extracted_ahead(extracted):
    import_article(report(2, TOWNS[2]))
    extracted.clear()
    # Group 1: two new texts. Group 2: the stored text and a repeat of group 1's first. Group 3: new.
    records = [report(0, TOWNS[0]), report(1, TOWNS[1]), report(2, TOWNS[2]), report(0, TOWNS[0]),
               report(4, TOWNS[4]), report(5, TOWNS[5])]
    summary = import_records(results(*records)).summary()
    assert summary == "created 4, updated 0, skipped 2, failed 0"
    assert sorted(town for _, town in extracted) == [f"Storm in {TOWNS[n]}" for n in (0, 1, 4, 5)]


def test_a_rerun_extracts_nothing(extracted):
    records = [report(n, town) for n, town in enumerate(TOWNS[:6])]
    import_records(results(*records))
    extracted.clear()
    assert import_records(results(*records)).summary() == "created 0, updated 0, skipped 6, failed 0"
    assert extracted == []


def test_a_text_whose_extraction_fails_in_the_worker_fails_alone_with_the_extractors_error(monkeypatch, extracted):
    real = storing.extract

    def broken_for_bine(body, published_on):
        if "Bine" in body:
            raise ValueError("extractor broke")
        return real(body, published_on)

    monkeypatch.setattr(storing, "extract", broken_for_bine)
    towns = ["Bale", "Bore", "Bine", "Burn"]
    report_ = import_records(results(*(report(n, town) for n, town in enumerate(towns))))
    assert report_.failures == [("Bine.txt", "extractor broke")]
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Storm in Bale", "Storm in Bore",
                                                                        "Storm in Burn"]


class Killed(BaseException):
    """A worker process killed: nothing after it runs."""


def test_an_import_killed_while_the_worker_extracts_leaves_no_thread_behind(extracted):
    def progress(source, outcome, detail):
        raise Killed

    with pytest.raises(Killed):
        import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[:6]))), on_progress=progress)
    assert [thread.name for thread in threading.enumerate() if thread.name.startswith(WORKER)] == []
    assert Article.objects.count() == 2  # the first group, committed before its progress was reported


def test_an_import_of_one_group_starts_no_thread(monkeypatch, extracted):
    monkeypatch.setattr(ahead, "prepare", lambda *args: pytest.fail("no worker for one group"))
    monkeypatch.setattr(importer, "hand_over", lambda *args: pytest.fail("no worker for one group"))
    assert import_records(results(report(1, "Bale"), report(2, "Bore"))).summary() == (
        "created 2, updated 0, skipped 0, failed 0")


def test_new_text_at_a_stored_address_is_extracted_once_by_the_update_not_ahead(extracted):
    url = "https://example.test/storm"
    import_article(report(9, TOWNS[9], url=url))
    extracted.clear()
    records = [report(0, TOWNS[0]), report(1, TOWNS[1]), report(2, TOWNS[2], url=url), report(3, TOWNS[3])]
    assert import_records(results(*records)).summary() == "created 3, updated 1, skipped 0, failed 0"
    assert [name for name, town in extracted if town == f"Storm in {TOWNS[2]}"] == ["MainThread"]


@pytest.fixture
def alone(monkeypatch):
    """This process seen as running one thread, as the import command's does (the test run may have others:
    a live server's)."""
    monkeypatch.setattr(ahead.threading, "active_count", lambda: 1)


def test_the_worker_is_a_process_unless_other_threads_run(alone, monkeypatch):
    with ahead.worker() as executor:
        assert isinstance(executor, ProcessPoolExecutor)
    monkeypatch.undo()
    started, stop = threading.Event(), threading.Event()
    other = threading.Thread(target=lambda: (started.set(), stop.wait()))
    other.start()
    try:
        started.wait()
        with ahead.worker() as beside:
            assert isinstance(beside, ThreadPoolExecutor)
    finally:
        stop.set()
        other.join()


def test_a_worker_process_extracts_the_groups_ahead_and_they_are_stored_as_one_by_one(alone, monkeypatch):
    monkeypatch.setattr(importer, "GROUP_SIZE", 2)
    executors, prepared = [], []

    def recorded_worker():
        executors.append(ahead.worker())
        return executors[-1]

    def when_done(handed):
        # Wait for the process to finish every chunk before taking back: then it has prepared them all.
        if handed is not None:
            wait([future for future, _ in handed.chunks])
        return real_take_back(handed)

    def recorded_result(future):
        prepared.append(real_result(future))
        return prepared[-1]

    real_take_back, real_result = ahead.take_back, ahead.result
    monkeypatch.setattr(importer, "ahead_worker", recorded_worker)
    monkeypatch.setattr(importer, "take_back", when_done)
    monkeypatch.setattr(ahead, "result", recorded_result)
    assert import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[:6])))).summary() == (
        "created 6, updated 0, skipped 0, failed 0")
    assert [type(executor) for executor in executors] == [ProcessPoolExecutor]
    # The three groups came back from the process extracted (one chunk each).
    assert [len(group) for group in prepared] == [2, 2, 2]
    assert all(item.mentions for group in prepared for item in group)
    grouped = {claim.text: row(claim) for claim in Claim.objects.filter(article__title=f"Storm in {TOWNS[5]}")}
    Article.objects.all().delete()
    import_article(report(5, TOWNS[5]))
    assert grouped == {claim.text: row(claim) for claim in Claim.objects.all()} and len(grouped) >= 2


class Broken(Chunks):
    """A worker whose process died after taking its first chunk: it takes no more."""

    def submit(self, function, *arguments):
        if self.futures:
            raise BrokenProcessPool("the worker process died")
        return super().submit(function, *arguments)


def test_chunks_a_dead_worker_refuses_are_prepared_by_the_main_thread(monkeypatch):
    monkeypatch.setattr(ahead, "CHUNK", 2)
    records, digests = records_of(6)
    aheads = ahead.take_back(ahead.hand_over(Broken(1), records, digests))
    assert [item.digest for item in aheads] == digests
    assert [item.mentions == ["by the worker"] for item in aheads] == [True, True, False, False, False, False]
    assert all(item.mentions for item in aheads)


def test_an_import_goes_on_when_the_worker_dies(monkeypatch, extracted):
    monkeypatch.setattr(importer, "ahead_worker", lambda: contextlib.nullcontext(Broken(0)))
    assert import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[:6])))).summary() == (
        "created 6, updated 0, skipped 0, failed 0")
    assert sorted(town for _, town in extracted) == [f"Storm in {town}" for town in sorted(TOWNS[:6])]


def test_a_failed_lookup_of_stored_texts_leaves_the_group_to_the_main_thread(monkeypatch, extracted):
    def unreachable(*args, **kwargs):
        raise DatabaseError("the server went away")

    monkeypatch.setattr(ahead, "worth_extracting", unreachable)
    records, digests = records_of(4)
    assert ahead.hand_over(ahead.thread_worker(), records, digests) is None
    assert import_records(results(*(report(n, town) for n, town in enumerate(TOWNS[:6])))).summary() == (
        "created 6, updated 0, skipped 0, failed 0")
    assert sorted(extracted) == [("MainThread", f"Storm in {town}") for town in sorted(TOWNS[:6])]
