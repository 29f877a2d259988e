"""
When a body's sessions meet: the session calendar, kept as data in
`lexicons/session_calendar.json`.

For each body the data holds its rule in words, explicitly dated sessions, and periods over
which sessions follow a formula: from session `from_session` on, `len(openings)` sessions
meet every `every_years` years starting in `first_year`, the k-th of a cycle opening on
`openings[k]` (a month and a day, or "the <weekday> of the <week>th week" of the month,
counting from the first week that has a working day, as the General Assembly's rules of
procedure say). `by_year` dates the session of a year ("its substantive session of 2008").
`anchors` are sessions whose real opening dates are known; the tests check the formulas
against them within `estimate_within_days`.

Every date here is an estimate of when a session opens, never a fact.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

from .lexicon import _read_json

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Sessions numbered beyond this are not estimated (no body is near it).
MAX_SESSION = 500


@dataclass(frozen=True)
class Opening:
    """When in its year a session opens: a fixed day, or a weekday of a given week."""

    month: int
    day: int | None = None
    weekday: str | None = None
    week: int | None = None

    def date_in(self, year: int) -> datetime.date:
        if self.weekday is None:
            return datetime.date(year, self.month, self.day or 1)
        first = datetime.date(year, self.month, 1)
        # The first week (Monday to Sunday) that has a working day of the month.
        monday = first - datetime.timedelta(days=first.weekday())
        if first.weekday() >= 5:
            monday += datetime.timedelta(days=7)
        offset = 7 * ((self.week or 1) - 1) + WEEKDAYS.index(self.weekday.casefold())
        return monday + datetime.timedelta(days=offset)


@dataclass(frozen=True)
class Period:
    """Sessions from `from_session` on, `len(openings)` of them every `every_years` years."""

    from_session: int
    first_year: int
    every_years: int
    openings: tuple[Opening, ...]

    def opening(self, session: int) -> datetime.date:
        cycle, index = divmod(session - self.from_session, len(self.openings))
        return self.openings[index].date_in(self.first_year + cycle * self.every_years)


@dataclass(frozen=True)
class Anchor:
    session: int
    opened: datetime.date


@dataclass(frozen=True)
class BodyCalendar:
    body: str
    rule: str
    sessions: dict[int, datetime.date]
    periods: tuple[Period, ...]
    by_year: Opening | None
    estimate_within_days: int
    anchors: tuple[Anchor, ...]
    aliases: tuple[str, ...] = ()

    def opening(self, session: int) -> datetime.date | None:
        """The estimated opening date of regular session `session`, if the data covers it."""
        if session in self.sessions:
            return self.sessions[session]
        if not 0 < session <= MAX_SESSION:
            return None
        period = None
        for candidate in self.periods:
            if candidate.from_session <= session:
                period = candidate
        return period.opening(session) if period else None

    def session_of_year(self, year: int) -> datetime.date | None:
        """The estimated opening of the session named by a year, for bodies that name them so."""
        return self.by_year.date_in(year) if self.by_year else None

    def session_at(self, day: datetime.date) -> int | None:
        """The last session that opened on or before `day` (the one meeting then, or last)."""
        found = None
        for session in range(1, MAX_SESSION + 1):
            opened = self.opening(session)
            if opened is None:
                continue
            if opened > day:
                break
            found = session
        return found

    def session_after(self, day: datetime.date) -> int | None:
        """The first session opening after `day`."""
        for session in range(1, MAX_SESSION + 1):
            opened = self.opening(session)
            if opened is not None and opened > day:
                return session
        return None


class SessionCalendar:
    """The calendars of all bodies the data knows, looked up by the body's name."""

    def __init__(self, calendars: list[BodyCalendar]):
        self.by_body = {calendar.body.casefold(): calendar for calendar in calendars}
        self.by_alias = {
            alias.casefold(): calendar for calendar in calendars for alias in calendar.aliases
        }

    def names(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each body's name with its aliases: the bodies a deadline may be due to."""
        return tuple((calendar.body, calendar.aliases) for calendar in self.by_body.values())

    def __getitem__(self, body: str) -> BodyCalendar:
        return self.by_body[body.casefold()]

    def get(self, body: str | None) -> BodyCalendar | None:
        if not body:
            return None
        return self.by_body.get(body.casefold()) or self.by_alias.get(body.casefold())

    def opening(self, body: str | None, session: int) -> datetime.date | None:
        calendar = self.get(body)
        return calendar.opening(session) if calendar else None

    @classmethod
    def from_data(cls, data: list[dict]) -> SessionCalendar:
        return cls([_body_calendar(item) for item in data])


def _opening(data: dict) -> Opening:
    return Opening(data["month"], data.get("day"), data.get("weekday"), data.get("week"))


def _body_calendar(item: dict) -> BodyCalendar:
    return BodyCalendar(
        body=item["body"],
        rule=item.get("rule", ""),
        sessions={
            int(number): datetime.date.fromisoformat(opened)
            for number, opened in item.get("sessions", {}).items()
        },
        periods=tuple(
            sorted(
                (
                    Period(
                        period["from_session"],
                        period["first_year"],
                        period.get("every_years", 1),
                        tuple(_opening(opening) for opening in period["openings"]),
                    )
                    for period in item.get("periods", [])
                ),
                key=lambda period: period.from_session,
            )
        ),
        by_year=_opening(item["by_year"]) if item.get("by_year") else None,
        estimate_within_days=item.get("estimate_within_days", 0),
        anchors=tuple(
            Anchor(anchor["session"], datetime.date.fromisoformat(anchor["opened"]))
            for anchor in item.get("anchors", [])
        ),
        aliases=tuple(item.get("aliases", ())),
    )


@cache
def load_session_calendar() -> SessionCalendar:
    """The session calendar bundled with the parser (read once per process)."""
    return SessionCalendar.from_data(_read_json("session_calendar"))
