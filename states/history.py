"""
An entry's history as its page prints it, newest first, with who made each change and when.
Built from django-simple-history's records in a fixed number of queries: all the entry's
records, all its evidence records, and the names of any state, organization or commitment a
change points to.

Who reads what is the entry's rule (`ProgressEntry.can_see_working_history`):

- its organization's members and reviewers read the working history: every change to the
  entry and to its evidence, why it was made (the change reason, which carries reviewers'
  comments) and each field's old and new value;
- everyone else (other organizations, the public) reads only the versions that were
  approved, each with its values and the evidence it was approved with. Drafts, earlier
  submissions, review comments and evidence removed along the way are the organization's:
  a draft may have named a victim before the organization took the name out.

Confidential evidence is left out for readers who may not see it: not a placeholder, since
even the number of such items is not theirs to know. Whether an item is confidential (or
removed) is what it is now (its latest record): once marked, its earlier records are hidden
too.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment

from .choices import WorkflowState
from .models import Evidence, Organization, ProgressEntry, State

# Kept by the model for its own use; the record's user and date already say who and when.
ENTRY_UNSHOWN_FIELDS = {
    "revision",
    "created_by",
    "decided_by",
    "submitted_at",
    "decided_at",
    "created",
    "updated",
}
# Working notes, not content: left out of the approved versions' changes.
REVIEW_FIELDS = {"review_comment", "workflow_state"}
# What the first record of an entry shows: the values it was created with (and the first
# approved version, the values it was approved with).
CREATION_FIELDS = (
    "state",
    "subject_organization",
    "organization",
    "status",
    "fact_date",
    "confidence",
    "summary",
)
# Long text is shown whole, beside the old version, rather than inline.
LONG_FIELDS = {"summary", "review_comment"}

# The change reasons the models record (`_change_reason`) are codes: a workflow action,
# "action: comment" for one taken with a comment, or one of these. A reader is shown words
# (the item's title says what happened), never the code; any other reason (one written by
# hand) is shown as written.
REASON_CODES = {"create", "edit", "correction", "add", "remove", "confidential", "not confidential"}
# What a comment given with a workflow step is, said before it.
COMMENT_LEADS = {
    "submit": _("Note from the contributor"),
    "approve": _("The reviewer's comment"),
    "request_changes": _("The reviewer asked for changes"),
    "reject": _("The reviewer rejected it"),
    "withdraw": _("Why it was withdrawn"),
}
# What each recorded change reason says happened, for the pages (the admin's history) that
# list records one by one rather than as this module's items.
REASON_WORDS = {
    "create": _("Created"),
    "edit": _("Changed"),
    "correction": _("Corrected"),
    "add": _("Evidence added"),
    "remove": _("Evidence removed"),
    "confidential": _("Evidence marked confidential"),
    "not confidential": _("Evidence no longer confidential"),
    "submit": _("Submitted for review"),
    "approve": _("Approved"),
    "request_changes": _("Changes requested"),
    "reject": _("Rejected"),
    "withdraw": _("Withdrawn"),
}
FOREIGN_KEYS = {
    "commitment": Commitment,
    "state": State,
    "subject_organization": Organization,
    "organization": Organization,
}


@dataclass
class FieldChange:
    label: str
    old: object
    new: object
    long: bool = False


@dataclass
class HistoryItem:
    date: object
    user: object
    reason: str
    title: str
    changes: list[FieldChange] = field(default_factory=list)
    evidence: object = None  # the historical evidence record, for evidence changes
    order: int = 0
    confidential: bool = False  # an evidence item that is confidential now
    # An approved version's evidence, as it stood then (historical evidence records).
    approved_evidence: list = field(default_factory=list)
    # In words, from the reason: a comment given with a workflow step and what it is ("The
    # reviewer asked for changes"), or a reason written by hand (`note`). `reason` keeps the
    # code as recorded.
    comment: str = ""
    comment_lead: str = ""
    note: str = ""
    # The comment is the entry's current review comment, shown at the top of its page.
    comment_above: bool = False


def read_reason(reason: str) -> tuple[str, str, str]:
    """(action, comment, note) of a recorded change reason: see REASON_CODES."""
    reason = reason or ""
    action, _, comment = reason.partition(": ")
    if action in COMMENT_LEADS:
        return action, comment, ""
    if reason in REASON_CODES:
        return reason, "", ""
    return "", "", reason


# The steps that set the entry's review comment, which keeps the comment whole.
REVIEW_ACTIONS = ("approve", "request_changes", "reject")


def reason_in_words(reason: str, review_comment: str = "") -> str:
    """
    A recorded change reason as a reader is told it: "Submitted for review", "The reviewer
    asked for changes: …", "Evidence removed"; a reason written by hand, as written. A
    decision's comment is read whole from the record's `review_comment` when given (the
    reason holds only its start: `change_reason`).
    """
    action, comment, note = read_reason(reason)
    if comment and review_comment and action in REVIEW_ACTIONS:
        comment = review_comment
    if note or not action:
        return note
    if comment and action in ("request_changes", "reject"):
        return f"{COMMENT_LEADS[action]}: {comment}"
    if comment:
        return f"{REASON_WORDS[action]}. {COMMENT_LEADS[action]}: {comment}"
    return REASON_WORDS[action]


def entry_history(entry, user=None):
    """The items of `entry`'s history that `user` may read (None: the public), newest first."""
    if entry.can_see_working_history(user):
        return _working_history(entry)
    return _approved_history(entry)


def _working_history(entry):
    """Every change to the entry and its evidence, for its organization and reviewers."""
    records = list(entry.history.select_related("history_user").order_by("history_date"))
    evidence_records = list(
        Evidence.history.filter(entry_id=entry.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    # Its readers read confidential evidence too (the same rule): marked, not left out.
    confidential = {record.id: record.confidential for record in evidence_records}
    confidential = {pk for pk, now in confidential.items() if now}
    names = _related_names(records, entry)
    items = []
    previous = None
    for record in records:
        items.append(_entry_item(record, previous, names))
        previous = record
    latest_of = {}
    for record in evidence_records:
        item = _evidence_item(record, latest_of.get(record.id))
        item.confidential = record.id in confidential
        items.append(item)
        latest_of[record.id] = record
    return _newest_first(items)


def _approved_history(entry):
    """
    The versions of the entry that were approved, for everyone outside its organization and
    the reviewers: the first with its values, each later one (a correction made while it
    stayed approved) with what changed since the one before; each with the evidence it was
    approved with, as it stood then. Who decided is shown; why (the reviewer's comment) is
    not. Evidence confidential or removed now is left out of every version.
    """
    records = list(entry.history.select_related("history_user").order_by("history_date"))
    approved = [r for r in records if r.workflow_state == WorkflowState.APPROVED]
    if not approved:
        return []
    evidence_records = list(
        Evidence.history.filter(entry_id=entry.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    latest = {record.id: record for record in evidence_records}
    hidden = {pk for pk, record in latest.items() if record.confidential or record.removed}
    evidence_records = [r for r in evidence_records if r.id not in hidden]
    names = _related_names(approved, entry)
    items = []
    last = None  # the record before, approved or not
    previous, shown_with_previous = None, {}  # the approved version before, its evidence
    for record in records:
        newly_approved = last is None or last.workflow_state != WorkflowState.APPROVED
        last = record
        if record.workflow_state != WorkflowState.APPROVED:
            continue
        standing = _evidence_at(evidence_records, record.history_date)
        if previous is None:
            changes = _values(record, names)
            evidence = list(standing.values())
        else:
            changes = _changes(record, previous, names, ENTRY_UNSHOWN_FIELDS | REVIEW_FIELDS)
            evidence = [
                item
                for pk, item in standing.items()
                if pk not in shown_with_previous
                or shown_with_previous[pk].history_id != item.history_id
            ]
        if newly_approved or changes or evidence:
            items.append(
                HistoryItem(
                    date=record.history_date,
                    user=record.history_user,
                    reason="",
                    title=_("Approved") if newly_approved else _("Changed"),
                    changes=changes,
                    approved_evidence=evidence,
                )
            )
        previous, shown_with_previous = record, standing
    return _newest_first(items)


def _evidence_at(evidence_records, moment):
    """{evidence id: its record} for the items attached at `moment` (records oldest first)."""
    standing = {}
    for record in evidence_records:
        if record.history_date > moment:
            break
        standing[record.id] = record
    return {pk: record for pk, record in standing.items() if not record.removed}


def _newest_first(items):
    for order, item in enumerate(items):
        item.order = order
    return sorted(items, key=lambda item: (item.date, item.order), reverse=True)


def _related_names(records, *entries):
    """
    {(field, pk): object} for every state, organization and commitment the records point
    to: those the entries point to now are already loaded; the others (only when a change
    moved an entry) are fetched in one query per model.
    """
    names = {
        (name, getattr(entry, f"{name}_id")): getattr(entry, name)
        for entry in entries
        for name in FOREIGN_KEYS
        if getattr(entry, f"{name}_id")
    }
    missing = {}
    for name, model in FOREIGN_KEYS.items():
        for record in records:
            pk = getattr(record, f"{name}_id")
            if pk is not None and (name, pk) not in names:
                missing.setdefault(model, set()).add(pk)
    for model, pks in missing.items():
        queryset = model.objects.all()
        if model is Commitment:
            queryset = queryset.select_related("resolution", "paragraph")
        found = queryset.in_bulk(pks)
        for name, field_model in FOREIGN_KEYS.items():
            if field_model is model:
                names.update(((name, pk), obj) for pk, obj in found.items())
    return names


def _value(record, name):
    return getattr(record, f"{name}_id" if name in FOREIGN_KEYS else name)


def _display(record, name, value, names):
    """A field's value as a reader knows it: a name for a link, a label for a code."""
    if value in (None, ""):
        return None
    if name in FOREIGN_KEYS:
        return names.get((name, value), f"#{value}")
    choices = record._meta.get_field(name).choices
    if choices:
        return dict(choices).get(value, value)
    return value


# Names a reader knows from the entry form, where they differ from the model's.
LABELS = {
    "fact_date": _("As of"),
    "organization": _("Reporting organization"),
    "subject_organization": _("Subject organization"),
    "workflow_state": _("Workflow"),
    "url": _("Source URL"),
    "confidential": _("Confidential"),
}


def _label(model, name):
    return LABELS.get(name) or str(model._meta.get_field(name).verbose_name).capitalize()


def _entry_item(record, previous, names):
    action, comment, note = read_reason(record.history_change_reason)
    if comment and action in REVIEW_ACTIONS and record.review_comment:
        comment = record.review_comment  # whole: the reason holds only its start
    if previous is None:
        title = _("Created")
        changes = _values(record, names)
    elif record.workflow_state != previous.workflow_state:
        # A workflow step: its title says where the entry went ("Submitted for review",
        # "Changes requested"), so not again as a changed field, and its comment is shown
        # once, in words, not again as the review comment field it set (or cleared).
        title = record.get_workflow_state_display()
        changes = _changes(record, previous, names, ENTRY_UNSHOWN_FIELDS | REVIEW_FIELDS)
    else:
        changes = _changes(record, previous, names, ENTRY_UNSHOWN_FIELDS)
        title = (
            (_("Corrected") if action == "correction" else _("Changed")) if changes else _("Saved")
        )
    return HistoryItem(
        date=record.history_date,
        user=record.history_user,
        reason=record.history_change_reason or "",
        title=title,
        changes=changes,
        comment=comment,
        comment_lead=COMMENT_LEADS.get(action, ""),
        note=note,
    )


def _values(record, names):
    """The record's content, each value as new: what an entry was created (or approved) as."""
    return [
        FieldChange(
            _label(ProgressEntry, name),
            None,
            _display(record, name, _value(record, name), names),
            long=name in LONG_FIELDS,
        )
        for name in CREATION_FIELDS
        if _value(record, name) not in (None, "")
    ]


def _changes(record, previous, names, excluded):
    delta = record.diff_against(previous, excluded_fields=excluded)
    return [
        FieldChange(
            _label(ProgressEntry, change.field),
            _display(record, change.field, change.old, names),
            _display(record, change.field, change.new, names),
            long=change.field in LONG_FIELDS,
        )
        for change in delta.changes
    ]


def _evidence_item(record, previous):
    if previous is None:
        title, changes = "Evidence added", []
    else:
        delta = record.diff_against(previous, excluded_fields={"removed"})
        changes = [
            FieldChange(
                _label(Evidence, change.field),
                _evidence_value(change.field, change.old),
                _evidence_value(change.field, change.new),
            )
            for change in delta.changes
        ]
        if record.removed and not previous.removed:
            title = "Evidence removed"
        elif previous.removed and not record.removed:
            title = "Evidence restored"
        elif record.confidential != previous.confidential:
            title = (
                "Evidence marked confidential"
                if record.confidential
                else "Evidence no longer confidential"
            )
        else:
            title = (
                "Evidence corrected"
                if record.history_change_reason == "correction"
                else ("Evidence changed")
            )
    _, _, note = read_reason(record.history_change_reason)
    return HistoryItem(
        date=record.history_date,
        user=record.history_user,
        reason=record.history_change_reason or "",
        title=title,
        changes=changes,
        evidence=record,
        note=note,
    )


def _evidence_value(name, value):
    if name == "confidential":
        return "Yes" if value else "No"
    return value or None


# What a resubmission may have changed: the entry's content, as the contributors fill it in.
CONTENT_FIELDS = ("commitment", *CREATION_FIELDS, "confidence")


@dataclass
class Resubmission:
    """
    What changed in a resubmitted entry since the reviewer sent it back: its content fields
    (each old and new) and the evidence added and removed since that decision.
    """

    requested_at: object
    requested_by: object
    changes: list[FieldChange] = field(default_factory=list)
    evidence_added: list = field(default_factory=list)  # historical evidence records
    evidence_removed: list = field(default_factory=list)

    @property
    def unchanged(self):
        return not (self.changes or self.evidence_added or self.evidence_removed)


def resubmissions(entries):
    """
    {entry id: Resubmission} for those of `entries` (loaded with their subject, commitment
    and organizations, as for a list) that were sent back for changes and submitted again,
    from their history records: two queries whatever the number of entries (three when a
    change moved an entry to another subject or commitment). For reviewers, who read the
    working history of every entry and its confidential evidence.
    """
    entries = {entry.pk: entry for entry in entries}
    if not entries:
        return {}
    records = {}
    for record in (
        ProgressEntry.history.filter(id__in=entries)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        records.setdefault(record.id, []).append(record)
    decisions = {}
    for pk, history in records.items():
        decision = _last_request_for_changes(history)
        if decision is not None and history[-1].workflow_state == WorkflowState.SUBMITTED:
            decisions[pk] = (decision, history[-1])
    if not decisions:
        return {}
    evidence = {}
    for record in Evidence.history.filter(entry_id__in=decisions).order_by(
        "history_date", "history_id"
    ):
        evidence.setdefault(record.entry_id, []).append(record)
    names = _related_names(
        [record for pair in decisions.values() for record in pair], *entries.values()
    )
    found = {}
    for pk, (decision, latest) in decisions.items():
        delta = latest.diff_against(decision, included_fields=CONTENT_FIELDS)
        changes = [
            FieldChange(
                _label(ProgressEntry, change.field),
                _display(latest, change.field, change.old, names),
                _display(latest, change.field, change.new, names),
                long=change.field in LONG_FIELDS,
            )
            for change in sorted(delta.changes, key=lambda c: CONTENT_FIELDS.index(c.field))
        ]
        before = _evidence_at(evidence.get(pk, []), decision.history_date)
        now = _evidence_at(evidence.get(pk, []), latest.history_date)
        found[pk] = Resubmission(
            requested_at=decision.history_date,
            requested_by=decision.history_user,
            changes=changes,
            evidence_added=[record for key, record in now.items() if key not in before],
            evidence_removed=[record for key, record in before.items() if key not in now],
        )
    return found


def _last_request_for_changes(records):
    """The record of the entry's last "request changes" decision (records oldest first)."""
    found, previous = None, None
    for record in records:
        if record.workflow_state == WorkflowState.CHANGES_REQUESTED and (
            previous is None or previous.workflow_state != WorkflowState.CHANGES_REQUESTED
        ):
            found = record
        previous = record
    return found
