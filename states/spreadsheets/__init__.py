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

One module a concern: `reading` (the file into rows), `values` (what each column may hold,
and the lookups), `resource` (import-export's resource: each row's outcome, the report),
`saving` (checking, saving, in chunks; who may import), `template` (the file to fill in).
What pages, jobs and the command use is imported here.
"""

from .reading import COLUMNS, MAX_ROWS, ROW, SHEET, SheetError, read_sheet
from .resource import ProgressResource, Report, RowOutcome
from .saving import (
    CHUNK_ROWS,
    LARGE_FILE_ROWS,
    announce_submitted,
    check_import,
    check_may_import,
    save_import,
    save_in_chunks,
)
from .template import build_template, template_name
from .values import Lookups

__all__ = [
    "CHUNK_ROWS",
    "COLUMNS",
    "LARGE_FILE_ROWS",
    "MAX_ROWS",
    "ROW",
    "SHEET",
    "Lookups",
    "ProgressResource",
    "Report",
    "RowOutcome",
    "SheetError",
    "announce_submitted",
    "build_template",
    "check_import",
    "check_may_import",
    "read_sheet",
    "save_import",
    "save_in_chunks",
    "template_name",
]
