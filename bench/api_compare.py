"""The API claims list's first rendering, two code trees side by side, in turns (issue 11).

    DATABASE_URL=postgres://.../fc1m python bench/api_compare.py --old /tmp/old-api --new . [--rounds 8] [--batch 5]

Starts one process per tree (each imports its own tree's code), each signed in as the generator's editor
(bench/generate.py) with Django's test client, and has them take turns: ``--batch`` requests of one page by
one tree, then by the other, the order swapped every round, so a load that comes and goes on a shared
machine weighs on both alike. Each request empties the cache first (the "uncached" rows of bench/reads.py: a
question no client asked before). Pages: staff (``status=all``, session), anonymous, and the cursor page
``--depth`` + 1 of the staff list; the baseline is bench/reads.py's one raw SQL query of the same rows plus
``json.dumps``, timed by each process. Prints the median and p95 of wall and CPU time (time.process_time) per
page and tree, their ratio to that tree's baseline, the load average, and whether both trees' bodies are
byte for byte the same.
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PAGES = ("staff", "anonymous", "deep")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", help="the tree of the code before")
    parser.add_argument("--new", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--depth", type=int, default=40)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--serve", help=argparse.SUPPRESS)  # internal: one tree's process
    return parser.parse_args()


def serve(root: str, depth: int) -> None:
    """Answer "<page> <count>" lines on stdin with a JSON list of (wall ms, CPU ms) per request."""
    sys.path.insert(0, root)
    os.chdir(root)
    for name, value in (("DJANGO_SETTINGS_MODULE", "factcheck.settings"), ("DJANGO_SECRET_KEY", "bench-only"),
                        ("DJANGO_DEBUG", "0"), ("DJANGO_PLAIN_STATIC", "1"), ("DJANGO_ALLOWED_HOSTS", "testserver")):
        os.environ.setdefault(name, value)
    import warnings

    warnings.simplefilter("ignore")  # no collected static files in a bench tree
    import django

    django.setup()
    from urllib.parse import urlsplit

    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from reads import PAGE_SIZE, RAW_SQL

    staff, anonymous = Client(), Client()
    staff.force_login(get_user_model().objects.get(username="bench-editor"))
    listed = f"/api/v1/claims/?status=all&page_size={PAGE_SIZE}"
    deep = listed
    for _ in range(depth):
        following = staff.get(deep).json()["next"]
        deep = f"{urlsplit(following).path}?{urlsplit(following).query}"
    pages = {"staff": (staff, listed), "anonymous": (anonymous, f"/api/v1/claims/?page_size={PAGE_SIZE}"),
             "deep": (staff, deep)}

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, [PAGE_SIZE])
            rows = cursor.fetchall()
        return json.dumps([list(row) for row in rows], default=str)

    def page(name):
        client, url = pages[name]
        cache.clear()
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        return response.content

    digests = {}
    for name in pages:
        page(name)
        digests[name] = hashlib.sha256(page(name)).hexdigest()
    print(json.dumps(digests), flush=True)
    for line in sys.stdin:
        name, count = line.split()
        call = raw if name == "raw" else (lambda name=name: page(name))
        times = []
        for _ in range(int(count)):
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            times.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
        print(json.dumps(times), flush=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    args = parse_args()
    if args.serve:
        return serve(args.serve, args.depth)
    trees = {"old": args.old, "new": args.new}
    processes = {label: subprocess.Popen([sys.executable, __file__, "--serve", root, "--depth", str(args.depth)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                 for label, root in trees.items()}
    digests = {label: json.loads(process.stdout.readline()) for label, process in processes.items()}
    names = ["raw", *args.pages.split(",")]
    times = {(label, name): [] for label in trees for name in names}
    loads = []
    for round_ in range(args.rounds):
        loads.append(os.getloadavg()[0])
        for name in names:
            for label in (("old", "new") if round_ % 2 == 0 else ("new", "old")):
                processes[label].stdin.write(f"{name} {args.batch}\n")
                processes[label].stdin.flush()
                times[(label, name)] += json.loads(processes[label].stdout.readline())
    for process in processes.values():
        process.stdin.close()
        process.wait()
    print(f"{os.environ.get('DATABASE_URL', 'sqlite')}: {args.rounds} rounds of {args.batch} requests a page, "
          f"old and new in turns; load average {min(loads):.1f}-{max(loads):.1f}; bodies byte for byte the same: "
          f"{digests['old'] == digests['new']}")
    print(f"{'page':<10} {'code':<4} {'wall median':>11} {'p95':>7} {'x raw':>6} {'CPU median':>11} {'p95':>7} "
          f"{'x raw':>6}")
    for name in names:
        for label in trees:
            wall = [w for w, _ in times[(label, name)]]
            cpu = [c for _, c in times[(label, name)]]
            base_wall = statistics.median(w for w, _ in times[(label, "raw")])
            base_cpu = statistics.median(c for _, c in times[(label, "raw")])
            print(f"{name:<10} {label:<4} {statistics.median(wall):11.2f} {p95(wall):7.2f} "
                  f"{statistics.median(wall) / base_wall:6.2f} {statistics.median(cpu):11.2f} {p95(cpu):7.2f} "
                  f"{statistics.median(cpu) / base_cpu:6.2f}")


if __name__ == "__main__":
    main()
