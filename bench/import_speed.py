"""Import speed of realistic news into a database that already holds articles (bench/generate.py).

    cp /tmp/bench-10k.sqlite3 /tmp/bench-import.sqlite3      # the run adds articles: work on a copy
    DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 python bench/import_speed.py [--articles 200]

The texts are the generator's own wording (bench/generate.py), sized like the seed articles: when
../shared/seeds is present, their average length and number of mentions per character are measured at run
time (the seeds are never copied), else 2,950 characters and one mention per 260 characters. Each text is
imported with claims.ingest.importer.import_article (one transaction per article, as the command does).
Prints articles per second and, as the baseline from the same run, the extraction alone over the same
texts, with the share of the import's time spent outside extraction (storing, hashing, syndication, history).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
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

from django.db import connection  # noqa: E402

from claims.extraction import extract  # noqa: E402
from claims.ingest.importer import import_article  # noqa: E402
from claims.ingest.readers import ArticleRecord  # noqa: E402
from claims.models import Article  # noqa: E402
from generate import article_text  # noqa: E402

SEEDS = REPO_ROOT.parent / "shared" / "seeds"
DEFAULT_LENGTH, DEFAULT_CHARS_PER_MENTION = 2950, 260


def seed_shape() -> tuple[int, int, str]:
    texts = [path.read_text() for path in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    if not texts:
        return DEFAULT_LENGTH, DEFAULT_CHARS_PER_MENTION, "defaults (no seeds found)"
    day = datetime.date(2014, 1, 13)
    mentions = sum(len(extract(text, day)) for text in texts)
    length = round(statistics.mean(len(text) for text in texts))
    return length, max(1, sum(map(len, texts)) // max(1, mentions)), f"{len(texts)} seed articles"


def texts(count: int, length: int, per_mention: int, seed: int) -> list[tuple[str, datetime.date, str]]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        day = datetime.date(2013, 1, 1) + datetime.timedelta(days=rng.randrange(700))
        publisher = f"Import bench outlet {rng.randrange(20)}"
        body, _ = article_text(rng, 10_000_000 + n, publisher, day, max(1, length // per_mention))
        out.append((body, day, publisher))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    length, per_mention, basis = seed_shape()
    stored = Article.objects.count()
    load = os.getloadavg()
    print(f"{args.articles} articles of about {length:,} characters, one mention per {per_mention} characters "
          f"({basis}), into {stored:,} stored articles on {connection.vendor}; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    batch = texts(args.articles, length, per_mention, args.seed)
    started = time.perf_counter()
    for body, day, _ in batch:
        extract(body, day)
    extraction = time.perf_counter() - started
    started = time.perf_counter()
    for n, (body, day, publisher) in enumerate(batch):
        import_article(ArticleRecord(source=f"bench-{n}", title=body.split(":")[0], body=body, publisher=publisher,
                                     published_on=day, url="", language="en"))
    total = time.perf_counter() - started
    print(f"{'extraction alone (baseline)':<32} {args.articles / extraction:8.1f} articles/s")
    print(f"{'import':<32} {args.articles / total:8.1f} articles/s   ({total / extraction:.2f}x the baseline's time)")
    print(f"{'time outside extraction':<32} {max(0.0, 1 - extraction / total):8.0%}")


if __name__ == "__main__":
    main()
