from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    APPROVED = "entry.approved", _("Entry approved")
    CHANGES_REQUESTED = "entry.changes_requested", _("Changes requested")
    REJECTED = "entry.rejected", _("Entry rejected")
    PING = "ping", _("Test ping")


# The workflow action each decision event stands for.
EVENT_OF_ACTION = {
    "approve": EventType.APPROVED,
    "request_changes": EventType.CHANGES_REQUESTED,
    "reject": EventType.REJECTED,
}


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Given up")
