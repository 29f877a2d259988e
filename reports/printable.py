"""
Printable progress reports: per state, per resolution and per topic.

A report is built from approved entries only, in a fixed number of queries whatever its size:
the commitments in scope, the current assessments, the approved entries and their evidence.
Evidence is numbered once per report and cited like footnotes, so a printed page can be
checked against its sources. A report is a document meant to be passed on (printed, sent as a
PDF), so it never carries confidential evidence, whoever makes it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext

from commitments.models import Commitment, CommitmentActor
from states.models import CurrentAssessment, Evidence, ProgressEntry
from states.rollups import Rollup, rollups_for

from .dashboards import StatusCount, status_distribution

# How many of the newest approved entries the summary names.
LATEST_IN_SUMMARY = 5


@dataclass(frozen=True)
class Source:
    number: int
    evidence: Evidence

    @property
    def text(self) -> str:
        parts = [self.evidence.citation, self.evidence.description]
        if self.evidence.file:
            parts.append(f"file “{self.evidence.original_name}”")
        return "; ".join(part for part in parts if part) or self.evidence.url

    @property
    def url(self) -> str:
        return self.evidence.url


@dataclass
class CitedEntry:
    entry: ProgressEntry
    sources: list[Source]


@dataclass
class CommitmentSection:
    commitment: Commitment
    assessments: list[CurrentAssessment]
    entries: list[CitedEntry]
    # The States the paragraph names as addressees ("the Government of Iraq"), by ISO code.
    named_states: frozenset[str] = frozenset()
    # A state report's sub-paragraph: the status of each chapeau it continues, as the roll-up
    # of that chapeau's sub-paragraphs for the State ("OP 2", "3 of 5 sub-paragraphs ...").
    lead_in_rollups: list[tuple[str, Rollup]] = field(default_factory=list)

    @property
    def assessment(self):
        """The one assessment of a single-subject (state) report, if any."""
        return self.assessments[0] if self.assessments else None


@dataclass
class Report:
    kind: str
    title: str
    scope: str
    generated_at: datetime.datetime
    generated_by: str
    sections: list[CommitmentSection]
    summary: list[StatusCount]
    sources: list[Source] = field(default_factory=list)
    data_as_of: datetime.datetime | None = None
    # A state report's State, by ISO code: its commitments naming it are marked.
    subject_code: str = ""
    # The newest approved entries, for the summary: (the commitment's section, the entry).
    latest: list[tuple[CommitmentSection, CitedEntry]] = field(default_factory=list)

    @property
    def named_count(self) -> int:
        """How many of a state report's commitments name its State."""
        return sum(self.subject_code in section.named_states for section in self.sections)

    @property
    def assessed(self) -> int:
        return len(self.assessed_sections)

    @property
    def assessed_sections(self) -> list[CommitmentSection]:
        """Commitments with approved work, printed in full."""
        return [section for section in self.sections if section.assessments or section.entries]

    @property
    def unassessed_sections(self) -> list[CommitmentSection]:
        """Commitments nobody has reported on yet: a short table at the end, or left out."""
        return [
            section for section in self.sections if not (section.assessments or section.entries)
        ]

    @property
    def entry_count(self) -> int:
        return sum(len(section.entries) for section in self.sections)


def covered_commitments(kind: str, subject, drafts: bool = False):
    """
    The commitments a report of `kind` on `subject` covers, as a queryset: those of adopted
    resolutions, or of drafts too when the reader asks for them (`drafts`). A report on a
    draft resolution itself covers its commitments: that is what its reader asked for.
    """
    if kind == "state":
        return Commitment.objects.addressed_to_states().counted(drafts)
    if kind == "resolution":
        return Commitment.objects.trackable().filter(resolution=subject)
    return Commitment.objects.trackable().on_topic(subject).counted(drafts)


def subject_filter(kind: str, subject) -> Q:
    """Which subjects' entries and assessments a report shows: one state's, or everyone's."""
    return Q(state=subject) if kind == "state" else Q()


def size(kind: str, subject, drafts: bool = False) -> int:
    """
    What a report prints, in items: the commitments it lists and the approved entries it
    cites (two counts). Its length in pages, and the time to lay it out, follow from these.
    """
    commitments = covered_commitments(kind, subject, drafts)
    entries = ProgressEntry.objects.approved().filter(
        subject_filter(kind, subject), commitment__in=commitments.values("pk")
    )
    return commitments.count() + entries.count()


def state_report(state, user=None, drafts=False) -> Report:
    return _build(
        kind="state",
        title=gettext("Progress report: %(subject)s") % {"subject": state.label},
        scope=gettext(
            "Every current commitment addressed to States in the tracked resolutions, and "
            "what approved entries show %(state)s has done on each."
        )
        % {"state": state.label},
        commitments=covered_commitments("state", state, drafts),
        subject=subject_filter("state", state),
        user=user,
        subject_code=state.iso3,
        state=state,
    )


def resolution_report(resolution, user=None, drafts=False) -> Report:
    return _build(
        kind="resolution",
        title=gettext("Progress report: %(subject)s") % {"subject": resolution.display_symbol},
        scope=(
            gettext(
                "The trackable commitments of %(symbol)s (%(title)s), with the latest approved "
                "status of every state or organization reported on."
            )
            if resolution.title
            else gettext(
                "The trackable commitments of %(symbol)s, with the latest approved status of "
                "every state or organization reported on."
            )
        )
        % {"symbol": resolution.display_symbol, "title": resolution.title},
        commitments=covered_commitments("resolution", resolution),
        subject=subject_filter("resolution", resolution),
        user=user,
    )


def topic_report(topic, user=None, drafts=False) -> Report:
    return _build(
        kind="topic",
        title=gettext("Progress report: %(subject)s") % {"subject": topic.name},
        scope=gettext(
            "Every trackable commitment on %(topic)s (and its sub-topics) across the tracked "
            "resolutions, with the latest approved status of each subject reported on."
        )
        % {"topic": topic.name.lower()},
        commitments=covered_commitments("topic", topic, drafts),
        subject=subject_filter("topic", topic),
        user=user,
    )


def _build(kind, title, scope, commitments, subject, user, subject_code="", state=None) -> Report:
    commitments = list(
        Commitment.objects.filter(pk__in=commitments.values("pk"))
        # A sub-paragraph is printed after the lead-ins it completes (two levels at most).
        .select_related("resolution", "paragraph__parent__parent")
        .order_by("resolution__adopted_on", "resolution_id", "paragraph__position")
    )
    in_scope = [c.pk for c in commitments]
    assessments = (
        CurrentAssessment.objects.filter(subject, commitment_id__in=in_scope)
        .select_related("state", "subject_organization")
        .order_by("state__name", "subject_organization__name")
    )
    entries = (
        ProgressEntry.objects.approved()
        .filter(subject, commitment_id__in=in_scope)
        .select_related("state", "subject_organization", "organization")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.shown().public().order_by("created", "pk"),
            )
        )
        .order_by("-fact_date", "-decided_at")
    )
    named = defaultdict(set)
    for commitment_id, code in (
        CommitmentActor.objects.filter(commitment_id__in=in_scope)
        .exclude(state_code="")
        .values_list("commitment_id", "state_code")
    ):
        named[commitment_id].add(code)
    lead_in_rollups = _lead_in_rollups(commitments, state) if state is not None else {}
    by_commitment = defaultdict(list)
    for assessment in assessments:
        by_commitment[assessment.commitment_id].append(assessment)
    entries_by_commitment = defaultdict(list)
    for entry in entries:
        entries_by_commitment[entry.commitment_id].append(entry)
    # Sources are numbered in reading order: by commitment, then newest entry first.
    sources, sections = [], []
    for commitment in commitments:
        cited = []
        for entry in entries_by_commitment.get(commitment.pk, []):
            numbered = [Source(len(sources) + n, e) for n, e in enumerate(entry.evidence.all(), 1)]
            sources.extend(numbered)
            cited.append(CitedEntry(entry, numbered))
        sections.append(
            CommitmentSection(
                commitment,
                by_commitment.get(commitment.pk, []),
                cited,
                frozenset(named.get(commitment.pk, ())),
                [
                    (lead.label, lead_in_rollups[lead.pk])
                    for lead in commitment.paragraph.lead_ins
                    if lead.pk in lead_in_rollups
                ],
            )
        )
    decided = [entry.decided_at for group in entries_by_commitment.values() for entry in group]
    # The newest facts first (ties: the newest approval), whatever their commitment.
    latest = sorted(
        ((section, cited) for section in sections for cited in section.entries),
        key=lambda pair: (pair[1].entry.fact_date, pair[1].entry.decided_at),
        reverse=True,
    )[:LATEST_IN_SUMMARY]
    return Report(
        kind=kind,
        title=title,
        scope=scope,
        generated_at=timezone.now(),
        generated_by=(user.get_full_name() or user.username)
        if user and user.is_authenticated
        else "a public visitor",
        sections=sections,
        summary=status_distribution(
            CurrentAssessment.objects.filter(subject, commitment_id__in=in_scope)
        ),
        sources=sources,
        data_as_of=max(decided, default=None),
        subject_code=subject_code,
        latest=latest,
    )


BUILDERS = {"state": state_report, "resolution": resolution_report, "topic": topic_report}


def file_name(report) -> str:
    """progress-report-kenya-2026-11-23.pdf"""
    from django.utils.text import slugify

    subject = slugify(report.title.split(":", 1)[-1]) or "report"
    return f"progress-report-{subject}-{report.generated_at:%Y-%m-%d}.pdf"


def template_context(report, omit_unassessed=False) -> dict:
    """
    What templates/reports/report.html needs besides the report itself; `omit_unassessed`:
    the commitments without approved progress counted but not listed.
    """
    from .charts import STATUS_FILLS

    # Each status's bar as a share of the longest one, drawn inside the summary's table: the
    # names stay in the table's text, which PDFs shape in every script (SVG text they do not,
    # so an Arabic name would print with its letters apart and reversed).
    longest = max((s.count for s in report.summary), default=0) or 1
    return {
        "report": report,
        "omit_unassessed": omit_unassessed,
        "summary_bars": [
            (s, round(100 * s.count / longest, 1), STATUS_FILLS[f"status-{s.status}"])
            for s in report.summary
        ],
    }


def _lead_in_rollups(commitments, state) -> dict[int, Rollup]:
    """
    {lead-in paragraph id: its roll-up for the report's State} for every chapeau the
    sub-paragraphs of `commitments` continue: three queries, none without sub-paragraphs.
    """
    leads = {lead.pk for c in commitments for lead in c.paragraph.lead_ins}
    if not leads:
        return {}
    chapeaux = dict(
        Commitment.objects.chapeaux()
        .filter(paragraph_id__in=leads)
        .values_list("pk", "paragraph_id")
    )
    rollups = rollups_for(chapeaux, state=state)
    return {paragraph_id: rollups[pk] for pk, paragraph_id in chapeaux.items()}
