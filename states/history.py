"""
An entry's history as its page prints it: every change to the entry and to its evidence,
newest first, with who made it, when, why (the change reason) and each field's old and new
value. Built from django-simple-history's records in a fixed number of queries: all the
entry's records, all its evidence records, and the names of any state, organization or
commitment a change points to.

Confidential evidence is left out for readers who may not see it: not a placeholder, since
even the number of such items is not theirs to know. Whether an item is confidential is
what it is now (its latest record): once marked, its earlier records are hidden too.
"""

from dataclasses import dataclass, field

from commitments.models import Commitment

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
# What the first record of an entry shows: the values it was created with.
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


def entry_history(entry, user=None):
    """The items of `entry`'s history that `user` may read (None: the public), newest first."""
    records = list(entry.history.select_related("history_user").order_by("history_date"))
    evidence_records = list(
        Evidence.history.filter(entry_id=entry.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    confidential = {record.id: record.confidential for record in evidence_records}
    confidential = {pk for pk, now in confidential.items() if now}
    if confidential and not (user is not None and entry.can_see_confidential(user)):
        evidence_records = [r for r in evidence_records if r.id not in confidential]
        confidential = set()
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
    for order, item in enumerate(items):
        item.order = order
    return sorted(items, key=lambda item: (item.date, item.order), reverse=True)


def _related_names(records, entry):
    """
    {(field, pk): object} for every state, organization and commitment the records point
    to: those the entry points to now are already loaded; the others (only when a change
    moved the entry) are fetched in one query per model.
    """
    names = {
        (name, getattr(entry, f"{name}_id")): getattr(entry, name)
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
    "fact_date": "As of",
    "organization": "Reporting organization",
    "subject_organization": "Subject organization",
    "workflow_state": "Workflow",
    "url": "Source URL",
    "confidential": "Confidential",
}


def _label(model, name):
    return LABELS.get(name) or str(model._meta.get_field(name).verbose_name).capitalize()


def _entry_item(record, previous, names):
    if previous is None:
        title = "Created"
        changes = [
            FieldChange(
                _label(ProgressEntry, name),
                None,
                _display(record, name, _value(record, name), names),
                long=name in LONG_FIELDS,
            )
            for name in CREATION_FIELDS
            if _value(record, name) not in (None, "")
        ]
    else:
        delta = record.diff_against(previous, excluded_fields=ENTRY_UNSHOWN_FIELDS)
        changes = [
            FieldChange(
                _label(ProgressEntry, change.field),
                _display(record, change.field, change.old, names),
                _display(record, change.field, change.new, names),
                long=change.field in LONG_FIELDS,
            )
            for change in delta.changes
        ]
        title = "Changed" if changes else "Saved"
        if record.workflow_state != previous.workflow_state:
            title = record.get_workflow_state_display()
    return HistoryItem(
        date=record.history_date,
        user=record.history_user,
        reason=record.history_change_reason or "",
        title=title,
        changes=changes,
    )


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
            title = "Evidence changed"
    return HistoryItem(
        date=record.history_date,
        user=record.history_user,
        reason=record.history_change_reason or "",
        title=title,
        changes=changes,
        evidence=record,
    )


def _evidence_value(name, value):
    if name == "confidential":
        return "Yes" if value else "No"
    return value or None
