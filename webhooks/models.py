"""
Webhooks: an organization's receiver (an address and a shared secret), and the log of what
was sent to it: one Delivery per event (its body kept as sent, its event id constant across
retries) and one DeliveryAttempt per try (when, how long, the status code or the error).
"""

import secrets
import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .addresses import validate_webhook_url
from .choices import DeliveryStatus, EventType

# Wait before each retry after a failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h; a delivery
# whose last retry fails is given up (six attempts in all).
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    organization = models.ForeignKey(
        "states.Organization", on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(
        "address",
        max_length=1000,
        validators=[validate_webhook_url],
        help_text=_(
            "Where decisions on the organization's entries are POSTed: an https address "
            "on the public internet."
        ),
    )
    secret = models.CharField(
        max_length=200,
        default=new_secret,
        help_text=_(
            "Shared with the receiver, which checks each delivery's signature with it "
            "(X-Tracker-Signature: HMAC-SHA256 of the timestamp, a dot and the body)."
        ),
    )
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name", "url"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(secret=""), name="webhook_has_secret"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.url}"


class Delivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=32, choices=EventType)
    entry = models.ForeignKey(
        "states.ProgressEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webhook_deliveries",
    )
    body = models.TextField(help_text=_("The JSON sent, exactly as signed."))
    status = models.CharField(max_length=16, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = _("deliveries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="webhook_delivery_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()} to {self.webhook.url} ({self.get_status_display()})"

    def record(self, outcome, *, final=False):
        """
        Log one attempt and move the delivery on: done, retried later, or given up (after the
        last retry, or at once when `final`).
        """
        now = timezone.now()
        self.attempts += 1
        self.log.create(
            number=self.attempts,
            started_at=now - timedelta(milliseconds=outcome.duration_ms),
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            error=outcome.error,
            response_excerpt=outcome.response_excerpt,
        )
        if outcome.ok:
            self.status, self.completed_at, self.next_attempt_at = (
                DeliveryStatus.SUCCEEDED,
                now,
                None,
            )
        elif final or self.attempts >= MAX_ATTEMPTS:
            self.status, self.completed_at, self.next_attempt_at = DeliveryStatus.FAILED, now, None
        else:
            self.next_attempt_at = now + RETRY_DELAYS[self.attempts - 1]
        self.save(update_fields=["attempts", "status", "completed_at", "next_attempt_at"])


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField("duration (ms)")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    response_excerpt = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number"),
        ]

    def __str__(self):
        return f"Attempt {self.number}: {self.status_code or self.error}"
