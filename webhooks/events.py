"""The core's listener (claims.reconcile.events) for verdicts published or withdrawn: one delivery per subscriber.

The payload is built once, when the event happens, and every attempt sends the same bytes::

    {"event": "verdict.published", "occurred_at": "...Z",
     "verdict": <GET /api/v1/verdicts/{id}/ as JSON>,
     "claim_review": <its schema.org ClaimReview, or null for a withdrawal>}

Verified data only, as for anonymous API clients: subscribers are outside parties.
"""

from django.utils import timezone

from claims.api.exports import dumps, to_claim_review
from claims.api.serializers import VerdictSerializer, VerdictWithSourcesSerializer
from claims.models import Verdict
from claims.reconcile.events import VERDICT_PUBLISHED, VERDICT_WITHDRAWN
from claims.reconcile.visibility import verdict_sources
from webhooks.models import Subscriber
from webhooks.tasks import notify

__all__ = ["VERDICT_PUBLISHED", "VERDICT_WITHDRAWN", "verdict_event", "payload"]


def payload(event: str, verdict_id: int) -> dict:
    """The event's payload (see the module docstring). Three queries."""
    verdict = (
        Verdict.objects.filter(pk=verdict_id).with_independent_sources().with_source_counts()
        .select_related("figure").prefetch_related(verdict_sources()).get()
    )
    # The API's shape (sources as a count and a link); the ClaimReview names every source article.
    data = VerdictSerializer(verdict).data
    return {
        "event": event,
        "occurred_at": timezone.now().isoformat().replace("+00:00", "Z"),
        "verdict": data,
        "claim_review": (to_claim_review(VerdictWithSourcesSerializer(verdict).data)
                         if event == VERDICT_PUBLISHED else None),
    }


def verdict_event(event: str, verdict_id: int) -> int:
    """Owe the event to every active subscriber that wants it (a pending notification each, its first
    attempt enqueued; see webhooks.tasks); returns how many. Registered with
    ``claims.reconcile.events.listen`` by ``WebhooksConfig.ready``."""
    subscribers = [s for s in Subscriber.objects.filter(active=True) if s.wants(event)]
    if not subscribers:
        return 0
    return len(notify(subscribers=subscribers, event=event, body=dumps(payload(event, verdict_id))))
