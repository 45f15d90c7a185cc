"""The signature on every webhook POST, and how a receiver checks it.

Headers sent with the raw JSON body:

- ``X-Factcheck-Event``: ``verdict.published`` or ``verdict.withdrawn``;
- ``X-Factcheck-Delivery``: a UUID shared by every attempt of one event to one subscriber (deduplicate on it);
- ``X-Factcheck-Timestamp``: the attempt's time in whole seconds since the epoch;
- ``X-Factcheck-Signature``: ``sha256=`` + hex HMAC-SHA256, keyed with the subscriber's secret, over
  ``timestamp + "." + raw body`` (bytes). Covering the timestamp lets a receiver refuse replays: check the
  signature with ``hmac.compare_digest`` and that the timestamp is recent (TOLERANCE_SECONDS).
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Factcheck-Signature"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
EVENT_HEADER = "X-Factcheck-Event"
DELIVERY_HEADER = "X-Factcheck-Delivery"
SCHEME = "sha256="
TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Factcheck-Signature value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return SCHEME + digest


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, now: int) -> bool:
    """What a receiver does: True when the signature matches and the timestamp is within tolerance."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, sent, body), signature or "")
