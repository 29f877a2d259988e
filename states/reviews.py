"""
Reviewers' decisions on several entries at once (the review queue's and the admin's bulk
actions), and the queue's order for "Approve and next".

A bulk decision is one `ProgressEntry.transition` per entry, so it obeys exactly the rules
(permission, the entry's workflow state, the compare-and-swap on its revision) and leaves
exactly the history that deciding each entry on its own page would. Each entry is decided as
the page the reviewer acted on showed it: the revision shown there is the one its decision
claims, so an entry changed meanwhile is refused rather than decided unseen. Every entry that
was not decided is reported with the reason, in words a reviewer can act on.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .choices import WorkflowState
from .models import ProgressEntry, StaleEntryError, TransitionError

# What each review action is called before a list of entries ("Approve 3 entries").
REVIEW_VERBS = {"approve": "Approve", "request_changes": "Request changes on", "reject": "Reject"}

# Why an entry in each state other than "submitted" cannot be decided on.
NOT_AWAITING_REVIEW = {
    WorkflowState.DRAFT: "still a draft: it has not been submitted for review",
    WorkflowState.APPROVED: "already approved",
    WorkflowState.CHANGES_REQUESTED: "already sent back for changes",
    WorkflowState.REJECTED: "already rejected",
    WorkflowState.WITHDRAWN: "withdrawn by its contributors",
}
STALE = "someone else changed it meanwhile; reload and try again"
NOT_FOUND = "no such entry among those you may review"


def review_refusal(entry, action, user):
    """
    Why `user` may not take review `action` on `entry`, in words a reviewer can act on, or
    None when the model allows it. Mirrors `ProgressEntry.can`, which only answers yes or no.
    """
    sources, _ = ProgressEntry.TRANSITIONS[action]
    if entry.workflow_state not in sources:
        return NOT_AWAITING_REVIEW.get(entry.workflow_state, "not awaiting review")
    if user.pk == entry.created_by_id:
        return f"own entry: reviewers cannot {REVIEW_VERBS[action].lower()} their own entries"
    if not entry.can(action, user):
        return "you may not review progress entries"
    return None


def shown_revisions(data):
    """{entry id: the revision the page showed}, from its `revision-<id>` hidden fields."""
    shown = {}
    for name, value in data.items():
        prefix, _, pk = name.partition("-")
        if prefix == "revision" and pk.isdecimal() and value.isdecimal():
            shown[int(pk)] = int(value)
    return shown


@dataclass
class BulkDecision:
    """What a bulk decision did: the entries decided, and those refused with the reason."""

    action: str
    decided: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (entry or its id, reason)

    @property
    def participle(self):
        return ProgressEntry.ACTION_PARTICIPLES[self.action]


def decide_each(entries, action, user, comment, shown, page="the confirmation page"):
    """
    Take review `action` on each of `entries` (in hand, read by the caller), as `user`, with
    `comment`, each at the revision `shown` ({id: revision}) says the page showed. Each entry
    is its own transaction: one refused leaves the others decided. `page` names the page the
    reviewer decided from, for an entry it did not show.
    """
    result = BulkDecision(action)
    for entry in entries:
        if entry.pk not in shown:
            result.refused.append((entry, f"not shown on {page}; choose it again"))
            continue
        entry.revision = shown[entry.pk]
        try:
            entry.transition(action, user, comment)
        except StaleEntryError:
            result.refused.append((entry, STALE))
        except (TransitionError, PermissionDenied) as error:
            result.refused.append((entry, review_refusal(entry, action, user) or str(error)))
        else:
            result.decided.append(entry)
    return result


def next_in_queue(queue, entry, user):
    """
    The entry after `entry` in `queue` (the review queue as its filters left it, in its
    order: oldest submission first) that `user` may decide now, or None at the end.
    """
    after = Q(submitted_at__gt=entry.submitted_at) | Q(
        submitted_at=entry.submitted_at, pk__gt=entry.pk
    )
    if entry.submitted_at is None:
        after = Q(submitted_at__isnull=False) | Q(submitted_at__isnull=True, pk__gt=entry.pk)
    return (
        queue.awaiting_review()
        .exclude(created_by=user)
        .filter(after)
        .order_by("submitted_at", "pk")
        .only("pk")
        .first()
    )
