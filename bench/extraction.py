"""Benchmark of claims.extraction: quality on the gold, throughput beside two libraries, pathological input.

Run from the repository root:  python bench/extraction.py  [--repeat N] [--quick]

``--quick`` prints only the two throughput sections (gold texts and dense paragraphs).
``--identity dump FILE`` (on the old code) then ``--identity compare FILE`` (on the new) checks that a speed
change leaves every field of every mention of about 5,000 texts unchanged (see ``identity_corpus``).

1. Precision and recall per kind on the gold: the five seed articles (read from ../shared/seeds, never
   copied), the project's own sentences (tests/data/extraction/sentences.jsonl, asserted by the tests)
   and a held-out set (tests/data/extraction/heldout.jsonl) written with its expectations before the
   extractor ever ran on it and never tuned against, and a second "blind" set
   (tests/data/extraction/blind.jsonl) written the same way later; its first run scored P 0.980,
   R 0.962, fields 0.940 (extractor 1.3.0) before two general fixes it showed (qualifiers on "9 in
   10", fractions such as "by a third") were made. A found mention is a true positive when a gold
   mention of the same kind overlaps it; "fields" is the share of matched mentions whose every gold
   field is equal too.
2. Throughput in characters per second, median (and best) of repeated runs over the same texts, of our
   whole pipeline beside quantulum3's ``parser.parse`` and dateparser's ``search_dates``, with the ratios
   and the machine's load average (the machine may be shared: compare ratios from the same run). Our
   pipeline is also timed in CPU time (``time.process_time``), which other work on the machine sways less.
   Both libraries are optional (bench/requirements.txt); a missing one is skipped with a message.
3. Pathological input: a 1 MB line of digits and commas, and other adversarial megabytes, against
   1 MB of prose; the time ratio must stay near 1 (linear time, no catastrophic backtracking).
"""

import argparse
import dataclasses
import datetime
import json
import os
import random
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from claims.extraction import boilerplate_spans, extract  # noqa: E402
from claims.extraction.periods import _parser, parse_core, resolve  # noqa: E402
from claims.extraction.kinds import KINDS  # noqa: E402

SEEDS_DIR = Path(os.environ.get("FACTCHECK_SEEDS_DIR") or REPO_ROOT.parent / "shared" / "seeds")  # as tests/seeds.py
SEED_GOLD = REPO_ROOT / "tests" / "data" / "extraction" / "seeds_gold.json"
SENTENCE_GOLD = REPO_ROOT / "tests" / "data" / "extraction" / "sentences.jsonl"
HELDOUT_GOLD = REPO_ROOT / "tests" / "data" / "extraction" / "heldout.jsonl"
BLIND_GOLD = REPO_ROOT / "tests" / "data" / "extraction" / "blind.jsonl"
BLIND2_GOLD = REPO_ROOT / "tests" / "data" / "extraction" / "blind2.jsonl"
CONTAINS = "_contains"
MEGABYTE = 1_000_000


def load_cases() -> list[tuple[str, str, datetime.date, list[dict]]]:
    """(label, text, published_on, gold mentions with start/end) for every gold text."""
    cases = []
    if SEEDS_DIR.is_dir():
        for name, entry in json.loads(SEED_GOLD.read_text(encoding="utf-8")).items():
            text = (SEEDS_DIR / name).read_text(encoding="utf-8")
            cases.append((f"seed:{name}", text, datetime.date.fromisoformat(entry["published_on"]), entry["mentions"]))
    else:
        print(f"(seeds not found in {SEEDS_DIR}: seed gold skipped)")
    for label, path in (("sentence", SENTENCE_GOLD), ("heldout", HELDOUT_GOLD), ("blind", BLIND_GOLD), ("blind2", BLIND2_GOLD)):
        cases.extend(_sentence_cases(label, path))
    return cases


def _sentence_cases(label: str, path: Path) -> list[tuple[str, str, datetime.date, list[dict]]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        mentions, cursor = [], 0
        for mention in case["mentions"]:
            start = case["text"].index(mention["text"], cursor)
            cursor = start + len(mention["text"])
            mentions.append({**mention, "start": start, "end": cursor})
        cases.append((label, case["text"], datetime.date.fromisoformat(case["published_on"]), mentions))
    return cases


def fields_equal(found: dict, gold: dict) -> bool:
    for key, value in gold.items():
        if key.endswith(CONTAINS):
            if value not in (found[key[: -len(CONTAINS)]] or ""):
                return False
        elif found[key] != value:
            return False
    return True


def quality(cases: list[tuple[str, str, datetime.date, list[dict]]], group: str) -> None:
    true_pos, false_pos, false_neg, exact = Counter(), Counter(), Counter(), Counter()
    for label, text, published_on, gold in cases:
        if not _in_group(label, group):
            continue
        found = [m.as_dict() for m in extract(text, published_on)]
        used: set[int] = set()
        for record in found:
            match = next(
                (i for i, g in enumerate(gold) if i not in used and g["kind"] == record["kind"]
                 and g["start"] < record["end"] and record["start"] < g["end"]),
                None,
            )
            if match is None:
                false_pos[record["kind"]] += 1
                continue
            used.add(match)
            true_pos[record["kind"]] += 1
            exact[record["kind"]] += fields_equal(record, gold[match])
        for index, g in enumerate(gold):
            if index not in used:
                false_neg[g["kind"]] += 1
    print(f"\n{group} gold: {sum(1 for c in cases if _in_group(c[0], group))} texts")
    print(f"  {'kind':12} {'gold':>5} {'found':>6} {'prec':>6} {'recall':>7} {'fields':>7}")
    extra = sorted((set(true_pos) | set(false_pos) | set(false_neg)) - set(KINDS))
    for kind in [*KINDS, *extra, "ALL"]:
        tp = sum(true_pos.values()) if kind == "ALL" else true_pos[kind]
        fp = sum(false_pos.values()) if kind == "ALL" else false_pos[kind]
        fn = sum(false_neg.values()) if kind == "ALL" else false_neg[kind]
        ex = sum(exact.values()) if kind == "ALL" else exact[kind]
        if tp + fp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"  {kind:12} {tp + fn:5} {tp + fp:6} {precision:6.3f} {recall:7.3f} {ex / tp if tp else 1:7.3f}")


def _in_group(label: str, group: str) -> bool:
    """"seed:a.txt" is in "seed"; "blind2" is not in "blind"."""
    return label == group or label.startswith(group + ":")


def boilerplate_report(cases: list[tuple[str, str, datetime.date, list[dict]]]) -> None:
    seeds = [c for c in cases if c[0].startswith("seed")]
    inside = 0
    for _, text, published_on, _ in seeds:
        spans = boilerplate_spans(text)
        for m in extract(text, published_on):
            inside += any(s < m.end and m.start < e for s, e in spans)
    cut = sum(e - s for _, text, _, _ in seeds for s, e in boilerplate_spans(text))
    total = sum(len(c[1]) for c in seeds)
    if seeds:
        print(f"\nboilerplate on seeds: {cut} of {total} characters cut, mentions inside boilerplate: {inside}")


Runner = Callable[[str, datetime.date], object]


def _one_run(function: Runner, texts: list[tuple[str, datetime.date]]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one run over ``texts``."""
    began, began_cpu = time.perf_counter(), time.process_time()
    for text, published_on in texts:
        function(text, published_on)
    return time.perf_counter() - began, time.process_time() - began_cpu


def timed(
    runners: dict[str, Runner], texts: list[tuple[str, datetime.date]], repeat: int
) -> dict[str, tuple[float, float, float, float, float]]:
    """{name: (first run seconds, median seconds of the following runs, best of them, and the median and
    best CPU seconds of those runs)}.

    The runners take turns within each repetition, so a busy machine slows them alike and the ratios
    stay fair even when the absolute figures move.
    """
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in runners}
    for _ in range(repeat + 1):
        for name, function in runners.items():
            runs[name].append(_one_run(function, texts))
    results = {}
    for name, values in runs.items():
        wall, cpu = [v[0] for v in values[1:]], [v[1] for v in values[1:]]
        results[name] = (values[0][0], statistics.median(wall), min(wall), statistics.median(cpu), min(cpu))
    return results


def _runners() -> dict[str, Runner]:
    runners: dict[str, Runner] = {"ours": lambda t, d: extract(t, d)}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is absent
            from quantulum3 import parser as quantulum_parser
        runners["quantulum3"] = lambda t, d: quantulum_parser.parse(t)
    except ImportError:
        print("  quantulum3 not installed: skipped (pip install -r bench/requirements.txt)")
    try:
        from dateparser.search import search_dates

        def run(text: str, published_on: datetime.date) -> None:
            base = datetime.datetime(published_on.year, published_on.month, published_on.day)
            search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})

        runners["search_dates"] = run
    except ImportError:
        print("  dateparser.search not available: skipped")
    return runners


WARM_UP_TEXT = "A warm-up line: 3 boats sailed on 4 May 1999 and again on Tuesday."
LABELS = {
    "ours": "ours (extract, whole pipeline)",
    "quantulum3": "quantulum3 parser.parse",
    "search_dates": "dateparser search_dates",
}


def compare(texts: list[tuple[str, datetime.date]], chars: int, repeat: int) -> None:
    """Time our pipeline, quantulum3 and search_dates on ``texts`` in turns and print chars/s and ratios."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runners = _runners()
        for function in runners.values():  # load each library's data once, outside the timings
            function(WARM_UP_TEXT, datetime.date(2000, 1, 1))
        parse_core.cache_clear()  # ours then starts with empty caches: the first run is a cold one
        _parser.cache_clear()
        resolve.cache_clear()
        results = timed(runners, texts, repeat)
    cold, ours = results["ours"][:2]
    for name, (first, median, best, _, _) in results.items():
        ratio = "" if name == "ours" else f"   ours/{name} = {median / ours:.1f}x (first runs: {first / cold:.1f}x)"
        print(f"  {LABELS[name]:33} {chars / median:12,.0f} chars/s   (best {chars / best:,.0f}, first run "
              f"{chars / first:,.0f}){ratio}")
    cpu_median, cpu_best = results["ours"][3:]
    print(f"  {LABELS['ours']:33} {chars / cpu_median:12,.0f} chars/s of CPU time   (best {chars / cpu_best:,.0f})")
    print(f"  load average (1, 5, 15 min) after the runs: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


def throughput(cases: list[tuple[str, str, datetime.date, list[dict]]], repeat: int) -> None:
    texts = [(text, published_on) for label, text, published_on, _ in cases if label not in ("heldout", "blind2")]
    chars = sum(len(t) for t, _ in texts)
    print(f"\nthroughput on the gold texts ({len(texts)} texts, {chars} characters), median of {repeat} "
          "interleaved runs:")
    compare(texts, chars, repeat)


def dense_paragraphs(count: int) -> list[tuple[str, datetime.date]]:
    """``count`` mention-dense news paragraphs of six of the project's gold sentences each (sentence and
    blind2 sets, our own wording), each with its own publication date, so that date readings cannot be
    served from a cache shared between paragraphs."""
    rng = random.Random(1)
    sources = [
        json.loads(line)["text"] for path in (SENTENCE_GOLD, BLIND2_GOLD)
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    first_day = datetime.date(2015, 1, 1)
    return [
        (" ".join(rng.choice(sources) for _ in range(6)), first_day + datetime.timedelta(days=rng.randrange(4000)))
        for _ in range(count)
    ]


def dense_throughput(count: int, repeat: int) -> None:
    texts = dense_paragraphs(count)
    chars = sum(len(t) for t, _ in texts)
    print(f"\nthroughput on dense news paragraphs ({count} paragraphs, {chars} characters, each its own date), "
          f"median of {repeat} interleaved runs:")
    compare(texts, chars, repeat)
    info = parse_core.cache_info()
    print(f"  dateparser calls left in our pipeline (uncached, all runs): {info.misses} "
          f"(cores read by dateparser, cached or not: {info.misses + info.hits})")


def pathological() -> None:
    rng = random.Random(0)
    prose_source = [json.loads(line)["text"] for line in SENTENCE_GOLD.read_text(encoding="utf-8").splitlines()]
    pieces, size = [], 0
    while size < MEGABYTE:
        paragraph = " ".join(rng.choice(prose_source) for _ in range(6)) + "\n\n"
        pieces.append(paragraph)
        size += len(paragraph)
    prose = "".join(pieces)[:MEGABYTE]
    digits_commas = "".join(rng.choice("0123456789,") for _ in range(MEGABYTE))
    inputs = {
        "1 MB prose": prose,
        "1 MB line of digits and commas": digits_commas,
        "1 MB line of 3-digit groups": ("123," * (MEGABYTE // 4))[:MEGABYTE],
        "1 MB of '5 and 6 ' repeated": ("5 and 6 " * (MEGABYTE // 8))[:MEGABYTE],
        "1 MB of opening quotes and words": ('"more than ' * (MEGABYTE // 11))[:MEGABYTE],
    }
    published_on = datetime.date(2014, 1, 13)
    print("\npathological input (best of two runs): time for 1 MB, its ratio to 1 MB of prose, and the growth")
    print("from 0.5 MB to 1 MB (2.0 = linear; catastrophic backtracking would show 4 or more):")
    base_time = None
    for label, text in inputs.items():
        # best of two runs each: other work on the machine only ever adds time
        half = min(_seconds(text[: MEGABYTE // 2], published_on)[0] for _ in range(2))
        elapsed, count = min(_seconds(text, published_on) for _ in range(2))
        base_time = base_time or elapsed
        print(f"  {label:34} {elapsed:7.2f} s  {count:7} mentions  ratio to prose {elapsed / base_time:5.2f}"
              f"  growth x{elapsed / half:4.2f}")


def _seconds(text: str, published_on: datetime.date) -> tuple[float, int]:
    began = time.perf_counter()
    count = len(extract(text, published_on))
    return time.perf_counter() - began, count


IDENTITY_DATES = (datetime.date(2014, 1, 13), datetime.date(2025, 5, 13), datetime.date(2020, 2, 29))


def identity_corpus(cases: list[tuple[str, str, datetime.date, list[dict]]]) -> list[tuple[str, datetime.date]]:
    """The texts whose output a speed change must leave byte-identical: every gold text, the dense
    paragraphs, each gold sentence under other dates, in upper and lower case and with no-break spaces,
    groups of them joined by blank lines and by single line breaks, 1,500 random splices of all of these,
    and three adversarial runs (5,043 texts with the seeds)."""
    texts = [(text, published_on) for _, text, published_on, _ in cases] + dense_paragraphs(300)
    sentences = [text for label, text, _, _ in cases if not label.startswith("seed")]
    for text in sentences:
        texts.extend((text, day) for day in IDENTITY_DATES)
        texts += [(text.upper(), IDENTITY_DATES[0]), (text.lower(), IDENTITY_DATES[1]),
                  (text.replace(" ", "\u00a0"), IDENTITY_DATES[2])]
    for start in range(0, len(sentences), 5):
        texts += [("\n\n".join(sentences[start : start + 5]), IDENTITY_DATES[1]),
                  ("\n".join(sentences[start : start + 5]), IDENTITY_DATES[0])]
    rng, pieces = random.Random(7), [text for text, _ in texts]
    for _ in range(1500):
        parts = []
        for _ in range(rng.randrange(1, 6)):
            piece = rng.choice(pieces)
            begin = rng.randrange(len(piece))
            parts.append(piece[begin : begin + rng.randrange(1, 400)])
        joined = rng.choice([" ", "\n", "\n\n", ". ", ", "]).join(parts)
        texts.append((joined, datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(10000))))
    return texts + [("123," * 3000, IDENTITY_DATES[0]), ("5 and 6 " * 2000, IDENTITY_DATES[0]),
                    ('"more than ' * 2000, IDENTITY_DATES[0])]


def identity(cases: list[tuple[str, str, datetime.date, list[dict]]], mode: str, path: Path) -> None:
    """``dump``: write every field of every mention of ``identity_corpus`` (as ``repr``, so a Decimal
    written "5E+3" differs from "5000") to ``path``; ``compare``: exit 1 unless the output now is the same."""
    texts = identity_corpus(cases)
    records = [[repr(dataclasses.astuple(m)) for m in extract(text, day)] for text, day in texts]
    count = sum(map(len, records))
    if mode == "dump":
        path.write_text(json.dumps(records), encoding="utf-8")
        print(f"dumped {len(texts)} texts, {count} mentions to {path}")
        return
    before = json.loads(path.read_text(encoding="utf-8"))
    differ = [index for index, (old, new) in enumerate(zip(before, records)) if old != new]
    print(f"compared {len(texts)} texts, {count} mentions ({sum(map(len, before))} before): {len(differ)} differ")
    for index in differ[:3]:
        print(f"  {texts[index][0][:200]!r} {texts[index][1]}\n    before {before[index][:2]}\n    now    {records[index][:2]}")
    if differ or len(before) != len(records):
        sys.exit(1)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--repeat", type=int, default=7, help="timed runs per library (default 7)")
    arguments.add_argument("--skip-pathological", action="store_true")
    arguments.add_argument("--dense", type=int, default=300, help="dense paragraphs timed (default 300)")
    arguments.add_argument("--quick", action="store_true", help="only the throughput on gold texts and dense paragraphs")
    arguments.add_argument("--identity", nargs=2, metavar=("dump|compare", "FILE"),
                           help="dump or compare every field of every mention of the identity corpus, then stop")
    options = arguments.parse_args()
    cases = load_cases()
    if options.identity:
        identity(cases, options.identity[0], Path(options.identity[1]))
        return
    if options.quick:
        throughput(cases, options.repeat)
        dense_throughput(options.dense, max(1, options.repeat // 2))
        return
    quality(cases, "seed")
    quality(cases, "sentence")
    quality(cases, "heldout")
    quality(cases, "blind")
    quality(cases, "blind2")
    boilerplate_report(cases)
    throughput(cases, options.repeat)
    dense_throughput(options.dense, max(1, options.repeat // 2))
    if not options.skip_pathological:
        pathological()


if __name__ == "__main__":
    main()
