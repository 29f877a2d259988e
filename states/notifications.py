"""
E-mail about the review workflow: reviewers hear of each submission (of a spreadsheet's
entries submitted together, in one message for the import), the author hears of each
decision. Sent after the transaction commits (a rolled-back step sends nothing) through
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
    return reviewers_except(entry.created_by_id, actor.pk)


def reviewers_except(*user_ids):
    """Active users who may review entries and have an address, but `user_ids`."""
    return (
        get_user_model()
        .objects.with_perm(
            "states.review_progressentry",
            include_superusers=True,
            backend="django.contrib.auth.backends.ModelBackend",  # where roles live
        )
        .filter(is_active=True)
        .exclude(email="")
        .exclude(pk__in=set(user_ids))
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


IMPORT_LISTED = 50  # entries a summary lists, the rest counted


def notify_import_submitted(entry_ids, actor, organization, source=""):
    """
    One message to each reviewer for the entries a spreadsheet import submitted (`source`,
    the file's name), where a submission on the form sends one an entry: how many, the
    first IMPORT_LISTED of them, and the review queue filtered to the organization. Sent
    after the import commits; a mail failure never undoes it.
    """
    from .models import ProgressEntry  # the models build on this module

    if not entry_ids:
        return 0
    recipients = [user.email for user in reviewers_except(actor.pk)]
    if not recipients:
        return 0
    entries = list(
        ProgressEntry.objects.filter(pk__in=entry_ids)
        .select_related(
            "state", "subject_organization", "commitment__resolution", "commitment__paragraph"
        )
        .order_by("pk")[:IMPORT_LISTED]
    )
    entry_url = settings.SITE_URL + reverse("states:entry_detail", args=[0])
    context = {
        "actor": actor,
        "organization": organization,
        "source": source,
        "count": len(entry_ids),
        "entries": [(entry, entry_url.replace("/0/", f"/{entry.pk}/")) for entry in entries],
        "more": len(entry_ids) - len(entries),
        "queue_url": f"{settings.SITE_URL}{reverse('states:review_queue')}"
        f"?organization={organization.pk}",
        "site_name": settings.SITE_NAME,
    }
    template = "states/email/import_submitted"
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except OSError:
        logger.exception("Could not send the summary of an import for %s", organization)
        return 0
