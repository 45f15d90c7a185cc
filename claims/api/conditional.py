"""Conditional GET: an ETag and Last-Modified on every read, and 304 Not Modified when they still match.

The validators come from one cheap query over the whole data set (counts, the latest change times and the
sum of the optimistic-locking versions of claims, articles, figures, verdicts and publishers), so any
write that can change what a read shows, including a verdict published or withdrawn (which changes
which claims are visible without touching them), gives a new ETag. The ETag also covers the request path
and query, the negotiated format and whether the client sees unverified data. Coarse but correct: a
change anywhere invalidates every cached read, and computing it costs one query, never a scan of rows.
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
        digest, latest = data_stamp()
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
