"""Independent sources: a wire story reprinted by several outlets is one source, not several.

At import each article gets a fingerprint (a MinHash sketch of its word shingles, claims.ingest.similarity) and
its locality-sensitive-hashing buckets (``ArticleBucket``). The candidates are the articles published
within SYNDICATION_WINDOW_DAYS of it that share a bucket, found through the buckets' index, so the cost of
an import does not grow with the number of stored articles. When a candidate's estimated similarity
passes ESTIMATE_THRESHOLD, the exact Jaccard similarity of the two texts decides (COPY_THRESHOLD). Copies point to the earliest original (``Article.copy_of``; earliest by publication
date, then by id), so a chain of reprints stays one level deep.

Independence rule: the independent sources of a figure (or a verdict) are the distinct publishers of
the *original* articles behind its accepted claims, a copy counting as its original. Two reprints of one
wire story count once; two separate stories by the same outlet also count once, since one newsroom's
reporting is not independent of itself. Read it with ``Figure.objects.with_independent_sources()`` or
``Verdict.objects.with_independent_sources()`` (one query for a whole list).
"""

import datetime

from django.db import transaction

from claims.ingest.similarity import band_keys, estimate, jaccard, shingle_hashes, shingles, signature, sketch
from claims.models import Article, ArticleBucket
from claims.reconcile import stamps

SYNDICATION_WINDOW_DAYS = 30
ESTIMATE_THRESHOLD = 0.4
COPY_THRESHOLD = 0.5


def _order(article: Article) -> tuple[datetime.date, int]:
    return (article.published_on, article.pk)


@transaction.atomic
def fingerprint_article(article: Article) -> Article | None:
    """Store the article's fingerprint and link it with the copies or original it has among stored
    articles; return the original it copies (None when it is an original or has no near duplicate).

    When the new article is older than the group it joins (imported out of order) it becomes the
    original and the others are re-pointed to it. Five queries plus one per confirmed match, whatever the
    number of stored articles.
    """
    hashes = shingle_hashes(article.body)
    article.fingerprint = sketch(article.body, hashes=hashes)
    keys = band_keys(signature(article.body, hashes=hashes))
    ArticleBucket.objects.filter(article=article).delete()
    ArticleBucket.objects.bulk_create(ArticleBucket(article=article, key=key) for key in set(keys))
    window = datetime.timedelta(days=SYNDICATION_WINDOW_DAYS)
    nearby = (
        Article.objects.exclude(pk=article.pk)
        .filter(pk__in=ArticleBucket.objects.filter(key__in=keys).values("article_id"))
        .filter(published_on__range=_around(article.published_on, window))
        .only("pk", "published_on", "fingerprint", "copy_of_id")
    )
    close = [
        other.pk for other in nearby
        if estimate(article.fingerprint, other.fingerprint) >= ESTIMATE_THRESHOLD
    ]
    own = shingles(article.body)
    matches = [
        other for other in Article.objects.filter(pk__in=close).only("pk", "published_on", "body", "copy_of_id")
        if jaccard(own, shingles(other.body)) >= COPY_THRESHOLD
    ]
    roots = {match.copy_of_id or match.pk for match in matches}
    group = list(Article.objects.filter(pk__in=roots).only("pk", "published_on")) + [article]
    original = min(group, key=_order)
    article.copy_of = None if original.pk == article.pk else original
    article.save(update_fields=["fingerprint", "copy_of"])
    others = roots - {original.pk}
    if others:
        # The newcomer predates a group it joins (imported out of order), or joins two groups at once:
        # everything points to the earliest original.
        moved = [*Article.objects.filter(copy_of__in=others).values_list("pk", flat=True), *others]
        Article.objects.filter(pk__in=moved).update(copy_of=original)
        stamps.changed(Article, moved)
    return article.copy_of


def _around(day: datetime.date, window: datetime.timedelta) -> tuple[datetime.date, datetime.date]:
    """``day`` plus or minus ``window``, held inside the dates Python can represent."""
    low = day - window if day - datetime.date.min > window else datetime.date.min
    high = day + window if datetime.date.max - day > window else datetime.date.max
    return low, high
