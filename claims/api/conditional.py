"""Conditional GET: an ETag and Last-Modified on every read, and 304 Not Modified when they still match.

The validators come from one query: for clients who see unverified data, over the whole data set (counts,
the latest change times and the sum of the optimistic-locking versions of claims, articles, figures, verdicts
and publishers), so any write that can change what a read shows gives a new ETag; for everyone else
(anonymous clients), over the verified data only (``public_stamp``: published verdicts, the accepted claims
under them, their figures, articles and publishers), so a reviewer working on pending claims changes
neither their ETag nor their Last-Modified, which would otherwise tell the outside that work is going on.
Publishing or withdrawing a verdict, and any change of a verified claim, figure or article, does change it.
The ETag also covers the request path and query, the negotiated format and whether the client sees
unverified data.
"""

import datetime
import hashlib

from django.db import connection
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from claims.models import Article, Claim, Figure, Publisher, Verdict
from claims.reconcile.visibility import sees_unverified

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


def stamp_for(user) -> tuple[str, datetime.datetime | None]:
    """``data_stamp`` for a client who sees unverified data, else ``public_stamp``."""
    return data_stamp() if sees_unverified(user) else public_stamp()


def _as_datetime(value) -> datetime.datetime | None:
    # SQLite returns the text it stored; PostgreSQL a datetime.
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.timezone.utc)
    return parsed


class ConditionalReadMixin:
    """For ViewSets: answer 304 to a GET whose If-None-Match / If-Modified-Since still match; otherwise
    add ETag and Last-Modified to the 200 response."""

    def _not_modified(self, request):
        digest, latest = stamp_for(request.user)
        renderer = getattr(request, "accepted_renderer", None)
        key = "|".join([digest, request.get_full_path(), getattr(renderer, "format", ""),
                        str(sees_unverified(request.user))])
        self._etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        # Whole seconds, as HTTP dates carry them, so If-Modified-Since with our own date matches.
        self._last_modified = int(latest.timestamp()) if latest else None
        return get_conditional_response(request._request, etag=self._etag,
                                        last_modified=self._last_modified)

    def list(self, request, *args, **kwargs):
        return self._conditional(request) or super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._conditional(request) or super().retrieve(request, *args, **kwargs)

    def _conditional(self, request):
        response = self._not_modified(request)
        if response is not None:
            # Django's 304 must keep the validators, as RFC 9110 asks.
            response["ETag"] = self._etag
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and hasattr(self, "_etag"):
            response["ETag"] = self._etag
            if self._last_modified is not None:
                response["Last-Modified"] = http_date(self._last_modified)
        # What a read shows depends on the format and on who asks.
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
        return response
