"""Rate limit for anonymous clients, read from ``settings.API_ANON_THROTTLE_RATE`` at request time (so a
deployment, or a test, can change it); ``None`` turns it off. Clients are told apart by
factcheck.network.client_address, which trusts X-Forwarded-For only behind ``settings.NUM_PROXIES`` proxies."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from factcheck.network import client_address


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self) -> str | None:
        return getattr(settings, "API_ANON_THROTTLE_RATE", None)

    def get_ident(self, request) -> str:
        # DRF's own reads NUM_PROXIES once at import time; this one follows the setting.
        return client_address(request)
