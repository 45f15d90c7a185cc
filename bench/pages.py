"""Benchmark of the reviewer pages: server time and queries per request over the demo corpus.

Run from the repository root:  python bench/pages.py  [--runs N] [--db PATH]

It builds a scratch SQLite database (``DATABASE_URL=sqlite:////tmp/...``, removed afterwards unless
``--keep``), runs ``migrate`` and ``load_demo``, signs in as the demo editor with Django's test Client,
and times each page N times (after one warm-up request): median, p95, queries per request, and the
ratio of the median to the baseline, the login page (GET /accounts/login/) timed in the same run, so a
busy machine moves the figures but hardly the ratios. A login POST (the password hasher's cost) is timed
the same way. Target: every page under 100 ms; login well under a second.

The figures are the server's time inside Django (no network, no browser), debug off, as in production.
``--profile queue`` (any page name) then runs five requests of that page under cProfile and prints the CPU
time per request and the share spent rendering templates, a measure a busy machine hardly moves.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
TARGET_MS = 100.0


def _configure(db_path: Path) -> None:
    """Point Django at the scratch database before it is set up; the real settings stay untouched."""
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")
    os.environ["DJANGO_ENV_FILE"] = os.devnull  # a local .env must not switch debug or the database
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _time(request, runs: int) -> tuple[list[float], int, int]:
    """Milliseconds of ``runs`` calls of ``request`` after one warm-up, the queries of the last call, and
    its status code."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request()
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = request()
            times.append((time.perf_counter() - start) * 1000)
    return times, len(queries), response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--db", type=Path, help="scratch database path (default: a new file in /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--profile", metavar="PAGE", help="profile one page (dashboard, queue, claim, ...)")
    args = parser.parse_args()
    db_path = args.db or Path(tempfile.mkstemp(prefix="factcheck-bench-", suffix=".sqlite3")[1])
    db_path.unlink(missing_ok=True)
    _configure(db_path)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    # The test Client's host. No setup_test_environment(): it instruments every template render (a signal
    # per template for the test Client's context capture), which would slow the very thing measured.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    print(f"scratch database {db_path}: migrate + load_demo in {time.perf_counter() - started:.1f} s")

    from claims.models import Article, Claim, Figure

    figure = max(Figure.objects.all(), key=lambda f: f.claims.count())
    article = max(Article.objects.all(), key=lambda a: a.claims.count())
    claim = figure.claims.order_by("pk").last()
    print(f"demo: {Article.objects.count()} articles, {Claim.objects.count()} claims, "
          f"{Figure.objects.count()} figures; figure {figure.pk} has {figure.claims.count()} claims, "
          f"article {article.pk} has {article.claims.count()}")

    anonymous = Client()
    client = Client()
    assert client.login(username="editor", password="editor"), "the demo editor could not sign in"
    pages = {
        "dashboard": "/review/",
        "queue": "/review/claims/",
        "claim": f"/review/claims/{claim.pk}/",
        "article": f"/review/articles/{article.pk}/",
        "figures": "/review/figures/",
        "figure": f"/review/figures/{figure.pk}/",
        "articles": "/review/articles/",
    }
    rows = []
    baseline, base_queries, status = _time(lambda: anonymous.get("/accounts/login/"), args.runs)
    base = statistics.median(baseline)
    rows.append(("baseline: GET /accounts/login/", baseline, base_queries, status))
    for name, path in pages.items():
        rows.append((f"{name}: GET {path}", *_time(lambda path=path: client.get(path), args.runs)))
    login_client = Client()
    rows.append(("login: POST /accounts/login/", *_time(
        lambda: login_client.post("/accounts/login/", {"username": "editor", "password": "editor"}),
        max(5, args.runs // 3))))

    print(f"\n{args.runs} timed runs per page (login POST: {max(5, args.runs // 3)}), server time in ms")
    print(f"{'request':<40} {'median':>8} {'p95':>8} {'x baseline':>11} {'queries':>8} {'status':>7}  target")
    missed = 0
    for label, times, queries, status in rows:
        median = statistics.median(times)
        limit = 1000.0 if label.startswith("login") else TARGET_MS
        ok = median < limit and status in (200, 302)
        missed += not ok
        print(f"{label:<40} {median:8.1f} {_percentile(times, 0.95):8.1f} {median / base:10.1f}x "
              f"{queries:8d} {status:7d}  {'ok' if ok else 'MISSED'} (< {limit:.0f} ms)")
    if args.profile:
        _profile(client, pages[args.profile])
    if not args.keep:
        db_path.unlink(missing_ok=True)
    return 1 if missed else 0


def _profile(client, path: str, requests: int = 5) -> None:
    """CPU time per request of ``path`` and the share of it inside template rendering (Django's
    ``Template.render`` of the page, whatever it calls: a lazy queryset iterated by the template counts)."""
    profiler = cProfile.Profile()
    cpu = time.process_time()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    cpu = (time.process_time() - cpu) * 1000 / requests
    stats = pstats.Stats(profiler).stats
    rendering = max((cumulative for (file, _, name), (_, _, _, cumulative, _) in stats.items()
                     if file.endswith("django/template/backends/django.py") and name == "render"), default=0.0)
    total = max(cumulative for (file, _, name), (_, _, _, cumulative, _) in stats.items()
                if file.endswith("django/test/client.py") and name == "request")
    print(f"\nprofile of GET {path} ({requests} requests): {cpu:.1f} ms CPU per request under the profiler, "
          f"{100 * rendering / total:.0f} % of it rendering templates")


if __name__ == "__main__":
    sys.exit(main())
