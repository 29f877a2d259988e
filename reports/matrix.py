"""
The implementation matrix: states (rows, grouped by UN region) against topics or commitments
(columns), each cell the latest approved status.

The database does the counting: one grouped query per matrix, whatever its size; Python only
lays the counted cells out on the grid. The cells are printed by a Jinja2 template
(reports/jinja2/reports/_matrix_rows.html), the rest of the grid by templates/reports/_matrix.html.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from commitments.models import CommitmentActor, Topic
from states.choices import STATUS_ORDER, ImplementationStatus
from states.counts import counted_cells
from states.models import State
from states.names import by_labels

# Printed in each cell beside its colour, so the matrix reads in greyscale and for
# colour-blind readers.
STATUS_MARKS = {
    ImplementationStatus.IMPLEMENTED: "IM",
    ImplementationStatus.PARTIAL: "PA",
    ImplementationStatus.IN_PROGRESS: "IP",
    ImplementationStatus.NOT_STARTED: "NS",
    ImplementationStatus.REGRESSED: "RG",
    ImplementationStatus.NO_INFORMATION: "NI",
}


@dataclass(frozen=True)
class Column:
    key: int
    label: str
    title: str


@dataclass
class Cell:
    counts: dict = field(default_factory=dict)
    url: str = ""
    # The column's commitment names the row's State as an addressee ("the Government of
    # Iraq"): marked whether or not the State has reported progress on it.
    named: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def status(self) -> str:
        """The most common status (the further-along one on a tie); empty when none."""
        return _leading(self.counts) if self.total else ""

    @property
    def mark(self) -> str:
        return STATUS_MARKS.get(self.status, "")

    @property
    def label(self) -> str:
        if not self.total:
            return "No approved entry"
        return _counts_label(self.counts, _status_words())

    def printed(self, words: dict) -> tuple:
        """
        What reports/jinja2/reports/_matrix_rows.html prints of the cell, each value worked
        out once: (status, mark, total, label, url, named); `words` are `_status_words()`.
        """
        total = sum(self.counts.values())
        if not total:
            return ("", "", 0, "", self.url, self.named)
        status = _leading(self.counts)
        label = _counts_label(self.counts, words)
        return (status, STATUS_MARKS[status], total, label, self.url, self.named)


@dataclass
class Row:
    state: State
    cells: list[Cell]


def _leading(counts: dict) -> str:
    """The most common status of non-empty `counts`, the further-along one on a tie."""
    # `max` keeps the first of equals, and STATUS_ORDER puts the further-along one first.
    return max(STATUS_ORDER, key=lambda s: counts.get(s, 0))


def _status_words() -> dict:
    return {status: ImplementationStatus(status).label.lower() for status in STATUS_ORDER}


def _counts_label(counts: dict, words: dict) -> str:
    """'2 implemented; 1 partially implemented': `words` are `_status_words()`."""
    return "; ".join(f"{counts[s]} {words[s]}" for s in STATUS_ORDER if counts.get(s))


@dataclass
class RegionGroup:
    name: str
    rows: list[Row]

    @property
    def rows_html(self) -> SafeString:
        """
        The group's rows, by reports/jinja2/reports/_matrix_rows.html: a grid has thousands
        of cells, and the Django template language's work on each, every time an approval
        makes the cached grid stale, cost several times what Jinja2's compiled code does.
        The state page's address is reversed once, not once a row.
        """
        words = _status_words()
        state_page = reverse("states:state_detail", args=["SLUG"])
        rows = [
            (
                row.state.label,
                state_page.replace("SLUG", row.state.slug),
                [cell.printed(words) for cell in row.cells],
            )
            for row in self.rows
        ]
        return mark_safe(
            render_to_string("reports/_matrix_rows.html", {"rows": rows}, using="jinja2")
        )


@dataclass
class Matrix:
    by: str
    columns: list[Column]
    groups: list[RegionGroup]
    assessed: int

    @property
    def state_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def topic_columns():
    return [
        Column(topic.pk, topic.name, topic.description or topic.name)
        for topic in Topic.objects.filter(parent__isnull=True).order_by("position", "name")
    ]


def commitment_columns(commitments, one_resolution=False):
    """One column per commitment, in resolution and paragraph order."""
    commitments = commitments.select_related("resolution", "paragraph").order_by(
        "resolution__adopted_on", "resolution_id", "paragraph__position"
    )
    return [
        Column(
            c.pk,
            c.paragraph.place
            if one_resolution
            else f"{c.resolution.display_symbol} {c.paragraph.label}"
            if not c.paragraph.part
            else c.reference,
            f"{c.verb_phrase} {c.action}".strip(),
        )
        for c in commitments
    ]


def build(
    assessments, states, by="topic", commitments=None, one_resolution=False, cells=None
) -> Matrix:
    """
    The grid of `states` against topics, or against `commitments` (by="commitment"), with the
    cells counted from `assessments`, or given already counted (`cells`, as the maintained
    theme counts give the unfiltered matrix's).
    """
    columns = topic_columns() if by == "topic" else commitment_columns(commitments, one_resolution)
    if cells is None:
        cells = counted_cells(assessments, by)
    # Each cell links to its entries: a commitment's progress for that state, or the state's
    # assessed commitments. URLs are reversed once per column, not once per cell.
    if by == "topic":
        state_page = reverse("states:state_detail", args=["SLUG"])
        links = [f"{state_page}?assessed=1" for _ in columns]
    else:
        links = [
            reverse("reports:commitment_detail", args=[column.key]) + "?state=ISO3#progress-ISO3"
            for column in columns
        ]
    # The States each commitment names as addressees, marked in their cells: one query,
    # whatever the grid's size; none for topic columns, which stand for many commitments.
    named = set()
    if by == "commitment" and columns:
        named = set(
            CommitmentActor.objects.filter(commitment_id__in=[column.key for column in columns])
            .exclude(state_code="")
            .order_by()  # a set: no joins for the actors' default order
            .values_list("commitment_id", "state_code")
        )
    groups = defaultdict(list)
    in_reader_order = by_labels(lambda state: state.region.label, lambda state: state.label)
    for state in sorted(states.select_related("region").order_by(), key=in_reader_order):
        groups[state.region.label].append(
            Row(
                state,
                [
                    Cell(
                        cells.get((state.pk, column.key), {}),
                        link.replace("SLUG", state.slug).replace("ISO3", state.iso3),
                        (column.key, state.iso3) in named,
                    )
                    for column, link in zip(columns, links, strict=True)
                ],
            )
        )
    return Matrix(
        by=by,
        columns=columns,
        groups=[RegionGroup(name, rows) for name, rows in groups.items()],
        assessed=sum(sum(counts.values()) for counts in cells.values()),
    )
