"""Bounded load test: gunicorn on PostgreSQL, loopback only, a fixed duration, then the books are checked.

Run from the repository root against a throwaway PostgreSQL cluster (scripts/with-postgres starts one, sets
DATABASE_URL and removes it afterwards):

    scripts/with-postgres .venv/bin/python bench/load.py [--duration 20] [--workers 2] [--threads 4]

1. Migrates the database and seeds it: published verdicts with their claims (what anonymous clients read),
   CLAIMS_CONTESTED pending claims that the writers fight over, reviewers with API tokens and sessions.
2. Starts gunicorn on 127.0.0.1 (a free port; the anonymous throttle off, since every client shares one
   address) and, for ``--duration`` seconds, runs threads with one keep-alive connection each:
   anonymous API readers (lists and details), signed-in reviewers opening the review queue, and writers
   that read a contested claim's version and accept or reject it with that version through the API
   (409 when another writer got there first: optimistic locking doing its job, not an error).
3. Stops gunicorn and counts: server errors (5xx and broken connections), and, per contested claim, the
   writes the clients saw succeed against the database: each success moves the claim's version by exactly
   one and writes one history row, so ``lost`` = successes missing from the database and ``duplicated`` =
   changes the database holds that no client saw succeed. The final status must be that of the success
   with the highest version.

Prints the numbers and exits 1 when any server error, lost or duplicated write is found. Nothing leaves
127.0.0.1. The figures of a run go in docs/benchmarks.md ("Load test (issue 13)").
"""

import argparse
import collections
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

SERVER_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_PLAIN_STATIC": "1",
    # Plain HTTP on loopback: the session cookie must travel without TLS.
    "DJANGO_SECURE_COOKIES": "0",
    # Every client is 127.0.0.1: the anonymous throttle would measure itself.
    "API_ANON_THROTTLE_RATE": "",
    "API_USER_THROTTLE_RATE": "",
    "DJANGO_CONN_MAX_AGE": "60",
    "DJANGO_LOG_LEVEL": "WARNING",
}
os.environ.update({key: value for key, value in SERVER_ENV.items() if key not in os.environ})

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from claims.ingest.importer import content_hash  # noqa: E402
from claims.models import Article, Claim, Figure, Publisher, Verdict  # noqa: E402

FIGURES = 40
CLAIMS_CONTESTED = 30
PENDING_QUEUE = 300
REVIEWERS = 6
READ_PATHS = ("/api/v1/figures/", "/api/v1/claims/", "/api/v1/verdicts/", "/api/v1/articles/",
              "/api/v1/publishers/")


def seed() -> dict:
    """The data set and the clients' credentials; returns what the threads need."""
    publisher = Publisher.objects.create(name="Load Test Ledger")
    reviewer_group = Group.objects.get(name="reviewer")
    figure_ids, contested = [], []
    for number in range(FIGURES):
        body = f"Report {number}: officials said at least {1000 + number} people were killed in the war."
        article = Article.objects.create(publisher=publisher, title=f"Report {number}", body=body,
                                         published_on="2024-01-05", content_hash=content_hash(body),
                                         extractor_version="load")
        figure = Figure.objects.create(name=f"War toll {number}", kind="death_toll", unit="people")
        text = f"{1000 + number}"
        start = body.index(text)
        claim = Claim.objects.create(article=article, figure=figure, start=start, end=start + len(text),
                                     text=text, sentence=body, kind="death_toll", low=1000 + number,
                                     status="accepted", as_of="2024-01-05", extractor_version="load")
        editor = get_user_model().objects.get_or_create(username="load-editor")[0]
        verdict = Verdict.objects.create(figure=figure, as_of="2024-01-05", low=1000 + number, rating="verified",
                                         reviewer=editor, published_at=timezone.now())
        verdict.claims.set([claim])
        figure_ids.append(figure.pk)
    for number in range(PENDING_QUEUE):
        body = f"Dispatch {number}: {number + 3} people were hurt, the mayor said."
        article = Article.objects.create(publisher=publisher, title=f"Dispatch {number}", body=body,
                                         published_on="2024-02-01", content_hash=content_hash(body),
                                         extractor_version="load")
        text = f"{number + 3}"
        start = body.index(text)
        claim = Claim.objects.create(article=article, start=start, end=start + len(text), text=text,
                                     sentence=body, kind="injured", low=number + 3, high=number + 3,
                                     as_of="2024-02-01", extractor_version="load")
        if number < CLAIMS_CONTESTED:
            contested.append(claim.pk)
    tokens, cookies = [], []
    for number in range(REVIEWERS):
        user = get_user_model().objects.create_user(f"load-reviewer-{number}", password=None)
        user.groups.add(reviewer_group)
        tokens.append(Token.objects.create(user=user).key)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    versions = dict(Claim.objects.filter(pk__in=contested).values_list("pk", "version"))
    return {"figures": figure_ids, "contested": contested, "tokens": tokens, "cookies": cookies,
            "versions": versions}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--no-control-socket", "--timeout", "60",
               "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=os.environ.copy())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


class Tally:
    """Counts shared by the threads (one lock; the work per request dwarfs it)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.codes = collections.Counter()  # (kind, status) -> count
        self.latencies = collections.defaultdict(list)
        self.broken = collections.Counter()  # kind -> connection failures
        self.successes = collections.defaultdict(list)  # claim id -> [(version after, status)]

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.codes[(kind, status)] += 1
            self.latencies[kind].append(seconds)


def client_loop(port: int, stop: threading.Event, tally: Tally, kind: str, step) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    rng = random.Random()
    while not stop.is_set():
        try:
            step(connection, rng, tally)
        except (OSError, http.client.HTTPException):
            with tally.lock:
                tally.broken[kind] += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()


def request(connection, tally: Tally, kind: str, method: str, path: str, headers=None, body=None):
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    tally.record(kind, response.status, time.perf_counter() - started)
    return response.status, data


def anonymous_reader(data: dict):
    def step(connection, rng, tally):
        if rng.random() < 0.3:
            path = f"/api/v1/figures/{rng.choice(data['figures'])}/"
        else:
            path = rng.choice(READ_PATHS)
        request(connection, tally, "api read", "GET", path, {"Accept": "application/json"})
    return step


def queue_reader(cookie: str):
    def step(connection, rng, tally):
        page = rng.choice(["", "?page=2", "?kind=injured"])
        request(connection, tally, "queue page", "GET", f"/review/claims/{page}", {"Cookie": cookie})
    return step


def review_writer(data: dict, token: str):
    auth = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def step(connection, rng, tally):
        claim = rng.choice(data["contested"])
        status, body = request(connection, tally, "claim read", "GET", f"/api/v1/claims/{claim}/", auth)
        if status != 200:
            return
        version = json.loads(body)["version"]
        action = rng.choice(["accept", "reject"])
        payload = {"version": version, **({"reason": "off_topic"} if action == "reject" else {})}
        status, body = request(connection, tally, "review write", "POST", f"/api/v1/claims/{claim}/{action}/",
                               {**auth, "Content-Type": "application/json"}, json.dumps(payload))
        if status == 200:
            saved = json.loads(body)
            with tally.lock:
                tally.successes[claim].append((saved["version"], saved["status"]))
    return step


def check_books(data: dict, tally: Tally) -> tuple[int, int, int]:
    """(lost, duplicated, wrong final status) over the contested claims."""
    lost = duplicated = wrong = 0
    for claim in Claim.objects.filter(pk__in=data["contested"]):
        seen = tally.successes.get(claim.pk, [])
        moved = claim.version - data["versions"][claim.pk]
        history = claim.history.filter(version__gt=data["versions"][claim.pk]).count()
        versions = sorted(version for version, _ in seen)
        lost += max(0, len(seen) - moved) + max(0, len(seen) - history)
        duplicated += max(0, moved - len(seen)) + max(0, history - len(seen))
        duplicated += len(versions) - len(set(versions))  # two clients told they made the same version
        if seen and max(seen)[1] != claim.status:
            wrong += 1
    return lost, duplicated, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load (default 20)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--readers", type=int, default=4, help="anonymous API reader threads")
    parser.add_argument("--queue", type=int, default=2, help="signed-in queue page threads")
    parser.add_argument("--writers", type=int, default=4, help="review writer threads")
    args = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        print("bench/load.py measures the PostgreSQL set-up: run it under scripts/with-postgres", file=sys.stderr)
        return 2

    call_command("migrate", verbosity=0)
    data = seed()
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    tally, stop = Tally(), threading.Event()
    threads = (
        [(f"reader-{n}", "api read", anonymous_reader(data)) for n in range(args.readers)]
        + [(f"queue-{n}", "queue page", queue_reader(data["cookies"][n % REVIEWERS])) for n in range(args.queue)]
        + [(f"writer-{n}", "review write", review_writer(data, data["tokens"][n % REVIEWERS]))
           for n in range(args.writers)]
    )
    running = [threading.Thread(target=client_loop, args=(port, stop, tally, kind, step), name=name)
               for name, kind, step in threads]
    started = time.monotonic()
    for thread in running:
        thread.start()
    time.sleep(args.duration)
    stop.set()
    for thread in running:
        thread.join(timeout=60)
    elapsed = time.monotonic() - started
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)

    lost, duplicated, wrong = check_books(data, tally)
    server_errors = sum(count for (_, status), count in tally.codes.items() if status >= 500)
    broken = sum(tally.broken.values())
    print(f"load test: {elapsed:.1f} s, gunicorn {args.workers} workers x {args.threads} threads, PostgreSQL; "
          f"{args.readers} API readers, {args.queue} queue readers, {args.writers} writers")
    print(f"{'kind':<14}{'requests':>9}{'per s':>8}{'p50 ms':>8}{'p95 ms':>8}  statuses")
    for kind in ("api read", "queue page", "claim read", "review write"):
        times = sorted(tally.latencies.get(kind, []))
        if not times:
            continue
        statuses = ", ".join(f"{status}: {count}" for (name, status), count in sorted(tally.codes.items())
                             if name == kind)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{kind:<14}{len(times):>9}{len(times) / elapsed:>8.1f}{statistics.median(times) * 1000:>8.1f}"
              f"{p95 * 1000:>8.1f}  {statuses}")
    successes = sum(len(seen) for seen in tally.successes.values())
    print(f"writes seen to succeed {successes}; server errors {server_errors}; broken connections {broken}; "
          f"lost writes {lost}; duplicated writes {duplicated}; wrong final status {wrong}")
    return 1 if server_errors or broken or lost or duplicated or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
