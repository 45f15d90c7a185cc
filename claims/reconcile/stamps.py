"""Digests of the data's state, for conditional requests (ETag / Last-Modified) of the API and the public
pages: ``data_stamp`` over everything, ``public_stamp`` over what anonymous readers see (the rule of
claims.reconcile.visibility), each one query.

A reviewer working on pending claims changes ``data_stamp`` but not ``public_stamp``, so the validators
anonymous readers get never tell the outside that work is going on; publishing or withdrawing a verdict, and
any change of a verified claim, figure or article, does change it.
"""

import datetime
import hashlib

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims.models import Article, Claim, Figure, Publisher, Verdict

_PARTS = (
    (Claim, "COUNT(*)"), (Claim, "MAX(updated_at)"), (Claim, "SUM(version)"),
    (Article, "COUNT(*)"), (Article, "MAX(updated_at)"),
    (Figure, "COUNT(*)"), (Figure, "MAX(updated_at)"), (Figure, "SUM(version)"),
    (Verdict, "COUNT(*)"), (Verdict, "MAX(published_at)"), (Verdict, "MAX(withdrawn_at)"),
    (Verdict, "SUM(version)"),
    (Publisher, "COUNT(*)"), (Publisher, "MAX(created_at)"),
)
_TIMES = (1, 4, 6, 9, 10, 13)


def data_stamp() -> tuple[str, datetime.datetime | None]:
    """A digest of the data set's state and its latest change time (None when empty). One query."""
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT {expr} FROM {quote(model._meta.db_table)})" for model, expr in _PARTS)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    times = [_as_datetime(row[index]) for index in _TIMES]
    latest = max((t for t in times if t is not None), default=None)
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32], latest


def public_stamp() -> tuple[str, datetime.datetime | None]:
    """``data_stamp`` over what anonymous clients see (claims.reconcile.visibility): published, not
    withdrawn verdicts (and the latest withdrawal), the verified claims, the figures and articles carrying
    them and those articles' publishers. One query."""
    q = connection.ops.quote_name
    verdict, claim, figure = (q(m._meta.db_table) for m in (Verdict, Claim, Figure))
    article, publisher = q(Article._meta.db_table), q(Publisher._meta.db_table)
    through = Verdict.claims.through._meta
    rests, on_verdict = q(through.db_table), q(through.get_field("verdict").column)
    on_claim = q(through.get_field("claim").column)
    published = "{v}.published_at IS NOT NULL AND {v}.withdrawn_at IS NULL"
    verified = (
        f"c.status = %s AND EXISTS (SELECT 1 FROM {rests} r JOIN {verdict} v ON v.id = r.{on_verdict} "
        f"WHERE r.{on_claim} = c.id AND {published.format(v='v')})"
    )
    figures = f"EXISTS (SELECT 1 FROM {verdict} v WHERE v.figure_id = f.id AND {published.format(v='v')})"
    articles = f"EXISTS (SELECT 1 FROM {claim} c WHERE c.article_id = a.id AND {verified})"
    publishers = (f"EXISTS (SELECT 1 FROM {article} a WHERE a.publisher_id = p.id AND {articles})")
    parts = [
        (f"COUNT(*) FROM {verdict} w WHERE {published.format(v='w')}", ()),
        (f"SUM(w.version) FROM {verdict} w WHERE {published.format(v='w')}", ()),
        (f"MAX(w.published_at) FROM {verdict} w WHERE {published.format(v='w')}", ()),
        (f"MAX(w.withdrawn_at) FROM {verdict} w", ()),
        (f"COUNT(*) FROM {claim} c WHERE {verified}", ("accepted",)),
        (f"SUM(c.version) FROM {claim} c WHERE {verified}", ("accepted",)),
        (f"MAX(c.updated_at) FROM {claim} c WHERE {verified}", ("accepted",)),
        (f"COUNT(*) FROM {figure} f WHERE {figures}", ()),
        (f"SUM(f.version) FROM {figure} f WHERE {figures}", ()),
        (f"MAX(f.updated_at) FROM {figure} f WHERE {figures}", ()),
        (f"COUNT(*) FROM {article} a WHERE {articles}", ("accepted",)),
        (f"MAX(a.updated_at) FROM {article} a WHERE {articles}", ("accepted",)),
        (f"COUNT(*) FROM {publisher} p WHERE {publishers}", ("accepted",)),
    ]
    sql = "SELECT " + ", ".join(f"(SELECT {part})" for part, _ in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for _, params in parts for param in params])
        row = cursor.fetchone()
    times = [_as_datetime(row[index]) for index in (2, 3, 6, 9, 11)]
    latest = max((t for t in times if t is not None), default=None)
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32], latest


def _as_datetime(value) -> datetime.datetime | None:
    # SQLite returns the text it stored; PostgreSQL a datetime.
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.timezone.utc)
    return parsed
