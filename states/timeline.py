"""
The commitment page's lineage: the versions of an ask in date order, the wording changes
between consecutive versions, and the progress recorded on the other versions.

Two queries whatever the length of the lineage: the links with both commitments, then the
progress entries the user may see on the other versions.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.safestring import SafeString

from commitments.lineage.linking import ask_text, diff_markup
from commitments.models import Commitment, CommitmentLink

from .models import ProgressEntry
from .queries import for_list


@dataclass
class Version:
    """One commitment of a lineage, as the timeline prints it."""

    commitment: Commitment
    link: CommitmentLink | None = None  # to the page's commitment; None for that one
    previous: Commitment | None = None
    diff: SafeString | None = None  # wording changes from `previous`
    entries: list = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return self.link is None

    @property
    def ask(self) -> str:
        """The wording after the operative verb, which the diffs compare."""
        return _ask(self.commitment)


def lineage_of(commitment: Commitment, user) -> list[Version]:
    """
    The versions of `commitment`'s ask, oldest first: the commitment itself and every
    commitment linked to it (rejected links left out), each but the first with the diff of
    its ask (the wording after the operative verb) from the version before it, each other
    version with the progress entries `user` may see.
    Empty when nothing is linked.
    """
    links = (
        CommitmentLink.objects.shown()
        .filter(Q(earlier=commitment) | Q(later=commitment))
        .select_related(
            "earlier__resolution", "earlier__paragraph", "later__resolution", "later__paragraph"
        )
    )
    versions = [Version(commitment)]
    for link in links:
        other = link.later if link.earlier_id == commitment.pk else link.earlier
        versions.append(Version(other, link=link))
    if len(versions) == 1:
        return []
    versions.sort(key=_chronological)
    for before, version in zip(versions, versions[1:], strict=False):
        version.previous = before.commitment
        version.diff = diff_markup(_ask(before.commitment), _ask(version.commitment))

    others = {version.commitment.pk: version for version in versions if not version.is_current}
    entries = for_list(ProgressEntry.objects.restrict(user).filter(commitment__in=others), user)
    for entry in entries.order_by("-fact_date", "-pk"):
        others[entry.commitment_id].entries.append(entry)
    return versions


def _ask(commitment: Commitment) -> str:
    return ask_text(commitment.paragraph.text, commitment.paragraph.opener)


def _chronological(version: Version):
    resolution = version.commitment.resolution
    adopted = resolution.adopted_on
    return (
        adopted is None,
        adopted or datetime.date.min,
        resolution.pk,
        version.commitment.paragraph.position or 0,
    )
