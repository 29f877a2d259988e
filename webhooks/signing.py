"""
How a delivery is signed: HMAC-SHA256 with the webhook's secret over
"<timestamp>.<raw body>", sent as `X-Tracker-Signature: sha256=<hex>` beside
`X-Tracker-Timestamp` (Unix seconds), so a receiver can refuse a replayed or stale body. The
README shows a receiver verifying it.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Tracker-Signature"
TIMESTAMP_HEADER = "X-Tracker-Timestamp"
EVENT_HEADER = "X-Tracker-Event"
DELIVERY_HEADER = "X-Tracker-Delivery"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers(*, secret: str, timestamp: int, body: bytes, event: str, event_id: str) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": "CommitmentTracker-Webhook/1",
        SIGNATURE_HEADER: signature(secret, timestamp, body),
        TIMESTAMP_HEADER: str(timestamp),
        EVENT_HEADER: event,
        DELIVERY_HEADER: event_id,
    }


def verify(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """What a receiver does (also used by the tests): compare in constant time."""
    return hmac.compare_digest(signature(secret, int(timestamp), body), header)
