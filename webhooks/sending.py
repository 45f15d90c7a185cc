"""One signed POST to a subscriber, and nothing else: no database, no retries (see ``tasks``).

Only 2xx counts as delivered; redirects are not followed and no proxy from the environment is used, so a POST
goes to the subscriber's address only.
"""

import time
import urllib.error
import urllib.request

from django.conf import settings

from webhooks import signing

USER_AGENT = "factcheck-webhooks/1"
ERROR_MAX_LENGTH = 2000


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def post(url: str, *, secret: str, event: str, delivery_id: str, body: str) -> tuple[int | None, str]:
    """POST ``body`` signed with ``secret``; returns ``(status_code, error)``: ``(200, "")`` on success,
    ``(503, "HTTP 503 Service Unavailable")`` for an HTTP failure, ``(None, "...refused")`` when nothing
    answered. Never raises for a network or HTTP failure."""
    raw = body.encode()
    timestamp = int(time.time())
    request = urllib.request.Request(url, data=raw, method="POST", headers={
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.EVENT_HEADER: event,
        signing.DELIVERY_HEADER: delivery_id,
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.sign(secret, timestamp, raw),
    })
    status_code, error = None, ""
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            status_code = response.status
    except urllib.error.HTTPError as failure:
        status_code, error = failure.code, f"HTTP {failure.code} {failure.reason}"
    except (urllib.error.URLError, OSError, ValueError) as failure:
        error = str(getattr(failure, "reason", failure)) or type(failure).__name__
    if status_code is not None and not 200 <= status_code < 300 and not error:
        error = f"HTTP {status_code}"
    return status_code, error[:ERROR_MAX_LENGTH]
