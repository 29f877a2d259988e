"""
What a delivery says. Built once, when the event happens, and kept as sent (`Delivery.body`)
so every retry sends the same bytes. Only what the receiving organization may read: its own
entry (so its reviewer's comment too) and the evidence anyone may read, never a confidential
item, a removed one or a file.
"""

import json

from django.conf import settings
from django.utils import timezone

from core.languages import english

from .choices import EventType


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def subject_of(entry) -> dict:
    if entry.state_id:
        return {"type": "state", "iso3": entry.state.iso3, "name": entry.state.name}
    organization = entry.subject_organization
    return {"type": "organization", "id": organization.pk, "name": organization.name}


def entry_payload(entry, action: str) -> dict:
    commitment = entry.commitment
    evidence = entry.evidence.public().shown().order_by("pk")
    return {
        "id": entry.pk,
        "url": absolute(entry.get_absolute_url()),
        "organization": {"id": entry.organization_id, "name": entry.organization.name},
        "subject": subject_of(entry),
        "commitment": {
            "id": commitment.pk,
            "symbol": commitment.resolution.symbol,
            "paragraph": commitment.paragraph.label,
            "reference": str(commitment),
            "url": absolute(commitment.get_absolute_url()),
        },
        "status": entry.status,
        "status_label": english(entry.get_status_display()),
        "fact_date": entry.fact_date.isoformat(),
        "summary": entry.summary,
        "decision": action,
        "decision_label": english(entry.ACTION_PARTICIPLES[action]),
        "decided_at": entry.decided_at.isoformat() if entry.decided_at else None,
        "reviewer_comment": entry.review_comment,
        "evidence": [
            {"url": item.url, "citation": item.citation}
            for item in evidence
            if item.url or item.citation
        ],
    }


def envelope(event: str, event_id, data: dict) -> dict:
    return {
        "event": event,
        "event_id": str(event_id),
        "sent_by": settings.SITE_URL,
        "created_at": timezone.now().isoformat(),
        **data,
    }


def encode(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decision_body(event: str, event_id, entry, action: str) -> str:
    return encode(envelope(event, event_id, {"entry": entry_payload(entry, action)}))


def ping_body(event_id, webhook) -> str:
    return encode(
        envelope(
            EventType.PING,
            event_id,
            {
                "webhook": {
                    "id": webhook.pk,
                    "organization": {
                        "id": webhook.organization_id,
                        "name": webhook.organization.name,
                    },
                }
            },
        )
    )
