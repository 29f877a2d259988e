"""
The worker's side: one attempt at a delivery, signed at the moment it is sent, logged, and
the next attempt queued after the backoff (`models.RETRY_DELAYS`) until it succeeds or is
given up.
"""

import time

from django_tasks import task

from .choices import DeliveryStatus


@task()
def deliver(delivery_id: int) -> None:
    from . import signing, transport
    from .models import Delivery

    delivery = (
        Delivery.objects.select_related("webhook")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None:
        return
    webhook = delivery.webhook
    if not webhook.active:
        delivery.record(transport.Outcome(None, "The webhook is switched off.", 0), final=True)
        return
    body = delivery.body.encode()
    headers = signing.headers(
        secret=webhook.secret,
        timestamp=int(time.time()),
        body=body,
        event=delivery.event,
        event_id=str(delivery.event_id),
    )
    outcome = transport.post(webhook.url, body, headers)
    delivery.record(outcome)
    if delivery.status == DeliveryStatus.PENDING:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
