"""
The read paths of the progress pages, each one query whatever the number of rows.

They build on the models' QuerySet methods (`restrict`, `approved`, `shown`, ...) and add
what a page needs to print a row without asking again: related rows joined, evidence counted
by a correlated subquery, the current assessment of one state annotated on each commitment.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower

from commitments.models import Commitment, CommitmentActor
from core.caching import cached_figures

from .choices import ImplementationStatus, WorkflowState
from .counts import STATUSES
from .history import resubmissions
from .models import CurrentAssessment, Evidence, ProgressEntry, State

# What a row of an entry list prints: subject, commitment label, reporting organization.
ENTRY_LIST_RELATED = (
    "commitment__resolution",
    "commitment__paragraph",
    "state",
    "subject_organization",
    "organization",
)

# Never printed in a list, and large: a resolution's whole source text is tens of kilobytes,
# fetched again for every row that joins its resolution.
ENTRY_LIST_DEFERRED = ("commitment__resolution__source_text",)


def evidence_count(entry_ref="pk", user=None):
    """
    The number of evidence items still attached to the entry `entry_ref` points to that
    `user` may read: confidential items are not even counted for others (None: the public).
    """
    counted = (
        Evidence.objects.shown()
        .disclosed_to(user)
        .filter(entry_id=OuterRef(entry_ref))
        .order_by()
        .values("entry_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def for_list(entries, user=None):
    """
    Entries ready for a table: related rows joined and the evidence `user` may read counted,
    in one query.
    """
    return (
        entries.select_related(*ENTRY_LIST_RELATED)
        .defer(*ENTRY_LIST_DEFERRED)
        .annotate(evidence_count=evidence_count(user=user))
    )


def current_assessments(entries):
    """
    {(commitment id, state id, subject organization id): CurrentAssessment} for the pairs
    `entries` are about, in one query.
    """
    pairs = {(e.commitment_id, e.state_id, e.subject_organization_id) for e in entries}
    if not pairs:
        return {}
    condition = Q()
    for commitment, state, organization in pairs:
        condition |= Q(
            commitment_id=commitment, state_id=state, subject_organization_id=organization
        )
    found = CurrentAssessment.objects.filter(condition).only(
        "commitment_id", "state_id", "subject_organization_id", "status", "fact_date"
    )
    return {(a.commitment_id, a.state_id, a.subject_organization_id): a for a in found}


@dataclass
class ApprovalEffect:
    """What approving an entry would do to its subject's approved status on its commitment."""

    current: object  # the CurrentAssessment, or None: not assessed
    status: str  # the status after approval
    label: str
    current_label: str
    changes: bool
    outdated: bool  # the approved assessment reports a more recent fact


def with_review_details(entries):
    """
    A review queue page's entries, each given what its row says beyond the entry itself:
    `resubmission` (what changed since it was sent back, or None) and, for those awaiting
    review, `if_approved` (an ApprovalEffect). Three queries whatever the number of entries
    (`resubmissions`, `current_assessments`), none for an empty page.
    """
    entries = list(entries)
    changed = resubmissions(entries)
    waiting = [e for e in entries if e.workflow_state == WorkflowState.SUBMITTED]
    assessments = current_assessments(waiting)
    labels = dict(ImplementationStatus.choices)
    for entry in entries:
        entry.resubmission = changed.get(entry.pk)
        entry.if_approved = None
    for entry in waiting:
        current = assessments.get(
            (entry.commitment_id, entry.state_id, entry.subject_organization_id)
        )
        status = entry.status_if_approved(current)
        entry.if_approved = ApprovalEffect(
            current=current,
            status=status,
            label=labels[status],
            current_label=labels[current.status] if current else "Not assessed",
            changes=current is None or current.status != status,
            outdated=current is not None and entry.fact_date < current.fact_date,
        )
    return entries


def state_entries(state, user=None):
    """
    The entries about `state` that `user` may see, newest fact first, ready for a table. For
    readers who see approved entries only, a page of them is read in order from the index of
    (state, workflow state, fact date, id), not sorted.
    """
    entries = ProgressEntry.objects.restrict(user).filter(state=state)
    return for_list(entries, user).order_by("-fact_date", "-pk")


def states_with_assessment_counts():
    """
    Every state with its M49 region and the number of current commitments on which it has
    an approved assessment, counted by the database.
    """
    return (
        State.objects.select_related("region", "subregion")
        .annotate(
            assessed_count=Count(
                "assessments", filter=Q(assessments__commitment__retired=False), distinct=True
            )
        )
        .order_by("region__name", "name")
    )


# The state page's order of commitments, newest resolution first, in document order; the
# primary key last so that a page boundary never falls between rows the keys tie.
STATE_COMMITMENT_ORDER = ("-resolution__adopted_on", "resolution_id", "paragraph__position", "pk")

# What a row of the state page's commitment table prints, and nothing else: the resolution's
# source text alone is tens of kilobytes a row (and the paragraph's spans, the commitment's
# flags are never shown).
STATE_COMMITMENT_FIELDS = (
    "resolution__symbol",
    "paragraph__kind",
    "paragraph__position",
    "paragraph__part",
    "paragraph__number",
    "paragraph__sub",
    "paragraph__text",
    # A sub-paragraph's lead-ins, printed before it (two levels at most).
    "paragraph__parent__sub",
    "paragraph__parent__text",
    "paragraph__parent__parent__sub",
    "paragraph__parent__parent__text",
    "paragraph__parent__parent__parent",
)


def _assessment_of(state):
    return CurrentAssessment.objects.filter(commitment=OuterRef("pk"), state=state)


def _state_page_structure() -> dict:
    """
    What every state page reads of the structure: the keys of the commitments it lists
    (trackable, addressed to states) in page order, and for each State named as an addressee
    the keys of the current commitments that name it. Both change only with the structure (a
    commitment imported, retired or readdressed, a resolution's date), so they are read once
    per change of structure and cached together (core/caching.py), not sorted again
    (thousands of rows, joined to their resolutions and paragraphs) for every reader of every
    page of every state.
    """

    def read():
        named = {}
        rows = (
            CommitmentActor.objects.filter(state_code__isnull=False, commitment__retired=False)
            .values_list("state_code", "commitment_id")
            .distinct()
        )
        for code, key in rows:
            named.setdefault(code, []).append(key)
        # Commitments of drafts are not yet asked of anyone (Resolution.is_adopted).
        keys = (
            Commitment.objects.addressed_to_states()
            .adopted()
            .order_by(*STATE_COMMITMENT_ORDER)
            .values_list("pk", flat=True)
        )
        return {"keys": list(keys), "named": named}

    return cached_figures("state-page-structure", read, scopes=())


@dataclass
class StateCommitments:
    """What the state page lists: the keys of its commitments in page order, and its counts."""

    keys: list[int]
    total: int
    assessed: int
    # The current commitments that address the state by name ("the Government of Iraq").
    named: set[int]


def state_commitments(state, assessed_only=False) -> StateCommitments:
    """
    The state page's commitments (only those `state` has a current assessment on, with
    `assessed_only`) as keys in page order, with how many are listed in all and how many of
    them are assessed. The count of assessed ones comes from the status counts kept by state
    (states/counts.py), which count the same assessments; the assessed-only list
    reads the state's assessed commitments (keys only) and keeps the listed ones.
    """
    structure = _state_page_structure()
    every = structure["keys"]
    named = set(structure["named"].get(state.iso3, ()))
    if assessed_only:
        assessed = set(
            CurrentAssessment.objects.filter(state=state).values_list("commitment_id", flat=True)
        )
        keys = [pk for pk in every if pk in assessed]
        return StateCommitments(keys, len(every), len(keys), named)
    own = STATUSES.counts().get((state.pk,), {})
    return StateCommitments(every, len(every), sum(own.values()), named)


def commitments_with_assessment_of(state, user=None, keys=None):
    """
    The current trackable commitments addressed to states whose keys are among `keys` (a
    slice of `state_commitments(...).keys`; None: every one), each annotated with `state`'s
    current assessment (status, as-of date, approval date, entry) and the number of evidence
    items of the assessed entry that `user` may read: one query for a page of rows, reading
    only the columns the page prints.
    """
    assessment = _assessment_of(state)
    assessed_evidence = (
        Evidence.objects.shown()
        .disclosed_to(user)
        .filter(entry__assessment__commitment=OuterRef("pk"), entry__assessment__state=state)
        .order_by()
        .values("entry_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    if keys is None:
        commitments = Commitment.objects.addressed_to_states()
    else:
        commitments = Commitment.objects.filter(pk__in=keys)
    return (
        commitments.select_related("resolution", "paragraph__parent__parent")
        .only(*STATE_COMMITMENT_FIELDS)
        .annotate(
            assessment_status=Subquery(assessment.values("status")[:1]),
            assessment_fact_date=Subquery(assessment.values("fact_date")[:1]),
            assessment_approved_at=Subquery(assessment.values("approved_at")[:1]),
            assessment_entry_id=Subquery(assessment.values("entry_id")[:1]),
            assessment_evidence_count=Coalesce(
                Subquery(assessed_evidence, output_field=IntegerField()), 0
            ),
        )
        .order_by(*STATE_COMMITMENT_ORDER)
    )


def assessed_commitments_of(state, user=None, limit=10) -> list:
    """
    Up to `limit` of the commitments `state` has a current assessment on, in the state
    page's order, each annotated as `commitments_with_assessment_of` does: one query.
    """
    assessed = CurrentAssessment.objects.filter(state=state, commitment=OuterRef("pk"))
    listed = Commitment.objects.addressed_to_states().adopted().filter(Exists(assessed))
    return list(
        commitments_with_assessment_of(state, user).filter(pk__in=listed.values("pk"))[:limit]
    )


class KeyedPaginator(Paginator):
    """
    Pages of keys (`object_list`, e.g. `state_commitments(...).keys`) whose number is
    already known (`count`): a page is `rows(keys of the page)`, one query fetching the full
    rows of the page alone.
    """

    def __init__(self, object_list, per_page, *, count, rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(self.object_list[bottom:top]), number, self)


@dataclass
class SubjectProgress:
    """One state (or organization) on one commitment: its current assessment and entries."""

    subject: object
    assessment: CurrentAssessment | None = None
    entries: list = field(default_factory=list)

    @property
    def name(self):
        return str(self.subject)


def _subject_key(state_id, organization_id):
    """Entries and assessments are about a state or, failing that, an organization."""
    return ("state", state_id) if state_id else ("org", organization_id)


SUBJECTS_PER_PAGE = 25


def progress_by_subject(commitment, user, *, page=1, state=None):
    """
    One page of the progress on `commitment` that `user` may see: `SUBJECTS_PER_PAGE`
    subjects (states, or organizations reported on) in name order, each with its entries and
    current assessment; `state` (an ISO3 code) keeps that state alone, as the matrix's links
    ask. A commitment addressed to every state gathers entries from a hundred and more of
    them, too many to print on one page. Four queries whatever the number: the subjects'
    count, the page's subjects, their visible entries, their current assessments.
    """
    entries = ProgressEntry.objects.restrict(user).filter(commitment=commitment)
    if state:
        entries = entries.filter(state__iso3=state.upper())
    subjects = (
        entries.annotate(subject_name=Coalesce("state__name", "subject_organization__name"))
        .values("state_id", "subject_organization_id", "subject_name")
        .distinct()
        .order_by(Lower("subject_name"), "state_id", "subject_organization_id")
    )
    shown = Paginator(subjects, SUBJECTS_PER_PAGE).get_page(page)
    state_ids = {row["state_id"] for row in shown if row["state_id"]}
    organization_ids = {row["subject_organization_id"] for row in shown if not row["state_id"]}
    if not state_ids and not organization_ids:
        shown.object_list = []
        return shown
    on_page = Q(state_id__in=state_ids) | Q(
        state__isnull=True, subject_organization_id__in=organization_ids
    )
    progress = {}
    # Every entry is on `commitment`: its resolution and paragraph are not joined again for
    # each row (for the busiest commitment's 33 entries on a page, a third of this read).
    rows = (
        entries.filter(on_page)
        .select_related("state", "subject_organization", "organization")
        .annotate(evidence_count=evidence_count(user=user))
        .order_by("-fact_date", "-pk")
    )
    for entry in rows:
        entry.commitment = commitment
        key = _subject_key(entry.state_id, entry.subject_organization_id)
        progress.setdefault(key, SubjectProgress(entry.subject)).entries.append(entry)
    for assessment in CurrentAssessment.objects.filter(on_page, commitment=commitment):
        key = _subject_key(assessment.state_id, assessment.subject_organization_id)
        if key in progress:
            progress[key].assessment = assessment
    keys = (_subject_key(row["state_id"], row["subject_organization_id"]) for row in shown)
    # A subject whose entries went out of sight between the two reads is left out.
    shown.object_list = [progress[key] for key in keys if key in progress]
    return shown


def latest_approved(limit: int = 6):
    """
    The most recently approved entries, as anyone may see them (`restrict(None)`: approved
    ones only), ready for a short list: subject, commitment and reporting organization joined.
    """
    entries = ProgressEntry.objects.restrict(None).approved()
    return (
        entries.select_related(*ENTRY_LIST_RELATED)
        .defer(*ENTRY_LIST_DEFERRED)
        .order_by("-decided_at", "-pk")[:limit]
    )
