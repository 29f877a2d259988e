"""
E-mail about the review workflow: reviewers hear of each submission, the author hears of
each decision. Sent after the transaction commits (a rolled-back step sends nothing) through
Django's mail API, so the backend is a setting (the console by default).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import Preferences

logger = logging.getLogger(__name__)

DECISIONS = ("approve", "request_changes", "reject")


def reviewers_to_notify(entry, actor):
    """Active users who may review this entry and have an address; never its author or actor."""
    return (
        get_user_model()
        .objects.with_perm(
            "states.review_progressentry",
            include_superusers=True,
            backend="django.contrib.auth.backends.ModelBackend",  # where roles live
        )
        .filter(is_active=True)
        .exclude(email="")
        .exclude(pk__in={entry.created_by_id, actor.pk})
        .order_by("pk")
    )


def notify_transition(entry, action, actor):
    """Send the mail a workflow step calls for; a mail failure never undoes the step."""
    if action == "submit":
        recipients = [user for user in reviewers_to_notify(entry, actor) if user.email]
        template = "states/email/submitted"
    elif action in DECISIONS and entry.created_by.email and entry.created_by_id != actor.pk:
        recipients = [entry.created_by]
        template = "states/email/decided"
    else:
        return 0
    if not recipients:
        return 0
    context = {
        "entry": entry,
        "actor": actor,
        "action": action,
        "decision": entry.ACTION_PARTICIPLES[action],
        "url": settings.SITE_URL + reverse("states:entry_detail", args=[entry.pk]),
        "site_name": settings.SITE_NAME,
    }
    # Each person reads the mail in the language they chose (English when they chose none).
    chosen = dict(
        Preferences.objects.filter(user__in=recipients).values_list("user_id", "language")
    )
    messages = []
    for language in sorted({chosen.get(user.pk) or settings.LANGUAGE_CODE for user in recipients}):
        with translation.override(language):
            subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
            body = render_to_string(f"{template}.txt", context)
        messages += [
            (subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            for user in recipients
            if (chosen.get(user.pk) or settings.LANGUAGE_CODE) == language
        ]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except OSError:
        logger.exception("Could not send workflow mail for progress entry %s", entry.pk)
        return 0
