"""Time anchors in a clause: a session, a date, a year, a duration from adoption."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..grammar import MONTH_NUMBERS
from .vocabulary import ELSE_COUNTED, YEAR_PARTS, number_from_words, ordinal_number


@dataclass(frozen=True)
class _Anchor:
    start: int
    end: int
    basis: str
    body: str | None = None  # named in the anchor itself ("session of the Commission ...")
    session: int | None = None
    session_kind: str = ""
    year: int | None = None
    date: datetime.date | None = None
    amount: int | None = None
    unit: str | None = None
    prep: str = ""
    closing: bool = False  # "by the end of its sixty-first session": due when it closes


def _session_kind(match: re.Match) -> str:
    kind = " ".join((match.group("kind") or "").casefold().split())
    return "" if kind in ("regular", "annual") else kind


def _find_anchors(clause: str, offset: int, patterns: dict, adopted) -> list[_Anchor]:
    """The time anchors of a clause, in order; of two overlapping ones the first kind wins."""
    anchors: list[_Anchor] = []

    def add(match: re.Match, basis: str, *, again: bool = False, **values):
        """Keep an anchor unless an earlier one covers its text (`again`: same match)."""
        start, end = offset + match.start(), offset + match.end()
        if not again and any(start < other.end and other.start < end for other in anchors):
            return
        anchors.append(_Anchor(start, end, basis, **values))

    for match in patterns["its_session"].finditer(clause):
        year = match.group("year1") or match.group("year2")
        kind, prep = _session_kind(match), match.group("prep").casefold()
        closing = bool(match.group("close"))
        if match.group("next"):
            add(match, "next_session", session_kind=kind, prep=prep, closing=closing)
        elif match.group("ordinal"):
            # "at its sixty-seventh and sixty-eighth sessions": one anchor per session.
            for index, ordinal in enumerate(patterns["ordinal"].finditer(match.group("ordinal"))):
                session = number_from_words(ordinal.group())
                add(
                    match,
                    "session",
                    session=session,
                    session_kind=kind,
                    prep=prep,
                    closing=closing,
                    again=index > 0,
                )
        elif year:
            add(match, "session_year", year=int(year), session_kind=kind, prep=prep)
    for match in patterns["session_of"].finditer(clause):
        add(
            match,
            "next_session" if match.group("next") else "session",
            body=match.group("body") or None,
            session=ordinal_number(match.group("ordinal")),
            session_kind=_session_kind(match),
            prep=match.group("prep").casefold(),
            closing=bool(match.group("close")),
        )
    for match in patterns["date"].finditer(clause):
        first_day, month = int(match.group("day")), match.group("month")
        if match.group("prep").casefold() == "to":
            # "from 2 to 6 June 2020": due when it opens.
            opening = patterns["range_start"].search(
                clause, max(0, match.start() - 30), match.start()
            )
            if opening is not None:
                first_day, month = int(opening.group("day")), opening.group("month") or month
        try:
            day = datetime.date(
                int(match.group("year")), MONTH_NUMBERS[month.casefold()], first_day
            )
        except ValueError:
            continue
        add(match, "date", date=day, prep="by")
    for match in patterns["annual_date"].finditer(clause):
        # "by 30 April annually": the first 30 April after adoption.
        if adopted is None:
            continue
        month, day = MONTH_NUMBERS[match.group("month").casefold()], int(match.group("day"))
        try:
            due = datetime.date(adopted.year, month, day)
            if due <= adopted:
                due = datetime.date(adopted.year + 1, month, day)
        except ValueError:
            continue
        add(match, "date", date=due, prep="by")
    for match in patterns["that_session"].finditer(clause):
        add(match, "that_session")
    durations = list(patterns["duration"].finditer(clause))
    if "adoption" in clause:
        durations += patterns["after_adoption"].finditer(clause)
    for match in durations:
        groups = match.groupdict()
        amount = number_from_words(
            groups.get("amount") or groups.get("amount2") or groups.get("amount3")
        )
        if not amount:
            continue
        prep = " ".join((groups.get("prep") or "").casefold().split())
        counted = bool(groups.get("from") or groups.get("amount3"))
        if prep == "in" and not counted:
            continue  # "in two years" is not counted from adoption unless it says so
        if not counted and ELSE_COUNTED.match(clause, match.end()):
            continue  # "within 12 months after the initial report": not from adoption
        unit = (groups.get("unit") or groups.get("unit2") or groups.get("unit3")).casefold()
        add(match, "duration", amount=amount, unit=unit, prep="plain" if prep == "for" else prep)
    for match in patterns["event_year"].finditer(clause):
        years = [int(year) for year in re.findall(r"(?:19|20)\d\d", match.group("years"))]
        years = [year for year in years if not adopted or year >= adopted.year]
        for index, year in enumerate(years):
            add(match, "year", again=index > 0, year=year, prep="by")
    for match in patterns["year"].finditer(clause):
        year = int(match.group("year"))
        if adopted and year < adopted.year:
            continue  # a past year is background ("launched in 2010"), not a deadline
        during = match.group("prep").casefold() in ("in", "during") and not match.group("end")
        month = match.group("month")
        number = MONTH_NUMBERS[month.casefold()] if month else None
        if part := match.group("part_name"):
            # "in the autumn of 1999" opens in September; "by mid-2021" closes in August.
            opens, closes = YEAR_PARTS[" ".join(part.casefold().split())]
            number = opens if during else closes
        add(match, "year", year=year, amount=number, prep="in" if during else "by")
    return sorted(anchors, key=lambda anchor: anchor.start)
