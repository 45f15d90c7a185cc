"""Run by tests/test_concurrency.py in a fresh process against its own database (DATABASE_URL): concurrent
imports and concurrent review writes from several threads, as several requests or commands would make them.
Prints one JSON line: errors (anything but the refusals the rules expect), articles, duplicates, claims,
reviewed, and stale (the writes refused because another thread saved first)."""

import datetime
import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from claims.ingest.importer import import_article  # noqa: E402
from claims.ingest.readers import Defaults, record_from_text  # noqa: E402
from claims.models import Article, Claim  # noqa: E402
from claims.reconcile.errors import StaleVersion  # noqa: E402
from claims.reconcile.review import accept_claim, reject_claim  # noqa: E402

THREADS = 4
DAY = datetime.date(2025, 5, 6)
errors, stale = [], []


def story(key: str) -> str:
    return f"Report {key}: officials said {len(key) * 13} people were hurt and 4 died in district {key}."


def run_threads(work) -> None:
    threads = [threading.Thread(target=guarded, args=(work, index)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def guarded(work, index: int) -> None:
    try:
        work(index)
    except Exception as error:  # noqa: BLE001 - every unexpected failure is what the test counts
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connection.close()


def imports(index: int) -> None:
    # Every thread imports the same ten shared stories and five of its own.
    for key in [f"shared{n}" for n in range(10)] + [f"own{index}-{n}" for n in range(5)]:
        import_article(record_from_text(key, story(key), Defaults(publisher=f"Outlet {index}", published_on=DAY)))


def reviews(index: int) -> None:
    claims = list(Claim.objects.order_by("pk"))
    for claim in claims[index::THREADS]:
        try:
            (accept_claim if claim.pk % 2 else reject_claim)(
                claim, actor=REVIEWER, version=claim.version, **({} if claim.pk % 2 else {"reason": "duplicate"}))
        except StaleVersion:
            stale.append(claim.pk)


def race(index: int) -> None:
    # Every thread saves the same claim with the same version, as four reviewers on one page would.
    try:
        reject_claim(RACED, actor=REVIEWER, version=RACED.version, reason="duplicate")
    except StaleVersion:
        stale.append(RACED.pk)


call_command("migrate", verbosity=0)
from django.contrib.auth.models import Group, User  # noqa: E402

REVIEWER = User.objects.create_user("concurrent-reviewer")
REVIEWER.groups.add(Group.objects.get(name="reviewer"))
run_threads(imports)
articles = Article.objects.count()
duplicates = articles - Article.objects.values("content_hash").distinct().count()
run_threads(reviews)
reviewed = Claim.objects.exclude(status="pending").count()
RACED = Claim.objects.order_by("pk").first()
run_threads(race)
print(json.dumps({"errors": errors, "articles": articles, "duplicates": duplicates,
                  "claims": Claim.objects.count(), "reviewed": reviewed, "stale": len(stale)}))
