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

Pure Python; the number words ("sixty-seventh", "one hundred and first") are data in
`lexicons/number_words.json`.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import re
from dataclasses import dataclass, replace
from functools import cache

from .grammar import MONTH_NUMBERS, MONTHS
from .lexicon import Lexicon, _read_json, load_default_lexicon
from .results import OperativeParagraph, ParsedResolution
from .sessions import SessionCalendar, load_session_calendar

KINDS = ("report", "review", "consideration", "meeting", "mandate")

HYPHEN = "[-\u2010\u2011]"
CLAUSE_END = re.compile(r";|\.(?=\s+[A-Z(]|\s*$)")
PAST_PARTICIPLE = re.compile(
    r"\b(?:submitted|presented|adopted|held|considered|contained|issued|endorsed|launched|"
    r"convened|established|decided|agreed|made|taken|approved|welcomed|noted|requested)\b",
    re.IGNORECASE,
)
DIRECTIVE_VERB = re.compile(
    r"(?<![\w-])(?P<verb>requests?|invites?|calls\s+(?:up)?on|encourages?|urges?|asks?|"
    r"recommends?|authorizes?|directs|decides?|agrees?|resolves?)(?![\w-])",
    re.IGNORECASE,
)
SELF_VERBS = ("decide", "agree", "resolve")
RECIPIENT_SHORT_NAMES = ("Assembly", "Council", "Commission", "Conference")

TRIGGERS = (
    (
        "report",
        r"\b(?:to|and)\s+(?:(?:also|further|then|thereafter|regularly|annually|orally|jointly)\s+)?"
        r"(?:report|submit|present|transmit|prepare|brief|inform|provide|draft|update"
        r"|include\s+(?:an?\s+)?(?:update|information|section)"
        r"|include\s+in\s+(?:his|her|its|their|the)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:report(?:ing)?|updates?))\b"
        r"|\b(?:in|as\s+part\s+of)\s+(?:his|her|its|their)\s+(?:next\s+|annual\s+)"
        r"(?:[\w-]+\s+){0,2}?(?:report(?:ing|s)?|briefing)\b"
        r"|\brequests?\s+that\s+(?:[\w’'-]+\s+){1,8}?(?:provide|submit|present|report|brief)\b"
        r"|\blooks?\s+forward\s+to\s+(?:continuing\s+to\s+)?receiv\w*\b"
        r"|\blooks?\s+forward\s+to\s+(?:[\w-]+\s+){0,4}?(?:report|update|briefing)s?\b",
    ),
    (
        "review",
        r"\bto\s+(?:(?:also|further|then|periodically|regularly)\s+)?"
        r"(?:review|assess|evaluate|appraise|examine|take\s+stock\s+of"
        r"|(?:conduct|undertake|carry\s+out)(?:\s*,[^;,]{0,60},|\s+[^;,]{0,40}?)?\s+(?:a|an|the)\s+"
        r"(?:[\w-]+\s+){0,3}?(?:review|appraisal|evaluation|assessment))\b"
        r"|\blooks?\s+forward\s+to\s+(?:[\w-]+\s+){0,6}?review\b",
    ),
    (
        "meeting",
        r"\bto\s+(?:convene|hold|organize)(?:\s*,[^,;]{0,80},)?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?"
        r"(?:meeting|debate|dialogue|panel(?:\s+discussion)?|conference|segment|event|session|"
        r"forum|seminar|workshop|consultations?|round\s*table|symposium|summit|retreat)\b"
        r"|\bto\s+(?:biennially|annually)\s+convene\b",
    ),
    (
        "consideration",
        r"\b(?:continue\s+(?:its\s+|the\s+|their\s+)?consideration\s+of"
        r"|(?:continue\s+to\s+)?consider\s+(?:the|this|that)\s+(?:question|matter|issue|item|"
        r"subject|report)s?"
        r"|include\s+(?:[^;]{0,200}?\s)?in\s+the\s+(?:provisional\s+)?agenda"
        r"|remain\s+(?:actively\s+)?seized"
        r"|keep\s+(?:the|this)\s+(?:matter|question|issue|situation)\s+under\s+(?:active\s+)?review"
        r"|(?:decides|agrees)\s+(?:also\s+)?to\s+(?:continue\s+to\s+)?(?:consider|examine)"
        r"|give\s+(?:due\s+)?consideration\s+to"
        r"|(?:finali[sz]e|complete|conclude)\s+(?:its|their|the)\s+(?:consideration|work|deliberations)"
        r"|(?:shall|will)\s+(?:continue\s+to\s+)?consider)\b",
    ),
    (
        "mandate",
        r"\b(?:extend|renew|prolong|establish|appoint|terminate|maintain)(?:s|ed|ing)?\b"
        # "Decides that, for a period of one year ..., States shall", "Decides that until ...".
        r"|\bdecides\s+that\s*,?\s+(?=(?:for\s+a\s+(?:further\s+)?period|until)\b)",
    ),
)
# Words that make "to submit/present/prepare ..." a report and not, say, a draft law.
REPORT_NOUN = re.compile(
    r"\b(?:report|update|study|findings|recommendations|compilation|information|overview|"
    r"analysis|note|summary|review|assessment|briefing|section|views|input)\b",
    re.IGNORECASE,
)
MANDATE_CONTEXT = re.compile(r"\bmandate|\bperiod\b|\buntil\b", re.IGNORECASE)
REVIEW_WORDS = re.compile(r"\b(?:apprais\w*|review\w*|take\s+stock|stocktaking)\b", re.IGNORECASE)
MANDATE_HOLDER = re.compile(
    r"\bmandates?\s+of\s+(?:the\s+)?(?P<holder>.+?)\s*,?\s+(?=for\s+a\b|until\b|to\s+\w|$)",
    re.IGNORECASE,
)
ESTABLISHED_THING = re.compile(
    r"\b(?:establish|appoint)(?:s|ed|ing)?\s+(?:a|an|the)\s+(?P<holder>.+?)\s*,?\s+"
    r"(?=for\s+a\b|until\b|$)",
    re.IGNORECASE,
)
DEADLINE_PREPS = r"no\s+later\s+than|not\s+later\s+than|prior\s+to"
# Preps of an anchor that set a deadline (never the place of something past).
DEADLINE_PREP_WORDS = (
    "by",
    "until",
    "before",
    "no later than",
    "not later than",
    "prior to",
    "within",
    "within a period of",
)
# "input to the report of the Secretary-General to be submitted to the Assembly at its
# seventy-ninth session": the time of something else than what is asked.
OTHER_THINGS_TIME = re.compile(
    r"\b(?:for|to|in)\s+the\s+[^;]{0,160}?\bto\s+be\s+\w+ed\b[^;,]{0,80}$", re.IGNORECASE
)
# "at its eighteenth session, to be held from 8 to 12 April 2019": the session's dates.
SESSION_DATES = re.compile(
    r"\s*,?\s*(?:to\s+be\s+|which\s+will\s+be\s+)?held\s+(?:in\s+[A-Z][\w-]+\s*,?\s+)?"
    r"(?:from\s+\d{1,2}(?:\s+[A-Z][a-z]+)?\s+)?$"
)
# How often a request recurs, in months.
PERIODS = (
    (r"monthly|every\s+(?:30|thirty)\s+days|every\s+month", 1),
    (r"(?:every|each)\s+(?:90|ninety)\s+days|quarterly|every\s+three\s+months", 3),
    (
        r"every\s+(?:180|one\s+hundred\s+and\s+eighty)\s+days|every\s+six\s+months|"
        r"semi-?annual(?:ly)?|(?:on\s+a\s+)?twice(?:\s+a\s+year|\s+(?:annual|yearly))"
        r"(?:\s+basis)?|biannual(?:ly)?",
        6,
    ),
    (r"biennial(?:ly)?|every\s+(?:two|2)\s+years|every\s+other\s+year", 24),
    # "the quadrennial comprehensive policy review" is a name: only the adverbs count.
    (r"triennially|every\s+(?:three|3)\s+years", 36),
    (r"quadrennially|every\s+(?:four|4)\s+years", 48),
    (
        r"annual(?:ly)?|(?:on\s+an?\s+)?(?:annual|yearly)\s+basis|every\s+year|each\s+year|"
        r"(?:at\s+least\s+)?once\s+(?:a|per|every)\s+year|yearly",
        12,
    ),
)
PERIOD_SOURCE = "|".join(f"(?P<p{months}>\\b(?:{source})\\b)" for source, months in PERIODS)
# A paragraph opening with one of these recalls or notes; what it quotes is not asked now.
RECALLING = re.compile(
    r"\s*(?:also\s+|further\s+|further\s+)?(?:recalls?|reaffirms?|notes?|takes?\s+note|"
    r"welcomes?|acknowledges?|recogni[sz]es?|expresses|commends?|emphasi[sz]es?|stresses)\b",
    re.IGNORECASE,
)
LOOKS_FORWARD = re.compile(r"looks?\s+forward", re.IGNORECASE)
# An addressee that meets in sessions of its own: "Requests the Working Group to finalize ...
# by its nineteenth session" is its session, not the adopting body's.
SESSION_HOLDER = re.compile(
    r"\b(?:working\s+group|committee|commission|conference|forum|board|mechanism|group|"
    r"meeting|platform)\b",
    re.IGNORECASE,
)
# A duration counted from something other than the adoption.
ELSE_COUNTED = re.compile(
    r"\s+(?:of|after|from|following)\s+(?!(?:the\s+)?(?:date\s+of\s+)?(?:the\s+|its\s+|this\s+)?adoption)",
    re.IGNORECASE,
)
SESSION_KINDS = r"regular|special|emergency\s+special|substantive|resumed|organizational|annual"


@dataclass(frozen=True)
class ResolutionContext:
    """What a paragraph's deadlines are relative to: the adopting body, its session, the date."""

    body: str | None = None
    session: int | None = None
    adopted: datetime.date | None = None

    @classmethod
    def of(cls, parsed: ParsedResolution) -> ResolutionContext:
        return cls(
            body=parsed.body,
            session=session_number(parsed.session, parsed.symbol),
            adopted=parsed.adopted,
        )


@dataclass(frozen=True)
class ParsedRequest:
    """
    One request with a deadline (or, for the body's own consideration and for reports to a
    named body, without one). `body` is the body whose session the deadline is (or which
    receives the report); `text` is the phrase found, `text[start:end]` of the paragraph.
    """

    kind: str
    requested_of: str | None
    body: str | None
    session: int | None
    session_kind: str
    due: datetime.date | None
    is_estimate: bool
    basis: str
    text: str
    start: int
    end: int
    period_months: int | None = None  # a periodic request: "annually" is 12

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "requested_of": self.requested_of,
            "body": self.body,
            "session": self.session,
            "session_kind": self.session_kind,
            "due": self.due.isoformat() if self.due else None,
            "is_estimate": self.is_estimate,
            "basis": self.basis,
            "text": self.text,
            "span": [self.start, self.end],
            "period_months": self.period_months,
        }


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


@dataclass(frozen=True)
class _Trigger:
    kind: str
    start: int
    end: int


# Number words ----------------------------------------------------------------------------


@cache
def _number_words() -> dict:
    return _read_json("number_words")


def _alternation(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@cache
def _number_patterns() -> tuple[str, str, str]:
    """Regex sources of an ordinal, a cardinal and a "next session" word."""
    data = _number_words()
    card = _alternation(data["cardinals"])
    ordinal = _alternation(data["ordinals"])
    link = rf"(?:(?:\s+|{HYPHEN})(?:and\s+)?)"
    ordinal_phrase = rf"(?:(?:{card}{link})*{ordinal}(?![\w-])|\d{{1,3}}(?:st|nd|rd|th)\b)"
    cardinal_phrase = (
        rf"(?:(?:{card}{link})*{card}(?![\w-])|\d{{1,4}}(?![\w-])|"
        rf"{_alternation(data['indefinite'])}(?![\w-]))"
    )
    return ordinal_phrase, cardinal_phrase, _alternation(data["next_session"])


def _ordinal(phrase: str | None) -> int | None:
    return number_from_words(phrase) if phrase else None


def number_from_words(phrase: str) -> int | None:
    """
    The number an ordinal or cardinal phrase spells: "sixty-seventh" -> 67, "one hundred and
    first" -> 101, "three" -> 3, "67th" -> 67, "a" -> 1. None if it is not a number.
    """
    phrase = phrase.strip().casefold()
    if match := re.fullmatch(r"(\d{1,4})(?:st|nd|rd|th)?", phrase):
        return int(match.group(1))
    data = _number_words()
    if phrase in data["indefinite"]:
        return 1
    words = [word for word in re.split(rf"(?:\s|{HYPHEN})+", phrase) if word and word != "and"]
    if not words:
        return None
    total = 0
    for index, word in enumerate(words):
        value = data["cardinals"].get(word)
        if value is None and index == len(words) - 1:
            value = data["ordinals"].get(word)
        if value is None:
            return None
        total = max(total, 1) * 100 if value == 100 else total + value
    return total


def session_number(session: str | None, symbol: str | None = None) -> int | None:
    """
    A resolution's session number from its heading ("Sixty-fifth session" -> 65,
    "Fourteenth session" -> 14, "53rd session") or, failing that, from a General Assembly
    or Human Rights Council symbol ("A/RES/65/190", "A/HRC/RES/32/3", "A/HRC/44/L.6", "44/…").
    """
    if session:
        words = re.sub(r"\s*\b(?:regular|special|resumed)?\s*session\b.*", "", session, flags=re.I)
        if (number := number_from_words(words)) is not None:
            return number
    if symbol:
        match = re.fullmatch(
            r"\s*(?:A/(?:HRC/)?(?:RES/)?)?(?P<session>\d{1,3})/(?:\d{1,4}|L\.\d+.*|…|\.\.\.)\s*",
            symbol,
        )
        if match:
            return int(match.group("session"))
    return None


# Anchors -----------------------------------------------------------------------------------


@cache
def _anchor_patterns(body_names: tuple[str, ...]) -> dict[str, re.Pattern]:
    ordinal, cardinal, next_word = _number_patterns()
    bodies = _alternation(body_names)
    months = "|".join(MONTHS)
    date = rf"(?P<day>\d{{1,2}})\s+(?P<month>{months})\s+(?P<year>\d{{4}})"
    ordinals = rf"{ordinal}(?:(?:\s*,\s*|\s+and\s+){ordinal})*"
    flags = re.IGNORECASE
    return {
        "ordinal": re.compile(ordinal, flags),
        "its_session": re.compile(
            rf"\b(?P<prep>at|of|during|to|before|by|for|until|in|{DEADLINE_PREPS}|"
            rf"(?:starting|beginning|commencing)\s+(?:from|at|with)|from)\s+its\s+"
            rf"(?:(?P<next>{next_word})\s+|(?P<ordinal>{ordinals})\s+|(?P<year1>(?:19|20)\d\d)\s+)?"
            rf"(?:(?P<kind>{SESSION_KINDS})\s+)?sessions?\b"
            rf"(?:\s+(?:of|in)\s+(?P<year2>(?:19|20)\d\d)\b)?",
            flags,
        ),
        "session_of": re.compile(
            rf"\b(?P<prep>at|during|to|before|by|for|until|in|{DEADLINE_PREPS})\s+the\s+"
            rf"(?:(?P<next>{next_word})\s+|(?P<ordinal>{ordinal})\s+)"
            rf"(?:(?P<kind>{SESSION_KINDS})\s+)?session"
            rf"(?:\s+of\s+the\s+(?P<body>{bodies}|{'|'.join(RECIPIENT_SHORT_NAMES)})(?![\w-])"
            rf"|(?!\s+of\s+the\s))",
            flags,
        ),
        "date": re.compile(
            rf"\b(?P<prep>by|before|no\s+later\s+than|not\s+later\s+than|until|on|to|and|"
            rf"ending|with\s+effect\s+from)\s+(?:then\s+by\s+)?(?:the\s+)?{date}",
            flags,
        ),
        "year": re.compile(
            rf"\b(?P<prep>by|before|in|during|until|{DEADLINE_PREPS})\s+(?P<end>the\s+end\s+of\s+)?"
            rf"(?:(?P<month>{months})\s+)?(?P<year>(?:19|20)\d\d)\b(?![/\u2013-])",
            flags,
        ),
        "duration": re.compile(
            rf"\b(?P<prep>for\s+a\s+(?:further\s+)?period\s+of|within(?:\s+a\s+period\s+of)?|"
            rf"for\s+a\s+further|after|for|in)\s+(?P<amount>{cardinal})(?:\s*\(\d+\))?\s+"
            rf"(?P<unit>day|week|month|year)s?\b(?P<from>\s+(?:of|after|from|following)\s+"
            rf"(?:the\s+(?:date\s+of\s+(?:the\s+)?)?|its\s+|this\s+)?adoption\b)?"
            rf"|\bfor\s+a\s+(?:further\s+)?(?P<amount2>{cardinal}){HYPHEN}"
            rf"(?P<unit2>day|week|month|year)\s+period\b",
            flags,
        ),
        # "three (3) years after its adoption" (tried only where "adoption" is written)
        "after_adoption": re.compile(
            rf"\b(?P<amount3>{cardinal})(?:\s*\(\d+\))?\s+(?P<unit3>day|week|month|year)s?\s+"
            rf"(?:after|from|following)\s+(?:the\s+(?:date\s+of\s+(?:the\s+)?)?|its\s+|this\s+)?"
            rf"adoption\b",
            flags,
        ),
        "annual_date": re.compile(
            rf"\bby\s+(?P<day>\d{{1,2}})\s+(?P<month>{months})\s+(?:annually|each\s+year|every\s+year)\b",
            flags,
        ),
        "range_start": re.compile(
            rf"\bfrom\s+(?P<day>\d{{1,2}})(?:\s+(?P<month>{months}))?\s+$", flags
        ),
        "that_session": re.compile(
            r"\b(?:at|to|during|by)\s+(?:that|the\s+same)\s+session\b", flags
        ),
        "period": re.compile(PERIOD_SOURCE, flags),
        "recipient": re.compile(
            rf"\b(?:to|before)\s+the\s+(?P<body>{bodies}|"
            rf"{'|'.join(RECIPIENT_SHORT_NAMES)})(?![\w-])",
            flags,
        ),
        # "to the Human Rights Council and (to) the General Assembly": each receives one
        "recipients": re.compile(
            rf"\b(?:to|before)\s+the\s+(?P<first>{bodies})\s*,?\s+and\s+(?:also\s+)?"
            rf"(?:to\s+)?the\s+(?P<second>{bodies})(?![\w-])",
            flags,
        ),
        "addressed_body": re.compile(
            rf"\s+(?:also\s+|further\s+)?(?:the\s+)?(?P<body>{bodies})\s*,?\s+to\s", flags
        ),
        "mentioned_body": re.compile(rf"(?<![\w-]){bodies}(?![\w-])", flags),
    }


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
        if match.group("next"):
            add(match, "next_session", session_kind=kind, prep=prep)
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
                    again=index > 0,
                )
        elif year:
            add(match, "session_year", year=int(year), session_kind=kind, prep=prep)
    for match in patterns["session_of"].finditer(clause):
        add(
            match,
            "next_session" if match.group("next") else "session",
            body=match.group("body") or None,
            session=_ordinal(match.group("ordinal")),
            session_kind=_session_kind(match),
            prep=match.group("prep").casefold(),
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
    for match in patterns["year"].finditer(clause):
        year = int(match.group("year"))
        if adopted and year < adopted.year:
            continue  # a past year is background ("launched in 2010"), not a deadline
        during = match.group("prep").casefold() in ("in", "during") and not match.group("end")
        month = match.group("month")
        add(
            match,
            "year",
            year=year,
            amount=MONTH_NUMBERS[month.casefold()] if month else None,
            prep="in" if during else "by",
        )
    return sorted(anchors, key=lambda anchor: anchor.start)


# Triggers ----------------------------------------------------------------------------------


# Where a trigger can start: every trigger opens with one of these words.
TRIGGER_START = re.compile(
    r"\b(?:to|continue|consider|include|remain|keep|decides|agrees|shall|will|extend|renew|"
    r"prolong|establish|appoint|terminate|maintain|looks?|give|finali[sz]e|complete|conclude|"
    r"in\s+(?:his|her|its|their)\b|as\s+part\b|requests?\s+that\b|"
    r"and\s+(?:[a-z]+ly\s+|also\s+|further\s+|then\s+)?(?:report|submit|present|transmit|"
    r"prepare|brief|inform|provide|draft|update|include)\b)",
    re.IGNORECASE,
)


@cache
def _trigger_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((kind, re.compile(source, re.IGNORECASE)) for kind, source in TRIGGERS)


def _find_triggers(clause: str, offset: int) -> list[_Trigger]:
    """The triggers of a clause, in order; each kind is tried only where a trigger can start."""
    found: list[_Trigger] = []
    end = 0
    for candidate in TRIGGER_START.finditer(clause):
        if candidate.start() < end:
            continue
        for kind, pattern in _trigger_patterns():
            match = pattern.match(clause, candidate.start())
            if match is None:
                continue
            if kind == "report" and not _is_report(match.group(), clause[match.end() :]):
                continue
            if kind == "mandate" and not MANDATE_CONTEXT.search(clause):
                continue
            if kind == "meeting" and REVIEW_WORDS.search(clause, match.start()):
                kind = "review"
            found.append(_Trigger(kind, offset + match.start(), offset + match.end()))
            end = match.end()
            break
    return found


def _is_report(trigger: str, rest: str) -> bool:
    words = trigger.casefold().split()
    if "report" in words[-1] or words[-1] in ("report", "brief") or REPORT_NOUN.search(trigger):
        return True
    return bool(REPORT_NOUN.search(rest))


# Reading a paragraph -----------------------------------------------------------------------


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
    patterns, canonical = _body_vocabulary(lexicon.bodies, calendar.names())
    reader = _Reader(text, context, tuple(addressees), calendar, patterns, canonical)
    return reader.read()


@cache
def _body_vocabulary(bodies, calendar_names=()) -> tuple[dict[str, re.Pattern], dict[str, str]]:
    """
    The anchor patterns naming these bodies, and each body's name by alias (casefolded): the
    parser's bodies and those the session calendar knows (functional commissions, whose
    sessions a request may be due at without their ever adopting a resolution).
    """
    named = [(body.name, body.aliases) for body in bodies] + list(calendar_names)
    canonical = {}
    for name, aliases in named:
        for alias in (name, *aliases):
            canonical.setdefault(alias.casefold(), name)
    names = tuple(sorted({alias for name, aliases in named for alias in (name, *aliases)}))
    return _anchor_patterns(names), canonical


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


class _Reader:
    def __init__(self, text, context, addressees, calendar, patterns, canonical):
        self.text = text
        self.context = context
        self.addressees = addressees
        self.calendar = calendar
        self.patterns = patterns
        self.canonical = canonical

    def read(self) -> list[ParsedRequest]:
        requests: list[ParsedRequest] = []
        self.last_session: _Anchor | None = None
        recalling = RECALLING.match(self.text) is not None
        for start, end in _clauses(self.text):
            clause = self.text[start:end]
            triggers = _find_triggers(clause, start)
            self.triggers = triggers
            if recalling:
                # "Recalls the decision ... to extend the mandate ...": quoted, not asked now,
                # unless a directive verb of the paragraph asks it ("..., and requests ...").
                triggers = [
                    t
                    for t in triggers
                    if DIRECTIVE_VERB.search(self.text, 0, t.start)
                    or LOOKS_FORWARD.match(self.text, t.start)
                ]
            if not triggers:
                if "session" in clause:
                    self._remember_sessions(
                        _find_anchors(clause, start, self.patterns, self.context.adopted)
                    )
                continue
            anchors = _find_anchors(clause, start, self.patterns, self.context.adopted)
            used: dict[int, set[str]] = {}
            for anchor in anchors:
                if anchor.basis == "that_session":
                    if self.last_session is None:
                        continue
                    anchor = replace(self.last_session, start=anchor.start, end=anchor.end)
                trigger = _governing(triggers, anchor)
                if trigger is None or self._is_background(trigger, anchor):
                    continue
                if anchor.start < trigger.start and DIRECTIVE_VERB.search(
                    self.text, anchor.end, trigger.start
                ):
                    continue  # "... held at its fifty-first session, and requests ... to"
                if trigger.kind == "mandate" and (
                    anchor.basis not in ("duration", "date", "year") or anchor.start < trigger.start
                ):
                    continue  # a mandate's time follows it ("to extend ... until", "for a period")
                if anchor.prep == "plain" and trigger.kind != "mandate":
                    continue  # "for two years" times a mandate, not a report
                if anchor.basis == "date" and self._is_past(anchor.date):
                    continue
                if anchor.basis == "date" and self._dates_a_session(anchors, anchor):
                    continue
                bases = used.setdefault(trigger.start, set())
                if anchor.basis == "duration" and bases - {"duration"}:
                    continue  # "at its seventy-ninth session ... within five years": background
                bases.add(anchor.basis)
                self._remember_sessions([anchor])
                requests.append(self._request(trigger, anchor, end))
            periodic: set = set()
            for trigger in triggers:
                if trigger.start in used or not self._stands_alone(trigger, end):
                    continue
                if self._period(trigger, end):
                    # One periodic request a directive verb, and none after a dated one ("at
                    # its eightieth session ..., as part of his annual report").
                    verb = self._governing_verb(trigger)
                    dated = [
                        t
                        for t in triggers
                        if t.start in used and t.kind != "mandate" and t.start < trigger.start
                    ]
                    if dated or verb in periodic:
                        continue
                    periodic.add(verb)
                    request = self._request(trigger, None, end)
                    requests += self._each_recipient(request, trigger, end)
                    continue
                requests.append(self._request(trigger, None, end))
        return _unique(requests)

    def _each_recipient(self, request: ParsedRequest, trigger: _Trigger, end: int) -> list:
        """A periodic report "to the Human Rights Council and the General Assembly": one each."""
        pair = self.patterns["recipients"].search(self.text, trigger.start, end)
        if pair is None:
            return [request]
        bodies = [self._canonical(pair.group(name)) for name in ("first", "second")]
        if bodies[0] == bodies[1]:
            return [request]
        return [replace(request, body=body) for body in bodies]

    def _remember_sessions(self, anchors) -> None:
        """Keep the last numbered session named, which "at that session" refers to."""
        for anchor in anchors:
            if anchor.basis in ("session", "next_session"):
                self.last_session = anchor

    def _dates_a_session(self, anchors, anchor: _Anchor) -> bool:
        """Whether a date only says when a session just named meets."""
        return any(
            other.basis in ("session", "next_session")
            and other.end <= anchor.start
            and SESSION_DATES.match(self.text[other.end : anchor.start])
            for other in anchors
        )

    def _is_past(self, day: datetime.date | None) -> bool:
        return bool(day and self.context.adopted and day < self.context.adopted)

    def _is_background(self, trigger: _Trigger, anchor: _Anchor) -> bool:
        """ "... the recommendations adopted at its seventeenth session": not the deadline
        (but "as requested in paragraph 7 ..., by 15 March 2019" is one)."""
        between = self.text[trigger.end : anchor.start]
        if anchor.start > trigger.end and OTHER_THINGS_TIME.search(between):
            return True
        if anchor.basis == "date" or anchor.prep in DEADLINE_PREP_WORDS:
            return False
        between = self.text[trigger.end : anchor.start]
        participle = _last(PAST_PARTICIPLE.finditer(between))
        if participle is None or re.search(r"\bto\s+be\s+$", between[: participle.start()]):
            return False  # "a panel discussion, to be held at the fifty-fourth session": to come
        return not self.patterns["recipient"].search(between[participle.end() :])

    def _stands_alone(self, trigger: _Trigger, clause_end: int) -> bool:
        """Whether a request without a time is worth keeping: the body's own consideration,
        or a report to a named body ("and to report thereon to the Commission ...")."""
        if trigger.kind == "consideration":
            verb = self._governing_verb(trigger)
            return verb is None or verb[0] in SELF_VERBS
        if self._period(trigger, clause_end):
            return True
        if trigger.kind == "report":
            rest = self.text[trigger.start : clause_end]
            return bool(
                self.patterns["recipient"].search(rest)
                or re.search(r"\bannual(?:ly)?\b|\bperiodic", rest, re.IGNORECASE)
            )
        return False

    def _request(self, trigger: _Trigger, anchor: _Anchor | None, clause_end: int) -> ParsedRequest:
        body = self._body(trigger, anchor)
        session, due, estimate = None, None, False
        basis = anchor.basis if anchor else ""
        period = self._period(trigger, clause_end)
        if anchor is not None:
            session, due, estimate = self._due(anchor, body)
        elif period and self.context.adopted:
            # "an annual report": the first is due a period after adoption.
            due, estimate, basis = (
                add_duration(self.context.adopted, period, "month"),
                True,
                "period",
            )
        start = min(trigger.start, anchor.start) if anchor else trigger.start
        end = max(trigger.end, anchor.end) if anchor else _cut(self.text, start, clause_end)
        phrase = self.text[start:end].rstrip(" ,;.")
        return ParsedRequest(
            kind=trigger.kind,
            requested_of=self._requested_of(trigger, clause_end),
            body=body,
            session=session,
            session_kind=anchor.session_kind if anchor else "",
            due=due,
            is_estimate=estimate and due is not None,
            basis=basis,
            text=phrase,
            start=start,
            end=start + len(phrase),
            period_months=period,
        )

    def _period(self, trigger: _Trigger, clause_end: int) -> int | None:
        """How often the request recurs ("annually", "every six months thereafter"), in months:
        said in the trigger or after it, before the next request."""
        if trigger.kind not in ("report", "review", "meeting"):
            return None
        following = [t.start for t in self.triggers if t.start > trigger.start]
        end = min([clause_end, *following])
        match = self.patterns["period"].search(self.text, trigger.start, end)
        if match is None:
            return None
        return next(int(name[1:]) for name, value in match.groupdict().items() if value)

    # Whose session, who is asked, and when ------------------------------------------------

    def _body(self, trigger: _Trigger, anchor: _Anchor | None) -> str | None:
        if anchor is not None and anchor.body:
            return self._canonical(anchor.body)
        following = [t.start for t in getattr(self, "triggers", ()) if t.start > trigger.start]
        until = anchor.start if anchor is not None else min([len(self.text), *following])
        recipient = _last(self.patterns["recipient"].finditer(self.text, trigger.start, until))
        if recipient is not None:
            return self._canonical(recipient.group("body"))
        # "Invites the Commission on the Status of Women to review ... at its fifty-seventh
        # session": "its" is the addressed body's.
        verb = self._governing_verb(trigger)
        if verb is not None:
            addressed = self.patterns["addressed_body"].match(self.text, verb[1])
            if addressed is not None and addressed.end() <= trigger.end:
                return self._canonical(addressed.group("body"))
            if anchor is not None and anchor.basis in ("session", "next_session"):
                named = re.match(
                    r"\s*(?:also\s+|further\s+)?(.+?)(?:,|\s+to\s)", self.text[verb[1] :]
                )
                if named and verb[0] not in SELF_VERBS and SESSION_HOLDER.search(named.group(1)):
                    return None  # a body whose calendar is not known: no date
        return self.context.body

    def _canonical(self, name: str) -> str | None:
        if name.casefold() in self.canonical:
            return self.canonical[name.casefold()]
        word = name.casefold()
        if word == "assembly":
            return "General Assembly"
        if self.context.body and word in self.context.body.casefold():
            return self.context.body
        for mention in self.patterns["mentioned_body"].finditer(self.text):
            if word in mention.group().casefold():
                return self.canonical.get(mention.group().casefold())
        return None

    def _due(self, anchor: _Anchor, body: str | None):
        """(session, due date, is it an estimate) for an anchor."""
        context = self.context
        if anchor.basis == "date":
            return None, anchor.date, False
        if anchor.basis == "year":
            return None, _year_date(anchor.year, anchor.amount, anchor.prep), True
        if anchor.basis == "duration":
            reference = context.adopted or (
                self.calendar.opening(context.body, context.session) if context.session else None
            )
            if reference is None:
                return None, None, True
            try:
                return None, add_duration(reference, anchor.amount, anchor.unit), True
            except (ValueError, OverflowError):  # "within 9999 years": past the calendar
                return None, None, True
        body_calendar = self.calendar.get(body)
        if anchor.basis == "session_year":
            due = body_calendar.session_of_year(anchor.year) if body_calendar else None
            return None, due, True
        session = anchor.session
        if anchor.basis == "next_session":
            session = self._next_session(body)
        if session is None or anchor.session_kind not in ("", "substantive", "resumed"):
            return session, None, True  # special sessions are not on the calendar
        due = body_calendar.opening(session) if body_calendar else None
        return session, due, True

    def _next_session(self, body: str | None) -> int | None:
        context = self.context
        same_body = body is not None and context.body is not None and body == context.body
        if same_body and context.session:
            return context.session + 1
        body_calendar = self.calendar.get(body)
        if body_calendar and context.adopted:
            return body_calendar.session_after(context.adopted)
        return None

    def _governing_verb(self, trigger: _Trigger) -> tuple[str, int] | None:
        """The directive verb whose object the trigger is, and where it ends."""
        verb = _last(DIRECTIVE_VERB.finditer(self.text, 0, trigger.start))
        if verb is None:
            return None
        lemma = re.sub(r"s$", "", verb.group("verb").split()[0].casefold())
        return lemma, verb.end()

    def _requested_of(self, trigger: _Trigger, clause_end: int) -> str | None:
        if trigger.kind == "mandate":
            clause = self.text[trigger.start : clause_end]
            holder = MANDATE_HOLDER.search(clause) or ESTABLISHED_THING.search(clause)
            return _tidy(holder.group("holder")) if holder else None
        verb = self._governing_verb(trigger)
        if verb is None:  # a sub-paragraph: its chapeau's addressees, or the body itself
            if self.addressees:
                return ", ".join(self.addressees)
            return self.context.body if trigger.kind in ("consideration", "meeting") else None
        lemma, verb_end = verb
        if lemma in SELF_VERBS:
            return self.context.body
        opening = DIRECTIVE_VERB.search(self.text)
        if self.addressees and opening is not None and opening.end() == verb_end:
            return ", ".join(self.addressees)
        # A later clause's verb ("..., and requests the Special Rapporteur to report"):
        # its object, up to a comma or the infinitive.
        named = re.match(r"\s*(?:also\s+|further\s+)?(.+?)(?:,|\s+to\s)", self.text[verb_end:])
        return _tidy(named.group(1)) if named else (", ".join(self.addressees) or None)


def _governing(triggers: list[_Trigger], anchor: _Anchor) -> _Trigger | None:
    """The trigger an anchor belongs to: the last one before it, else the first after it."""
    before = [trigger for trigger in triggers if trigger.start < anchor.start]
    if before:
        return before[-1]
    return triggers[0] if triggers else None


def _last(matches) -> re.Match | None:
    last = None
    for last in matches:  # noqa: B007 - the loop keeps the last match
        pass
    return last


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in CLAUSE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(start, end) for start, end in spans if text[start:end].strip()]


def _cut(text: str, start: int, end: int, limit: int = 240) -> int:
    """Where to end a quoted phrase: the clause's end, or a word boundary before `limit`."""
    if end - start <= limit:
        return end
    space = text.rfind(" ", start, start + limit)
    return space if space > start else start + limit


def _tidy(phrase: str) -> str | None:
    phrase = " ".join(phrase.split()).strip(" ,;:.")
    phrase = re.sub(r"^(?:the|all)\s+", "", phrase, flags=re.IGNORECASE)
    return phrase or None


def add_duration(day: datetime.date, amount: int, unit: str) -> datetime.date:
    """`day` plus `amount` days, weeks, months or years (a month's end kept within the month)."""
    if unit == "day":
        return day + datetime.timedelta(days=amount)
    if unit == "week":
        return day + datetime.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return datetime.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def _year_date(year: int, month: int | None, prep: str) -> datetime.date:
    """ "in 2012" -> its first day; "by 2015", "by the end of 2015" -> its last day."""
    if prep == "in":
        return datetime.date(year, month or 1, 1)
    month = month or 12
    return datetime.date(year, month, month_calendar.monthrange(year, month)[1])


def _unique(requests: list[ParsedRequest]) -> list[ParsedRequest]:
    seen, unique = set(), []
    for request in requests:
        key = (request.kind, request.body, request.session, request.due, request.start)
        if key not in seen:
            seen.add(key)
            unique.append(request)
    return unique
