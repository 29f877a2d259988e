"""
Progress from a spreadsheet: the template an organization fills in, and the import of the
filled-in file (.xlsx or .csv) through django-import-export's resource, validation and
dry run.

One row is one progress entry about a state. The import reads the whole file first and says,
row by row, what it would do: make a new entry, change one an earlier import made (same
Reference), leave one alone (already imported: same Reference and content, or without a
Reference the same content), or what is wrong with the row, in words. Nothing is written
until the importer confirms; then every row goes through the same model methods as the entry
form (`ProgressEntry.start`, `edit`, `transition`), so the permission checks, the history and
the reviewers' mail are the same, and the whole file (or each chunk of a large one, in a
background job) is saved in one transaction or not at all. Importing the same file again
changes nothing.

Every lookup a row needs (commitments by reference, states by name or code, the
organization's earlier entries) is read once per import, never once per row.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.results import RowResult
from tablib import Dataset

from commitments.models import Commitment
from commitments.symbols import normalize_symbol
from core.languages import english, english_choices

from .choices import Confidence, ImplementationStatus, WorkflowState
from .models import ProgressEntry, State

# The columns, as the template heads them (key: the resource's field name).
COLUMNS = {
    "reference": "Reference",
    "commitment": "Commitment",
    "state": "State",
    "status": "Status",
    "fact_date": "As of",
    "summary": "Summary",
    "confidence": "Confidence",
}
REQUIRED = ("commitment", "state", "status", "fact_date", "summary")
# Other headings people write for the same columns (compared in lower case, spaces collapsed).
HEADER_ALIASES = {
    "reference": ("reference", "ref", "external reference", "your reference", "id"),
    "commitment": ("commitment", "commitment reference", "paragraph", "operative paragraph"),
    "state": ("state", "country", "state name", "iso3", "state (name or iso3)"),
    "status": ("status", "implementation status"),
    "fact_date": ("as of", "date", "fact date", "fact_date", "as of (yyyy-mm-dd)"),
    "summary": ("summary", "what happened", "description"),
    "confidence": ("confidence", "confidence level"),
}
ROW = "__row"  # the sheet's own row number, carried beside the columns
SHEET = "Progress"  # the template's sheet of rows; other sheets are read only without it
MAX_REFERENCE = 100
LARGE_FILE_ROWS = 500  # more rows than this are saved by a background job
MAX_ROWS = 20_000
CHUNK_ROWS = 250  # a background import commits this many rows at a time

SPELLING = "Write it like “A/RES/65/190 OP 17” (the Commitments sheet lists them)."
# "A/RES/65/190 OP 17", "A/RES/65/190, para. 17(a)", "65/190 op 3 (b)"
REFERENCE = re.compile(
    r"^(?P<symbol>.+?)[\s,]*(?:\bOP\b\.?|\bO\.P\.|\boperative\s+paragraph\b|\bparagraph\b|"
    r"\bpara\b\.?|§)\s*(?P<label>\d+(?:\s*\(?\s*[a-z]{1,5}\s*\)?)*)\s*$",
    re.IGNORECASE,
)


class SheetError(Exception):
    """The file as a whole cannot be imported (unreadable, no rows, a column missing)."""


# Reading a file --------------------------------------------------------------------------


def _header_key(value) -> str | None:
    text = " ".join(str(value or "").replace("*", " ").split()).lower()
    for key, aliases in HEADER_ALIASES.items():
        if text in aliases:
            return key
    return None


def _rows_of_xlsx(data: bytes):
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetError(
            "The file could not be read as an Excel workbook (.xlsx); save it again from "
            "your spreadsheet program, or as CSV."
        ) from error
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    try:
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _rows_of_csv(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


def read_sheet(data: bytes, name: str) -> Dataset:
    """
    The rows of an uploaded file as a tablib Dataset with the columns' keys as headers (and
    each row's number in the sheet): the template's Progress sheet of a workbook, else its
    first; a CSV file in UTF-8 (or Windows' encoding), comma-, semicolon- or tab-separated.
    Blank rows are left out. SheetError for a file that cannot be imported at all.
    """
    is_xlsx = data[:4] == b"PK\x03\x04"
    rows = _rows_of_xlsx(data) if is_xlsx else _rows_of_csv(data)
    try:
        header = next(rows, None)
        while header is not None and not any(_text(value) for value in header):
            header = next(rows, None)
    except csv.Error as error:
        raise SheetError(f"The CSV file could not be read: {error}.") from error
    if header is None:
        raise SheetError("The file is empty: fill in the template's Progress sheet.")
    keys = [_header_key(value) for value in header]
    missing = [COLUMNS[key] for key in REQUIRED if key not in keys]
    if missing:
        raise SheetError(
            "The sheet has no "
            + ", ".join(f"“{label}”" for label in missing)
            + f" column{'s' if len(missing) > 1 else ''}: keep the template's header row "
            f"({', '.join(COLUMNS.values())})."
        )
    headers = [*COLUMNS, ROW]
    positions = {key: keys.index(key) for key in COLUMNS if key in keys}
    dataset = Dataset(headers=headers)
    header_line = 1
    try:
        for number, values in enumerate(rows, start=header_line + 1):
            values = list(values)
            if not any(_text(value) for value in values):
                continue
            if len(dataset) >= MAX_ROWS:
                raise SheetError(
                    f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
                )
            cells = [
                values[positions[key]]
                if key in positions and positions[key] < len(values)
                else None
                for key in COLUMNS
            ]
            dataset.append([*cells, number])
    except csv.Error as error:
        raise SheetError(f"The CSV file could not be read: {error}.") from error
    if not len(dataset):
        raise SheetError("The sheet has no rows to import below its header row.")
    return dataset


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


# What each column may hold -------------------------------------------------------------


def _plain(value) -> str:
    """A label or code as typed, compared without case, spaces or underscores."""
    return re.sub(r"[\s_\-]+", " ", _text(value)).strip().lower()


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in english_choices(choices):
        lookup[_plain(value)] = value
        lookup[_plain(label)] = value
    return lookup


STATUS_LOOKUP = {**_choice_lookup(ImplementationStatus), "partial": ImplementationStatus.PARTIAL}
CONFIDENCE_LOOKUP = _choice_lookup(Confidence)


def normalize_label(text: str) -> str:
    """A paragraph's label as typed, as `Paragraph.label` prints it: "17 (a)" -> "17(a)"."""
    label = re.sub(r"\s+", "", text).lower()
    label = re.sub(r"(?<=[0-9)])([a-z]+)(?=$|\()", r"(\1)", label)  # "17a" -> "17(a)"
    return label


class Lookups:
    """What the rows are read against, loaded once for an import."""

    def __init__(self):
        self.commitments = {}  # (symbol, label) -> (commitment id, reference as printed)
        self.suffixes = {}  # the end of a symbol after a slash -> the symbols ending so
        rows = (
            Commitment.objects.trackable()
            .filter(resolution__is_adopted=True)
            .values_list(
                "pk", "resolution__symbol", "paragraph__number", "paragraph__sub", "paragraph__kind"
            )
        )
        for pk, symbol, number, sub, _kind in rows:
            label = f"{number}" + "".join(f"({part})" for part in (sub or "").split("-") if part)
            self.commitments[(symbol.upper(), label.lower())] = (pk, f"{symbol} OP {label}")
            parts = symbol.upper().split("/")
            for start in range(1, len(parts)):
                self.suffixes.setdefault("/".join(parts[start:]), set()).add(symbol.upper())
        self.entries = {}  # organization id -> its entries, read by the first resource
        self.states = {}
        for pk, name, iso3, iso2 in State.objects.values_list("pk", "name", "iso3", "iso2"):
            self.states[_plain(name)] = (pk, name)
            self.states[iso3.lower()] = (pk, name)
            self.states[iso2.lower()] = (pk, name)

    def commitment(self, text: str):
        """(id, reference as printed) of the commitment a reference names; ValueError if none."""
        match = REFERENCE.match(text)
        if not match:
            raise ValueError(f"“{text}” is not a commitment reference. {SPELLING}")
        symbol = normalize_symbol(match["symbol"])
        label = normalize_label(match["label"])
        symbols = {symbol} if (symbol, label) in self.commitments else self.suffixes.get(symbol, ())
        found = [self.commitments[key] for s in symbols if (key := (s, label)) in self.commitments]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValueError(
                f"“{text}” could be {' or '.join(sorted(ref for _, ref in found))}: write the "
                "whole symbol."
            )
        raise ValueError(
            f"Unknown commitment “{text}”: no adopted, trackable commitment has "
            f"this reference. {SPELLING}"
        )

    def state(self, text: str):
        found = self.states.get(_plain(text))
        if found is None:
            raise ValueError(
                f"State “{text}” not found: use a name or ISO3 code from the States sheet."
            )
        return found


class RequiredText(widgets.Widget):
    def __init__(self, label, max_length=None):
        super().__init__(coerce_to_string=True)
        self.label, self.max_length = label, max_length

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(f"{self.label} is required.")
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"{self.label} is longer than {self.max_length} characters.")
        return text


class SummaryWidget(RequiredText):
    def clean(self, value, row=None, **kwargs):
        text = str(value).strip() if value is not None else ""
        if not text:
            raise ValueError(f"{self.label} is required.")
        return text.replace("\r\n", "\n")


class ReferenceWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if len(text) > MAX_REFERENCE:
            raise ValueError(f"The reference is longer than {MAX_REFERENCE} characters.")
        return text


class LookupWidget(RequiredText):
    """A commitment or a state, by what the row says; the id, from the import's lookups."""

    def __init__(self, label, find: Callable[[str], tuple]):
        super().__init__(label)
        self.find = find

    def clean(self, value, row=None, **kwargs):
        return self.find(super().clean(value, row, **kwargs))[0]


class ChoiceWidget(RequiredText):
    def __init__(self, label, lookup, choices, default=None):
        super().__init__(label)
        self.lookup, self.choices, self.default = lookup, choices, default

    def clean(self, value, row=None, **kwargs):
        if self.default is not None and not _text(value):
            return self.default
        text = super().clean(value, row, **kwargs)
        found = self.lookup.get(_plain(text))
        if found is None:
            allowed = ", ".join(label for _, label in english_choices(self.choices))
            raise ValueError(f"{self.label} “{text}” is not allowed: use one of {allowed}.")
        return found


class FactDateWidget(RequiredText):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        else:
            text = super().clean(value, row, **kwargs)
            try:
                day = datetime.date.fromisoformat(text[:10] if "T" in text else text)
            except ValueError:
                raise ValueError(
                    f"“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31."
                ) from None
        if day > timezone.localdate():
            raise ValueError(
                f"The date {day.isoformat()} is in the future: record what has happened."
            )
        return day


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
        self.current = RowOutcome(number=number, cells={k: _text(row.get(k)) for k in COLUMNS})
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
                f"Reference “{reference}” is also on row {self.seen_reference[reference]}: "
                "give each row its own."
            ]
        elif content in self.seen_content:
            errors[NON_FIELD_ERRORS] = [f"Duplicate of row {self.seen_content[content]}."]
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
            label = english(WorkflowState(workflow_state).label).lower()
            errors[NON_FIELD_ERRORS] = [
                f"Entry #{pk} with reference “{reference}” is {label}, so an import can no "
                "longer change it."
            ]

    # Saving ---------------------------------------------------------------------------

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        values = {name: getattr(instance, name) for name in CONTENT_FIELDS}
        if self.current.kind == "update":
            entry = ProgressEntry.objects.get(pk=self.current.entry_id)
            entry.edit(self.user, **values)
        else:
            entry = ProgressEntry.start(
                self.user,
                self.organization,
                checked_in_bulk=True,
                external_reference=instance.external_reference,
                **values,
            )
        if self.submit and entry.workflow_state != WorkflowState.SUBMITTED:
            entry.transition("submit", self.user)
        self.current.entry_id = entry.pk


def _rank(order, key):
    return order.index(key) if key in order else len(order)


def _error_text(error) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or "You may not record this entry."
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return f"The row could not be saved ({type(error).__name__})."


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
        done = "" if not self.saved else (" submitted" if self.submit else " as drafts")
        parts = [
            f"{counts['new']} new entr{'y' if counts['new'] == 1 else 'ies'}"
            + (done if counts["new"] else ""),
            f"{counts['update']} changed",
            f"{counts['unchanged']} already imported",
            f"{counts['invalid']} not valid",
        ]
        return f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}: " + ", ".join(parts)

    def lines(self) -> list[str]:
        """The report as text: the counts, then each row that is not valid with its errors."""
        lines = [self.summary()]
        for row in self.invalid:
            for error in row.errors:
                lines.append(f"Row {row.number}: {error}")
        return lines


# What pages, jobs and the command call -----------------------------------------------------


def check_import(dataset, *, user, organization, submit=False, lookups=None) -> Report:
    """Validate every row; nothing is written (an import-export dry run)."""
    check_may_import(user, organization)
    resource = ProgressResource(
        user=user, organization=organization, submit=submit, lookups=lookups
    )
    result = resource.import_data(dataset, dry_run=True, use_transactions=True)
    _raise_base_errors(result)
    return Report(list(resource.outcomes.values()), submit=submit)


def save_import(dataset, *, user, organization, submit=False, lookups=None) -> Report:
    """
    Validate and save every row in one transaction: if any row is not valid (the data changed
    since the preview), nothing is saved and the report says why.
    """
    check_may_import(user, organization)
    resource = ProgressResource(
        user=user, organization=organization, submit=submit, lookups=lookups
    )
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
        )
        _raise_base_errors(result)
        report = Report(list(resource.outcomes.values()), submit=submit)
        report.saved = report.is_valid
        if not report.saved:
            transaction.set_rollback(True)
    return report


def save_in_chunks(dataset, *, user, organization, submit=False, progress=None) -> Report:
    """
    A large file: checked whole first, then saved CHUNK_ROWS rows a transaction at a time,
    telling `progress(done, total, message)` after each. Interrupted, it has saved whole
    chunks; run again, it finds those rows already imported and goes on with the rest.
    """
    total = len(dataset)
    lookups = Lookups()
    report = check_import(dataset, user=user, organization=organization, lookups=lookups)
    if not report.is_valid:
        return report
    rows = []
    for start in range(0, total, CHUNK_ROWS):
        chunk = Dataset(*dataset[start : start + CHUNK_ROWS], headers=dataset.headers)
        part = save_import(
            chunk, user=user, organization=organization, submit=submit, lookups=lookups
        )
        rows.extend(part.rows)
        if not part.saved:
            return Report(rows, submit=submit)
        done = min(start + CHUNK_ROWS, total)
        if progress:
            progress(done, total, f"{done:,} of {total:,} rows saved")
    return Report(rows, saved=True, submit=submit)


def _raise_base_errors(result):
    if result.base_errors:
        raise result.base_errors[0].error


def commitment_reference_rows():
    """The template's Commitments sheet: reference, resolution, what the paragraph asks."""
    commitments = (
        Commitment.objects.trackable()
        .filter(resolution__is_adopted=True)
        .select_related("resolution", "paragraph")
        .order_by("-resolution__adopted_on", "resolution__symbol", "paragraph__position")
    )
    for commitment in commitments:
        yield (
            str(commitment),
            commitment.resolution.title,
            Truncator(commitment.paragraph.text).chars(200),
        )


# The template ------------------------------------------------------------------------------

INSTRUCTIONS = (
    "Fill in one row of the Progress sheet for each thing a state did (or failed to do) on a "
    "commitment, then upload the file on the tracker's “Import from a spreadsheet” page. "
    "You will see what each row would become, and what is wrong with any row, before anything "
    "is saved.",
    "Reference (optional): your own reference for the row, e.g. “KEN-2025-04”. Uploading a row "
    "with the same reference again changes that entry while it is a draft, and does nothing "
    "when it is unchanged. Without a reference, a row identical to an entry already imported "
    "is left alone.",
    "Commitment: the resolution's symbol and the operative paragraph, as in “A/RES/65/190 OP "
    "17” or “A/RES/65/190 OP 2(a)”. The Commitments sheet lists every commitment progress can "
    "be recorded on.",
    "State: the state's name or its ISO3 code, as on the States sheet.",
    "Status: one of the implementation statuses on the Values sheet.",
    "As of: the date the reported fact refers to (YYYY-MM-DD), not in the future.",
    "Summary: what was done (or not), by whom and when. Do not name victims or give details "
    "that could identify them.",
    "Confidence (optional): Low, Medium or High; Medium when empty.",
    "Entries are saved as drafts, or submitted for review if you choose so when you import. "
    "Evidence is added to each entry afterwards, on its page.",
)


def build_template(organization) -> bytes:
    """The .xlsx template for `organization`: instructions, the sheet to fill, valid values."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    instructions = book.active
    instructions.title = "Instructions"
    instructions.append([f"Progress of {organization} — spreadsheet import"])
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.append([])
    for text in INSTRUCTIONS:
        instructions.append([text])
        instructions.cell(instructions.max_row, 1).alignment = wrap
    instructions.column_dimensions["A"].width = 110

    progress = book.create_sheet(SHEET)
    progress.append(list(COLUMNS.values()))
    for cell in progress[1]:
        cell.font = bold
    progress.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (16, 26, 24, 22, 14, 70, 12), strict=True):
        progress.column_dimensions[letter].width = width

    commitments = book.create_sheet("Commitments")
    commitments.append(["Commitment", "Resolution", "What it asks"])
    for row in commitment_reference_rows():
        commitments.append(list(row))
    states = book.create_sheet("States")
    states.append(["State", "ISO3"])
    for name, iso3 in State.objects.order_by("name").values_list("name", "iso3"):
        states.append([name, iso3])
    values = book.create_sheet("Values")
    values.append(["Status", "Confidence"])
    statuses = [label for _, label in english_choices(ImplementationStatus)]
    levels = [label for _, label in english_choices(Confidence)]
    for index in range(max(len(statuses), len(levels))):
        values.append(
            [
                statuses[index] if index < len(statuses) else None,
                levels[index] if index < len(levels) else None,
            ]
        )
    for sheet in (commitments, states, values):
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    commitments.column_dimensions["A"].width = 28
    commitments.column_dimensions["B"].width = 50
    commitments.column_dimensions["C"].width = 90
    states.column_dimensions["A"].width = 44
    values.column_dimensions["A"].width = 24

    # Drop-down lists and a date check in the rows to fill (the import checks again).
    last = 5001
    lists = {
        "B": f"Commitments!$A$2:$A${max(commitments.max_row, 2)}",
        "C": f"States!$A$2:$A${max(states.max_row, 2)}",
        "D": f"Values!$A$2:$A${len(statuses) + 1}",
        "G": f"Values!$B$2:$B${len(levels) + 1}",
    }
    for letter, source in lists.items():
        check = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        check.showErrorMessage = letter in ("D", "G")  # names and codes are typed too
        progress.add_data_validation(check)
        check.add(f"{letter}2:{letter}{last}")
    dates = DataValidation(
        type="date", operator="lessThanOrEqual", formula1="TODAY()", allow_blank=True
    )
    dates.error = "The date the fact refers to, not in the future (YYYY-MM-DD)."
    dates.showErrorMessage = True
    progress.add_data_validation(dates)
    dates.add(f"E2:E{last}")
    progress.column_dimensions["E"].number_format = "yyyy-mm-dd"

    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def template_name(organization) -> str:
    return f"progress-import-{organization.slug}.xlsx"


def check_may_import(user, organization) -> None:
    """Only a contributor who belongs to the organization imports its progress."""
    if not user.has_perm("states.add_progressentry"):
        raise PermissionDenied(_("Only contributors record progress."))
    if not organization.memberships.filter(user=user).exists():
        raise PermissionDenied(_("You can only import progress for an organization you belong to."))
