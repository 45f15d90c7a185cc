"""Who is asking: the client address behind the trusted proxies, the sign-in lockout's backend and its answer.

``settings.NUM_PROXIES`` (env ``FACTCHECK_NUM_PROXIES``, 0 by default) is how many reverse proxies of the
deployment stand in front of the server, each appending the address it saw to ``X-Forwarded-For``. With none,
the header is the client's own words and is ignored: the address is the connection's (``REMOTE_ADDR``), so a
client cannot pick a fresh address per request to dodge the API throttle or the login lockout. With N, the
address is the one the outermost trusted proxy saw: the N-th entry from the right.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

LOCKED_OUT = (
    "Too many failed sign-ins for this account or from this address; try again in {minutes} minutes."
)


def client_address(request: HttpRequest) -> str:
    """The client's address as the trusted proxies report it (see the module docstring); '' if unknown."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: 429 with LOCKED_OUT, in JSON for the API."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    message = LOCKED_OUT.format(minutes=seconds // 60)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    # At most the cool-off: the lock may lift sooner when the earliest counted failure ages out.
    response["Retry-After"] = str(seconds)
    return response


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check before the password is tried. A sign-in without a request (the test client's
    ``login``, a script calling ``authenticate``) has no address to count against and is not an HTTP
    guess: it passes to the next backend instead of failing. Every sign-in page and the token endpoint
    pass their request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
