"""
The read paths of the progress pages, each one query whatever the number of rows.

They build on the models' QuerySet methods (`restrict`, `approved`, `shown`, ...) and add
what a page needs to print a row without asking again: related rows joined, evidence counted
by a correlated subquery, the current assessment of one state annotated on each commitment.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from commitments.models import Commitment

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


def commitments_with_assessment_of(state, user=None):
    """
    Every current trackable commitment addressed to states, each annotated with `state`'s
    current assessment (status, as-of date, approval date, entry) and the number of evidence
    items of the assessed entry that `user` may read: one query for a page of rows.
    """
    assessment = CurrentAssessment.objects.filter(commitment=OuterRef("pk"), state=state)
    assessed_evidence = (
        Evidence.objects.shown()
        .disclosed_to(user)
        .filter(entry__assessment__commitment=OuterRef("pk"), entry__assessment__state=state)
        .order_by()
        .values("entry_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Commitment.objects.addressed_to_states()
        .select_related("resolution", "paragraph")
        .annotate(
            assessment_status=Subquery(assessment.values("status")[:1]),
            assessment_fact_date=Subquery(assessment.values("fact_date")[:1]),
            assessment_approved_at=Subquery(assessment.values("approved_at")[:1]),
            assessment_entry_id=Subquery(assessment.values("entry_id")[:1]),
            assessment_evidence_count=Coalesce(
                Subquery(assessed_evidence, output_field=IntegerField()), 0
            ),
        )
        .order_by("-resolution__adopted_on", "resolution_id", "paragraph__position")
    )


@dataclass
class SubjectProgress:
    """One state (or organization) on one commitment: its current assessment and entries."""

    subject: object
    assessment: CurrentAssessment | None = None
    entries: list = field(default_factory=list)

    @property
    def name(self):
        return str(self.subject)


def _subject_key(row):
    """Entries and assessments are about a state or, failing that, an organization."""
    return ("state", row.state_id) if row.state_id else ("org", row.subject_organization_id)


def progress_by_subject(commitment, user):
    """
    The progress on `commitment` that `user` may see, grouped by subject and ordered by
    name: two queries (the visible entries, the current assessments).
    """
    entries = for_list(ProgressEntry.objects.restrict(user).filter(commitment=commitment), user)
    subjects = {}
    for entry in entries.order_by("-fact_date", "-pk"):
        progress = subjects.setdefault(_subject_key(entry), SubjectProgress(entry.subject))
        progress.entries.append(entry)
    if subjects:
        assessments = CurrentAssessment.objects.filter(commitment=commitment)
        for assessment in assessments:
            if _subject_key(assessment) in subjects:
                subjects[_subject_key(assessment)].assessment = assessment
    return sorted(subjects.values(), key=lambda progress: progress.name.casefold())
