"""Speed and memory of the full export over a generated database (bench/generate.py).

    DATABASE_URL=sqlite:////tmp/bench-100k.sqlite3 python bench/export_speed.py [--formats json csv jsonld]

For each format, the whole export (claims.api.exports.write, the path ``manage.py export_claims`` and
``GET /api/v1/export/`` share) is written to a discarding sink: rows per second, megabytes written, and the
growth of the process's peak resident memory during the export (flat memory means a growth that does not
depend on the number of rows). The baseline from the same run reads the same verified claims with one raw
SQL query through a server-side cursor and writes each as ``json.dumps`` of its row.

The generator's verdicts rest on three claims each, so few claims are verified; ``--verify-accepted``
first links every accepted claim of a figure with a published verdict to that verdict, inside a
transaction that is rolled back at the end, so the export has more rows and the database is left as it was.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402

from claims.api import exports  # noqa: E402
from claims.models import Claim, Verdict  # noqa: E402
from claims.reconcile.visibility import verified_claims  # noqa: E402


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Sink:
    """Counts what it is given and keeps nothing."""

    def __init__(self):
        self.size = 0

    def __call__(self, chunk: bytes) -> None:
        self.size += len(chunk)


def raw_baseline(ids_sql: str, params: list) -> tuple[float, int, int]:
    sink = Sink()
    started = time.perf_counter()
    rows = 0
    with connection.chunked_cursor() as cursor:
        cursor.execute(ids_sql, params)
        while batch := cursor.fetchmany(2000):
            for row in batch:
                sink(json.dumps(row, default=str).encode())
            rows += len(batch)
    return time.perf_counter() - started, rows, sink.size


class Rollback(Exception):
    pass


def verify_accepted() -> int:
    """Link each accepted claim of a figure with a published verdict to its latest such verdict."""
    latest = Verdict.objects.published().filter(figure=OuterRef("figure")).order_by("-as_of").values("pk")[:1]
    Link = Verdict.claims.through
    rows = (Claim.objects.filter(status="accepted", figure__verdicts__published_at__isnull=False)
            .exclude(verdicts__published_at__isnull=False).annotate(verdict=Subquery(latest))
            .values_list("pk", "verdict").distinct())
    return len(Link.objects.bulk_create([Link(claim_id=claim, verdict_id=verdict) for claim, verdict in rows
                                         if verdict is not None], batch_size=5000))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", default=["json", "csv", "jsonld"], choices=exports.FORMATS)
    parser.add_argument("--verify-accepted", action="store_true")
    args = parser.parse_args()
    try:
        with transaction.atomic():
            if args.verify_accepted:
                print(f"linked {verify_accepted():,} accepted claims to their figures' verdicts (rolled back "
                      f"at the end)")
            run(args)
            raise Rollback
    except Rollback:
        pass


def run(args):
    claims = verified_claims().with_source().defer(*exports.UNUSED_ARTICLE_FIELDS).order_by("pk")
    sql, params = claims.query.sql_with_params()
    total = Claim.objects.count()
    verified = claims.count()
    verdicts = Verdict.objects.published().count()
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{total:,} claims ({verified:,} verified), {verdicts:,} published verdicts on {connection.vendor}; "
          f"load average {load}")
    seconds, rows, size = raw_baseline(sql, list(params))
    base_rate = rows / seconds if seconds else 0.0
    print(f"{'export':<28} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'MB':>7} {'peak +MB':>9} {'x raw':>6}")
    print(f"{'raw SQL + json.dumps':<28} {rows:9,d} {seconds:8.2f} {base_rate:9,.0f} {size / 1e6:7.1f} "
          f"{'':>9} {1.0:6.1f}")
    for export_format in args.formats:
        rows = verdicts if export_format == "jsonld" else verified
        sink = Sink()
        before = peak_mb()
        started = time.perf_counter()
        exports.write(export_format, sink)
        seconds = time.perf_counter() - started
        rate = rows / seconds if seconds else 0.0
        ratio = base_rate / rate if rate and export_format != "jsonld" else float("nan")
        print(f"{export_format:<28} {rows:9,d} {seconds:8.2f} {rate:9,.0f} {sink.size / 1e6:7.1f} "
              f"{peak_mb() - before:9.1f} {ratio:6.1f}")


if __name__ == "__main__":
    main()
