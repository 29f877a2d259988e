"""
What a person keeps about themselves: their time zone (`Profile`), the language they read in
(`Preferences`, kept when they use the language switcher), and each of their signed-in
sessions (`SignedInSession`), so they can see where they are signed in and end a session.

Django's database sessions hold no user column; a row here is made at each sign-in
(`user_logged_in`) and goes with the session's end (signing out, or ended from the page).
"""

import zoneinfo

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("Dates and times on the pages are shown in it. Empty: the site's own."),
    )

    def __str__(self):
        return f"{self.user}'s profile"


class SignedInSessionQuerySet(models.QuerySet):
    def live(self):
        """The sessions not ended nor expired."""
        return self.filter(
            Exists(
                Session.objects.filter(
                    session_key=OuterRef("session_key"), expire_date__gt=timezone.now()
                )
            )
        )


class SignedInSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = SignedInSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.user} since {self.created:%Y-%m-%d %H:%M}"

    def end(self):
        """Sign this session out: its cookie no longer signs anyone in."""
        Session.objects.filter(session_key=self.session_key).delete()
        self.delete()


class Preferences(models.Model):
    """A user's own settings that outlive a session: for now, the language they read in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Pages and e-mails in this language; empty: the browser's language."),
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self):
        return str(self.user)
