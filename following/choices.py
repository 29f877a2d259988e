"""Choice lists of the following app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How often a person gets the digest of what they follow."""

    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")
    NEVER = "never", _("Never (no e-mail)")


class SubjectKind(models.TextChoices):
    """What can be followed."""

    STATE = "state", _("State")
    TOPIC = "topic", _("Topic")
    RESOLUTION = "resolution", _("Resolution")
    COMMITMENT = "commitment", _("Commitment")
