from django.db import models


class EventType(models.TextChoices):
    APPROVED = "entry.approved", "Entry approved"
    CHANGES_REQUESTED = "entry.changes_requested", "Changes requested"
    REJECTED = "entry.rejected", "Entry rejected"
    PING = "ping", "Test ping"


# The workflow action each decision event stands for.
EVENT_OF_ACTION = {
    "approve": EventType.APPROVED,
    "request_changes": EventType.CHANGES_REQUESTED,
    "reject": EventType.REJECTED,
}


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Given up"
