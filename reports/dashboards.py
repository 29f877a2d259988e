"""
The figures behind the overview dashboard, each computed by the database in one query.

Only approved entries count: the current-assessment table (one row per commitment and
subject, the latest approved status) answers "where does each state stand", and approved
entries answer "how much has been recorded when".
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncMonth

from commitments.models import Commitment, Resolution
from core.caching import cached_figures
from core.text import fold
from states.choices import ImplementationStatus, UnStatus
from states.models import CurrentAssessment, ProgressEntry, State
from states.names import state_name


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    share: float

    @property
    def percent(self) -> str:
        return f"{self.share * 100:.0f}"


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    count: int


@dataclass
class Overview:
    resolutions: int
    trackable_commitments: int
    state_commitments: int
    states_with_evidence: int
    states_total: int
    awaiting_review: int
    statuses: list[StatusCount] = field(default_factory=list)
    assessed_pairs: int = 0
    timeline: list[MonthCount] = field(default_factory=list)

    @property
    def possible_pairs(self) -> int:
        return self.state_commitments * self.states_total

    @property
    def coverage(self) -> float:
        """Share of (state-addressed commitment, state) pairs with an approved assessment."""
        return self.assessed_pairs / self.possible_pairs if self.possible_pairs else 0.0

    @property
    def coverage_percent(self) -> str:
        """One decimal: at the start coverage is a fraction of one per cent."""
        return f"{self.coverage * 100:.1f}"


def status_distribution(assessments) -> list[StatusCount]:
    """Every status with its count (zeros included, in the workflow's order)."""
    return status_shares(dict(assessments.values_list("status").annotate(n=Count("pk")).order_by()))


def status_shares(counts: dict) -> list[StatusCount]:
    """`status_distribution` of counts already made: {status: count}."""
    total = sum(counts.values())
    return [
        StatusCount(
            value, label, counts.get(value, 0), counts.get(value, 0) / total if total else 0
        )
        for value, label in ImplementationStatus.choices
    ]


def monthly_timeline(entries, months: int = 24, today: datetime.date | None = None):
    """Approved entries per month of the fact they report, over the last `months` months."""
    today = today or datetime.date.today()
    first = _add_months(today.replace(day=1), -(months - 1))
    counts = dict(
        entries.filter(fact_date__gte=first, fact_date__lte=today)
        .annotate(month=TruncMonth("fact_date"))
        .values_list("month")
        # COUNT(*), not COUNT(id): the rows come from the (workflow state, fact date) index
        # alone, which holds no id; COUNT(id) would send PostgreSQL to the table for it.
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = {_as_date(month): n for month, n in counts.items()}
    return [
        MonthCount(month, counts.get(month, 0))
        for month in (_add_months(first, offset) for offset in range(months))
    ]


def assessment_figures(drafts: bool = False) -> dict:
    """
    The overview's figures that come from current assessments, commitments and states: on
    adopted resolutions' commitments, or on drafts' too with `drafts`.
    """
    # The status counts from the maintained counts by state (states/counts.py), 195 rows,
    # rather than counting every current assessment again after each approval. They hold
    # adopted resolutions' only; a reader who asks for drafts too has them counted.
    from states.counts import STATUSES

    states = list(State.objects.values_list("pk", "un_status"))
    members = {pk for pk, un_status in states if un_status == UnStatus.MEMBER}
    if drafts:
        every_state, member_states = _status_counts_with_drafts(members)
    else:
        every_state, member_states = STATUSES.of_states({pk for pk, _ in states}, members)
    return {
        **structure_figures(drafts),
        "states_total": len(members),
        "statuses": status_shares(every_state),
        "assessed_pairs": sum(member_states.values()),
    }


def _status_counts_with_drafts(members) -> tuple[dict, dict]:
    """{status: count} over every state and over member States, drafts' commitments counted."""
    rows = (
        CurrentAssessment.objects.filter(
            state__isnull=False,
            commitment__in=Commitment.objects.addressed_to_states().values("pk"),
        )
        .values_list("state_id", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    every_state, member_states = {}, {}
    for state_id, status, n in rows:
        every_state[status] = every_state.get(status, 0) + n
        if state_id in members:
            member_states[status] = member_states.get(status, 0) + n
    return every_state, member_states


def structure_figures(drafts: bool = False) -> dict:
    """
    How many resolutions and commitments there are: figures that change only with the
    structure (an import, a commitment retired or readdressed), so they are counted once per
    change of structure (core/caching.py) rather than again after every approval, by the
    overview and by each state profile.
    """
    return cached_figures(
        "structure-counts",
        lambda: {
            "resolutions": Resolution.objects.counted(drafts).count(),
            "trackable_commitments": Commitment.objects.trackable().counted(drafts).count(),
            "state_commitments": Commitment.objects.addressed_to_states().counted(drafts).count(),
        },
        "drafts" if drafts else "adopted",
        scopes=(),
    )


def entry_figures(today: datetime.date | None = None) -> dict:
    """
    The overview's figures that come from progress entries. Apart from the assessment figures
    because entries change far more often (every draft saved, every submission), and these
    are the cheap half to recount.
    """
    approved = ProgressEntry.objects.approved()
    return {
        "states_with_evidence": states_with_approved_progress(),
        "awaiting_review": ProgressEntry.objects.awaiting_review().count(),
        "timeline": monthly_timeline(approved, today=today),
    }


def states_with_approved_progress() -> int:
    """Member States with at least one approved entry about them (an EXISTS per State)."""
    approved = ProgressEntry.objects.approved()
    return State.objects.members().filter(Exists(approved.filter(state=OuterRef("pk")))).count()


def home_figures() -> dict:
    """
    The home page's headline figures: adopted resolutions and their trackable commitments
    (`structure_figures`, cached until the structure changes), member States with approved
    progress, and approved entries. Counted once per change of entries: the home page keeps
    them with the rest of what it shows anyone (`reports.views.HomeView`).
    """
    structure = structure_figures()
    return {
        "resolutions": structure["resolutions"],
        "trackable_commitments": structure["trackable_commitments"],
        "states_with_progress": states_with_approved_progress(),
        "states_total": State.objects.members().count(),
        "approved_entries": ProgressEntry.objects.approved().count(),
    }


def overview(today: datetime.date | None = None, drafts: bool = False) -> Overview:
    return Overview(**assessment_figures(drafts), **entry_figures(today))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


# --- The dashboard with filters (resolution, topic, region, period) ---------------------------

# How many states the dashboard lists with the most and with the least coverage.
COVERAGE_LIST = 5


@dataclass(frozen=True)
class StateCoverage:
    """A state's coverage: the share of the commitments counted it has approved progress on."""

    name: str
    slug: str
    assessed: int
    commitments: int

    @property
    def share(self) -> float:
        return self.assessed / self.commitments if self.commitments else 0.0

    @property
    def percent(self) -> str:
        return f"{self.share * 100:.1f}"


@dataclass
class Coverage:
    """
    The member states with the most coverage, the least (of those with any), how many have
    none and how many were counted.
    """

    most: list[StateCoverage]
    least: list[StateCoverage]
    without: int
    states: int


def state_coverage(states, assessed: dict, commitments: int, size: int = COVERAGE_LIST):
    """
    `states` ((pk, name, slug) of member states) by the share of `commitments` they have
    approved progress on (`assessed`: {state pk: commitments assessed}): the `size` with the
    most, the `size` with the least among those with any (ties by name), and how many have
    none, who are too many to list.
    """
    lines = [
        StateCoverage(name, slug, assessed.get(pk, 0), commitments) for pk, name, slug in states
    ]
    some = [line for line in lines if line.assessed]
    most = sorted(some, key=lambda line: (-line.assessed, fold(line.name)))[:size]
    least = [
        line
        for line in sorted(some, key=lambda line: (line.assessed, fold(line.name)))
        if line not in most
    ][:size]
    return Coverage(most, least, len(lines) - len(some), len(lines))


def dashboard_assessment_figures(filterset) -> dict:
    """
    The overview's assessment figures and the states' coverage under the dashboard's
    filters (reports.filtersets.DashboardFilterSet). With no filter but a region, from the
    maintained counts by state (states/counts.py), 195 rows however many assessments; a
    resolution, topic, period or drafts asked for are counted from the assessments they
    select, in one grouped query (the page caches the result until an approval moves one).
    """
    from states.counts import STATUSES

    chosen = filterset.chosen
    drafts = bool(chosen.get("drafts"))
    states = State.objects.all()
    if chosen.get("region"):
        states = states.in_region(chosen["region"])
    rows = [
        (pk, un_status, state_name(iso3, name), slug)
        for pk, un_status, name, slug, iso3 in states.order_by().values_list(
            "pk", "un_status", "name", "slug", "iso3"
        )
    ]
    members = {pk for pk, un_status, _, _ in rows if un_status == UnStatus.MEMBER}
    if filterset.only_region:
        by_state = {pk: counts for (pk,), counts in STATUSES.counts().items()}
        structure = structure_figures(drafts)
    else:
        by_state = defaultdict(dict)
        counted = (
            filterset.qs.filter(
                state__isnull=False, commitment__in=filterset.commitments().values("pk")
            )
            .values_list("state_id", "status")
            .annotate(n=Count("*"))
            .order_by()
        )
        for state_id, status, n in counted:
            by_state[state_id][status] = n
        structure = filtered_structure_figures(filterset)
    every_state, member_states = defaultdict(int), defaultdict(int)
    for pk, _, _, _ in rows:
        for status, n in by_state.get(pk, {}).items():
            every_state[status] += n
            if pk in members:
                member_states[status] += n
    assessed = {pk: sum(counts.values()) for pk, counts in by_state.items()}
    return {
        **structure,
        "states_total": len(members),
        "statuses": status_shares(every_state),
        "assessed_pairs": sum(member_states.values()),
        "coverage": state_coverage(
            [(pk, name, slug) for pk, _, name, slug in rows if pk in members],
            assessed,
            structure["state_commitments"],
        ),
    }


def filtered_structure_figures(filterset) -> dict:
    """`structure_figures` of the resolution and topic chosen (the same without either)."""
    chosen = filterset.chosen
    drafts = bool(chosen.get("drafts"))
    if not (chosen.get("resolution") or chosen.get("topic")):
        return structure_figures(drafts)
    commitments = Commitment.objects.counted(drafts)
    if chosen.get("resolution"):
        commitments = commitments.filter(resolution=chosen["resolution"])
    if chosen.get("topic"):
        commitments = commitments.on_topic(chosen["topic"])
    resolutions = Resolution.objects.counted(drafts).filter(
        Exists(commitments.current().filter(resolution=OuterRef("pk")))
    )
    return {
        "resolutions": resolutions.count(),
        "trackable_commitments": commitments.trackable().count(),
        "state_commitments": filterset.commitments().count(),
    }


def dashboard_entry_figures(filterset, today: datetime.date | None = None) -> dict:
    """`entry_figures` of the entries the dashboard's filters select."""
    today = today or datetime.date.today()
    period = filterset.chosen.get("fact_date")
    end = today
    if period is not None and period.stop is not None:
        end = min(_as_date(period.stop), today)
    approved = filterset.filter_for(ProgressEntry.objects.approved())
    members = State.objects.members()
    if filterset.chosen.get("region"):
        members = members.in_region(filterset.chosen["region"])
    return {
        "states_with_evidence": members.filter(
            Exists(approved.filter(state=OuterRef("pk")))
        ).count(),
        "awaiting_review": filterset.filter_for(ProgressEntry.objects.awaiting_review()).count(),
        "timeline": monthly_timeline(approved, today=end),
    }
