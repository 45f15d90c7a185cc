"""Speed and memory of the full export over a generated database (bench/generate.py).

    DATABASE_URL=sqlite:////tmp/bench-100k.sqlite3 python bench/export_speed.py [--formats json csv jsonld]

For each format, the whole export (claims.api.exports.write, the path ``manage.py export_claims`` and
``GET /api/v1/export/`` share) is written to a discarding sink: rows per second, megabytes written, and the
growth of the process's peak resident memory during the export (flat memory means a growth that does not
depend on the number of rows). The baseline from the same run reads the same verified claims with one raw
SQL query through a server-side cursor and writes each as ``json.dumps`` of its row.

The generator's verdicts rest on three claims each, so few claims are verified; ``--verify-accepted``
first links every accepted claim of a figure with a published verdict to that verdict, so the export has more
rows. Before migration 0018 nothing is written to the database's tables: the links go to a temporary copy of
the link table, which shadows the real one for this connection only (a temporary table is found before a
schema's on PostgreSQL and SQLite) and disappears with it. Since 0018 the export reads the stored
``Claim.verified``, which links in a temporary table cannot raise: ``--store-links`` then writes the same
links into the link table and refreshes the flag (claims.models.refresh_verified). It writes: run it on a
copy of the database. Run twice, it links nothing more (the claims linked already are left out).

Every figure is printed with the process's CPU time beside the wall time (rows per CPU second are steadier
on a shared machine) and the load average; ``--repeat N`` runs each export N times in a row.
"""

import argparse
import hashlib
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

from django.db import connection  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402

from claims.api import exports  # noqa: E402
from claims.models import Claim, Verdict, refresh_verified  # noqa: E402
from claims.reconcile.visibility import verified_claims  # noqa: E402


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Sink:
    """Counts what it is given and keeps nothing (a SHA-256 of it with ``digest``)."""

    def __init__(self, digest: bool = False):
        self.size = 0
        self.hash = hashlib.sha256() if digest else None

    def __call__(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.hash:
            self.hash.update(chunk)


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


def shadow_link_table() -> str:
    """Create a temporary copy of the verdict-claim link table under the same name, with its indexes; return
    the table's name. Later queries of this connection read and write the copy."""
    table = Verdict.claims.through._meta.db_table
    schema = "public" if connection.vendor == "postgresql" else "main"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table} AS SELECT * FROM {schema}.{table}")
        for columns in ("claim_id", "verdict_id", "verdict_id, claim_id"):
            name = f"shadow_{table}_{columns.replace(', ', '_')}"
            cursor.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    return table


def stores_verified() -> bool:
    """Whether the export reads a stored ``Claim.verified`` (migration 0018) rather than the links."""
    return any(field.name == "verified" for field in Claim._meta.concrete_fields)


def verify_accepted(*, store: bool = False) -> int:
    """Link each accepted claim of a figure with a published verdict to its latest such verdict: in the
    temporary link table (shadow_link_table), or with ``store`` in the link table itself, then refresh the
    stored flag of the claims linked. Returns the number of links made."""
    if store:
        table = Verdict.claims.through._meta.db_table
    elif stores_verified():
        # The export reads the stored Claim.verified, which links in a temporary table cannot raise: the run
        # would export the same rows as without the option.
        raise SystemExit("--verify-accepted cannot raise the stored Claim.verified without writing the claims: "
                         "use --store-links on a copy of the database")
    else:
        table = shadow_link_table()
    latest = Verdict.objects.published().filter(figure=OuterRef("figure")).order_by("-as_of").values("pk")[:1]
    rows = (Claim.objects.filter(status="accepted", figure__verdicts__published_at__isnull=False)
            .exclude(verdicts__published_at__isnull=False).annotate(verdict=Subquery(latest))
            .values_list("pk", "verdict").distinct())
    links = [(claim, verdict) for claim, verdict in rows if verdict is not None]
    with connection.cursor() as cursor:
        start = 1 + max([0] + [row[0] for row in _fetch(cursor, f"SELECT max(id) FROM {table}") if row[0]])
        cursor.executemany(f"INSERT INTO {table} (id, claim_id, verdict_id) VALUES (%s, %s, %s)",
                           [(start + n, claim, verdict) for n, (claim, verdict) in enumerate(links)])
        cursor.execute(f"ANALYZE {table}")
    if store:
        refresh_verified([claim for claim, _ in links])
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The links were given their ids: the table's sequence goes past them for later writes.
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
            cursor.execute(f"ANALYZE {Claim._meta.db_table}")
    return len(links)


def _fetch(cursor, sql: str) -> list:
    cursor.execute(sql)
    return cursor.fetchall()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", default=["json", "csv", "jsonld"], choices=exports.FORMATS)
    parser.add_argument("--verify-accepted", action="store_true")
    parser.add_argument("--store-links", action="store_true",
                        help="--verify-accepted with the links written to the database and Claim.verified "
                             "refreshed (writes: a copy of the database)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each export in a row")
    parser.add_argument("--phases", action="store_true",
                        help="CPU and wall time of the JSON and CSV exports (of --formats) by phase: reading the "
                             "rows, building the objects or lines, the rest")
    parser.add_argument("--digest", action="store_true",
                        help="print a SHA-256 of each export (to compare two versions of the code byte for byte)")
    args = parser.parse_args()
    if args.store_links:
        print(f"linked {verify_accepted(store=True):,} more accepted claims to their figures' verdicts (stored, "
              f"Claim.verified refreshed)")
    elif args.verify_accepted:
        print(f"linked {verify_accepted():,} accepted claims to their figures' verdicts (in a temporary "
              f"table: nothing written to the database)")
    run(args)
    if args.phases:
        for export_format in ("json", "csv"):
            if export_format in args.formats:
                phases(export_format)


# (the export's source columns, its per-row builder, what the builder makes)
PHASED = {
    "json": (exports.JSON_CLAIM_SOURCE, exports.json_claim_object, "objects"),
    "csv": (exports.CSV_CLAIM_SOURCE, exports.csv_claim_line, "lines"),
}


def phases(export_format: str, repeat: int = 3) -> None:
    """Best CPU and best wall seconds of ``repeat`` runs of the export cut short after each phase: reading the
    rows (the wall time beyond the CPU time is mostly the database's), building each row's text, the whole
    export (chunks, escapes, encoding). The phases run in turns, so a burst of load spreads over all three."""
    from django.conf import settings

    source, build, made = PHASED[export_format]

    def rows():
        return (verified_claims().order_by("pk").values_list(*source)
                .iterator(chunk_size=settings.EXPORT_CHUNK_SIZE))

    steps = {
        "read the rows": lambda: all(True for _ in rows()),
        f"+ build the {made}": lambda: all(map(build, rows())),
        "+ chunks, encoding (the export)": lambda: all(exports.stream(export_format)),
    }
    best = {name: (float("inf"), float("inf")) for name in steps}
    for _ in range(repeat):
        for name, step in steps.items():
            cpu, wall = time.process_time(), time.perf_counter()
            step()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            best[name] = (min(best[name][0], cpu), min(best[name][1], wall))
    before = (0.0, 0.0)
    for name, (cpu, wall) in best.items():
        print(f"{export_format} phase {name:<32} {cpu:6.3f} CPU s (+{cpu - before[0]:.3f}) {wall:6.3f} wall s "
              f"(+{wall - before[1]:.3f})  load {load_average()}")
        before = (cpu, wall)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run(args):
    claims = verified_claims().with_source().defer(*exports.UNUSED_ARTICLE_FIELDS).order_by("pk")
    sql, params = claims.query.sql_with_params()
    total = Claim.objects.count()
    verified = claims.count()
    verdicts = Verdict.objects.published().count()
    print(f"{total:,} claims ({verified:,} verified), {verdicts:,} published verdicts on {connection.vendor}; "
          f"code {REPO_ROOT}; load average {load_average()}")
    cpu = time.process_time()
    seconds, rows, size = raw_baseline(sql, list(params))
    cpu = time.process_time() - cpu
    base_rate = rows / seconds if seconds else 0.0
    print(f"{'export':<28} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'rows/CPU s':>10} {'MB':>7} "
          f"{'peak +MB':>9} {'x raw':>6}  load")
    print(f"{'raw SQL + json.dumps':<28} {rows:9,d} {seconds:8.2f} {base_rate:9,.0f} {rows / cpu:10,.0f} "
          f"{size / 1e6:7.1f} {'':>9} {1.0:6.1f}  {load_average()}")
    for export_format in args.formats:
        for _ in range(args.repeat):
            rows = verdicts if export_format == "jsonld" else verified
            sink = Sink(args.digest)
            before = peak_mb()
            cpu = time.process_time()
            started = time.perf_counter()
            exports.write(export_format, sink)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            rate = rows / seconds if seconds else 0.0
            ratio = base_rate / rate if rate and export_format != "jsonld" else float("nan")
            print(f"{export_format:<28} {rows:9,d} {seconds:8.2f} {rate:9,.0f} {rows / cpu:10,.0f} "
                  f"{sink.size / 1e6:7.1f} {peak_mb() - before:9.1f} {ratio:6.1f}  {load_average()}")
            if sink.hash:
                print(f"  sha256 {sink.hash.hexdigest()}")


if __name__ == "__main__":
    main()
