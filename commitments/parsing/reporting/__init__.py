"""
Reporting requests and their deadlines in an operative paragraph.

A paragraph asks for something by a time: a report ("Requests the Secretary-General to
submit to the General Assembly at its sixty-seventh session a report ..."), a review or a
meeting ("to convene a high-level meeting ... at its seventy-sixth session"), the body's own
further consideration ("Decides to continue consideration of the matter ..."), or a mandate
that runs for a time ("to extend the mandate of the Special Rapporteur ... for a period of
three years").

The paragraph is cut into clauses (at ";" and at the end of a sentence). In each clause a
*trigger* says what is asked and a time *anchor* says by when: a numbered session ("at its
sixty-seventh session", "at its 53rd session", "at the eighteenth session of the
Commission ..."), the next session, the session of a year ("its substantive session of 2008"),
a date ("by 31 December 2012"), a year ("by 2015") or a duration from adoption ("within
twelve months", "for a period of three years"). An anchor belongs to the trigger before it.
A session is the session of the body the clause addresses ("to the Commission on Crime
Prevention and Criminal Justice at its seventeenth session"), else of the adopting body.

Due dates come from the session calendar (`sessions.py`): the estimated opening of the session,
or the adoption date plus the duration. Only a printed date is not an estimate.

A periodic request ("an annual report", "biennially", "every six months thereafter") keeps its
period in months; without a printed time, its first due date is a period after adoption.

The package: `vocabulary.py` holds the words and patterns (triggers, time anchors, periods,
the bodies named), `triggers.py` and `anchors.py` find them in a clause, `reader.py` pairs them
into requests with their due dates, `request.py` is what is found.

Pure Python; the number words ("sixty-seventh", "one hundred and first") are data in
`lexicons/number_words.json`.
"""

from __future__ import annotations

from ..lexicon import Lexicon, load_default_lexicon
from ..results import OperativeParagraph, ParsedResolution
from ..sessions import SessionCalendar, load_session_calendar
from .reader import _Reader, add_duration
from .request import ParsedRequest, ResolutionContext
from .vocabulary import KINDS, body_vocabulary, number_from_words, session_number

__all__ = [
    "KINDS",
    "ParsedRequest",
    "ResolutionContext",
    "add_duration",
    "find_reporting_requests",
    "number_from_words",
    "reporting_requests",
    "session_number",
]


def find_reporting_requests(
    text: str,
    context: ResolutionContext | None = None,
    *,
    addressees: tuple[str, ...] | list[str] = (),
    calendar: SessionCalendar | None = None,
    lexicon: Lexicon | None = None,
) -> list[ParsedRequest]:
    """
    The reporting and review requests of one operative paragraph's text. `addressees` are
    the paragraph's addressees as the parser read them (used for who is asked to report);
    `context` gives the adopting body, its session and the adoption date the deadlines are
    relative to.
    """
    context = context or ResolutionContext()
    calendar = calendar or load_session_calendar()
    lexicon = lexicon or load_default_lexicon()
    patterns, canonical = body_vocabulary(lexicon.bodies, calendar.names())
    reader = _Reader(text, context, tuple(addressees), calendar, patterns, canonical)
    return reader.read()


def reporting_requests(
    parsed: ParsedResolution,
    *,
    calendar: SessionCalendar | None = None,
    lexicon: Lexicon | None = None,
) -> list[tuple[OperativeParagraph, ParsedRequest]]:
    """Every reporting request of a parsed resolution, with the paragraph that makes it."""
    context = ResolutionContext.of(parsed)
    found = []
    for paragraph in parsed.operative:
        for request in find_reporting_requests(
            paragraph.text,
            context,
            addressees=[actor.text for actor in paragraph.actors],
            calendar=calendar,
            lexicon=lexicon,
        ):
            found.append((paragraph, request))
    return found
