"""
The implementation matrix: states (rows, grouped by UN region) against topics or commitments
(columns), each cell the latest approved status.

The database does the counting: one grouped query per matrix, whatever its size; Python only
lays the counted cells out on the grid.
"""

import html
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import mark_safe

from commitments.models import Topic
from states.choices import STATUS_ORDER, ImplementationStatus
from states.counts import counted_cells
from states.models import State

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

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def status(self) -> str:
        """The most common status (the further-along one on a tie); empty when none."""
        if not self.total:
            return ""
        return max(STATUS_ORDER, key=lambda s: (self.counts.get(s, 0), -STATUS_ORDER.index(s)))

    @property
    def mark(self) -> str:
        return STATUS_MARKS.get(self.status, "")

    @property
    def label(self) -> str:
        if not self.total:
            return "No approved entry"
        return _counts_label(self.counts, _status_words())


@dataclass
class Row:
    state: State
    cells: list[Cell]

    @property
    def cells_html(self) -> str:
        """
        The row's cells as HTML. Written here rather than in the template: a matrix has
        thousands of cells, and the template language's per-node work on each of them, after
        each approval, cost far more than joining strings. Every value is escaped (the
        standard library's `html.escape`, which Django's `escape` wraps).
        """
        name = html.escape(self.state.name)
        words = _status_words()
        return mark_safe("\n".join(_cell_html(cell, name, words) for cell in self.cells))


def _status_words() -> dict:
    return {status: ImplementationStatus(status).label.lower() for status in STATUS_ORDER}


def _counts_label(counts: dict, words: dict) -> str:
    """'2 implemented; 1 partially implemented': `words` are `_status_words()`."""
    return "; ".join(f"{counts[s]} {words[s]}" for s in STATUS_ORDER if counts.get(s))


def _cell_html(cell: Cell, state_name: str, words: dict) -> str:
    """One cell, as the matrix template printed it; `state_name` comes escaped."""
    total = cell.total
    if not total:
        return f'<td class="cell empty" title="{state_name}: no approved entry">·</td>'
    label = html.escape(_counts_label(cell.counts, words))
    status = cell.status
    more = f"<sub>{total}</sub>" if total > 1 else ""
    return (
        f'<td class="cell status-{status}" title="{state_name}: {label}">'
        f'<a href="{html.escape(cell.url)}">{STATUS_MARKS[status]}{more}'
        f'<span class="visually-hidden"> {label}</span></a></td>'
    )


@dataclass
class RegionGroup:
    name: str
    rows: list[Row]


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
            f"OP {c.paragraph.label}"
            if one_resolution
            else f"{c.resolution.display_symbol} {c.paragraph.label}",
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
    groups = defaultdict(list)
    for state in states.select_related("region").order_by("region__name", "name"):
        groups[state.region.name].append(
            Row(
                state,
                [
                    Cell(
                        cells.get((state.pk, column.key), {}),
                        link.replace("SLUG", state.slug).replace("ISO3", state.iso3),
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
