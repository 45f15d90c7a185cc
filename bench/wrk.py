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
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
SERVER_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_PLAIN_STATIC": "1",
    "API_ANON_THROTTLE_RATE": "",
    "API_USER_THROTTLE_RATE": "",
    "DJANGO_CONN_MAX_AGE": "60",
    "DJANGO_LOG_LEVEL": "WARNING",
}
os.environ.update({key: value for key, value in SERVER_ENV.items() if key not in os.environ})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=REPO_ROOT,
                   check=True, env=os.environ.copy() | {"DJANGO_PLAIN_STATIC": "0"})
    command = [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--no-control-socket", "--timeout", "60",
               "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=os.environ.copy())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


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
