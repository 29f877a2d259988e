"""
Scores the deadline reader (commitments.parsing.reporting) against a hand-made gold of
reporting requests (data/gold/deadlines/, described in its README).

The gold lists, for each resolution, the requests it makes by a time: the paragraph (number and
sub-letter), the kind, who is asked, and the time as the text gives it: a numbered session, a
printed date, a year, a duration counted from adoption, or only a period ("annually"). A
request the reader found *matches* a gold request when both are of the same paragraph and their
due session, date or year agree (a duration is compared as the date it gives from the gold's
adoption date; a request with only a period, by its period). Each gold request matches at most
one found request.

Only requests with a time are scored: a report "to the Commission" or "remains seized" with no
session, date, year or period is not a deadline, so it is neither expected nor counted.

Pure Python: the texts are parsed with the bundled lexicon and calendar, no database.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..parsing import ParseError, load_default_lexicon, parse_resolution
from ..parsing.reporting import add_duration, reporting_requests

UNITS = ("day", "week", "month", "year")


@dataclass
class DeadlineScore:
    expected: int = 0
    found: int = 0
    matched: int = 0
    kinds_agree: int = 0
    wrong: list = field(default_factory=list)  # (file, label, key, text)
    missed: list = field(default_factory=list)  # (file, label, key, printed)
    errors: list = field(default_factory=list)  # (file, message)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, other: DeadlineScore) -> None:
        self.expected += other.expected
        self.found += other.found
        self.matched += other.matched
        self.kinds_agree += other.kinds_agree
        self.wrong += other.wrong
        self.missed += other.missed
        self.errors += other.errors

    def summary(self) -> str:
        kinds = self.kinds_agree / self.matched if self.matched else 1.0
        return (
            f"expected {self.expected}, found {self.found}, matched {self.matched}: "
            f"precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f}, "
            f"kind agreement {kinds:.3f}"
        )


def load_gold(path: Path) -> list[dict]:
    """The gold's resolutions (a JSON object with a `resolutions` list)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("resolutions"), list):
        raise ValueError("a gold of deadlines is an object with a 'resolutions' list")
    return data["resolutions"]


def parse_duration(words: str) -> tuple[int, str]:
    """ "45 days" -> (45, "day"); "1 year" -> (1, "year")."""
    match = re.fullmatch(r"\s*(\d+)\s+(day|week|month|year)s?\s*", words)
    if match is None:
        raise ValueError(f"not a duration: {words!r} (write e.g. '45 days', '6 months')")
    return int(match.group(1)), match.group(2)


def period_months(words: str) -> int:
    amount, unit = parse_duration(words)
    if unit not in ("month", "year"):
        raise ValueError(f"a period is counted in months or years: {words!r}")
    return amount * (12 if unit == "year" else 1)


def gold_key(request: dict, adopted: datetime.date | None) -> tuple:
    """What a gold request's time is, as it is compared: (kind of time, value)."""
    due = request["due"]
    if "session" in due:
        return ("session", int(due["session"]))
    if "date" in due:
        return ("date", datetime.date.fromisoformat(due["date"]))
    if "year" in due:
        return ("year", int(due["year"]))
    if "duration" in due:
        if adopted is None:
            raise ValueError("a duration needs the resolution's adoption date")
        return ("date", add_duration(adopted, *parse_duration(due["duration"])))
    if "period" in due:
        return ("period", period_months(due["period"]))
    raise ValueError(f"paragraph {request.get('paragraph')}: no session, date, year or period")


def found_keys(request) -> list[tuple]:
    """The ways a found request's time may be compared (none if it gives no time)."""
    keys = []
    if request.session is not None:
        keys.append(("session", request.session))
    if request.basis == "period" and request.period_months:
        return [("period", request.period_months)]
    if request.due is not None:
        if request.basis in ("year", "session_year"):
            keys.append(("year", request.due.year))
        elif request.session is None:
            keys.append(("date", request.due))
    if not keys and request.period_months:
        keys.append(("period", request.period_months))
    return keys


def label(request: dict) -> str:
    """Where a gold request stands, as the parser cites it: "7(a)", "annex, para. 5(b)"."""
    number, sub = str(request["paragraph"]), request.get("sub")
    where = number + "".join(f"({piece})" for piece in sub.split("-")) if sub else number
    return f"{request['part']}, para. {where}" if request.get("part") else where


def score_resolution(entry: dict, text: str, lexicon=None) -> DeadlineScore:
    """Score the reader on one resolution's text against its gold entry."""
    score = DeadlineScore()
    name = entry["file"]
    counted_from = entry.get("adopted") or entry.get("counted_from")
    adopted = datetime.date.fromisoformat(counted_from) if counted_from else None
    expected = [
        (label(request), gold_key(request, adopted), request) for request in entry["requests"]
    ]
    score.expected = len(expected)
    try:
        parsed = parse_resolution(text, lexicon or load_default_lexicon())
    except ParseError as error:
        score.errors.append((name, str(error)))
        score.missed += [
            (name, where, key, request.get("printed", "")) for where, key, request in expected
        ]
        return score
    remaining = list(expected)
    for paragraph, request in reporting_requests(parsed, lexicon=lexicon):
        keys = found_keys(request)
        if not keys:
            continue
        score.found += 1
        for index, (where, key, gold) in enumerate(remaining):
            if where == paragraph.reference and key in keys:
                score.matched += 1
                score.kinds_agree += gold.get("kind") == request.kind
                del remaining[index]
                break
        else:
            score.wrong.append((name, paragraph.reference, keys[0], request.text))
    score.missed += [
        (name, where, key, request.get("printed", "")) for where, key, request in remaining
    ]
    return score


def score_deadlines(entries: list[dict], texts: Path, lexicon=None) -> tuple[list, DeadlineScore]:
    """Per-resolution scores [(file, score)] and the total over a gold's resolutions."""
    lexicon = lexicon or load_default_lexicon()
    total, rows = DeadlineScore(), []
    for entry in entries:
        text = (Path(texts) / entry["file"]).read_text(encoding="utf-8")
        score = score_resolution(entry, text, lexicon)
        rows.append((entry["file"], score))
        total.add(score)
    return rows, total


def describe(key: tuple) -> str:
    kind, value = key
    if kind == "period":
        return f"every {value} months"
    return f"{kind} {value}"


def counter_of_kinds(entries: list[dict]) -> Counter:
    return Counter(next(iter(request["due"])) for entry in entries for request in entry["requests"])
