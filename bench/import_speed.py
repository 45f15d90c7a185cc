"""Import speed of realistic news into a database that already holds articles (bench/generate.py).

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 python bench/generate.py --claims 10000   # 1k articles
    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 python bench/import_speed.py --prepare-only  # once
    cp /tmp/bench-10k.sqlite3 /tmp/bench-import.sqlite3      # the run adds articles: work on a copy
    DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 python bench/import_speed.py [--articles 200] [--runs 3]
    scripts/with-postgres bash -c 'python bench/generate.py --claims 10000 && python bench/import_speed.py'

The texts are the bench's own wording, sized like the seed articles: when ../shared/seeds is present, their
average length and number of mentions per character are measured at run time (the seeds are never copied),
else 2,950 characters and one mention per 260 characters. Each text has its own town and mix of sentences,
so unrelated texts share few five-word runs, as unrelated news does; ``--generator-texts`` imports
bench/generate.py's texts instead (shorter, and six filler sentences shared by every article, which makes
each stored article a syndication candidate of many others: their count then grows with the table). The texts are
imported with claims.ingest.importer.import_records, as the import command and the background batches do (groups
of GROUP_SIZE articles, each group in one transaction; before the group import, one transaction per article);
``--one-by-one`` calls import_article per article instead (one transaction each, as a single web import).

Stored articles the generator left without a fingerprint are fingerprinted first (their LSH buckets and
sketch, as an import would have stored them), so syndication candidates are looked for among all of them.

Each run prints the baseline from the same run, extraction alone over the same texts (the extraction
caches emptied before it and before the import, after a warm-up on other texts), the import's articles/s
and its ratio to the baseline's time, in wall time and in the process's CPU time (all its threads), which a
machine shared with other jobs disturbs less (SQLite runs inside the process; the disk's waits and
PostgreSQL's own work are in the wall time only). The import extracts the next group in a worker (a forked
process, claims.ingest.ahead.worker; its CPU time is counted once it has ended, with this process's) while the
main thread writes the current one, so "outside extraction" is defined as:

- CPU: the process's CPU time minus the CPU time spent inside ``extract`` (each call timed with its own
  thread's CPU clock, time.thread_time, in whichever thread or process it runs: the worker reports its own
  with each group's results);
- wall ("time outside extraction"): the import's wall time minus the time extraction held the main thread,
  its critical path: the main thread's own calls of ``extract`` (its share of the first group, the chunks
  it took back from the worker, records the worker left),
  plus its waits for the worker's results counted in the share of the worker's CPU time that went to
  ``extract`` (the rest of the worker's time is fingerprinting, outside extraction). With the worker ahead
  of the writes this is nearly all of the wall time: the main thread then only writes;
- "time beyond extraction alone": 1 - baseline time / import time, the import's cost over extraction alone
  whatever thread runs it (the same as the share outside extraction when nothing overlaps).

Also printed: the main thread's waits for the worker and the worker's CPU time, the wall time inside the
statements (Django's execute wrappers, which see the COPYs too) in all and by the table each statement names
first (``by table``: where the writes' waits go), the CPU time of the PostgreSQL backend serving the import
(from /proc; the server's other processes not counted) and the statements per article.
``--serial`` runs the new code without the worker, ``--switch-interval`` sets sys.setswitchinterval.
``--extracted-before`` fingerprints and extracts the texts before the import's clock starts, as the worker
would: the import then does only its own work (the writes, the syndication check), which tells what the
import costs where extraction does not share the cores with it; "time beyond extraction alone" then compares
that work with extraction alone.
``--profile FILE`` writes a cProfile of the last run's import.
"""

import argparse
import cProfile
import datetime
import functools
import os
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from generate import article_text  # noqa: E402

from claims.extraction import extract  # noqa: E402
from claims.ingest import ahead, importer  # noqa: E402
from claims.ingest.readers import ArticleRecord, ReadResult  # noqa: E402
from claims.ingest.similarity import band_keys, shingle_hashes, signature, sketch  # noqa: E402
from claims.models import Article, ArticleBucket  # noqa: E402

try:
    from claims.ingest import storing  # noqa: E402
except ImportError:  # an importer from before the group import (a baseline run of older code)
    storing = None

SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DEFAULT_LENGTH, DEFAULT_CHARS_PER_MENTION = 2950, 260
WARM_UP = 20
FINGERPRINT_CHUNK = 2000


def seed_shape() -> tuple[int, int, str]:
    texts = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    if not texts:
        return DEFAULT_LENGTH, DEFAULT_CHARS_PER_MENTION, "defaults (no seeds found)"
    day = datetime.date(2014, 1, 13)
    mentions = sum(len(extract(text, day)) for text in texts)
    length = round(statistics.mean(len(text) for text in texts))
    return length, max(1, sum(map(len, texts)) // max(1, mentions)), f"{len(texts)} seed articles"


SYLLABLES = ["ba", "del", "cor", "fen", "gal", "hor", "ist", "ka", "lun", "mar", "nor", "os", "pel", "quin", "ros",
             "sal", "tev", "ur", "val", "wen", "yor", "zan"]
PEOPLE = ["residents", "farmers", "teachers", "nurses", "shop owners", "volunteers", "engineers", "bus drivers",
          "fishermen", "students", "pensioners", "traders", "midwives", "dock workers", "local reporters"]
ACTIONS = ["described", "questioned", "welcomed", "criticised", "recalled", "disputed", "documented", "mapped",
           "photographed", "complained about", "walked us through", "argued over"]
THINGS = ["the flooded market", "a damaged bridge", "the new shelters", "the water supply", "a closed school",
          "the field hospital", "the ration queues", "the night curfew", "the broken roads", "the power cuts",
          "the relief flights", "a burned warehouse", "the emergency kitchens", "the missing ferry"]
MANNERS = ["at length", "with visible anger", "in careful detail", "for the first time", "without naming anyone",
           "in a brief interview", "on a crackling phone line", "through an interpreter", "in hushed voices"]
SETTINGS = ["while aid trucks queued nearby", "as rain returned to the valley", "before the evening curfew",
            "after weeks of silence", "as food prices kept climbing", "while generators hummed outside",
            "as engineers inspected the dam", "while the radio repeated warnings", "as schools stayed shut"]
COUNTED = [("people were killed", 1), ("people were injured", 1), ("families lost their homes", 1),
           ("homes were destroyed", 1), ("tonnes of food were handed out", 1), ("dollars of damage was reported", 1000),
           ("patients were treated", 1), ("schools were closed", 0)]
SAYERS = ["the health ministry", "the United Nations", "local officials", "the Red Crescent", "a monitoring group",
          "the provincial governor", "aid workers", "the civil defence", "police", "the World Health Organization",
          "a hospital director", "the mayor's office"]
WORDINGS = ["", "more than ", "at least ", "about ", "nearly ", "up to "]


def news_text(rng: random.Random, length: int, per_mention: int, publisher: str) -> str:
    """A news text of about ``length`` characters, a figure sentence every ``per_mention`` characters or so,
    in the bench's own words. Each article gets its own town and its own mix of sentences, so two unrelated
    articles share few five-word runs, as two unrelated news stories do (the generator's texts repeat six
    filler sentences, which makes every stored article a syndication candidate of every other)."""
    town = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    parts = [f"{town}: {rng.choice(THINGS)[4:] if rng.random() < 0.5 else rng.choice(PEOPLE)} count the cost "
             f"({publisher})."]
    size, next_figure = len(parts[0]), per_mention // 2
    while size < length:
        if size >= next_figure:
            phrase, scale = rng.choice(COUNTED)
            value = rng.choice([3, 12, 40, 85, 130, 400, 1200, 5000, 14000]) * rng.randint(1, 9) * max(scale, 1)
            sentence = (f"{_capital(rng.choice(SAYERS))} said {rng.choice(WORDINGS)}{value:,} {phrase} "
                        f"in {town} and the villages around it.")
            next_figure += per_mention
        else:
            sentence = (f"{_capital(rng.choice(PEOPLE))} in {town} {rng.choice(ACTIONS)} {rng.choice(THINGS)} "
                        f"{rng.choice(MANNERS)}, {rng.choice(SETTINGS)}.")
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def _capital(words: str) -> str:
    return words[0].upper() + words[1:]


def texts(count: int, length: int, per_mention: int, seed: int, *, generator: bool = False
          ) -> list[tuple[str, datetime.date, str]]:
    """``count`` (body, publication date, publisher) triples; with ``generator``, bench/generate.py's texts."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        day = datetime.date(2013, 1, 1) + datetime.timedelta(days=rng.randrange(700))
        publisher = f"Import bench outlet {rng.randrange(20)}"
        if generator:
            body, _ = article_text(rng, 10_000_000 + seed * 100_000 + n, publisher, day,
                                   max(1, length // per_mention))
        else:
            body = news_text(rng, length, per_mention, publisher)
        out.append((body, day, publisher))
    return out


def fingerprint_stored() -> None:
    """Give stored articles without buckets their sketch and buckets, as their import would have.
    Chunk by chunk in id order, each committed, so an interrupted run resumes where it stopped."""
    started, last, done = time.perf_counter(), 0, 0
    # The buckets carry their article's date since migration 0022 (an older importer's have none).
    dated = any(field.name == "published_on" for field in ArticleBucket._meta.concrete_fields)
    while True:
        chunk = list(Article.objects.filter(pk__gt=last).order_by("pk")
                     .only("pk", "body", "published_on")[:FINGERPRINT_CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        have = set(ArticleBucket.objects.filter(article_id__in=[article.pk for article in chunk])
                   .values_list("article_id", flat=True))
        todo = [article for article in chunk if article.pk not in have]
        with transaction.atomic():
            buckets = []
            for article in todo:
                hashes = shingle_hashes(article.body)
                article.fingerprint = sketch(article.body, hashes=hashes)
                day = {"published_on": article.published_on} if dated else {}
                buckets += [ArticleBucket(article_id=article.pk, key=key, **day)
                            for key in sorted(set(band_keys(signature(article.body, hashes=hashes))))]
            Article.objects.bulk_update(todo, ["fingerprint"], batch_size=500)
            # Plain bulk_create (not claims.ingest.bulk) so the bench also runs against older importers.
            ArticleBucket.objects.bulk_create(buckets, batch_size=5000)
        done += len(todo)
        if todo:
            print(f"\r  fingerprinted {done:,} stored articles (up to id {last:,})", end="", flush=True)
    if done:
        print(f" in {time.perf_counter() - started:.0f} s")


def clear_extraction_caches() -> None:
    """Empty the extractor's memo caches, so no run reads what an earlier one left for the same texts."""
    for name, module in list(sys.modules.items()):
        if name.startswith("claims.extraction"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def clocks() -> tuple[float, float]:
    """Wall time and this process's CPU time (SQLite works inside the process, so its work counts), its
    ended child processes' included (the import's worker process, once the import has ended it)."""
    times = os.times()
    return time.perf_counter(), time.process_time() + times.children_user + times.children_system


# The CPU seconds that extraction took in the calling thread, for the worker's own account (it runs in a
# thread or in a forked process, whose counts the main process does not see: timed_prepare returns them).
WORKER = threading.local()


def timed_prepare(*args, **kwargs):
    """claims.ingest.ahead.prepare with the worker's CPU time and its extraction's, as (aheads, worker CPU,
    extraction CPU): module-level, so that a worker process can be handed it. Called on the main thread
    (for the chunks it takes back from the worker), it is prepare itself: that thread's extraction and CPU
    are counted as the main thread's."""
    if os.getpid() == MAIN_PID and threading.current_thread() is threading.main_thread():
        return REAL_PREPARE[0](*args, **kwargs)
    cpu, extracting_before = time.thread_time(), getattr(WORKER, "extract_cpu", 0.0)
    aheads = REAL_PREPARE[0](*args, **kwargs)
    return aheads, time.thread_time() - cpu, getattr(WORKER, "extract_cpu", 0.0) - extracting_before


REAL_PREPARE = [None]
MAIN_PID = os.getpid()


def since(start: tuple[float, float]) -> tuple[float, float]:
    now = clocks()
    return now[0] - start[0], now[1] - start[1]


def server_cpu() -> float | None:
    """CPU seconds so far of this connection's PostgreSQL backend, read from /proc (the bench's server runs on
    the same machine); None on SQLite or when /proc does not show it. The server's other processes (WAL
    writer, checkpointer, autovacuum) are not counted."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


TABLE = re.compile(r'(?:COPY|INSERT INTO|UPDATE|FROM)\s+"?(\w+)')


def statement_table(sql: str) -> str:
    """The statement's first word and the first table it names, without the app's prefix ("COPY claim",
    "SELECT articlebucket"), or its first word alone (SAVEPOINT, RELEASE...)."""
    verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
    found = TABLE.search(sql)
    return f"{verb} {found.group(1).removeprefix('claims_')}" if found else verb


def run(batch, *, profile: str | None, one_by_one: bool = False,
        extracted_before: bool = False) -> dict[str, tuple[float, float]]:
    """Times of one run as (wall, CPU) pairs: the baseline, the import, extraction on the import's critical
    path (wall) and in all (CPU); and the main thread's waits for the worker and the worker's CPU time.
    ``extracted_before``: every text fingerprinted and extracted before the import's clock starts."""
    clear_extraction_caches()
    started = clocks()
    for body, day, _ in batch:
        extract(body, day)
    baseline = since(started)
    clear_extraction_caches()

    stats = dict.fromkeys(("main_extract_wall", "extract_cpu", "worker_extract_cpu", "worker_cpu", "wait",
                           "statements"), 0.0)
    lock = threading.Lock()
    main_thread, main_pid = threading.current_thread(), os.getpid()
    queries = [0]
    by_table: dict[str, float] = {}

    def add(**amounts):
        with lock:
            for name, amount in amounts.items():
                stats[name] += amount

    @functools.wraps(extract)
    def timed_extract(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.thread_time()  # this thread's CPU time: the other keeps running
        try:
            return extract(*args, **kwargs)
        finally:
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            if threading.current_thread() is main_thread and os.getpid() == main_pid:
                add(main_extract_wall=wall, extract_cpu=cpu)
            else:  # the worker's, thread or process: timed_prepare reports it with its result
                WORKER.extract_cpu = getattr(WORKER, "extract_cpu", 0.0) + cpu

    def timed_result(future):
        wall = time.perf_counter()
        try:
            found = real_result(future)
        finally:
            add(wait=time.perf_counter() - wall)
        if found is None:
            return None
        aheads, worker_cpu, worker_extract_cpu = found
        add(worker_cpu=worker_cpu, worker_extract_cpu=worker_extract_cpu, extract_cpu=worker_extract_cpu)
        return aheads

    def count(execute, sql, params, many, context):
        queries[0] += 1
        wall = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            wall = time.perf_counter() - wall
            add(statements=wall)
            name = statement_table(sql)
            with lock:
                by_table[name] = by_table.get(name, 0.0) + wall

    records = [ArticleRecord(source=f"bench-{n}", title=body.split(":")[0], body=body, publisher=publisher,
                             published_on=day, url="", language="en") for n, (body, day, publisher) in enumerate(batch)]
    hooks = {name: getattr(importer, name) for name in ("_prepare_first", "_prepare_ahead", "take_back")}
    if extracted_before:
        # What the worker would compute, computed now, untimed: the import then does its own work alone.
        aheads = {record.source: ahead.prepare([record], [importer.content_hash(record.body)], [True])[0]
                  for record in records}

        def ready(worker, group, **kwargs):
            return [aheads[result.source] for result in group if result.record is not None]

        importer._prepare_first = importer._prepare_ahead = ready
        importer.take_back = lambda handed: handed
    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU time: less disturbed by load
    # Where the importer calls extract (claims.ingest.storing since the group import; importer before).
    extracting = storing if storing is not None else importer
    extracting.extract = timed_extract
    # The worker of the extraction ahead (claims.ingest.ahead), when the importer has one.
    real_prepare, real_result = ahead.prepare, ahead.result
    REAL_PREPARE[0] = real_prepare
    ahead.prepare, ahead.result = timed_prepare, timed_result
    server_before = server_cpu()
    try:
        with connection.execute_wrapper(count):
            started = clocks()
            if profiler:
                profiler.enable()
            if one_by_one:
                for record in records:
                    importer.import_article(record)
            else:
                report = importer.import_records(ReadResult(source=record.source, record=record) for record in records)
                assert report.counts["created"] == len(records), report.summary()
            if profiler:
                profiler.disable()
            total = since(started)
    finally:
        extracting.extract = extract
        ahead.prepare, ahead.result = real_prepare, real_result
        for name, hook in hooks.items():
            setattr(importer, name, hook)
    server = server_cpu() - server_before if server_before is not None else None
    if profiler:
        profiler.dump_stats(profile)
    # Extraction on the critical path, in wall time: what the main thread spent extracting, plus its waits
    # for the worker's results counted in the share of the worker's CPU time that was extraction (the rest
    # of the worker's time is fingerprinting: outside extraction, as before).
    share = stats["worker_extract_cpu"] / stats["worker_cpu"] if stats["worker_cpu"] else 0.0
    critical = stats["main_extract_wall"] + stats["wait"] * share
    return {"baseline": baseline, "total": total, "inside": (critical, stats["extract_cpu"]),
            "queries": queries[0], "wait": stats["wait"], "worker_cpu": stats["worker_cpu"], "server": server,
            "statements": stats["statements"], "by_table": by_table}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles imported per run (default 200)")
    parser.add_argument("--runs", type=int, default=1, help="runs, each with new texts (default 1)")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the last run's import to FILE")
    parser.add_argument("--generator-texts", action="store_true",
                        help="import bench/generate.py's templated texts instead of the bench's own news texts")
    parser.add_argument("--one-by-one", action="store_true",
                        help="call import_article per article (one transaction each) instead of import_records, "
                             "which the import command and the background batches call (groups of articles)")
    parser.add_argument("--serial", action="store_true",
                        help="no worker thread: each group extracted by the main thread (the new code without the "
                             "extraction ahead, to compare the two in the same code)")
    parser.add_argument("--switch-interval", type=float, metavar="SECONDS",
                        help="sys.setswitchinterval for the run (how long a thread may hold the GIL while another "
                             "waits for it; Python's default is 0.005)")
    parser.add_argument("--extracted-before", action="store_true",
                        help="fingerprint and extract every text before the import's clock starts (the worker then "
                             "has nothing to do): the import's own work alone, as where extraction has cores of "
                             "its own; the CPU columns then count that work only")
    parser.add_argument("--prepare-only", action="store_true",
                        help="fingerprint the stored articles and stop (do it once on a database you then copy)")
    args = parser.parse_args()
    if args.serial:
        importer._prepare_first = importer._prepare_ahead = lambda *args, **kwargs: None
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    length, per_mention, basis = seed_shape()
    fingerprint_stored()
    if args.prepare_only:
        return
    stored = Article.objects.count()
    load = os.getloadavg()
    sample = texts(WARM_UP, length, per_mention, args.seed + 1_000, generator=args.generator_texts)
    chars = sum(len(body) for body, _, _ in sample)
    found = sum(len(extract(body, day)) for body, day, _ in sample)  # also loads patterns and dateparser data
    print(f"{args.articles} articles shaped like {basis} (about {length:,} characters, one mention per "
          f"{per_mention}); the texts made: {chars // len(sample):,} characters, one mention per "
          f"{chars // max(1, found)} ({'bench/generate.py' if args.generator_texts else 'own news texts'}); "
          f"into {stored:,} stored articles on {connection.vendor} "
          f"({'import_article per article' if args.one_by_one else 'import_records'}); load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    for number in range(args.runs):
        batch = texts(args.articles, length, per_mention, args.seed + number, generator=args.generator_texts)
        last = number == args.runs - 1
        result = run(batch, profile=args.profile if last else None, one_by_one=args.one_by_one,
                     extracted_before=args.extracted_before)
        n = args.articles
        print(f"run {number + 1}: load {os.getloadavg()[0]:.2f}{'':>12}wall time       CPU time")
        for clock, label in ((0, "wall"), (1, "CPU")):
            total, baseline, inside = (result[key][clock] for key in ("total", "baseline", "inside"))
            if label == "wall":
                rows = [f"{n / baseline:8.1f} articles/s", f"{n / total:8.1f} articles/s",
                        f"{total / baseline:8.2f}x", f"{1 - inside / total:8.0%}",
                        f"{(total - inside) * 1000 / n:8.2f} ms"]
            else:
                rows = [f"{line}   {value}" for line, value in zip(rows, [
                    f"{n / baseline:8.1f} articles/s", f"{n / total:8.1f} articles/s", f"{total / baseline:8.2f}x",
                    f"{1 - inside / total:8.0%}", f"{(total - inside) * 1000 / n:8.2f} ms"], strict=True)]
        labels = ["extraction alone (baseline)", "import", "import / baseline time", "time outside extraction",
                  "outside extraction per article"]
        for label, row in zip(labels, rows, strict=True):
            print(f"  {label:<32} {row}")
        beyond = [1 - result["baseline"][clock] / result["total"][clock] for clock in (0, 1)]
        print(f"  {'time beyond extraction alone':<32} {beyond[0]:8.0%}{'':>14}{beyond[1]:8.0%}")
        print(f"  {'main thread waiting for worker':<32} {result['wait'] * 1000 / n:8.2f} ms per article "
              f"(worker CPU {result['worker_cpu'] * 1000 / n:.2f} ms per article)")
        print(f"  {'in the statements (wall)':<32} {result['statements'] * 1000 / n:8.2f} ms per article")
        ranked = sorted(result["by_table"].items(), key=lambda item: -item[1])
        print(f"  {'  by table (ms per article)':<32} "
              + ", ".join(f"{name} {seconds * 1000 / n:.2f}" for name, seconds in ranked[:6]))
        if result["server"] is not None:
            print(f"  {'server backend CPU per article':<32} {result['server'] * 1000 / n:8.2f} ms")
        print(f"  {'queries per article':<32} {result['queries'] / n:8.1f}", flush=True)


if __name__ == "__main__":
    main()
