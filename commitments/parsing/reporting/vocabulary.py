"""The words and patterns the deadline reader knows: kinds, triggers, times, periods, bodies."""

from __future__ import annotations

import re
from functools import cache

from ..grammar import MONTHS
from ..lexicon import _read_json

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
        r"(?:report|submit|present|transmit|prepare|produce|brief|inform|provide|draft|update|publish"
        r"|include\s+(?:an?\s+)?(?:update|information|section)"
        r"|include\s+in\s+(?:his|her|its|their|the)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:report(?:ing)?|updates?))\b"
        r"|\b(?:in|as\s+part\s+of)\s+(?:his|her|its|their)\s+(?:next\s+|annual\s+)"
        r"(?:[\w-]+\s+){0,2}?(?:report(?:ing|s)?|briefing)\b"
        r"|\brequests?\s+that\s+(?:[\w’'-]+\s+){1,8}?(?:provide|submit|present|report|brief)\b"
        r"|\blooks?\s+forward\s+to\s+(?:continuing\s+to\s+)?receiv\w*\b"
        r"|\blooks?\s+forward\s+to\s+(?:[\w-]+\s+){0,4}?(?:report|update|briefing)s?\b"
        # "responsible for the preparation of a joint report ... and for its presentation to
        # the Council before its fifty-ninth session"
        r"|\bfor\s+(?:the|its|their)\s+(?:preparation|submission|presentation)\b"
        # "to seek proposals ..., for consideration and action by the Commission ... at its
        # thirty-first session": what is sent to a body for a session.
        r"|\bfor\s+(?:(?:the|its|their)\s+)?consideration(?:\s+and\s+(?:action|adoption|approval))?"
        r"(?=\s+(?:by\s+the|of\s+the|at\s+its|at\s+the)\b)",
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
        r"forum|seminar|workshop|consultations?|round\s*table|symposium|summit|retreat)s?\b"
        r"|\bto\s+(?:biennially|annually)\s+convene\b"
        # "Decides that the Forum will hold its next session in 2025"
        r"|\b(?:shall|will|should)\s+(?:convene|hold|organize)\s+(?:a|an|the|its|their)\s+"
        r"(?:[\w-]+\s+){0,4}?(?:meeting|session|conference|forum|dialogue|seminar|workshop)\b"
        # "that its next meeting should be convened in 1987", "the Congress shall be held in 2025"
        # ("the meetings should be held ...": meetings the text has just decided; "Subsequent
        # meetings shall be convened ... biennially" in an annexed convention is not asked)
        r"|\b(?:(?:meeting|conference|congress|summit|symposium)|(?<=the\s)meetings)\s+"
        r"(?:should|shall|will|would)\s+be\s+"
        r"(?:convened|held|organized)\b"
        # "to invite the leaders of the two sides to negotiations in the autumn of 1999"
        r"|\bto\s+invite\s+[^;,]{0,80}?\bto\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?)?"
        r"(?:negotiations|talks|meeting|conference|summit|consultations)\b"
        # "Decides that its next annual interactive debate ... will be held at its fortieth
        # session", "Decides to include the topic in its debate ..., to be held at ..."
        r"|\bdecides\s+(?:also\s+|further\s+)?(?:that|to\s+include)\b(?=[^;]{0,250}?\b(?:debate|"
        r"dialogue|panel|meeting|seminar|workshop|forum|event|segment|consultations?)\b[^;]{0,200}?"
        r"\b(?:will|shall|to)\s+be\s+(?:held|convened|organized)\b)",
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
        # "Decides that CTED will continue to operate ... for the period ending 31 December 2025"
        r"|\bcontinue\s+to\s+(?:operate|function|exist)\b"
        # "Decides that, for a period of one year ..., States shall", "Decides that until ...".
        r"|\bdecides\s+that\s*,?\s+(?=(?:for\s+a\s+(?:further\s+)?period|until)\b)"
        # "Requests, for a renewable period of two years, the Office ... to provide ..."
        r"|\b(?:requests|decides|authorizes)\s*,\s+(?=for\s+a\s+(?:renewable\s+|further\s+)?period\b)",
    ),
)
# A request named by a noun ("for the preparation of ...", "for consideration by ...").
NOMINAL_REPORT = re.compile(
    r"for\s+(?:(?:the|its|their)\s+)?(?:preparation|submission|presentation|consideration)\b",
    re.IGNORECASE,
)
# Words that make "to submit/present/prepare ..." a report and not, say, a draft law.
REPORT_NOUN = re.compile(
    r"\b(?:report|update|study|findings|recommendations|compilation|information|overview|"
    r"analysis|note|summary|review|assessment|briefing|section|views|input|edition|publication)\b",
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
    r"\b(?:for|to|in)\s+the\s+[^;]{0,160}?\bto\s+be\s+\w+ed\b[^;,]{0,80}$"
    # "to be held ... at its fifty-eighth session on a date to be decided by the General
    # Assembly during its fifty-seventh session": when the date is fixed, not the request.
    r"|\bon\s+a\s+date\s+to\s+be\s+(?:decided|determined|agreed|fixed|set)\b[^;,]{0,80}$",
    re.IGNORECASE,
)
# "for the support account for the period from 1 July 2011 to 30 June 2012": a budget period's
# end, which times only a mandate.
PERIOD_FROM = re.compile(r"\bperiod\s+from\s+\d{1,2}\s+[A-Z][a-z]+\s+(?:19|20)\d\d\s+$")
# "to submit by May 2000, for its consideration during its fifty-fourth session, a report":
# the session that considers what is due by the date before it.
CONSIDERED_AT = re.compile(r"\bfor\s+(?:(?:its|the|their)\s+)?consideration\s+$", re.IGNORECASE)
# "the follow-up to the outcome of its twenty-sixth special session": a session's results.
OUTCOME_OF = re.compile(r"\b(?:outcomes?|results?)\s+$", re.IGNORECASE)
# "at its eighteenth session, to be held from 8 to 12 April 2019": the session's dates.
SESSION_DATES = re.compile(
    r"\s*,?\s*(?:to\s+be\s+|which\s+will\s+be\s+)?held\s+(?:in\s+[A-Z][\w-]+\s*,?\s+)?"
    r"(?:from\s+\d{1,2}(?:\s+[A-Z][a-z]+)?\s+)?$"
)
# How often a request recurs, in months.
PERIODS = (
    (r"monthly|every\s+(?:30|thirty)\s+days|every\s+month", 1),
    (r"every\s+(?:60|sixty)\s+days|every\s+(?:two|2)\s+months", 2),
    (r"(?:every|each)\s+(?:90|ninety)\s+days|quarterly|every\s+(?:three|3)\s+months", 3),
    (r"every\s+(?:120|one\s+hundred\s+(?:and\s+)?twenty)\s+days|every\s+(?:four|4)\s+months", 4),
    (
        r"every\s+(?:180|one\s+hundred\s+(?:and\s+)?eighty)\s+days|every\s+(?:six|6)\s+months|"
        r"semi-?annual(?:ly)?|(?:on\s+a\s+)?twice(?:\s+a\s+year|\s+(?:annual|yearly))"
        r"(?:\s+basis)?|biannual(?:ly)?",
        6,
    ),
    (r"biennial(?:ly)?|every\s+(?:two|2)\s+years|every\s+other\s+year", 24),
    # "the quadrennial comprehensive policy review" is a name: only the adverbs count.
    (r"triennially|every\s+(?:three|3)\s+years", 36),
    (r"quadrennially|every\s+(?:four|4)\s+years", 48),
    (
        # ("projected expenditures required for each year" breaks figures down by year)
        r"annual(?:ly)?|(?:on\s+an?\s+)?(?:annual|yearly)\s+basis|(?<!for\s)(?:every|each)\s+year|"
        r"(?:at\s+least\s+)?once\s+(?:a|per|every)\s+year|yearly",
        12,
    ),
)
PERIOD_SOURCE = "|".join(f"(?P<p{months}>\\b(?:{source})\\b)" for source, months in PERIODS)
# A paragraph opening with one of these recalls or notes; what it quotes is not asked now.
# ("Reiterates its request that ..." asks again: not a recalling.)
RECALLING = re.compile(
    r"\s*(?:also\s+|further\s+|once\s+again\s+|strongly\s+)?(?:"
    r"(?:reiterates?|reaffirms?)(?!\s+(?:its|the|their)\s+(?:[\w-]+\s+)?(?:request|call|invitation)s?\b)"
    r"|recalls?|notes?|takes?\s+note|welcomes?|acknowledges?|recogni[sz]es?|expresses|commends?|"
    r"emphasi[sz]es?|stresses|regrets?|deplores?|condemns?|underlines?|underscores?|affirms?|"
    r"confirms?|appreciates?|considers?\s+that|believes?)\b",
    re.IGNORECASE,
)
LOOKS_FORWARD = re.compile(r"looks?\s+forward", re.IGNORECASE)
# "Notes the recommendation that its next meeting should be convened in 1987, and requests the
# Secretary-General to make the necessary preparations for that meeting": asked after all.
PREPARATIONS_FOR = re.compile(
    r"\bpreparations?\s+for\s+(?:that|the|this)\s+(?:meeting|conference|congress|summit|symposium)\b",
    re.IGNORECASE,
)
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
# A part of a year ("in the autumn of 1999", "by mid-2021", "in the first half of 2020"):
# the months it opens and closes with.
YEAR_PARTS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 12),
    "first half": (1, 6),
    "second half": (7, 12),
    "first quarter": (1, 3),
    "second quarter": (4, 6),
    "third quarter": (7, 9),
    "fourth quarter": (10, 12),
    "early": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
}
YEAR_PARTS_SOURCE = (
    r"(?:the\s+)?(?P<part_name>spring|summer|autumn|fall|winter|(?:first|second)\s+half|"
    r"(?:first|second|third|fourth)\s+quarter|middle|early|mid|late)"
    rf"(?:\s+of\s+|\s+|{HYPHEN})"
)
SESSION_KINDS = r"regular|special|emergency\s+special|substantive|resumed|organizational|annual"


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


def ordinal_number(phrase: str | None) -> int | None:
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
            rf"(?:starting|beginning|commencing)\s+(?:from|at|with)|from)\s+"
            rf"(?P<close>the\s+(?:end|close|conclusion)\s+of\s+)?its\s+"
            rf"(?:(?P<next>{next_word})\s+|(?P<ordinal>{ordinals})\s+|(?P<year1>(?:19|20)\d\d)\s+)?"
            rf"(?:(?:(?P<kind>{SESSION_KINDS})\s+)?sessions?\b"
            # "at its 2025 management segment": the session of that year
            rf"|(?<=\d\d\s)(?:[\w-]+\s+){{0,2}}?segment\b)"
            rf"(?:\s+(?:of|in)\s+(?P<year2>(?:19|20)\d\d)\b)?",
            flags,
        ),
        "session_of": re.compile(
            rf"\b(?P<prep>at|during|to|before|by|for|until|in|{DEADLINE_PREPS})\s+"
            rf"(?P<close>the\s+(?:end|close|conclusion)\s+of\s+)?the\s+"
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
            rf"(?:(?P<month>{months})\s+|(?P<part>{YEAR_PARTS_SOURCE}))?"
            rf"(?P<year>(?:19|20)\d\d)\b(?![/\u2013-])",
            flags,
        ),
        "duration": re.compile(
            rf"\b(?P<prep>for\s+a\s+(?:further\s+|renewable\s+)?period\s+of|within(?:\s+a\s+period\s+of)?|"
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
        # "in advance of the 2019 and 2020 meetings of the high-level political forum": the
        # year of each meeting of another body that the request is timed before.
        "event_year": re.compile(
            r"\b(?:in\s+advance\s+of|ahead\s+of|prior\s+to|before)\s+the\s+"
            r"(?P<years>(?:19|20)\d\d(?:\s*(?:,|and|,\s+and)\s*(?:19|20)\d\d)*)\s+"
            r"(?:[\w-]+\s+){0,3}?(?:meetings?|sessions?|forums?|summits?|conferences?)\b",
            flags,
        ),
        "annual_date": re.compile(
            rf"\b(?:by|on)\s+(?:the\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{months})\s+"
            rf"(?:of\s+)?(?:annually|each\s+year|every\s+year)\b",
            flags,
        ),
        "range_start": re.compile(
            rf"\bfrom\s+(?P<day>\d{{1,2}})(?:\s+(?P<month>{months}))?\s+$", flags
        ),
        "that_session": re.compile(
            r"\b(?:at|to|during|by|of)\s+(?:that|the\s+same)\s+session\b", flags
        ),
        "period": re.compile(PERIOD_SOURCE, flags),
        "recipient": re.compile(
            rf"\b(?:to|before|(?:consideration|action)\s+by)\s+the\s+(?P<body>{bodies}|"
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


# Where a trigger can start: every trigger opens with one of these words.
TRIGGER_START = re.compile(
    r"\b(?:to|continue|consider|include|remain|keep|decides|agrees|shall|will|extend|renew|"
    r"prolong|establish|appoint|terminate|maintain|looks?|give|finali[sz]e|complete|conclude|"
    r"in\s+(?:his|her|its|their)\b|as\s+part\b|requests?\s+that\b|(?:requests|decides|authorizes)\s*,|"
    r"for\s+(?:(?:the|its|their)\s+)?(?:preparation|submission|presentation|consideration)\b|"
    r"(?:meeting|conference|congress|summit|symposium)\s+(?:should|shall|will|would)\s+be\b|"
    r"(?<=the\s)meetings\s+(?:should|shall|will|would)\s+be\b|"
    r"and\s+(?:[a-z]+ly\s+|also\s+|further\s+|then\s+)?(?:report|submit|present|transmit|"
    r"prepare|produce|brief|inform|provide|draft|update|publish|include)\b)",
    re.IGNORECASE,
)


@cache
def trigger_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((kind, re.compile(source, re.IGNORECASE)) for kind, source in TRIGGERS)


@cache
def body_vocabulary(bodies, calendar_names=()) -> tuple[dict[str, re.Pattern], dict[str, str]]:
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
