"""
The commitments app's models, one module per concern:

- `resolutions`: resolutions, their revisions and paragraphs;
- `lexicon`: the parser's vocabulary (actors, topics, SDG targets, verbs, phrases);
- `commitments`: the commitments operative paragraphs make, their addressees and themes;
- `texts`: a resolution's texts in the other official languages, matched paragraph by paragraph;
- reporting requests, deadline subscriptions and reminders live with the rest of their
  concern in `commitments/deadlines/`; links between the same ask in earlier and later
  resolutions in `commitments/lineage/`.

Everything is imported here, so `from commitments.models import Commitment` works as before.
"""

from commitments.deadlines.models import (
    DeadlineSubscription,
    ReminderSent,
    ReportingRequest,
    ReportingRequestQuerySet,
)
from commitments.lineage.models import CommitmentLink, CommitmentLinkQuerySet

from .commitments import Commitment, CommitmentActor, CommitmentQuerySet, CommitmentTheme
from .lexicon import (
    Actor,
    ActorAlias,
    ActorQuerySet,
    LexiconPhrase,
    OperativeVerb,
    SdgTarget,
    Topic,
    TopicKeyword,
    VerbForm,
)
from .resolutions import (
    Paragraph,
    ParagraphQuerySet,
    Resolution,
    ResolutionQuerySet,
    ResolutionRevision,
)
from .texts import ParagraphText, ResolutionText, describe_problem

__all__ = [
    "Actor",
    "ActorAlias",
    "ActorQuerySet",
    "Commitment",
    "CommitmentActor",
    "CommitmentLink",
    "CommitmentLinkQuerySet",
    "CommitmentQuerySet",
    "CommitmentTheme",
    "DeadlineSubscription",
    "LexiconPhrase",
    "OperativeVerb",
    "Paragraph",
    "ParagraphQuerySet",
    "ParagraphText",
    "ReminderSent",
    "ReportingRequest",
    "ReportingRequestQuerySet",
    "Resolution",
    "ResolutionQuerySet",
    "ResolutionRevision",
    "ResolutionText",
    "SdgTarget",
    "Topic",
    "TopicKeyword",
    "VerbForm",
    "describe_problem",
]
