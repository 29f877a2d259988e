"""
Reading an uploaded file of progress (.xlsx or .csv) into rows: its header row matched to
the template's columns by their usual names, blank rows left out, each row's number in the
sheet kept beside its cells.
"""

import csv
import datetime
import io

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from tablib import Dataset

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
MAX_ROWS = 20_000


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
            _(
                "The file could not be read as an Excel workbook (.xlsx); save it again from "
                "your spreadsheet program, or as CSV."
            )
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
        while header is not None and not any(cell_text(value) for value in header):
            header = next(rows, None)
    except csv.Error as error:
        raise SheetError(unreadable(error)) from error
    if header is None:
        raise SheetError(_("The file is empty: fill in the template's Progress sheet."))
    keys = [_header_key(value) for value in header]
    missing = [COLUMNS[key] for key in REQUIRED if key not in keys]
    if missing:
        raise SheetError(
            ngettext(
                "The sheet has no %(columns)s column: keep the template's header row (%(header)s).",
                "The sheet has no %(columns)s columns: keep the template's header row "
                "(%(header)s).",
                len(missing),
            )
            % {
                "columns": ", ".join(f"“{label}”" for label in missing),
                "header": ", ".join(COLUMNS.values()),
            }
        )
    headers = [*COLUMNS, ROW]
    positions = {key: keys.index(key) for key in COLUMNS if key in keys}
    dataset = Dataset(headers=headers)
    header_line = 1
    try:
        for number, values in enumerate(rows, start=header_line + 1):
            values = list(values)
            if not any(cell_text(value) for value in values):
                continue
            if len(dataset) >= MAX_ROWS:
                raise SheetError(
                    _("The file has more than %(limit)s rows; split it into smaller files.")
                    % {"limit": number_format(MAX_ROWS, force_grouping=True)}
                )
            cells = [
                values[positions[key]]
                if key in positions and positions[key] < len(values)
                else None
                for key in COLUMNS
            ]
            dataset.append([*cells, number])
    except csv.Error as error:
        raise SheetError(unreadable(error)) from error
    if not len(dataset):
        raise SheetError(_("The sheet has no rows to import below its header row."))
    return dataset


def unreadable(error) -> str:
    return _("The CSV file could not be read: %(error)s.") % {"error": error}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
