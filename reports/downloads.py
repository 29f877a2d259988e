"""
Downloads for people: progress entries, each subject's current status, or the reporting
requests the resolutions make, as a spreadsheet a monitor reads (the "Download data" page).
The API's exports (reports/exports.py) keep their stable machine columns; these files say
things in words instead: the resolution's symbol and title, the commitment's text after the
lead-in it completes, its addressees and topics, the status as the pages print it, the sources.

Reporting requests (`RequestSheet`) have columns of their own: whom a paragraph asks, what,
by when (printed or estimated), at which session, how often, and whether it was fulfilled, in
English (`core.languages`), as files exchanged between people and programs are.

One query a download: the entry, its commitment, resolution, paragraphs and subject joined,
and what a row has several of (addressees, topics, sources) gathered by correlated
subqueries (the exports' `Items`), read in chunks from the database, so neither the query
count nor the memory grows with the rows.

Two formats, the same cells:
- CSV in UTF-8 opened by a byte-order mark, which Excel on Windows needs to read it as
  UTF-8 (without it "44/…" comes out as "44/â€¦"); streamed.
- XLSX (Excel), written by openpyxl's write-only workbook, which keeps a row at a time and
  writes each string inline (no shared-string table growing with the rows), to a temporary
  file that is then streamed.

A file of more rows than `inline_max_rows` allows for its format is not written while its
reader waits: the page offers to prepare it in the background (jobs/, `download_data`), which
writes the same cells from the same address (`Wanted`), reporting its progress as it goes.

Cells of text that start with =, +, -, @ (a tab or carriage return) get the exports'
leading apostrophe (`exports.defang`) in both formats, so a spreadsheet shows them as text
instead of running them as formulas. A file is a document passed on: it never carries
confidential or removed evidence, whoever downloads it (as the exports, printable reports
and PDFs).
"""

import csv
import io
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from commitments.choices import RequestKind
from commitments.models import Commitment, CommitmentActor, ReportingRequest
from core.languages import english_choices
from states.choices import ImplementationStatus, WorkflowState
from states.models import CurrentAssessment, Evidence, ProgressEntry

from .addresses import url_maker
from .exports import Items, defang
from .filtersets import EntryDownloadFilterSet, RequestDownloadFilterSet, StatusDownloadFilterSet
from .forms import FORMATS, DownloadForm

CHUNK_SIZE = 2000  # rows read from the database at a time
BATCH_ROWS = 500  # CSV rows written out per piece of the response
PROGRESS_ROWS = 2000  # a background download reports its progress after this many rows
BOM = "\ufeff".encode()
XLSX_CELL_LIMIT = 32_767  # characters Excel holds in a cell
SOURCE_SEPARATOR = " | "
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Related(Items):
    """`Items` of a row's related object: correlated to the outer row's `outer` column."""

    outer: str = "pk"

    def subquery(self, aggregate, output_field):
        grouped = self.rows.filter(**{self.link: OuterRef(self.outer)}).order_by()
        items = grouped.values(self.link).annotate(items=aggregate).values("items")
        return Subquery(items, output_field=output_field)


@dataclass(frozen=True)
class Column:
    """A column of the file: its header, what it says (for the page) and its spreadsheet width."""

    header: str
    about: str
    width: int = 18


COLUMNS = (
    Column("Resolution", _("The resolution's symbol, e.g. A/RES/79/176."), 16),
    Column("Resolution title", _("The resolution's title."), 40),
    Column("Paragraph", _("The operative paragraph, e.g. 7 or 2(a)."), 10),
    Column(
        "Commitment",
        _("What the paragraph says; a sub-paragraph after the lead-in it completes."),
        60,
    ),
    Column("Verb", _("How it asks, as printed: Urges, Calls upon, Encourages …"), 14),
    Column("Addressees", _("Whom it asks, as printed."), 30),
    Column("Topics", _("The topics it is tagged with."), 30),
    Column("State or organization", _("Whose progress the row is about."), 22),
    Column("ISO3 code", _("The State's three-letter ISO code (empty for an organization)."), 9),
    Column("Region", _("The State's region."), 14),
    Column("Status", _("The implementation status, in words."), 18),
    Column("As of", _("The date the reported fact refers to."), 12),
    Column("Summary", _("What was done, as the reporting organization wrote it."), 60),
    Column(
        "Sources",
        _("The evidence anyone may read: citations, links and files, separated by |."),
        50,
    ),
    Column("Reported by", _("The organization that reported the entry."), 24),
    Column("Link", _("The entry's page on this site."), 36),
)
REVIEW_COLUMN = Column("Review stage", _("Approved, awaiting review, draft …"), 16)

REQUEST_COLUMNS = (
    Column("Resolution", _("The resolution's symbol, e.g. A/RES/79/176."), 16),
    Column("Paragraph", _("The operative paragraph that makes the request, e.g. 7 or 2(a)."), 10),
    Column("Kind", _("What is asked for: Report, Review, Meeting …"), 14),
    Column("Asked of", _("Whom it is asked of, as printed, e.g. Secretary-General."), 24),
    Column("What is asked", _("The words of the paragraph the request was read from."), 50),
    Column("Due date", _("When it is due; empty when the text gives no time."), 12),
    Column(
        "Due date is",
        _(
            "Printed (the text gives the date) or Estimated (worked out from a session, a "
            "year or a duration)."
        ),
        11,
    ),
    Column("Session", _("The session it is due at, e.g. General Assembly, 81st session."), 30),
    Column(
        "Recurs", _("How often it recurs, e.g. every two years; empty for a request made once."), 16
    ),
    Column("Next due", _("For a request that recurs, when it next falls due from today."), 12),
    Column("Fulfilment", _("Open, Overdue (open, and its due date has passed) or Fulfilled."), 12),
    Column("Fulfilled on", _("When it was marked fulfilled."), 12),
    Column("Fulfilment note", _("What fulfilled it, e.g. the report's symbol."), 24),
    Column("Link", _("The commitment's page on this site."), 36),
)

# A reporting request's plain values, by name, read with values_list().
REQUEST_FIELDS = {
    "resolution_id": F("resolution_id"),
    "symbol": F("resolution__symbol"),
    "part": F("commitment__paragraph__part"),
    "number": F("commitment__paragraph__number"),
    "sub": F("commitment__paragraph__sub"),
    "commitment_id": F("commitment_id"),
    "kind": F("kind"),
    "requested_of": F("requested_of"),
    "source_text": F("source_text"),
    "due_date": F("due_date"),
    "is_estimate": F("is_estimate"),
    "due_body": F("due_body"),
    "due_session": F("due_session"),
    "session_kind": F("session_kind"),
    "period_months": F("period_months"),
    "fulfilled_on": F("fulfilled_on"),
    "fulfilment_note": F("fulfilment_note"),
}


def entry_columns(review_stage: bool) -> list[Column]:
    """A progress entry's columns, and its review stage for those who see entries in review."""
    return [*COLUMNS, *([REVIEW_COLUMN] if review_stage else [])]


STATUS_WORDS = dict(english_choices(ImplementationStatus))
KIND_WORDS = dict(english_choices(RequestKind))
WORKFLOW_WORDS = dict(english_choices(WorkflowState))

# The row's plain values, by name, read with values_list().
FIELDS = {
    "pk": F("pk"),
    "resolution_id": F("commitment__resolution_id"),
    "symbol": F("commitment__resolution__symbol"),
    "title": F("commitment__resolution__title"),
    "part": F("commitment__paragraph__part"),
    "number": F("commitment__paragraph__number"),
    "sub": F("commitment__paragraph__sub"),
    "text": F("commitment__paragraph__text"),
    # A sub-paragraph's lead-ins: two levels at most (2, then 2(b), then 2(b)(i)).
    "lead_text": F("commitment__paragraph__parent__text"),
    "lead_sub": F("commitment__paragraph__parent__sub"),
    "outer_lead_text": F("commitment__paragraph__parent__parent__text"),
    "outer_lead_sub": F("commitment__paragraph__parent__parent__sub"),
    "verb": F("commitment__verb_phrase"),
    "state": F("state__name"),
    "iso3": F("state__iso3"),
    "region": F("state__region__name"),
    "subject_organization": F("subject_organization__name"),
    "status": F("status"),
    "fact_date": F("fact_date"),
    "summary": F("summary"),
    "reporter": F("organization__name"),
    "workflow_state": F("workflow_state"),
}


def related_values():
    """What a row has several of: {name: Items}, each read as one text of the row."""
    return {
        "addressees": Related(
            CommitmentActor.objects.all(),
            "commitment_id",
            F("text"),
            order="position",
            outer="commitment_id",
        ),
        "topics": Related(
            Commitment.topics.through.objects.all(),
            "commitment_id",
            F("topic__name"),
            order="topic__name",
            outer="commitment_id",
        ),
        # Public evidence still attached, whoever downloads: a file is passed on.
        "sources": Related(
            Evidence.objects.shown().public(),
            "entry_id",
            {
                "id": F("id"),
                "citation": F("citation"),
                "url": F("url"),
                "file": F("file"),
                "name": F("original_name"),
            },
        ),
    }


def own_label(sub: str) -> str:
    """'(a)' for sub 'a', '(i)' for 'b-i' (Paragraph.own_label); empty for a paragraph."""
    return f"({sub.split('-')[-1]})" if sub else ""


def paragraph_label(number: str, sub: str, part: str = "") -> str:
    """'7', '7(a)' or '1(b)(i)' (Paragraph.label); 'annex, para. 12(b)' in an annexed text."""
    label = number + "".join(f"({piece})" for piece in sub.split("-") if piece)
    return f"{part}, para. {label}" if part else label


def commitment_text(row: dict) -> str:
    """
    The paragraph's text after its lead-ins, as the pages print it
    (commitments/_paragraph_text.html): "Calls upon all States: … (a) To establish …".
    """
    parts = []
    for text, sub in (
        (row["outer_lead_text"], row["outer_lead_sub"]),
        (row["lead_text"], row["lead_sub"]),
    ):
        if text is not None:
            parts.append(" ".join(filter(None, (own_label(sub), text, "…"))))
    parts.append(" ".join(filter(None, (own_label(row["sub"]), row["text"]))))
    return " ".join(parts)


def source_text(source: dict, file_url: Callable) -> str:
    """One evidence item: its citation (or file name) and its link, e.g. 'Gazette No. 7 (https://…)'."""
    name = source["citation"] or (source["name"] if source["file"] else "")
    link = file_url(source["id"]) if source["file"] else source["url"]
    if name and link:
        return f"{name} ({link})"
    return name or link or ""


@dataclass(frozen=True)
class Download:
    """One kind of download: its rows (progress entries), their filters and its file's name."""

    key: str
    label: str
    noun: str  # "progress entries", for "12 progress entries match"
    filterset: type
    filename: str

    def filtered(self, data, user, *, drafts=False, pending=False):
        """The bound FilterSet over what `user` may download (adopted resolutions only unless
        `drafts`; approved entries only unless `pending`, for a signed-in user)."""
        return self.filterset(data, queryset=self.base(user, drafts=drafts, pending=pending))

    def base(self, user, *, drafts, pending):
        raise NotImplementedError

    def entries(self, filterset):
        """The filtered rows as progress entries (the file's rows)."""
        raise NotImplementedError

    def columns(self, *, review_stage=False) -> list[Column]:
        return entry_columns(review_stage)

    def sheet(self, rows, request, *, review_stage=False, progress=None) -> "Table":
        return Sheet(rows, request, review_stage=review_stage, progress=progress)


class EntryDownload(Download):
    def base(self, user, *, drafts, pending):
        entries = ProgressEntry.objects.restrict(user)
        if not (pending and user.is_authenticated):
            entries = entries.approved()
        if not drafts:
            entries = entries.filter(commitment__resolution__is_adopted=True)
        return entries

    def entries(self, filterset):
        return filterset.qs


class StatusDownload(Download):
    """Each subject's current status on each commitment: the deciding entry, one a pair."""

    def base(self, user, *, drafts, pending):
        assessments = CurrentAssessment.objects.all()  # from approved entries: anyone's to read
        if not drafts:
            assessments = assessments.filter(commitment__resolution__is_adopted=True)
        return assessments

    def entries(self, filterset):
        return ProgressEntry.objects.filter(pk__in=filterset.qs.values("entry_id"))


class RequestDownload(Download):
    """
    The reporting requests read from the resolutions' current texts: public, as the API's
    and the calendar's, of adopted resolutions unless drafts are asked for.
    """

    def base(self, user, *, drafts, pending):
        requests = ReportingRequest.objects.current()
        if not drafts:
            requests = requests.filter(resolution__is_adopted=True)
        return requests

    def entries(self, filterset):
        return filterset.qs

    def columns(self, *, review_stage=False) -> list[Column]:
        return list(REQUEST_COLUMNS)

    def sheet(self, rows, request, *, review_stage=False, progress=None) -> "Table":
        return RequestSheet(rows, request, progress=progress)


DOWNLOADS = {
    "entries": EntryDownload(
        "entries",
        _("Progress entries: every approved entry, one row each"),
        _("progress entries"),
        EntryDownloadFilterSet,
        "progress-entries",
    ),
    "statuses": StatusDownload(
        "statuses",
        _("Current status: the latest approved status of each State on each commitment"),
        _("current statuses"),
        StatusDownloadFilterSet,
        "current-status",
    ),
    "reporting-requests": RequestDownload(
        "reporting-requests",
        _("Reporting requests: what the resolutions ask to be reported or reviewed, and by when"),
        _("reporting requests"),
        RequestDownloadFilterSet,
        "reporting-requests",
    ),
}


def inline_max_rows(file_format: str) -> int:
    """The most rows a file of `file_format` is written with while its reader waits."""
    if file_format == "xlsx":
        return settings.DOWNLOADS_XLSX_INLINE_MAX_ROWS
    return settings.DOWNLOADS_CSV_INLINE_MAX_ROWS


@dataclass
class Wanted:
    """
    What a download's address asks for, as `user` may have it: the page and the background
    job read it the same way, so a file prepared later holds the rows the page counted.
    """

    form: DownloadForm
    download: Download
    filterset: object
    pending: bool

    @classmethod
    def of(cls, data, user):
        form = DownloadForm(
            data, datasets=[(key, download.label) for key, download in DOWNLOADS.items()]
        )
        chosen = form.cleaned_data if form.is_valid() else {}
        download = DOWNLOADS[chosen.get("dataset", "entries")]
        pending = (
            bool(chosen.get("pending"))
            and user is not None
            and user.is_authenticated
            and download.key == "entries"
        )
        filterset = download.filtered(
            data or None, user, drafts=bool(chosen.get("drafts")), pending=pending
        )
        return cls(form, download, filterset, pending)

    @property
    def chosen(self) -> dict:
        return self.form.cleaned_data if self.form.is_valid() else {}

    @property
    def is_valid(self) -> bool:
        return self.form.is_valid() and (self.filterset.is_valid() or not self.filterset.is_bound)

    @property
    def file_format(self) -> str:
        return self.chosen.get("format") or ""

    @property
    def format_label(self) -> str:
        return FORMATS.get(self.file_format, "")

    def problems(self) -> list[str]:
        """What is not valid, in words: "field: message"."""
        errors = {**self.form.errors, **(self.filterset.errors if self.filterset.is_bound else {})}
        return [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]

    def entries(self):
        return self.download.entries(self.filterset)

    @property
    def columns(self) -> list[Column]:
        return self.download.columns(review_stage=self.pending)

    def sheet(self, request, progress=None) -> "Table":
        return self.download.sheet(
            self.entries(), request, review_stage=self.pending, progress=progress
        )

    def file_name(self) -> str:
        return f"{self.download.filename}-{timezone.localdate():%Y-%m-%d}.{self.file_format}"

    @property
    def title(self) -> str:
        """The workbook's sheet: "Progress entries"."""
        return self.download.noun.capitalize()


class Table:
    """
    The readable rows of a queryset: headers, then one list of cells a row. A subclass names
    its columns, the values it reads (`fields`, `related`), its order and its `cells`.
    """

    columns: list[Column]
    fields: dict = {}
    related: dict = {}
    queryset = None

    def __init__(self, progress=None):
        self.progress = progress  # told the rows written so far, every PROGRESS_ROWS

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def rows(self) -> Iterator[list]:
        """Each row's cells: text, dates and None, in the columns' order. One query."""
        names = [*self.fields, *self.related]
        leaves = [
            *self.fields.values(),
            *(items.for_python() for items in self.related.values()),
        ]
        values_list = self.queryset.values_list(*leaves).iterator(chunk_size=CHUNK_SIZE)
        for number, values in enumerate(values_list, start=1):
            row = dict(zip(names, values, strict=True))
            for name, items in self.related.items():
                row[name] = items.from_python(row[name])
            yield [defang(cell) if isinstance(cell, str) else cell for cell in self.cells(row)]
            if self.progress is not None and number % PROGRESS_ROWS == 0:
                self.progress(number)

    def cells(self, row: dict) -> list:
        raise NotImplementedError


class Sheet(Table):
    """The readable rows of some progress entries."""

    fields = FIELDS

    def __init__(self, entries, request, *, review_stage=False, progress=None):
        super().__init__(progress)
        self.review_stage = review_stage
        self.columns = entry_columns(review_stage)
        self.related = related_values()
        self.entries = entries.order_by(
            "commitment__resolution__symbol",
            "commitment__resolution_id",
            "commitment__paragraph__position",
            "state__name",
            "subject_organization__name",
            "fact_date",
            "pk",
        )
        self.entry_url = url_maker(request, "states:entry_detail")
        self.file_url = url_maker(request, "states:evidence_file")

    @property
    def queryset(self):
        return self.entries

    def cells(self, row: dict) -> list:
        sources = (source_text(source, self.file_url) for source in row["sources"])
        cells = [
            resolution_symbol(row),
            row["title"],
            paragraph_label(row["number"], row["sub"], row["part"]),
            commitment_text(row),
            row["verb"],
            LIST_SEPARATOR.join(row["addressees"]),
            LIST_SEPARATOR.join(row["topics"]),
            row["state"] or row["subject_organization"],
            row["iso3"] or "",
            row["region"] or "",
            STATUS_WORDS.get(row["status"], row["status"]),
            row["fact_date"],
            row["summary"],
            SOURCE_SEPARATOR.join(filter(None, sources)),
            row["reporter"],
            self.entry_url(row["pk"]),
        ]
        if self.review_stage:
            cells.append(WORKFLOW_WORDS.get(row["workflow_state"], row["workflow_state"]))
        return cells


class RequestSheet(Table):
    """
    The readable rows of some reporting requests, in English whatever the reader's language
    (the session, the period, the kind and the state of fulfilment in words); soonest due
    first, undated ones last.
    """

    columns = REQUEST_COLUMNS
    fields = REQUEST_FIELDS

    def __init__(self, requests, request, *, progress=None):
        super().__init__(progress)
        self.queryset = requests.order_by(
            F("due_date").asc(nulls_last=True),
            "resolution__symbol",
            "resolution_id",
            "commitment__paragraph__position",
            "span_start",
            "pk",
        )
        self.commitment_url = url_maker(request, "reports:commitment_detail")
        self.today = timezone.localdate()

    def cells(self, row: dict) -> list:
        request = ReportingRequest(
            due_body=row["due_body"],
            due_session=row["due_session"],
            session_kind=row["session_kind"],
            due_date=row["due_date"],
            period_months=row["period_months"],
            fulfilled_on=row["fulfilled_on"],
        )
        with translation.override(None):
            session = request.session_label
            period = request.period_label
        periodic = bool(row["period_months"])
        return [
            resolution_symbol(row),
            paragraph_label(row["number"], row["sub"], row["part"]),
            KIND_WORDS.get(row["kind"], row["kind"]),
            row["requested_of"],
            row["source_text"],
            row["due_date"],
            "" if row["due_date"] is None else ("Estimated" if row["is_estimate"] else "Printed"),
            session,
            period,
            request.next_due(self.today) if periodic else None,
            fulfilment_word(request, self.today),
            row["fulfilled_on"],
            row["fulfilment_note"],
            self.commitment_url(row["commitment_id"]),
        ]


def resolution_symbol(row: dict) -> str:
    """The resolution's symbol, or its number here when it has none yet (a draft)."""
    return row["symbol"] or f"Resolution #{row['resolution_id']}"


def fulfilment_word(request: ReportingRequest, today) -> str:
    """'Fulfilled', 'Overdue' (the API's `overdue`) or 'Open'."""
    if request.fulfilled_on is not None:
        return "Fulfilled"
    return "Overdue" if request.is_overdue(today) else "Open"


def csv_stream(sheet: Table) -> Iterator[bytes]:
    """The sheet as CSV, UTF-8 opened by a byte-order mark, CRLF lines, in pieces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(sheet.headers)
    yield BOM + buffer.getvalue().encode()
    rows = sheet.rows()
    while batch := list(islice(rows, BATCH_ROWS)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            [cell.isoformat() if hasattr(cell, "isoformat") else cell for cell in row]
            for row in batch
        )
        yield buffer.getvalue().encode()


def csv_file(sheet: Table):
    """The sheet as CSV in a temporary file, at its start (the caller closes it)."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it once stored)
    for piece in csv_stream(sheet):
        file.write(piece)
    file.seek(0)
    return file


def xlsx_cell(value):
    """Text without the control characters XLSX cannot hold, cut to what a cell holds."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]
    return value


def xlsx_file(sheet: Table, title: str):
    """The sheet as an XLSX workbook in a temporary file, at its start (the caller closes it)."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title[:31])
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns):
        worksheet.column_dimensions[get_column_letter(index + 1)].width = column.width
    bold = Font(bold=True)
    header = []
    for text in sheet.headers:
        cell = WriteOnlyCell(worksheet, value=text)
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    for row in sheet.rows():
        worksheet.append([xlsx_cell(value) for value in row])
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    workbook.save(file)
    file.seek(0)
    return file
