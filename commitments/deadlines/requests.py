"""
Reporting requests and their deadlines, from a parse to rows, and what pages show of them.

The parser (commitments.parsing.reporting) reads each operative paragraph's requests; the
import stores them with `store_reporting_requests` in its transaction. Dashboards include
templates/commitments/_deadlines.html with `deadline_context(today)`; the resolution page
shows its requests with `resolution_deadlines`.
"""

import datetime
import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from ..choices import Body, SubscriptionScope
from ..lexicon import lexicon_from_db
from ..models import Commitment, DeadlineSubscription, ReportingRequest, Resolution
from ..parsing import ParseError, parse_resolution
from ..parsing.reporting import reporting_requests
from ..parsing.results import ParsedResolution

logger = logging.getLogger(__name__)

# What a dashboard lists by default: due within this many days, and this many of each list.
UPCOMING_DAYS = 90
LIST_LIMIT = 10


def store_reporting_requests(resolution: Resolution, parsed: ParsedResolution) -> int:
    """
    Replace the resolution's reporting requests by those of `parsed` (call inside the import's
    transaction, once its paragraphs and commitments are written). A request that did not
    change keeps its row, so it keeps its fulfilment and the reminders already sent about it.
    Returns how many requests the resolution now has.
    """
    commitments = {
        (commitment.paragraph.part, commitment.paragraph.number, commitment.paragraph.sub): (
            commitment
        )
        for commitment in Commitment.objects.filter(
            resolution=resolution, retired=False, paragraph__retired=False
        ).select_related("paragraph")
    }
    try:
        readings = reporting_requests(parsed)
    except Exception:  # a reading bug must not stop the import of the resolution itself
        logger.exception("Could not read the reporting requests of %s", resolution)
        readings = []
    wanted = []
    for paragraph, found in readings:
        commitment = commitments.get((paragraph.part or "", paragraph.number, paragraph.sub or ""))
        if commitment is None:
            continue
        wanted.append(
            ReportingRequest(
                commitment=commitment,
                resolution=resolution,
                kind=found.kind,
                requested_of=(found.requested_of or "")[:300],
                due_body=Body.from_name(found.body) if found.body else "",
                due_session=found.session,
                session_kind=found.session_kind[:32],
                due_date=found.due,
                is_estimate=found.is_estimate,
                basis=found.basis,
                period_months=found.period_months,
                source_text=found.text[:400],
                span_start=found.start,
                span_end=found.end,
            )
        )

    existing = defaultdict(list)
    for request in ReportingRequest.objects.filter(resolution=resolution).order_by("pk"):
        existing[_identity(request)].append(request)
    kept, created = [], []
    for request in wanted:
        matches = existing.get(_identity(request))
        if not matches:
            created.append(request)
            continue
        old = matches.pop(0)
        for name in (
            "requested_of",
            "is_estimate",
            "basis",
            "period_months",
            "span_start",
            "span_end",
        ):
            setattr(old, name, getattr(request, name))
        old.updated = timezone.now()
        kept.append(old)
    stale = [request.pk for requests in existing.values() for request in requests]
    ReportingRequest.objects.filter(pk__in=stale).delete()
    ReportingRequest.objects.bulk_update(
        kept,
        [
            "requested_of",
            "is_estimate",
            "basis",
            "period_months",
            "span_start",
            "span_end",
            "updated",
        ],
    )
    ReportingRequest.objects.bulk_create(created)
    return len(kept) + len(created)


def _identity(request: ReportingRequest) -> tuple:
    """What makes two readings the same request: where, what, and by when."""
    return (
        request.commitment_id,
        request.kind,
        request.due_body,
        request.due_session,
        request.session_kind,
        request.due_date,
        request.source_text,
    )


def refresh_reporting_requests(resolution: Resolution, lexicon=None) -> int:
    """Read a stored resolution's requests again from its current text (e.g. after an upgrade)."""
    try:
        parsed = parse_resolution(resolution.source_text, lexicon or lexicon_from_db())
    except ParseError:
        return 0
    with transaction.atomic():
        return store_reporting_requests(resolution, parsed)


def deadline_context(
    today: datetime.date | None = None,
    within_days: int = UPCOMING_DAYS,
    limit: int = LIST_LIMIT,
    requests=None,
) -> dict:
    """
    The two lists templates/commitments/_deadlines.html shows, in three queries: open requests
    due within `within_days` days (soonest first; a periodic request by its next time) and
    those past due (most recent first), among `requests` (a ReportingRequest queryset; every
    one by default). A request marked fulfilled is in neither list.
    """
    today = today or timezone.localdate()
    requests = (requests if requests is not None else ReportingRequest.objects.all()).for_list()
    upcoming = list(requests.upcoming(today, within_days)[:limit])
    upcoming += requests.recurring_due(today, within_days)
    upcoming.sort(
        key=lambda request: (getattr(request, "next_due_on", request.due_date), request.pk)
    )
    return {
        "deadline_today": today,
        "deadline_window_days": within_days,
        "upcoming_requests": upcoming[:limit],
        "overdue_requests": list(requests.overdue(today)[:limit]),
    }


def resolution_deadlines(resolution: Resolution, user) -> dict:
    """A resolution's current requests and whether the user gets reminders about them."""
    subscribed = None
    if user.is_authenticated:
        subscribed = DeadlineSubscription.objects.filter(
            user=user, scope=SubscriptionScope.RESOLUTION, resolution=resolution
        ).exists()
    requests = list(resolution.reporting_requests.current().select_related("commitment__paragraph"))
    return {
        "requests": requests,
        # Whether a calendar of them would hold anything: only dated requests are events.
        "dated": any(request.due_date for request in requests),
        "subscribed": subscribed,
        "today": timezone.localdate(),
    }
