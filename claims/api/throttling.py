"""Rate limit for anonymous clients, read from ``settings.API_ANON_THROTTLE_RATE`` at request time (so a
deployment, or a test, can change it); ``None`` turns it off."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self) -> str | None:
        return getattr(settings, "API_ANON_THROTTLE_RATE", None)
