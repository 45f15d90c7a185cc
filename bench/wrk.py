"""Throughput of the API under wrk: gunicorn on a generated database, loopback only, a fixed duration.

    apt-get install wrk      # once: Debian's package
    DATABASE_URL=postgres://... python bench/wrk.py [--duration 20] [--connections 8] [--workers 2] [--threads 4]

The database is one bench/generate.py filled (it is not changed). gunicorn runs with production settings
(debug off, whitenoise) on a free port of 127.0.0.1, the anonymous throttle off (every wrk connection
comes from one address), and wrk drives each target for ``--duration`` seconds over ``--connections``
keep-alive connections: a static file served by the same gunicorn (the baseline: the server's own cost
per request), the API lists anonymous and with a reviewer's token, and a figure's detail. Prints
requests/s, latency percentiles, non-2xx responses and socket errors per target, and the ratio of each
target's requests/s to the baseline's. Exits 1 when any target had an error.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The load test's server: its settings (debug off, throttles off, loopback), django.setup() and gunicorn.
from load import REPO_ROOT, free_port, start_server  # noqa: E402

# isort: split
import django  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from claims.models import Claim, Figure  # noqa: E402

SUMMARY = re.compile(r"Requests/sec:\s+([\d.]+)")
PERCENTILE = re.compile(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
TOTAL = re.compile(r"(\d+) requests in")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def collect_static() -> None:
    # The baseline target is a static file: put the files where whitenoise serves them from.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=REPO_ROOT,
                   check=True, env=os.environ.copy() | {"DJANGO_PLAIN_STATIC": "0"})


def reviewer_token() -> str:
    user, _ = get_user_model().objects.get_or_create(username="wrk-reviewer")
    user.groups.add(Group.objects.get(name="reviewer"))
    return Token.objects.get_or_create(user=user)[0].key


def run_wrk(url: str, duration: int, connections: int, headers: list[str]) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    percentiles = {p: float(v) * UNIT_MS[u] for p, v, u in PERCENTILE.findall(out)}
    errors = SOCKET_ERRORS.search(out)
    return {
        "rate": float(SUMMARY.search(out).group(1)),
        "requests": int(TOTAL.search(out).group(1)),
        "p50": percentiles.get("50"), "p90": percentiles.get("90"), "p99": percentiles.get("99"),
        "non2xx": int(NON_2XX.search(out).group(1)) if NON_2XX.search(out) else 0,
        "socket": sum(map(int, errors.groups())) if errors else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    figure = Figure.objects.verified().order_by("-claims_total").values_list("pk", flat=True).first()
    token = reviewer_token()
    static = next((REPO_ROOT / "static").rglob("*.css")).relative_to(REPO_ROOT / "static")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    targets = [
        ("static file (baseline)", f"{base}/static/{static}", []),
        ("API claims, anonymous", f"{base}/api/v1/claims/", []),
        ("API claims, reviewer", f"{base}/api/v1/claims/?status=all", [f"Authorization: Token {token}"]),
        ("API figures, anonymous", f"{base}/api/v1/figures/", []),
        ("API figure detail", f"{base}/api/v1/figures/{figure}/", []),
    ]
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{Claim.objects.count():,} claims on {django.db.connection.vendor}; gunicorn {args.workers} workers x "
          f"{args.threads} threads; wrk {args.connections} connections, {args.duration} s each; load {load}")
    collect_static()
    server = start_server(port, args.workers, args.threads)
    failed = False
    try:
        print(f"{'target':<26}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p90 ms':>8}{'p99 ms':>8}"
              f"{'non-2xx':>8}{'socket':>7}{'x base':>7}")
        baseline = None
        for name, url, headers in targets:
            result = run_wrk(url, args.duration, args.connections, headers)
            baseline = baseline or result["rate"]
            failed |= bool(result["non2xx"] or result["socket"])
            print(f"{name:<26}{result['requests']:9,d}{result['rate']:8.1f}{result['p50']:8.1f}{result['p90']:8.1f}"
                  f"{result['p99']:8.1f}{result['non2xx']:8d}{result['socket']:7d}{baseline / result['rate']:7.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
