"""Fill an empty database with realistic review data at any size, by bulk insert.

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 python bench/generate.py --claims 10000
    scripts/with-postgres python bench/generate.py --claims 1000000

The database is migrated first and must hold no articles. The mix follows a monitoring desk's after a few
months (the issue's measurements): ten claims per article, one figure per 90 claims with about 40 % of the
claims grouped, statuses 60 % pending / 30 % accepted / 10 % rejected, a published verdict on 30 % of the
figures (rated mostly verified), 5 % of the articles reprints of another outlet's, originators on about
half of the claims. The texts are the generator's own wording, built from templates; every claim's offsets
point into its article's body. Figures' stored summaries are computed at the end with
claims.reconcile.summaries (its rate is printed, a baseline for the migration's backfill).

Prints the row counts and the seconds per stage. Deterministic for a given --seed.
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.models import Article, Claim, Figure, Originator, Publisher, Verdict, refresh_verified  # noqa: E402
from claims.reconcile.summaries import refresh_all_figure_summaries  # noqa: E402

CLAIMS_PER_ARTICLE = 10
CLAIMS_PER_FIGURE = 90
GROUPED_SHARE = 0.4
STATUS_WEIGHTS = {"pending": 60, "accepted": 30, "rejected": 10}
VERDICT_SHARE = 0.3
REPRINT_SHARE = 0.05
BATCH = 5000
START = datetime.date(2012, 1, 1)
DAYS = 4 * 365

PLACES = ["Aleppo", "Harbin", "Lagos", "Quito", "Tromso", "Kherson", "Mosul", "Dhaka", "Gaza", "Kano", "Idlib",
          "Bamako", "Sana'a", "Tigray", "Darfur", "Rakhine", "Cabo Delgado", "Donetsk", "Khartoum", "Goma"]
EVENTS = ["floods", "earthquake", "siege", "cholera outbreak", "civil war", "landslide", "heat wave", "famine",
          "shelling", "ferry disaster", "wildfires", "drought"]
KINDS = [("death_toll", "people", "people were killed"), ("injured", "people", "people were injured"),
         ("displaced", "people", "people have fled their homes"), ("money", "dollars", "dollars in damage"),
         ("count", "homes", "homes were destroyed"), ("quantity", "tonnes", "tonnes of aid arrived")]
SOURCES = ["the health ministry", "the United Nations", "local officials", "the Red Crescent", "a monitoring group",
           "the provincial governor", "aid workers", "the civil defence", "police", "the World Health Organization"]
QUALIFIERS = [("exact", "", 1.0, 1.0), ("more_than", "more than ", 1.0, None), ("approximately", "about ", 1.0, 1.0),
              ("at_least", "at least ", 1.0, None), ("at_most", "up to ", None, 1.0)]
FILLER = [
    "Rescue teams worked through the night while relatives waited at the edge of the cordon.",
    "Roads into the district remained closed on {day}, and supplies were moved by boat.",
    "The figures could not be independently confirmed, and earlier estimates varied widely.",
    "Residents described the scene as the worst they could remember in decades.",
    "A spokesperson said a fuller account would be published after the survey teams returned.",
    "Opposition groups accused the authorities of playing down the scale of the damage.",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000, help="number of claims (default 10,000)")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


def stage(name: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {name:<34} {now - started:8.1f} s", flush=True)
    return now


def article_text(rng: random.Random, index: int, publisher: str, day: datetime.date, count: int):
    """The body of one article and its claim spans: (body, [(start, end, text, sentence, kind fields...)])."""
    place, event = rng.choice(PLACES), rng.choice(EVENTS)
    parts = [f"{place} {event}: officials update the toll ({publisher}, report {index})."]
    spans = []
    length = len(parts[0]) + 1
    for _ in range(count):
        kind, unit, tail = rng.choice(KINDS)
        qualifier, words, low_factor, high_factor = rng.choice(QUALIFIERS)
        value = rng.choice([12, 40, 85, 130, 400, 1200, 5000, 14000, 45000, 120000]) * rng.randint(1, 9)
        source = rng.choice(SOURCES)
        number = f"{value:,}"
        sentence = f"In {place}, {words}{number} {tail} since the {event} began, {source} said."
        start = length + sentence.index(number) - len(words)
        text = f"{words}{number} {tail.split()[0]}"
        spans.append({
            "start": start, "end": start + len(text), "text": text, "sentence": sentence, "kind": kind,
            "unit": unit, "qualifier": qualifier, "attribution": source,
            "low": Decimal(value) if low_factor else None, "high": Decimal(value) if high_factor else None,
            "subject": f"{tail.split()[0]} {tail.split()[-1]} in the {place} {event}",
        })
        parts.append(sentence)
        length += len(sentence) + 1
        filler = rng.choice(FILLER).format(day=f"{day:%A}")
        parts.append(filler)
        length += len(filler) + 1
    return " ".join(parts), spans


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    print(f"generate {args.claims:,} claims on {connection.vendor} ({connection.settings_dict['NAME']})")
    if connection.vendor == "sqlite":
        # A throwaway bench database: no fsync per commit (the machine's disk, not the app, would be measured).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        raise SystemExit("the database already holds articles: generate into an empty one")
    started = stage("migrate", started)

    User = get_user_model()
    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    for group in ("editor", "reviewer"):
        editor.groups.add(Group.objects.get(name=group))
    publishers = Publisher.objects.bulk_create(
        Publisher(name=f"{place} {kind}", domain=f"{place.lower().replace(' ', '')}-{kind}.example")
        for place in PLACES for kind in ("Herald", "Post", "Courier"))
    originators = Originator.objects.bulk_create(Originator(name=name) for name in SOURCES)
    origin_of = {o.name: o.pk for o in originators}

    articles_wanted = max(1, args.claims // CLAIMS_PER_ARTICLE)
    figures_wanted = max(1, args.claims // CLAIMS_PER_FIGURE)
    figures = Figure.objects.bulk_create(
        Figure(name=f"{rng.choice(PLACES)} {rng.choice(EVENTS)} {kind.replace('_', ' ')} #{n}", kind=kind, unit=unit,
               cumulative=kind == "death_toll", status="confirmed" if rng.random() < 0.8 else "proposed")
        for n, (kind, unit, _) in ((n, rng.choice(KINDS)) for n in range(figures_wanted)))
    by_kind = {}
    for figure in figures:
        by_kind.setdefault(figure.kind, []).append(figure.pk)
    started = stage(f"users, {len(publishers)} publishers, {len(figures):,} figures", started)

    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    reasons = [r for r, _ in Claim.RejectionReason.choices]
    made = 0
    claim_total = 0
    article_ids = []
    while made < articles_wanted:
        chunk = min(BATCH // CLAIMS_PER_ARTICLE, articles_wanted - made)
        rows, spans_of = [], []
        for n in range(made, made + chunk):
            publisher = rng.choice(publishers)
            day = START + datetime.timedelta(days=rng.randrange(DAYS))
            body, spans = article_text(rng, n, publisher.name, day, CLAIMS_PER_ARTICLE)
            copy_of = rng.choice(article_ids) if article_ids and rng.random() < REPRINT_SHARE else None
            rows.append(Article(publisher=publisher, title=body.split(":")[0] + f" ({n})", published_on=day, body=body,
                                content_hash=f"bench-{args.seed}-{n:012d}", extractor_version="bench",
                                copy_of_id=copy_of))
            spans_of.append(spans)
        with transaction.atomic():
            stored = Article.objects.bulk_create(rows)
            claims = []
            for article, spans in zip(stored, spans_of, strict=True):
                article_ids.append(article.pk)
                for span in spans:
                    status = rng.choices(statuses, weights)[0]
                    grouped = status != "rejected" and rng.random() < GROUPED_SHARE and span["kind"] in by_kind
                    claims.append(Claim(
                        article_id=article.pk, as_of=article.published_on - datetime.timedelta(days=rng.randrange(3)),
                        status=status, rejection_reason=rng.choice(reasons) if status == "rejected" else "",
                        figure_id=rng.choice(by_kind[span["kind"]]) if grouped else None,
                        originator_id=origin_of[span["attribution"]] if rng.random() < 0.5 else None,
                        extractor_version="bench", version=1 if status == "pending" else 2,
                        extracted={}, **{k: v for k, v in span.items()},
                    ))
            Claim.objects.bulk_create(claims, batch_size=1000)
        claim_total += len(claims)
        made += chunk
        if made % (BATCH * 4 // CLAIMS_PER_ARTICLE) == 0 or made == articles_wanted:
            print(f"    {made:,} articles, {claim_total:,} claims", flush=True)
    started = stage(f"{made:,} articles, {claim_total:,} claims", started)

    now = timezone.now()
    verdicts, through = [], []
    accepted = {}
    for pk, figure_id, as_of, low, high in (Claim.objects.filter(status="accepted").exclude(figure=None)
                                            .values_list("pk", "figure_id", "as_of", "low", "high").iterator()):
        accepted.setdefault(figure_id, []).append((pk, as_of, low, high))
    chosen = [pk for pk in accepted if rng.random() < VERDICT_SHARE / max(0.01, len(accepted) / len(figures))]
    for figure_id in chosen:
        resting = sorted(accepted[figure_id], key=lambda row: row[1])[-3:]
        _, as_of, low, high = resting[-1]
        verdicts.append(Verdict(figure_id=figure_id, as_of=as_of, low=low, high=high, reviewer=editor,
                                rating=rng.choices(["verified", "disputed", "unverifiable"], [70, 20, 10])[0],
                                published_at=now - datetime.timedelta(days=rng.randrange(60))))
        through.append([row[0] for row in resting])
    stored = Verdict.objects.bulk_create(verdicts, batch_size=1000)
    Link = Verdict.claims.through
    Link.objects.bulk_create((Link(verdict_id=v.pk, claim_id=c) for v, cs in zip(stored, through, strict=True)
                              for c in cs), batch_size=5000)
    started = stage(f"{len(stored):,} published verdicts", started)
    # The links went in by bulk_create, past the core: the stored verified flag follows in one UPDATE.
    verified = refresh_verified()
    started = stage(f"verified flag of {verified:,} claims", started)

    refreshed = refresh_all_figure_summaries()
    elapsed = time.perf_counter() - started
    stage(f"summaries of {refreshed:,} figures", started)
    print(f"  summaries: {refreshed / elapsed:,.0f} figures/s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"done: {Article.objects.count():,} articles, {Claim.objects.count():,} claims, "
          f"{Figure.objects.count():,} figures, {Verdict.objects.count():,} verdicts")


if __name__ == "__main__":
    main()
