"""
The import-export resource that reads a sheet's rows as progress entries: each row's outcome
(new, changed, already imported, not valid and why), matched against the organization's
earlier entries, and saved through the entry's own methods; the import's report.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext, ngettext
from import_export import fields, resources
from import_export.results import RowResult

from ..choices import Confidence, ImplementationStatus, WorkflowState
from ..models import ProgressEntry
from .reading import COLUMNS, ROW, cell_text
from .values import (
    CONFIDENCE_LOOKUP,
    STATUS_LOOKUP,
    ChoiceWidget,
    FactDateWidget,
    Lookups,
    LookupWidget,
    ReferenceWidget,
    SummaryWidget,
)

# The import ----------------------------------------------------------------------------

CONTENT_FIELDS = ("commitment_id", "state_id", "status", "fact_date", "summary", "confidence")
EDIT_FIELDS = {name.removesuffix("_id"): name for name in CONTENT_FIELDS}


class EntryRowResult(RowResult):
    """import-export's row result, without the entry's text (which would read its subject)."""

    def add_instance_info(self, instance):
        self.object_id = getattr(instance, "pk", None)


def _content(values) -> tuple:
    commitment, state, status, fact_date, summary, confidence = values
    return (commitment, state, status, fact_date, " ".join(summary.split()), confidence)


class ProgressResource(resources.ModelResource):
    """
    The import of one organization's rows as `user`; `submit` sends every new or changed
    entry for review, else they are drafts. The rows are read by the widgets against the
    import's `Lookups`; the organization's earlier entries are matched by reference or, without
    one, by content (`find_existing`), and saving goes through the entry's own methods.
    """

    reference = fields.Field(
        attribute="external_reference", column_name="reference", widget=ReferenceWidget()
    )
    commitment = fields.Field(attribute="commitment_id", column_name="commitment")
    state = fields.Field(attribute="state_id", column_name="state")
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget("Status", STATUS_LOOKUP, ImplementationStatus),
    )
    fact_date = fields.Field(
        attribute="fact_date", column_name="fact_date", widget=FactDateWidget("As of")
    )
    summary = fields.Field(
        attribute="summary", column_name="summary", widget=SummaryWidget("Summary")
    )
    confidence = fields.Field(
        attribute="confidence",
        column_name="confidence",
        widget=ChoiceWidget("Confidence", CONFIDENCE_LOOKUP, Confidence, Confidence.MEDIUM),
    )

    class Meta:
        model = ProgressEntry
        fields = tuple(COLUMNS)
        import_id_fields = ()
        skip_diff = True
        report_skipped = True
        clean_model_instances = False  # the entry's own methods clean it when it is saved
        use_transactions = True
        # Not to save in bulk (`save_instance` saves each entry through its own methods), but
        # so that import-export holds no savepoint per row: one transaction round the rows,
        # and the entry's methods hold their own, so a row they refuse leaves the rest usable.
        use_bulk = True

    def __init__(self, *, user, organization, submit=False, lookups=None):
        super().__init__()
        self.user, self.organization, self.submit = user, organization, submit
        self.lookups = lookups
        self.batch = None  # saving: the chunk's `ProgressEntry.started_in_bulk`
        self.submitted = []  # the entries saving submitted, for the reviewers' message
        self.failed_row = None  # saving: the first row that could not be saved
        self.outcomes = {}  # sheet row -> RowOutcome

    def get_row_result_class(self):
        return EntryRowResult

    def after_import(self, dataset, result, **kwargs):
        """Not import-export's reset of the id sequence: entries take their ids from it."""

    # Reading --------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        if self.lookups is None:
            self.lookups = Lookups()
        self.fields["commitment"].widget = LookupWidget("Commitment", self.lookups.commitment)
        self.fields["state"].widget = LookupWidget("State", self.lookups.state)
        self.load_existing(dataset)
        self.seen_content, self.seen_reference = {}, {}

    def load_existing(self, dataset):
        """
        The organization's entries, by reference and by content (one query), kept with the
        lookups: the chunks of a large file, checked whole first, are matched against the
        entries there were before it (a row of one chunk cannot match another's, which would
        have been a duplicate).
        """
        known = self.lookups.entries.get(self.organization.pk)
        if known is None:
            known = self.lookups.entries[self.organization.pk] = ({}, {})
            entries = ProgressEntry.objects.filter(organization=self.organization).values_list(
                "pk", "external_reference", "workflow_state", *CONTENT_FIELDS
            )
            for pk, reference, workflow_state, *content in entries:
                found = (pk, workflow_state, _content(content))
                if reference:
                    known[0][reference] = found
                known[1].setdefault(_content(content), found)
        self.by_reference, self.by_content = known

    def init_instance(self, row=None):
        return ProgressEntry(organization=self.organization, created_by=self.user)

    def import_row(self, row, instance_loader, **kwargs):
        number = row[ROW]
        self.current = RowOutcome(number=number, cells={k: cell_text(row.get(k)) for k in COLUMNS})
        self.outcomes[number] = self.current
        row_result = super().import_row(row, instance_loader, **kwargs)
        outcome = self.current
        if row_result.validation_error is not None:
            outcome.kind = "invalid"
            outcome.errors = self.messages(row_result.validation_error)
        elif row_result.errors:
            outcome.kind = "invalid"
            outcome.errors = [_error_text(error.error) for error in row_result.errors]
        elif outcome.kind == "update":
            row_result.import_type = RowResult.IMPORT_TYPE_UPDATE
        return row_result

    def messages(self, error: ValidationError) -> list[str]:
        """A row's errors in the order of the columns, each a sentence on its own."""
        order = [self.fields[key].attribute for key in COLUMNS] + [NON_FIELD_ERRORS]
        errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        ranked = sorted(errors.items(), key=lambda item: _rank(order, item[0]))
        return [message for _, messages in ranked for message in messages]

    def row_errors(self, instance) -> dict:
        """What is wrong with a row whose cells were each read: a duplicate, an entry fixed."""
        errors = {}
        content = _content([getattr(instance, name) for name in CONTENT_FIELDS])
        reference = instance.external_reference
        number = self.current.number
        if reference and reference in self.seen_reference:
            errors[NON_FIELD_ERRORS] = [
                gettext("Reference “%(reference)s” is also on row %(row)s: give each row its own.")
                % {"reference": reference, "row": self.seen_reference[reference]}
            ]
        elif content in self.seen_content:
            errors[NON_FIELD_ERRORS] = [
                gettext("Duplicate of row %(row)s.") % {"row": self.seen_content[content]}
            ]
        else:
            self.seen_content[content] = number
            if reference:
                self.seen_reference[reference] = number
            self.match(instance, content, errors)
        return errors

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Checked here (import-export asks this first): an entry imported before is skipped."""
        if import_validation_errors:
            return False
        self.current.checks = self.row_errors(instance)
        return not self.current.checks and self.current.kind == "unchanged"

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {**(import_validation_errors or {}), **self.current.checks}
        if errors:
            raise ValidationError(errors)

    def match(self, instance, content, errors):
        """Whether the row is an entry imported before: the same, changed, or not changeable."""
        reference = instance.external_reference
        found = self.by_reference.get(reference) if reference else None
        if found is None and not reference:
            found = self.by_content.get(content)
        if found is None:
            self.current.kind = "new"
            return
        pk, workflow_state, existing = found
        self.current.entry_id = pk
        if existing == content:
            self.current.kind = "unchanged"
        elif workflow_state in (WorkflowState.DRAFT, WorkflowState.CHANGES_REQUESTED):
            self.current.kind = "update"
        else:
            label = WorkflowState(workflow_state).label.lower()
            errors[NON_FIELD_ERRORS] = [
                gettext(
                    "Entry #%(pk)s with reference “%(reference)s” is %(state)s, so an import can "
                    "no longer change it."
                )
                % {"pk": pk, "reference": reference, "state": label}
            ]

    # Saving ---------------------------------------------------------------------------

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        if self.failed_row is not None:
            # The chunk's transaction is to be rolled back whole (and a database error has
            # left it unusable): the rows after a failed one say so rather than fail too.
            raise ValidationError(
                gettext(
                    "Not saved: row %(row)s could not be saved, so nothing of this part of the "
                    "file was."
                )
                % {"row": self.failed_row}
            )
        try:
            self.save_entry(instance)
        except Exception:
            self.failed_row = self.current.number
            raise

    def save_entry(self, instance):
        values = {name: getattr(instance, name) for name in CONTENT_FIELDS}
        if self.current.kind == "update":
            entry = ProgressEntry.objects.get(pk=self.current.entry_id)
            entry.edit(self.user, **values)
        else:
            entry = ProgressEntry.start(
                self.user,
                self.organization,
                checked_in_bulk=True,
                batch=self.batch,
                external_reference=instance.external_reference,
                **values,
            )
        if self.submit and entry.workflow_state != WorkflowState.SUBMITTED:
            # The reviewers hear of the import's entries in one message (`save_import`).
            entry.transition("submit", self.user, notify=False, batch=self.batch)
            self.submitted.append(entry.pk)
        self.current.entry_id = entry.pk


def _rank(order, key):
    return order.index(key) if key in order else len(order)


def _error_text(error) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or gettext("You may not record this entry.")
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return gettext("The row could not be saved (%(error)s).") % {"error": type(error).__name__}


@dataclass
class RowOutcome:
    """What the import does (or would do) with one row of the sheet."""

    number: int
    cells: dict
    kind: str = "invalid"  # new | update | unchanged | invalid
    entry_id: int | None = None
    errors: list[str] = field(default_factory=list)
    checks: dict = field(default_factory=dict, repr=False)

    LABELS = {
        "new": "New entry",
        "update": "Changes entry",
        "unchanged": "Already imported",
        "invalid": "Not valid",
    }

    @property
    def label(self):
        return self.LABELS[self.kind]

    @property
    def is_valid(self):
        return self.kind != "invalid"

    def as_dict(self):
        return {
            "number": self.number,
            "cells": self.cells,
            "kind": self.kind,
            "entry_id": self.entry_id,
            "errors": self.errors,
        }


@dataclass
class Report:
    """An import's outcome, row by row, with its counts."""

    rows: list[RowOutcome]
    saved: bool = False
    submit: bool = False
    submitted: list[int] = field(default_factory=list)  # ids of the entries submitted

    def count(self, kind):
        return sum(1 for row in self.rows if row.kind == kind)

    @property
    def counts(self):
        return {kind: self.count(kind) for kind in RowOutcome.LABELS}

    @property
    def invalid(self):
        return [row for row in self.rows if row.kind == "invalid"]

    @property
    def is_valid(self):
        return not self.invalid

    @property
    def changes(self):
        return self.count("new") + self.count("update")

    def summary(self) -> str:
        """One line of counts, as the page, the job and the command say it."""
        counts = self.counts
        new = counts["new"]
        if self.saved and new and self.submit:
            made = ngettext("%(count)s new entry submitted", "%(count)s new entries submitted", new)
        elif self.saved and new:
            made = ngettext("%(count)s new entry as drafts", "%(count)s new entries as drafts", new)
        else:
            made = ngettext("%(count)s new entry", "%(count)s new entries", new)
        parts = [
            made % {"count": new},
            gettext("%(count)s changed") % {"count": counts["update"]},
            gettext("%(count)s already imported") % {"count": counts["unchanged"]},
            gettext("%(count)s not valid") % {"count": counts["invalid"]},
        ]
        rows = ngettext("%(count)s row: %(parts)s", "%(count)s rows: %(parts)s", len(self.rows))
        return rows % {"count": len(self.rows), "parts": gettext(", ").join(parts)}

    def lines(self) -> list[str]:
        """The report as text: the counts, then each row that is not valid with its errors."""
        lines = [self.summary()]
        for row in self.invalid:
            for error in row.errors:
                lines.append(
                    gettext("Row %(row)s: %(error)s") % {"row": row.number, "error": error}
                )
        return lines
