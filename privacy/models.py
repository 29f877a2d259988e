"""
The record that an account's personal data was erased.

Erasure anonymizes the user row instead of deleting it (progress entries, evidence and their
history keep pointing at it), so the account itself cannot say what happened to it. This row
does: which account, who erased it, when, through which path and how many rows went. It
holds nothing about the person: the old username and address are exactly what was erased.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    class Channel(models.TextChoices):
        PAGE = "page", "The user's own Your data page"
        ADMIN = "admin", "Admin action"
        COMMAND = "command", "Management command"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="erasure",
        help_text=_("The anonymized account."),
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="erasures_done",
        help_text=_("Who erased it: the account itself, or an administrator."),
    )
    erased_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=16, choices=Channel)
    removed = models.JSONField(
        default=dict, blank=True, help_text=_("How many rows of each kind were removed.")
    )

    class Meta:
        ordering = ["-erased_at", "-pk"]

    def __str__(self):
        return f"{self.user} erased on {self.erased_at:%Y-%m-%d %H:%M}"
