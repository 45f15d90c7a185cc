"""Rate limits of the API, and what they tell the client.

Anonymous clients share ``settings.API_ANON_THROTTLE_RATE`` per address (told apart by
factcheck.network.client_address, which trusts X-Forwarded-For only behind ``settings.NUM_PROXIES`` proxies);
clients with valid credentials (token or session) get ``settings.API_USER_THROTTLE_RATE`` per user, on every
endpoint, the full export included. Both are read at request time (a deployment, or a test, can change
them); ``None`` turns one off.

Each throttle that counted the request leaves a ``RateLimit`` on the Django request; claims.api.headers turns
the tightest one into ``X-RateLimit-Limit`` (requests allowed per window), ``X-RateLimit-Remaining`` (left in
the current window) and ``X-RateLimit-Reset`` (seconds until the oldest counted request leaves the window,
so one more is allowed). A refusal is a 429 with ``Retry-After`` in seconds (DRF's Throttled).
"""

import math
from dataclasses import dataclass

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from factcheck.network import client_address

ATTRIBUTE = "rate_limit"


@dataclass(frozen=True)
class RateLimit:
    limit: int
    remaining: int
    reset: int


class _Reporting:
    """Records the throttle's state on the request after it counted it (or refused it)."""

    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "key", None) is not None:
            history = self.history
            reset = math.ceil(history[-1] + self.duration - self.now) if history else self.duration
            found = RateLimit(self.num_requests, max(self.num_requests - len(history), 0), max(reset, 0))
            current = getattr(request._request, ATTRIBUTE, None)
            if current is None or found.remaining < current.remaining:
                setattr(request._request, ATTRIBUTE, found)
        return allowed


class AnonymousThrottle(_Reporting, AnonRateThrottle):
    def get_rate(self) -> str | None:
        return getattr(settings, "API_ANON_THROTTLE_RATE", None)

    def get_ident(self, request) -> str:
        # DRF's own reads NUM_PROXIES once at import time; this one follows the setting.
        return client_address(request)


class UserThrottle(_Reporting, SimpleRateThrottle):
    """Per signed-in user (token or session); anonymous requests are AnonymousThrottle's."""

    scope = "user"

    def get_rate(self) -> str | None:
        return getattr(settings, "API_USER_THROTTLE_RATE", None)

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
