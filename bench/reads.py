"""Read latency of the reviewer pages and the API over a generated database (bench/generate.py).

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 python bench/reads.py [--repeat 20]

Each page is requested in process through Django's test client (no network, no server), signed in as the
generator's editor (the API list also anonymously), ``--repeat`` times after two warm-up requests. Prints,
per page: median and p95 in milliseconds, queries per request, and the ratio of its median to the baseline
of the same run: one raw SQL query of the API list's page of rows (the same columns and joins) plus
``json.dumps`` of them. Deep cursor pages are reached by following ``next`` ``--depth`` times first.
``--only "API claims"`` times only the pages whose name starts with that text (the baseline always).
``--paired`` times the baseline again beside each page, a baseline call before each page call, and gives
each page's ratio to that baseline (printed as "base ms"): a load that comes and goes during the run then
weighs on both sides of a ratio alike.
The API rows are timed twice: as repeated (the second read of a question is served from the response cache
until a write moves the data stamp, claims.api.conditional) and "uncached" (the cache emptied before each
request, so every read renders, as for a question no client asked before).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

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
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.models import Claim, Figure  # noqa: E402

PAGE_SIZE = 50
RAW_SQL = """
SELECT c.id, c.article_id, a.title, a.url, a.published_on, p.id, p.name, c.start, c."end", c.text, c.sentence,
       c.kind, c.qualifier, c.low, c.high, c.unit, c.subject, c.attribution, c.as_of, c.date, c.date_precision,
       c.status, c.rejection_reason, c.figure_id, f.name, c.version, c.updated_at
FROM claims_claim c
JOIN claims_article a ON a.id = c.article_id
JOIN claims_publisher p ON p.id = a.publisher_id
LEFT JOIN claims_figure f ON f.id = c.figure_id
ORDER BY c.id DESC
LIMIT %s
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--depth", type=int, default=40, help="cursor pages followed for the deep page")
    parser.add_argument("--only", default="", metavar="PREFIX",
                        help='time only the pages whose name starts with PREFIX (e.g. "API claims")')
    parser.add_argument("--paired", action="store_true",
                        help="time the baseline again for each page, one baseline call before each page call, "
                             "and give each page's ratio to its own baseline (steadier on a busy machine)")
    return parser.parse_args()


def timed(call, repeat: int) -> tuple[list[float], int]:
    """Milliseconds of each of ``repeat`` calls after two warm-ups, and the queries of the last."""
    call()
    call()
    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return times, queries


def timed_pair(call, base, repeat: int) -> tuple[list[float], list[float], int]:
    """As ``timed``, with one call of ``base`` (also timed) before each call; the queries are ``call``'s."""
    call()
    base()
    times, base_times, queries = [], [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        base()
        base_times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return times, base_times, queries


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def get(client: Client, url: str, *, cold: bool = False):
    def call():
        if cold:  # every API read rendered anew, as for a question no client asked before
            cache.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.content  # noqa: B018 (rendered already; read as a client would)
        return response
    return call


def deep_url(client: Client, url: str, depth: int) -> str:
    for _ in range(depth):
        following = client.get(url).json().get("next")
        if not following:
            break
        parts = urlsplit(following)
        url = f"{parts.path}?{parts.query}"
    return url


def raw_baseline():
    def call():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, [PAGE_SIZE])
            rows = cursor.fetchall()
        return json.dumps([list(row) for row in rows], default=str)
    return call


def main():
    args = parse_args()
    editor = get_user_model().objects.get(username="bench-editor")
    staff, anonymous = Client(), Client()
    staff.force_login(editor)
    claims, figures = Claim.objects.count(), Figure.objects.count()
    biggest = (Claim.objects.exclude(figure=None).values("figure").annotate(n=Count("pk")).order_by("-n")
               .values_list("figure", flat=True).first())
    # The claim page ranks figures to suggest: one claim of the largest figure, one in no figure.
    in_biggest = Claim.objects.filter(figure=biggest).order_by("pk").values_list("pk", flat=True).first()
    loose = Claim.objects.filter(figure=None).exclude(kind="date").order_by("pk").values_list("pk", flat=True).first()
    load = os.getloadavg()
    print(f"{claims:,} claims, {figures:,} figures on {connection.vendor}; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.repeat} runs each")
    api = f"/api/v1/claims/?status=all&page_size={PAGE_SIZE}"
    pages = [
        ("dashboard", staff, "/review/"),
        ("figures list", staff, "/review/figures/"),
        ("figures list, with conflicts", staff, "/review/figures/?conflicts=yes"),
        ("queue (default)", staff, "/review/claims/"),
        ("queue, pending", staff, "/review/claims/?status=pending"),
        ("queue, search", staff, "/review/claims/?q=Harbin"),
        ("queue, value sort", staff, "/review/claims/?sort=-value"),
        ("figure page (largest)", staff, f"/review/figures/{biggest}/"),
        ("claim page (largest figure)", staff, f"/review/claims/{in_biggest}/"),
        ("claim page (no figure)", staff, f"/review/claims/{loose}/"),
        ("figure search (picker)", staff, "/review/figures/search/?q=flood"),
        ("articles list", staff, "/review/articles/"),
        ("API claims, staff, all", staff, api),
        ("API claims, staff, all, uncached", staff, api),
        ("API claims, anonymous", anonymous, f"/api/v1/claims/?page_size={PAGE_SIZE}"),
        ("API claims, anonymous, uncached", anonymous, f"/api/v1/claims/?page_size={PAGE_SIZE}"),
        (f"API claims, cursor page {args.depth + 1}", staff, deep_url(staff, api, args.depth)),
        (f"API claims, cursor page {args.depth + 1}, uncached", staff, deep_url(staff, api, args.depth)),
        ("API figures", anonymous, "/api/v1/figures/"),
        ("API figures, uncached", anonymous, "/api/v1/figures/"),
    ]
    base_times, _ = timed(raw_baseline(), args.repeat)
    base = statistics.median(base_times)
    paired = f" {'base ms':>8}" if args.paired else ""
    print(f"{'page':<34} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'x raw':>8}{paired}")
    print(f"{'raw SQL + json.dumps (baseline)':<34} {base:10.1f} {p95(base_times):9.1f} {1:8d} {1.0:8.1f}")
    for name, client, url in pages:
        if not name.startswith(args.only):
            continue
        if client.get(url).status_code == 404:
            print(f"{name:<34} {'(no such page in this version)':>30}")
            continue
        call = get(client, url, cold=name.endswith("uncached"))
        if args.paired:
            times, own_base, queries = timed_pair(call, raw_baseline(), args.repeat)
            base = statistics.median(own_base)
        else:
            times, queries = timed(call, args.repeat)
        median = statistics.median(times)
        paired = f" {base:8.1f}" if args.paired else ""
        print(f"{name:<34} {median:10.1f} {p95(times):9.1f} {queries:8d} {median / base:8.1f}{paired}", flush=True)


if __name__ == "__main__":
    main()
