"""
From a committed decision to deliveries: one Delivery per active webhook of the entry's own
organization (no other organization hears of it), then a worker task for each, queued once
those rows are committed. Runs after the decision's transaction has committed (`entry_decided`
is sent then), so nothing here can block or undo a decision; a failure here is logged.
"""

import logging
import uuid

from django.db import transaction

from .choices import EVENT_OF_ACTION, EventType
from .models import Delivery, Webhook
from .payloads import decision_body, ping_body

logger = logging.getLogger(__name__)


def entry_decided(sender, entry, action, user, **kwargs):
    event = EVENT_OF_ACTION.get(action)
    if event is None:
        return []
    hooks = list(Webhook.objects.filter(organization_id=entry.organization_id, active=True))
    if not hooks:
        return []
    deliveries = []
    with transaction.atomic():
        for hook in hooks:
            event_id = uuid.uuid4()
            deliveries.append(
                Delivery.objects.create(
                    webhook=hook,
                    event=event,
                    event_id=event_id,
                    entry_id=entry.pk,
                    body=decision_body(event, event_id, entry, action),
                )
            )
        enqueue_after_commit(deliveries)
    return deliveries


def ping(webhook):
    """A test delivery to `webhook` (the admin's action), sent by the worker as any other."""
    event_id = uuid.uuid4()
    with transaction.atomic():
        delivery = Delivery.objects.create(
            webhook=webhook,
            event=EventType.PING,
            event_id=event_id,
            body=ping_body(event_id, webhook),
        )
        enqueue_after_commit([delivery])
    return delivery


def enqueue_after_commit(deliveries):
    from .tasks import deliver

    pks = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: [deliver.enqueue(pk) for pk in pks], robust=True)
