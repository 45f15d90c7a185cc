"""Independent sources: a wire story reprinted by several outlets is one source, not several.

At import each article gets a fingerprint (a MinHash sketch of its word shingles, claims.ingest.similarity)
and its locality-sensitive-hashing buckets (``ArticleBucket``). The candidates are the articles published
within SYNDICATION_WINDOW_DAYS of it that share a bucket, found through the buckets' index, so the cost of
an import does not grow with the number of stored articles. When a candidate's estimated similarity passes
ESTIMATE_THRESHOLD, the exact Jaccard similarity of the two texts decides (COPY_THRESHOLD). Copies point to
the earliest original (``Article.copy_of``; earliest by publication date, then by id), so a chain of
reprints stays one level deep. The importer fingerprints a new article before storing it
(``prepare_fingerprint``), so the article is inserted once with its fingerprint and original, and its
buckets follow in one statement (``store_fingerprint``).

Independence rule: the independent sources of a figure (or a verdict) are the distinct publishers of
the *original* articles behind its accepted claims, a copy counting as its original. Two reprints of one
wire story count once; two separate stories by the same outlet also count once, since one newsroom's
reporting is not independent of itself. Read it with ``Figure.objects.with_independent_sources()`` or
``Verdict.objects.with_independent_sources()`` (one query for a whole list).
"""

import datetime
from dataclasses import dataclass

from django.db import connections, router, transaction

from claims.chunks import chunked
from claims.ingest.bulk import insert_buckets
from claims.ingest.lookups import column, select, table
from claims.ingest.similarity import SKETCH_SIZE, band_keys, estimate, jaccard, shingle_hashes, shingles, signature
from claims.models import Article, ArticleBucket
from claims.reconcile import stamps

SYNDICATION_WINDOW_DAYS = 30
ESTIMATE_THRESHOLD = 0.4
COPY_THRESHOLD = 0.5


@dataclass(frozen=True)
class Print:
    """A text's fingerprint parts, computed once per import: its MinHash sketch (stored with the article)
    and its LSH bucket keys. (Its shingles are only needed for the exact check of a close candidate, rare:
    they are made then.)"""

    sketch: list[int]
    keys: frozenset[int]


def fingerprint_of(body: str) -> Print:
    """The sketch and bucket keys of ``body`` (pure: no database)."""
    ordered = sorted(shingle_hashes(body))  # sorted once for the sketch and the signature
    return Print(ordered[:SKETCH_SIZE], frozenset(band_keys(signature(body, ordered=ordered))))


@dataclass(frozen=True)
class Grouping:
    """What fingerprinting one article found: its bucket keys, and the originals of the groups it joined
    that must now point to its own original (an article imported out of order, or joining two groups)."""

    keys: frozenset[int]
    others: frozenset[int]


def _order(article: Article) -> tuple[datetime.date, float]:
    # An article not stored yet will get an id above every stored one.
    return (article.published_on, article.pk if article.pk is not None else float("inf"))


@transaction.atomic
def fingerprint_article(article: Article) -> Article | None:
    """Store the article's fingerprint and link it with the copies or original it has among stored
    articles; return the original it copies (None when it is an original or has no near duplicate).

    When the new article is older than the group it joins (imported out of order) it becomes the
    original and the others are re-pointed to it. Five queries plus one per confirmed match, whatever the
    number of stored articles.
    """
    grouping = prepare_fingerprint(article)
    ArticleBucket.objects.filter(article=article).delete()
    article.save(update_fields=["fingerprint", "copy_of"])
    store_fingerprint(article, grouping)
    return article.copy_of


def prepare_fingerprint(article: Article, *, printed: Print | None = None) -> Grouping:
    """Set ``article.fingerprint`` and ``article.copy_of`` (the earliest original among the stored articles
    it nearly copies, or None) without saving; the article may not be stored yet. Returns what
    ``store_fingerprint`` writes once the article is saved.

    One query for the candidates (the articles sharing a bucket within the window), plus two (their texts,
    their groups' originals) only when a candidate's sketch is close: none grows with the stored articles.
    """
    printed = fingerprint_of(article.body) if printed is None else printed
    keys = printed.keys
    article.fingerprint = printed.sketch
    close = [
        pk for pk, fingerprint in _nearby(article, keys)
        if estimate(article.fingerprint, fingerprint) >= ESTIMATE_THRESHOLD
    ]
    own = shingles(article.body) if close else frozenset()
    matches = [
        other for other in Article.objects.filter(pk__in=close).only("pk", "published_on", "body", "copy_of_id")
        if jaccard(own, shingles(other.body)) >= COPY_THRESHOLD
    ] if close else []
    roots = {match.copy_of_id or match.pk for match in matches}
    group = [*Article.objects.filter(pk__in=roots).only("pk", "published_on"), article] if roots else [article]
    original = min(group, key=_order)
    article.copy_of = None if original is article else original
    return Grouping(keys=keys, others=frozenset(roots - {original.pk}))


def store_fingerprint(article: Article, grouping: Grouping) -> None:
    """Write the buckets of a saved article (one statement) and, when it joined groups whose original is
    not its own, point those groups to its original (two statements)."""
    insert_buckets([(article.pk, key, article.published_on) for key in sorted(grouping.keys)])
    regroup(article, grouping)


# Articles fingerprinted per statement by rebuild_buckets.
REBUILT_CHUNK = 500


def rebuild_buckets() -> int:
    """Write the buckets of every stored article again from its text (after a restore: backups leave them
    out); returns the number of rows. The articles are read and written a chunk at a time, one statement
    per chunk. Expects no bucket rows (a fresh database)."""
    written = 0
    articles = Article.objects.order_by("pk").only("pk", "body", "published_on").iterator(chunk_size=REBUILT_CHUNK)
    for chunk in chunked(articles, REBUILT_CHUNK):
        written += insert_buckets([(article.pk, key, article.published_on)
                                   for article in chunk for key in sorted(fingerprint_of(article.body).keys)])
    return written


def redate_buckets(article: Article) -> None:
    """Give the saved article's buckets its publication date again, after the date changed (one statement):
    the candidates' lookup reads the date from the bucket (claims.models.ArticleBucket)."""
    ArticleBucket.objects.filter(article=article).update(published_on=article.published_on)


def regroup(article: Article, grouping: Grouping) -> None:
    """Point the groups ``grouping.others`` names to the saved article's original (two statements), or
    nothing when it names none."""
    if grouping.others:
        # The newcomer predates a group it joins (imported out of order), or joins two groups at once:
        # everything points to the earliest original.
        original = article.copy_of or article
        moved = [*Article.objects.filter(copy_of__in=grouping.others).values_list("pk", flat=True),
                 *grouping.others]
        Article.objects.filter(pk__in=moved).update(copy_of=original)
        stamps.changed(Article, moved)


class GroupCandidates:
    """Which articles of a group being imported may copy another, stored or imported earlier in the group:
    those sharing a bucket with one, within the window, whose sketches are close (ESTIMATE_THRESHOLD). One
    query for the whole group's stored candidates; the group's own articles are compared in memory. An
    article with no close candidate is an original with no reprint, as ``prepare_fingerprint`` would find;
    the others go through it."""

    def __init__(self, prints: list[tuple[datetime.date, Print]]):
        """``prints``: the publication date and fingerprint of each new article of the group."""
        self._seen: dict[int, list[tuple[datetime.date, list[int]]]] = {}
        self._stored = _stored_candidates(prints)

    def close(self, published_on: datetime.date, printed: Print) -> bool:
        """Whether a stored article, or one of the group's ``add``-ed before, is close to this one."""
        window = datetime.timedelta(days=SYNDICATION_WINDOW_DAYS)
        # An article sharing several buckets with this one is listed under each: its sketch (one list object
        # per article, which the lists hold) is compared once.
        compared = set()
        for key in printed.keys:
            for day, fingerprint in [*self._stored.get(key, ()), *self._seen.get(key, ())]:
                if id(fingerprint) in compared:
                    continue
                compared.add(id(fingerprint))
                if abs(day - published_on) <= window and estimate(printed.sketch, fingerprint) >= ESTIMATE_THRESHOLD:
                    return True
        return False

    def add(self, published_on: datetime.date, printed: Print) -> None:
        """Count an article of the group as stored for the ones after it."""
        for key in printed.keys:
            self._seen.setdefault(key, []).append((published_on, printed.sketch))


def _stored_candidates(prints: list[tuple[datetime.date, Print]]) -> dict[int, list[tuple[datetime.date, list]]]:
    """Bucket key -> (publication date, sketch) of the stored articles in that bucket published within the
    window of a new article holding the key. One query for the buckets (``_bucket_rows``: only rows within a
    window are read, however many articles share a bucket before or after it: a source's templated daily
    bulletin, the same text with new numbers each day, gathers one row a day for as long as the desk imports
    it, and reading them all made the lookup grow with the table). Then, only when some stored article is
    found, one query for the dates and sketches of those articles by primary key. ``close`` still applies
    each new article's own window."""
    window = datetime.timedelta(days=SYNDICATION_WINDOW_DAYS)
    connection = connections[router.db_for_read(Article)]
    adapt = connection.ops.adapt_datefield_value
    spans = set()
    for day, printed in prints:  # the window's ends adapted once per article, not once per key
        low, high = (adapt(end) for end in _around(day, window))
        spans.update((key, low, high) for key in printed.keys)
    if not spans:
        return {}
    sharing: dict[int, set[int]] = {}
    for key, article_id in _bucket_rows(sorted(spans), connection):
        sharing.setdefault(article_id, set()).add(key)  # a key in two windows that overlap: its rows twice
    if not sharing:
        return {}
    ids = sorted(sharing)
    pk, articles = column(Article, "pk"), table(Article)
    wanted = f"{pk} = ANY(%s)" if connection.vendor == "postgresql" else f"{pk} IN ({', '.join(['%s'] * len(ids))})"
    sql = "SELECT {pk}, {published_on}, {fingerprint} FROM {articles} WHERE {wanted}".format(
        pk=pk, published_on=column(Article, "published_on"), fingerprint=column(Article, "fingerprint"),
        articles=articles, wanted=wanted)
    params = [ids] if connection.vendor == "postgresql" else ids
    found: dict[int, list[tuple[datetime.date, list]]] = {}
    for article_id, day, fingerprint in select(Article, sql, params, convert=(None, None, "fingerprint")):
        # SQLite gives the date as text (the ORM converts it with the backend's converters, not the field).
        day = day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day)
        for key in sharing[article_id]:
            found.setdefault(key, []).append((day, fingerprint))
    return found


def _bucket_rows(spans: list[tuple[int, object, object]], connection) -> list[tuple[int, int]]:
    """(key, article id) of every bucket row whose key is that of a (key, first day, last day) triple of
    ``spans`` and whose date falls within the triple's days (both adapted for ``connection``), one index probe
    of the buckets' (key, date) index per triple, in key order.

    PostgreSQL gets the triples as three arrays and probes through a LATERAL subquery kept apart by OFFSET 0:
    joined to them as a plain join, it planned a hash join over every bucket once the triples passed a few
    thousand (4,800 triples, 100k stored articles: 167 ms, against 3 ms for 1,200 probed one by one). SQLite
    gets them as a VALUES list, which its CROSS JOIN makes the outer loop."""
    buckets, key, article, day = (table(ArticleBucket), column(ArticleBucket, "key"),
                                  column(ArticleBucket, "article"), column(ArticleBucket, "published_on"))
    if connection.vendor == "postgresql":
        sql = (f"SELECT wanted.k, found.article FROM unnest(%s::bigint[], %s::date[], %s::date[]) AS wanted(k, lo, hi) "
               f"CROSS JOIN LATERAL (SELECT {article} AS article FROM {buckets} WHERE {key} = wanted.k "
               f"AND {day} BETWEEN wanted.lo AND wanted.hi OFFSET 0) AS found")
        return select(ArticleBucket, sql, [list(column_values) for column_values in zip(*spans, strict=True)])
    sql = (f"SELECT {buckets}.{key}, {buckets}.{article} FROM (VALUES {', '.join(['(%s, %s, %s)'] * len(spans))}) "
           f"AS wanted CROSS JOIN {buckets} WHERE {buckets}.{key} = wanted.column1 "
           f"AND {buckets}.{day} BETWEEN wanted.column2 AND wanted.column3")
    return select(ArticleBucket, sql, [value for span in spans for value in span])


def _nearby(article: Article, keys: frozenset[int]) -> list[tuple[int, list[int]]]:
    """(id, fingerprint) of the other articles within the window that share a bucket with ``keys``: one
    query through the buckets' index, in plain SQL (claims.ingest.lookups: compiling it through the ORM cost
    more than running it)."""
    if not keys:
        return []
    connection = connections[router.db_for_read(Article)]
    low, high = _around(article.published_on, datetime.timedelta(days=SYNDICATION_WINDOW_DAYS))
    sql = (
        "SELECT {pk}, {fingerprint} FROM {articles} WHERE {pk} IN "
        "(SELECT {article} FROM {buckets} WHERE {key} IN ({keys}) AND {day} BETWEEN %s AND %s) "
        "AND {published_on} BETWEEN %s AND %s"
    ).format(
        pk=column(Article, "pk"), fingerprint=column(Article, "fingerprint"), articles=table(Article),
        article=column(ArticleBucket, "article"), buckets=table(ArticleBucket), key=column(ArticleBucket, "key"),
        keys=", ".join(["%s"] * len(keys)), published_on=column(Article, "published_on"),
        day=column(ArticleBucket, "published_on"),
    )
    low, high = connection.ops.adapt_datefield_value(low), connection.ops.adapt_datefield_value(high)
    params = [*keys, low, high, low, high]
    return [(pk, fingerprint) for pk, fingerprint in select(Article, sql, params, convert=(None, "fingerprint"))
            if pk != article.pk]


def _around(day: datetime.date, window: datetime.timedelta) -> tuple[datetime.date, datetime.date]:
    """``day`` plus or minus ``window``, held inside the dates Python can represent."""
    low = day - window if day - datetime.date.min > window else datetime.date.min
    high = day + window if datetime.date.max - day > window else datetime.date.max
    return low, high
