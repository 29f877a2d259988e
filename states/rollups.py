"""
A chapeau's status: the roll-up of its sub-paragraphs' current assessments.

A paragraph that introduces sub-paragraphs ("Calls upon all States: (a) to …; (b) to …") is
not tracked itself (`Commitment.is_chapeau`); each sub-paragraph is. Wherever a chapeau is
shown for a subject (a state or an organization), its status is what its sub-paragraphs
say: "3 of 5 sub-paragraphs implemented, 1 in progress, 1 not assessed". The sub-paragraphs
counted are the trackable ones under it at any depth (for 2, both 2(a) and 2(b)(i)). Two
queries whatever the number of chapeaux and subjects: the sub-paragraphs, their assessments.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext, ngettext

from commitments.models import Commitment
from core.text import fold

from .choices import STATUS_ORDER, ImplementationStatus
from .models import CurrentAssessment
from .names import state_name


def status_words(status: str) -> str:
    """How a status reads after a count, in the reader's language: "1 in progress"."""
    if not status:
        return gettext("not assessed")
    if status == ImplementationStatus.NO_INFORMATION:
        return gettext("with no information")
    return ImplementationStatus(status).label.lower()


@dataclass
class Rollup:
    """One chapeau's sub-paragraphs for one subject: how many, and their current statuses."""

    total: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def assessed(self) -> int:
        return sum(self.counts.values())

    @property
    def not_assessed(self) -> int:
        return self.total - self.assessed

    @property
    def parts(self) -> list[tuple[str, int]]:
        """(status or "", count) for each status held, most advanced first; "" not assessed."""
        parts = [
            (status, self.counts[status]) for status in STATUS_ORDER if self.counts.get(status)
        ]
        if self.not_assessed:
            parts.append(("", self.not_assessed))
        return parts

    def __str__(self) -> str:
        if not self.assessed:
            return ngettext(
                "%(total)s sub-paragraph, none assessed",
                "%(total)s sub-paragraphs, none assessed",
                self.total,
            ) % {"total": self.total}
        (status, count), *others = self.parts
        first = ngettext(
            "%(count)s of %(total)s sub-paragraph %(status)s",
            "%(count)s of %(total)s sub-paragraphs %(status)s",
            self.total,
        ) % {"count": count, "total": self.total, "status": status_words(status)}
        rest = [f"{count} {status_words(status)}" for status, count in others]
        return gettext(", ").join([first, *rest])


@dataclass
class SubjectRollup:
    """A chapeau's roll-up for one state or organization, with what names it."""

    name: str
    iso3: str
    slug: str
    rollup: Rollup


def _subparagraphs(chapeau_ids) -> dict[int, list[int]]:
    """{chapeau id: [the trackable sub-paragraphs' commitment ids under it]}, one query."""
    rows = (
        Commitment.objects.trackable()
        .filter(
            Q(paragraph__parent__commitment__in=chapeau_ids)
            | Q(paragraph__parent__parent__commitment__in=chapeau_ids)
        )
        .values_list("pk", "paragraph__parent__commitment", "paragraph__parent__parent__commitment")
        .order_by()
    )
    under = {pk: [] for pk in chapeau_ids}
    for pk, *ancestors in rows:
        for ancestor in ancestors:
            if ancestor in under:
                under[ancestor].append(pk)
    return under


def rollups_for(chapeaux, *, state=None, organization=None) -> dict[int, Rollup]:
    """
    {chapeau id: Rollup} of each of `chapeaux` (commitments or their ids) for one subject, a
    State or an Organization: what a page about that subject prints against each chapeau.
    """
    ids = [getattr(chapeau, "pk", chapeau) for chapeau in chapeaux]
    if not ids:
        return {}
    under = _subparagraphs(ids)
    of = {pk: chapeau for chapeau, pks in under.items() for pk in pks}
    subject = {"state": state} if state is not None else {"subject_organization": organization}
    statuses = CurrentAssessment.objects.filter(commitment_id__in=of, **subject).values_list(
        "commitment_id", "status"
    )
    counts = defaultdict(lambda: defaultdict(int))
    for commitment_id, status in statuses:
        for chapeau, pks in under.items():
            if commitment_id in pks:
                counts[chapeau][status] += 1
    return {chapeau: Rollup(len(pks), dict(counts[chapeau])) for chapeau, pks in under.items()}


def rollups_by_subject(chapeau, *, iso3="") -> list[SubjectRollup]:
    """
    The roll-up of `chapeau` for every state and organization assessed on one of its
    sub-paragraphs, by name (or for the State of code `iso3` alone, as the matrix's links
    ask): the chapeau's commitment page.
    """
    pks = _subparagraphs([chapeau.pk])[chapeau.pk]
    assessments = CurrentAssessment.objects.filter(commitment_id__in=pks)
    if iso3:
        assessments = assessments.filter(state__iso3=iso3)
    rows = assessments.values_list(
        "state__name",
        "state__iso3",
        "state__slug",
        "subject_organization__name",
        "status",
    ).order_by()
    subjects = {}
    for english_name, iso3, slug, organization_name, status in rows:
        name = state_name(iso3, english_name) if iso3 else organization_name
        key = (name, iso3 or "", slug or "")
        rollup = subjects.setdefault(key, Rollup(len(pks)))
        rollup.counts[status] = rollup.counts.get(status, 0) + 1
    return [
        SubjectRollup(name, iso3, slug, rollup)
        for (name, iso3, slug), rollup in sorted(
            subjects.items(), key=lambda item: fold(item[0][0])
        )
    ]
