"""Latency of the reviewer's claim page (/review/claims/<id>/) alone, with CPU time and the queries' time.

    DATABASE_URL=postgres://postgres@127.0.0.1:54399/fcclaim python bench/claim_page.py [--repeat 20] [--queries]

The two claims bench/reads.py times (the first claim of the largest figure, the first non-date claim in no
figure), each requested in process through Django's test client as the generator's editor, ``--repeat``
times after two warm-ups. Prints per claim: wall median and p95, process CPU median (time.process_time,
less sensitive to the other engineers' load on a shared machine), the time spent waiting for SQL, the
number of queries, and the load average beside each line. ``--queries`` lists each query of the last request
with its time. Runs against any version of the code: copy it into that tree's bench/.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.models import Claim  # noqa: E402


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def claims_to_show() -> list[tuple[str, int]]:
    biggest = (Claim.objects.exclude(figure=None).values("figure").annotate(n=Count("pk")).order_by("-n")
               .values_list("figure", flat=True).first())
    in_biggest = Claim.objects.filter(figure=biggest).order_by("pk").values_list("pk", flat=True).first()
    loose = Claim.objects.filter(figure=None).exclude(kind="date").order_by("pk").values_list("pk", flat=True).first()
    return [("claim page (largest figure)", in_biggest), ("claim page (no figure)", loose)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--queries", action="store_true", help="list the last request's queries with their time")
    args = parser.parse_args()
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-editor"))
    print(f"{str(REPO_ROOT):<24} {'page':<28} {'median ms':>9} {'p95 ms':>7} {'cpu ms':>7} {'sql ms':>7} "
          f"{'queries':>7}  load")
    for name, pk in claims_to_show():
        url = f"/review/claims/{pk}/"
        for _ in range(2):
            assert client.get(url).status_code == 200
        walls, cpus, sqls = [], [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                response.content  # noqa: B018
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
            sqls.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"{REPO_ROOT.name:<24} {name:<28} {statistics.median(walls):9.1f} {p95(walls):7.1f} "
              f"{statistics.median(cpus):7.1f} {statistics.median(sqls):7.1f} {len(captured):7d}  {load}", flush=True)
        if args.queries:
            for query in captured.captured_queries:
                print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:200]}")


if __name__ == "__main__":
    main()
