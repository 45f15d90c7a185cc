"""Headers every response under /api/ carries, whatever answered it (a view, a middleware, the JSON 404):
caching rules, what varies them, and the client's rate-limit state.

``Cache-Control``: ``public, max-age=API_PUBLIC_MAX_AGE`` (seconds) for a read of verified data by an
anonymous client (GET or HEAD answered 200 or 304, no credentials sent): any cache may keep it briefly, and
the ETag revalidates it after. Everything else, a privileged or signed-in read, an error, a write, is
``private, no-cache``: only the client keeps it, and revalidates it (ETag, If-None-Match) before each use.
``Vary: Accept, Authorization, Cookie``: the format and who asks change the answer. Rate limits: see
claims.api.throttling.
"""

from django.conf import settings
from django.utils.cache import patch_vary_headers

from claims.api.limits import API_PREFIX
from claims.api.throttling import ATTRIBUTE

PRIVATE = "private, no-cache"
PUBLIC = "public, max-age={seconds}"
VARY = ("Accept", "Authorization", "Cookie")


class ApiHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            add_headers(request, response)
        return response


def add_headers(request, response) -> None:
    """Set Cache-Control, Vary and the X-RateLimit-* headers on an /api/ response."""
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = PUBLIC.format(seconds=settings.API_PUBLIC_MAX_AGE) if _public(
            request, response) else PRIVATE
    patch_vary_headers(response, VARY)
    limit = getattr(request, ATTRIBUTE, None)
    if limit is not None:
        response["X-RateLimit-Limit"] = str(limit.limit)
        response["X-RateLimit-Remaining"] = str(limit.remaining)
        response["X-RateLimit-Reset"] = str(limit.reset)


def _public(request, response) -> bool:
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 304):
        return False
    if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)
