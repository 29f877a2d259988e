"""
E-mail reminders of reporting deadlines to the users who subscribed to them.

`send_deadline_reminders` is run once a day (manage.py send_deadline_reminders, from cron or
any scheduler). Each active user with an address and a subscription gets one e-mail listing
the open requests their subscriptions cover that fall due within the window and that they
have not been reminded of yet for this due date and window. What was sent is recorded
(ReminderSent) in the same transaction as the sending, so running it twice, or two runs at
once, sends nothing twice; a failed mail records nothing and is tried again the next run.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import DeadlineSubscription, ReminderSent, ReportingRequest

logger = logging.getLogger(__name__)

DEFAULT_WINDOW_DAYS = 30


@dataclass
class ReminderRun:
    """What one run did, for the command's output."""

    emails: int = 0
    requests: int = 0
    failed: int = 0
    planned: list[tuple[object, list[ReportingRequest]]] = field(default_factory=list)


def recipients():
    """Active users with an e-mail address and at least one deadline subscription."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(DeadlineSubscription.objects.filter(user=OuterRef("pk"))))
        .order_by("pk")
    )


def requests_to_remind(user, today: datetime.date, days: int):
    """The user's covered open requests due within `days` days they were not reminded of."""
    reminded = ReminderSent.objects.filter(
        user=user, request=OuterRef("pk"), due_date=OuterRef("due_date"), window_days=days
    )
    return (
        ReportingRequest.objects.for_list()
        .upcoming(today, days)
        .for_subscriber(user)
        .exclude(Exists(reminded))
    )


def send_deadline_reminders(
    today: datetime.date, days: int = DEFAULT_WINDOW_DAYS, *, dry_run: bool = False
) -> ReminderRun:
    run = ReminderRun()
    for user in recipients():
        requests = list(requests_to_remind(user, today, days))
        if not requests:
            continue
        if dry_run:
            run.planned.append((user, requests))
            run.requests += len(requests)
            continue
        try:
            with transaction.atomic():
                # Claim first: a concurrent run's claim makes this one fail, not send twice.
                ReminderSent.objects.bulk_create(
                    ReminderSent(
                        user=user,
                        request=request,
                        due_date=request.due_date,
                        window_days=days,
                        sent_on=today,
                    )
                    for request in requests
                )
                _message(user, requests, today, days).send(fail_silently=False)
        except IntegrityError:
            continue  # another run reminded this user of these requests
        except OSError:
            logger.exception("Could not send deadline reminders to user %s", user.pk)
            run.failed += 1
            continue
        run.emails += 1
        run.requests += len(requests)
    return run


def _message(user, requests, today: datetime.date, days: int) -> EmailMessage:
    context = {
        "user": user,
        "requests": requests,
        "today": today,
        "days": days,
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "manage_url": settings.SITE_URL + reverse("commitments:reminder_list"),
    }
    subject = render_to_string("commitments/email/deadline_reminder_subject.txt", context)
    body = render_to_string("commitments/email/deadline_reminder.txt", context)
    return EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
