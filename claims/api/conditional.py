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

from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

# The stamps are computed in the core, which the public pages (claims.web) share; re-exported here.
from claims.reconcile.stamps import data_stamp, public_stamp
from claims.reconcile.visibility import sees_unverified

def stamp_for(user) -> tuple[str, datetime.datetime | None]:
    """``data_stamp`` for a client who sees unverified data, else ``public_stamp``."""
    return data_stamp() if sees_unverified(user) else public_stamp()


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
