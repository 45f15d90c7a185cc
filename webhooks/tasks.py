"""The delivery task: one signed POST attempt, logged as a Delivery row, retried with backoff on failure.

Runs through django-tasks: the database backend and ``manage.py db_worker`` in production, the immediate
backend in tests. A retry is enqueued with ``run_after`` = now + ``backoff_seconds(attempt)`` when the
backend can defer (the database one can); a backend that cannot (the immediate one) runs it at once.
Attempts stop at ``settings.WEBHOOK_MAX_ATTEMPTS``. Only 2xx counts as delivered; redirects are not
followed and no proxy from the environment is used, so a POST goes to the subscriber's address only.
"""

import datetime
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from webhooks import signing
from webhooks.models import Delivery, Subscriber

USER_AGENT = "factcheck-webhooks/1"
ERROR_MAX_LENGTH = 2000


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def backoff_seconds(attempt: int) -> int:
    """Delay before the attempt after ``attempt``: the base, doubled for each attempt already made."""
    return settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1)


def post(subscriber: Subscriber, *, event: str, delivery_id: str, body: str, attempt: int) -> Delivery:
    """One signed POST of ``body`` to the subscriber; returns the Delivery row logging it (never raises for
    a network or HTTP failure: those are the row's ``status_code`` and ``error``)."""
    started = timezone.now()
    raw = body.encode()
    timestamp = int(time.time())
    request = urllib.request.Request(subscriber.url, data=raw, method="POST", headers={
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.EVENT_HEADER: event,
        signing.DELIVERY_HEADER: delivery_id,
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.sign(subscriber.secret, timestamp, raw),
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
    return Delivery.objects.create(
        subscriber=subscriber, event=event, delivery_id=delivery_id, payload=json.loads(body),
        attempt=attempt, status_code=status_code, error=error[:ERROR_MAX_LENGTH], started_at=started,
        finished_at=timezone.now(),
    )


@task()
def deliver(subscriber_id: int, event: str, delivery_id: str, body: str, attempt: int = 1) -> int | None:
    """Attempt one delivery and schedule the next on failure; returns the HTTP status (None: no answer,
    or the subscriber is gone or inactive)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id, active=True).first()
    if subscriber is None:
        return None
    delivery = post(subscriber, event=event, delivery_id=delivery_id, body=body, attempt=attempt)
    if not delivery.succeeded and attempt < settings.WEBHOOK_MAX_ATTEMPTS:
        retry(subscriber_id, event, delivery_id, body, attempt=attempt + 1)
    return delivery.status_code


def retry(subscriber_id: int, event: str, delivery_id: str, body: str, *, attempt: int) -> None:
    """Enqueue attempt number ``attempt`` after its backoff delay (at once on a backend without defer)."""
    runner = deliver
    if deliver.get_backend().supports_defer:
        delay = datetime.timedelta(seconds=backoff_seconds(attempt - 1))
        runner = deliver.using(run_after=timezone.now() + delay)
    runner.enqueue(subscriber_id, event, delivery_id, body, attempt)
