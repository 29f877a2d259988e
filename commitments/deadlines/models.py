"""
Reporting requests (what a paragraph asks to be reported, reviewed or considered, and by when),
the deadline subscriptions of users and the reminders sent to them.
"""

import datetime

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..choices import (
    Body,
    DueBasis,
    RequestKind,
    SubscriptionScope,
)
from ..models.commitments import Commitment
from ..models.lexicon import Topic
from ..models.resolutions import Resolution
from ..parsing.reporting import add_duration

# How often a periodic request recurs, in words, by its period in months; other periods are
# told by their number ("every 18 months").
PERIOD_LABELS = {
    1: _("every month"),
    2: _("every two months"),
    3: _("every three months"),
    4: _("every four months"),
    5: _("every five months"),
    6: _("every six months"),
    12: _("every year"),
    24: _("every two years"),
    36: _("every three years"),
    48: _("every four years"),
    60: _("every five years"),
    72: _("every six years"),
}


class ReportingRequestQuerySet(models.QuerySet):
    def current(self):
        """Requests of paragraphs in their resolution's current text."""
        return self.filter(commitment__retired=False)

    def open(self):
        """Current requests nobody has marked as fulfilled."""
        return self.current().filter(fulfilled_on__isnull=True)

    def upcoming(self, today: datetime.date, within_days: int = 90):
        """Open requests due from `today` to `within_days` days later, soonest first."""
        last = today + datetime.timedelta(days=within_days)
        return (
            self.open().filter(due_date__gte=today, due_date__lte=last).order_by("due_date", "pk")
        )

    def overdue(self, today: datetime.date):
        """
        Open requests whose due date has passed, most recently due first. A periodic request
        ("annually") is never past due: its next time lies ahead (`recurring_due`).
        """
        return (
            self.open()
            .filter(due_date__lt=today, period_months__isnull=True)
            .order_by("-due_date", "pk")
        )

    def recurring_due(self, today: datetime.date, within_days: int = 90) -> list:
        """
        Open periodic requests whose first due date has passed and whose next time falls
        from `today` to `within_days` days later, soonest first; each has `next_due_on`.
        (Those not yet due the first time are among `upcoming`.)
        """
        last = today + datetime.timedelta(days=within_days)
        due = []
        for request in self.open().filter(due_date__lt=today, period_months__isnull=False):
            request.next_due_on = request.next_due(today)
            if request.next_due_on <= last:
                due.append(request)
        return sorted(due, key=lambda request: (request.next_due_on, request.pk))

    def for_list(self):
        """What a list of requests shows: the resolution and the paragraph's label."""
        return self.select_related("resolution", "commitment__paragraph")

    def for_subscriber(self, user):
        """Requests one of the user's deadline subscriptions covers (each once)."""
        subscriptions = DeadlineSubscription.objects.filter(user=user)
        topics = subscriptions.filter(scope=SubscriptionScope.TOPIC).values("topic")
        return self.filter(
            Q(Exists(subscriptions.filter(scope=SubscriptionScope.ALL)))
            | Q(
                resolution__in=subscriptions.filter(scope=SubscriptionScope.RESOLUTION).values(
                    "resolution"
                )
            )
            | Q(commitment__in=Commitment.objects.on_topic(topics))
        )


# A session as a sentence names it, in the reader's language (ordinals from Django's humanize).
SESSION_LABELS = {
    "": _("%(body)s, %(ordinal)s session"),
    "special": _("%(body)s, %(ordinal)s special session"),
    "substantive": _("%(body)s, %(ordinal)s substantive session"),
}
SESSION_ALONE = {
    "": _("%(ordinal)s session"),
    "special": _("%(ordinal)s special session"),
    "substantive": _("%(ordinal)s substantive session"),
}


def session_ordinal(number: int) -> str:
    """67th, 67e, 67º, 第67 as plain text; Russian's agrees with сессия, which is feminine."""
    if (get_language() or "").startswith("ru"):
        return f"{number}-я"
    return strip_tags(ordinal(number))


class ReportingRequest(models.Model):
    """
    A request an operative paragraph makes by a session or date: a report, a review, a
    meeting, the body's own further consideration, or a mandate's end.

    Created by the import from the parser's reading (re-imports replace a resolution's requests
    and keep those that did not change, with their reminders). A due date worked out from a
    session calendar or a duration is an estimate; only a printed date is not.
    """

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="reporting_requests"
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="reporting_requests"
    )
    kind = models.CharField(max_length=16, choices=RequestKind)
    requested_of = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Who is asked, as printed, e.g. 'Secretary-General'."),
    )
    due_body = models.CharField(
        max_length=8,
        choices=Body,
        blank=True,
        help_text=_("The body whose session it is due at, or which receives it."),
    )
    due_session = models.PositiveSmallIntegerField(null=True, blank=True)
    session_kind = models.CharField(
        max_length=32, blank=True, help_text=_("'special' or 'substantive'; empty for regular.")
    )
    due_date = models.DateField(null=True, blank=True)
    is_estimate = models.BooleanField(
        default=True,
        help_text=_("The due date was worked out from a session calendar, a year or a duration."),
    )
    basis = models.CharField(max_length=16, choices=DueBasis, blank=True)
    period_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How often the request recurs, in months ('annually' is 12); empty if once.",
    )
    source_text = models.CharField(
        max_length=400, help_text=_("The phrase the request was read from.")
    )
    span_start = models.PositiveIntegerField(
        default=0, help_text=_("Where the phrase starts in the paragraph's text.")
    )
    span_end = models.PositiveIntegerField(default=0)
    fulfilled_on = models.DateField(
        null=True, blank=True, help_text=_("When the report was issued or the review held.")
    )
    fulfilment_note = models.CharField(
        max_length=300, blank=True, help_text=_("e.g. the report's symbol, A/67/170.")
    )
    # Who marked it fulfilled from the dashboard, and when (`close`); empty for the admin's
    # action and for requests marked before these were kept.
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting_requests_closed",
    )
    fulfilment_recorded_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReportingRequestQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["due_date", "fulfilled_on"])]
        permissions = [
            ("close_reportingrequest", "Can mark a reporting request fulfilled (closed)")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(span_end__gte=models.F("span_start")),
                name="reporting_request_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RequestKind.values), name="reporting_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(due_body__in=["", *Body.values]),
                name="reporting_request_due_body_valid",
            ),
            models.CheckConstraint(
                condition=Q(basis__in=DueBasis.values), name="reporting_request_basis_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source_text=""), name="reporting_request_has_source_text"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.commitment} ({self.due_label})"

    def get_absolute_url(self):
        return self.commitment.get_absolute_url()

    CLOSE_PERMISSION = "commitments.close_reportingrequest"

    @classmethod
    def may_close(cls, user) -> bool:
        """Reviewers (and administrators) close requests; contributors and visitors do not."""
        return user.is_authenticated and user.has_perm(cls.CLOSE_PERMISSION)

    def close(self, user, note: str = "", on: datetime.date | None = None) -> bool:
        """
        Mark the request fulfilled on `on` (today) by `user`, with `note` (the report's
        symbol, say), recording who did it and when. Refuses a user who may not
        (PermissionDenied). Returns False, changing nothing, when it was already closed,
        by this user or someone else meanwhile: the update applies only to an open request.
        """
        if not self.may_close(user):
            raise PermissionDenied(_("Only reviewers mark reporting requests fulfilled."))
        now = timezone.now()
        changes = {
            "fulfilled_on": on or timezone.localdate(),
            "fulfilment_note": note.strip()[:300],
            "fulfilled_by": user,
            "fulfilment_recorded_at": now,
            "updated": now,
        }
        closed = ReportingRequest.objects.filter(pk=self.pk, fulfilled_on__isnull=True).update(
            **changes
        )
        if closed:
            for name, value in changes.items():
                setattr(self, name, value)
        return bool(closed)

    @property
    def session_label(self) -> str:
        """'General Assembly, 67th session', 'Human Rights Council, 30th special session'."""
        if self.due_session is None:
            return self.get_due_body_display()
        values = {"ordinal": session_ordinal(self.due_session)}
        if not self.due_body:
            return SESSION_ALONE.get(self.session_kind, SESSION_ALONE[""]) % values
        label = SESSION_LABELS.get(self.session_kind, SESSION_LABELS[""])
        return label % {"body": self.get_due_body_display(), **values}

    def is_overdue(self, today: datetime.date) -> bool:
        """Whether `overdue(today)` of the queryset holds it: open, made once, past due."""
        return (
            self.fulfilled_on is None
            and not self.period_months
            and self.due_date is not None
            and self.due_date < today
        )

    def next_due(self, today: datetime.date) -> datetime.date | None:
        """
        When the request next falls due on or after `today`: a periodic request's due date moved
        on by whole periods ("annually" from 17 July 2020 is 17 July 2026 on 1 January 2026);
        a request made once keeps its due date, past or not.
        """
        if self.due_date is None or not self.period_months or self.due_date >= today:
            return self.due_date
        months = self.period_months
        elapsed = (today.year - self.due_date.year) * 12 + today.month - self.due_date.month
        periods = max(elapsed // months, 0)
        due = add_duration(self.due_date, periods * months, "month")
        while due < today:
            periods += 1
            due = add_duration(self.due_date, periods * months, "month")
        return due

    @property
    def period_label(self) -> str:
        """'every year', 'every two years', 'every six months'; '' for a request made once."""
        months = self.period_months
        if not months:
            return ""
        if months in PERIOD_LABELS:
            return str(PERIOD_LABELS[months])
        if months % 12 == 0:
            return _("every %(count)s years") % {"count": months // 12}
        return _("every %(count)s months") % {"count": months}

    @property
    def due_label(self) -> str:
        if self.due_date is None:
            return "no date given"
        prefix = "about " if self.is_estimate else ""
        return f"{prefix}{self.due_date.day} {self.due_date:%B %Y}"


class DeadlineSubscription(models.Model):
    """A user's wish to be e-mailed before reporting deadlines of a resolution, a topic or all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_subscriptions"
    )
    scope = models.CharField(max_length=16, choices=SubscriptionScope)
    resolution = models.ForeignKey(
        Resolution,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadline_subscriptions",
    )
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadline_subscriptions",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "scope", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=SubscriptionScope.ALL, resolution__isnull=True, topic__isnull=True)
                    | Q(
                        scope=SubscriptionScope.RESOLUTION,
                        resolution__isnull=False,
                        topic__isnull=True,
                    )
                    | Q(scope=SubscriptionScope.TOPIC, topic__isnull=False, resolution__isnull=True)
                ),
                name="deadline_subscription_scope_matches",
            ),
            models.UniqueConstraint(
                fields=["user", "resolution"],
                condition=Q(scope=SubscriptionScope.RESOLUTION),
                name="unique_resolution_subscription",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(scope=SubscriptionScope.TOPIC),
                name="unique_topic_subscription",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(scope=SubscriptionScope.ALL),
                name="unique_all_subscription",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.subject}"

    @property
    def subject(self) -> str:
        if self.scope == SubscriptionScope.RESOLUTION:
            return self.resolution.display_symbol
        if self.scope == SubscriptionScope.TOPIC:
            return str(self.topic)
        return "every resolution"


class ReminderSent(models.Model):
    """
    One reminder e-mailed to a user about a request: at most one per request, due date and
    reminder window (send_deadline_reminders --days), so a second run sends nothing again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        ReportingRequest, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    due_date = models.DateField(help_text=_("The due date the reminder announced."))
    window_days = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "request", "due_date", "window_days"], name="unique_reminder"
            )
        ]

    def __str__(self):
        return f"{self.user} about {self.request_id} on {self.sent_on}"
