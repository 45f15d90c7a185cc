"""Conditional GET: an ETag and Last-Modified on every read, and 304 Not Modified when they still match.

The validators come from the data stamps the core keeps (claims.reconcile.stamps), one small row read per
request: clients who see unverified data get the staff stamp, which every write that can change what a read
shows moves; everyone else (anonymous clients) gets the public stamp, which moves only when verified data
does (publishing or withdrawing a verdict, any change of a verified claim, figure, article, publisher or
originator), so a reviewer working on pending claims changes neither their ETag nor their Last-Modified,
which would otherwise tell the outside that work is going on. The ETag also covers the request path and
query, the negotiated format and whether the client sees unverified data.

Because what a read shows depends on nothing else, the rendered body of a JSON, CSV or JSON-LD read is kept
in Django's cache under its ETag for ``API_RESPONSE_CACHE_SECONDS``: the next client asking the same
question before the stamp moves gets the stored bytes after one query. A write moves the stamp, so a stored
body is never served for data that has changed since. Only those formats are stored: an HTML view would
name the user and carry a CSRF token.
"""


from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from claims.reconcile import stamps
from claims.reconcile.visibility import sees_unverified


def audience(user) -> str:
    """The stamp whose data ``user`` sees: the staff one for a client who sees unverified data, else the
    public one (claims.reconcile.stamps). Part of the ETag, so the two audiences never share one."""
    return stamps.Scope.STAFF if sees_unverified(user) else stamps.Scope.PUBLIC


# Formats whose bodies are the same for everyone in an audience (the browsable "api" view is not).
STORED_FORMATS = ("json", "csv", "jsonld")
# Headers that belong to one response, not to the stored body.
UNSTORED_HEADERS = ("vary", "etag", "last-modified", "set-cookie", "date", "retry-after")
UNSTORED_PREFIXES = ("x-ratelimit", "ratelimit")


class ConditionalReadMixin:
    """For ViewSets: answer 304 to a GET whose If-None-Match / If-Modified-Since still match; otherwise
    add ETag and Last-Modified to the 200 response."""

    def _not_modified(self, request):
        renderer_format = getattr(getattr(request, "accepted_renderer", None), "format", "")
        self._etag, self._last_modified = stamps.validators(
            audience(request.user), request.get_full_path(), renderer_format)
        stored = renderer_format in STORED_FORMATS and settings.API_RESPONSE_CACHE_SECONDS
        self._cache_key = f"api-body:{self._etag}" if stored else None
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
        if self._cache_key and (stored := cache.get(self._cache_key)) is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        return None

    def _store(self, response) -> None:
        headers = [(name, value) for name, value in response.items()
                   if name.lower() not in UNSTORED_HEADERS and not name.lower().startswith(UNSTORED_PREFIXES)]
        cache.set(self._cache_key, (response.content, headers), settings.API_RESPONSE_CACHE_SECONDS)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and hasattr(self, "_etag"):
            response["ETag"] = self._etag
            if self._last_modified is not None:
                response["Last-Modified"] = http_date(self._last_modified)
            if getattr(self, "_cache_key", None) and hasattr(response, "add_post_render_callback"):
                response.add_post_render_callback(self._store)
        # Vary (the format and who asks) is set on every /api/ answer by claims.api.headers.
        return response
