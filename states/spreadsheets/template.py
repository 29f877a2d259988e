"""
The template an organization fills in (.xlsx): instructions, the Progress sheet with its
drop-down lists and date check, and the valid values (commitments, states, statuses,
confidence levels).
"""

import io

from django.utils.text import Truncator

from commitments.models import Commitment
from core.languages import english_choices

from ..choices import Confidence, ImplementationStatus
from ..models import State
from .reading import COLUMNS, SHEET


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
