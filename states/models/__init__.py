"""
The states app's models, one module per concern:

- `places`: the M49 regions and the states in them;
- `organizations`: the organizations that report, and their members;
- `entries`: progress entries, their review workflow and who may see or change them;
- `evidence`: the evidence items attached to entries;
- `assessments`: the current assessment of each subject on each commitment;
- `counts`: the current assessments counted by state, theme and status, kept as tables.

Everything is imported here, so `from states.models import ProgressEntry` works as before.
"""

from .assessments import CurrentAssessment, CurrentAssessmentQuerySet
from .counts import StateStatusCount, ThemeCount
from .entries import (
    ProgressEntry,
    ProgressEntryQuerySet,
    StaleEntryError,
    TransitionError,
    reads_confidential,
    reads_working_history,
)
from .evidence import NO_VICTIM_DETAILS, Evidence, EvidenceQuerySet
from .organizations import (
    Invitation,
    InvitationError,
    Membership,
    MembershipError,
    Organization,
)
from .places import Region, State, StateQuerySet, iso2_validator, iso3_validator, m49_validator

__all__ = [
    "NO_VICTIM_DETAILS",
    "CurrentAssessment",
    "CurrentAssessmentQuerySet",
    "Evidence",
    "EvidenceQuerySet",
    "Invitation",
    "InvitationError",
    "Membership",
    "MembershipError",
    "Organization",
    "ProgressEntry",
    "ProgressEntryQuerySet",
    "Region",
    "StaleEntryError",
    "State",
    "StateStatusCount",
    "StateQuerySet",
    "ThemeCount",
    "TransitionError",
    "iso2_validator",
    "iso3_validator",
    "m49_validator",
    "reads_confidential",
    "reads_working_history",
]
