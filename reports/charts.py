"""
Chart geometry for server-rendered SVG: numbers in, rectangles and labels out.

Charts are drawn by templates from these shapes, so pages work without JavaScript, print
well and carry their numbers as text (each chart sits beside a table of the same figures).
"""

from dataclasses import dataclass

# Okabe-Ito, the palette of the stylesheet's status colours.
STATUS_FILLS = {
    "status-implemented": "#009e73",
    "status-partial": "#56b4e9",
    "status-in_progress": "#0072b2",
    "status-not_started": "#e69f00",
    "status-regressed": "#d55e00",
    "status-no_information": "#999999",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    css_class: str = ""
    caption: str = ""
    # Where the bar leads: the list of what it counts.
    url: str = ""

    @property
    def fill(self) -> str:
        """Explicit colour for renderers that ignore stylesheet rules inside SVG (PDF)."""
        return STATUS_FILLS.get(self.css_class, "#0b5cad")


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    maximum: int
    ticks: list[tuple[float, int]]


def horizontal_bars(items, width=560, row=28, label_width=190, gap=8) -> Chart:
    """
    One bar per (label, value, css_class) item, or (label, value, css_class, url) for a bar
    that links to what it counts, the longest value spanning the plot area.
    """
    items = [(*item, "")[:4] for item in items]
    maximum = max((value for _, value, _, _ in items), default=0)
    plot = width - label_width - 60
    bars = [
        Bar(
            label=label,
            value=value,
            x=label_width,
            y=index * (row + gap),
            width=round(plot * value / maximum, 1) if maximum else 0,
            height=row,
            css_class=css_class,
            url=url,
        )
        for index, (label, value, css_class, url) in enumerate(items)
    ]
    return Chart(width, max(len(items) * (row + gap) - gap, row), bars, maximum, [])


def columns(items, width=640, height=180, gap=3) -> Chart:
    """
    One column per (label, value, caption) item, or (label, value, caption, url) for a
    column that links to what it counts, on a baseline with three value ticks.
    """
    items = [(*item, "")[:4] for item in items]
    maximum = max((value for _, value, _, _ in items), default=0)
    slot = width / max(len(items), 1)
    bars = [
        Bar(
            label=label,
            value=value,
            x=round(index * slot + gap / 2, 1),
            y=round(height - (height * value / maximum if maximum else 0), 1),
            width=round(slot - gap, 1),
            height=round(height * value / maximum, 1) if maximum else 0,
            caption=caption,
            url=url,
        )
        for index, (label, value, caption, url) in enumerate(items)
    ]
    values = sorted({round(maximum / 2), maximum} - {0})
    ticks = [(round(height - height * value / maximum, 1), value) for value in values]
    return Chart(width, height, bars, maximum, ticks)


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def fill(self) -> str:
        return STATUS_FILLS.get(f"status-{self.status}", "#0b5cad")


@dataclass(frozen=True)
class Stack:
    label: str
    total: int
    x: float
    width: float
    segments: list[Segment]


def stacked_columns(items, statuses, width=640, height=160, gap=6) -> tuple[list[Stack], int]:
    """
    One column per (label, {status: count}) item, its segments stacked in `statuses` order
    (a list of (value, label)) on a shared scale. Returns the columns and the scale's maximum.
    """
    items = list(items)
    maximum = max((sum(counts.values()) for _, counts in items), default=0)
    slot = width / max(len(items), 1)
    stacks = []
    for index, (label, counts) in enumerate(items):
        top = height
        segments = []
        for status, status_label in statuses:
            value = counts.get(status, 0)
            if not value:
                continue
            size = round(height * value / maximum, 1)
            top = round(top - size, 1)
            segments.append(
                Segment(status, status_label, value, index * slot + gap / 2, top, slot - gap, size)
            )
        stacks.append(
            Stack(
                label, sum(counts.values()), round(index * slot + gap / 2, 1), slot - gap, segments
            )
        )
    return stacks, maximum


def share_bar(status_counts, width=420, height=22) -> list[Segment]:
    """A 100% bar: one segment per status (StatusCount items) in proportion to its share."""
    total = sum(s.count for s in status_counts)
    segments, x = [], 0.0
    for s in status_counts:
        if not s.count:
            continue
        size = round(width * s.count / total, 1)
        segments.append(Segment(s.status, s.label, s.count, round(x, 1), 0, size, height))
        x += size
    return segments
