"""
What needs doing, for one signed-in person: the entries sent back to their organizations, the
drafts not yet submitted, the reporting deadlines coming up for the States they report on, and
for reviewers the entries awaiting review. *My progress* lists them in full; the home page
counts them above everything else. Each is one query whatever the amount of data.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from commitments.deadlines.requests import LIST_LIMIT, UPCOMING_DAYS
from commitments.models import CommitmentActor, ReportingRequest

from .choices import WorkflowState
from .models import ProgressEntry, State

REVIEW_PERMISSION = "states.review_progressentry"
RECORD_PERMISSION = "states.add_progressentry"


def states_reported_on(user):
    """
    The States `user` reports on, as a queryset to filter by: the countries of their
    organizations (a national NGO's, a national institution's) and every State their
    organizations have recorded progress about.
    """
    return State.objects.filter(
        Q(organizations__memberships__user=user)
        | Q(pk__in=ProgressEntry.objects.of_organizations_of(user).values("state_id"))
    )


def deadlines_for(user, today: datetime.date | None = None, within_days: int = UPCOMING_DAYS):
    """
    Open reporting requests due within `within_days` days, soonest first, that concern the
    work of `user`'s organizations: requests of a resolution they have recorded progress on,
    requests on a commitment that names one of the States they report on, and requests their
    deadline reminders cover. A queryset: one query to list them.
    """
    today = today or timezone.localdate()
    mine = ProgressEntry.objects.of_organizations_of(user)
    names_their_state = CommitmentActor.objects.filter(
        commitment=OuterRef("commitment"),
        state_code__in=states_reported_on(user).values("iso3"),
    )
    subscribed = ReportingRequest.objects.for_subscriber(user).values("pk")
    return (
        ReportingRequest.objects.for_list()
        .upcoming(today, within_days)
        .filter(
            Q(resolution__in=mine.values("commitment__resolution_id"))
            | Q(Exists(names_their_state))
            | Q(pk__in=subscribed)
        )
    )


def upcoming_deadlines(user, today=None, limit: int = LIST_LIMIT) -> list:
    return list(deadlines_for(user, today)[:limit])


@dataclass(frozen=True)
class WorkSummary:
    """How much is waiting for one person; what the home page shows a signed-in visitor."""

    records: bool = False
    reviews: bool = False
    sent_back: int = 0
    drafts: int = 0
    deadlines: int = 0
    awaiting_review: int = 0

    @property
    def anything(self) -> bool:
        return self.records or self.reviews


def work_summary(user, today=None) -> WorkSummary:
    """
    The counts of `user`'s work, whatever the number of entries: for a member of an
    organization three queries (whether they are one, their organizations' entries by
    workflow state, the deadlines), and one more for a reviewer (the review queue).
    """
    if not user.is_authenticated:
        return WorkSummary()
    # Recording is work only for a member of an organization: the entries are its.
    records = user.has_perm(RECORD_PERMISSION) and user.memberships.exists()
    reviews = user.has_perm(REVIEW_PERMISSION)
    counts = {}
    deadlines = 0
    if records:
        counts = (
            ProgressEntry.objects.of_organizations_of(user)
            .filter(workflow_state__in=[WorkflowState.DRAFT, WorkflowState.CHANGES_REQUESTED])
            .aggregate(
                drafts=Count("pk", filter=Q(workflow_state=WorkflowState.DRAFT)),
                sent_back=Count("pk", filter=Q(workflow_state=WorkflowState.CHANGES_REQUESTED)),
            )
        )
        deadlines = deadlines_for(user, today).count()
    return WorkSummary(
        records=records,
        reviews=reviews,
        sent_back=counts.get("sent_back", 0),
        drafts=counts.get("drafts", 0),
        deadlines=deadlines,
        awaiting_review=ProgressEntry.objects.awaiting_review().count() if reviews else 0,
    )


def landing_url_name(user) -> str:
    """
    Where `user` lands after signing in: their organizations' work (*My progress*) for those
    who record progress for an organization, the review queue for reviewers who do not, *My
    progress* for a contributor not yet in any organization (it says what to do), and the
    home page for everyone else. One query at most (the memberships), besides permissions.
    """
    records = user.has_perm(RECORD_PERMISSION)
    if records and user.memberships.exists():
        return "states:dashboard"
    if user.has_perm(REVIEW_PERMISSION):
        return "states:review_queue"
    if records:
        return "states:dashboard"
    return "home"
