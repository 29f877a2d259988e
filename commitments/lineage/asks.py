"""
Asks as the linker compares them: normalized, cut into actor, verb, action and object, and
explained.

The wording of a renewed ask moves more than its substance: "encourages" becomes "invites",
"Governments" becomes "Member States" or "the Belarusian authorities", "at its forty-first
session" becomes "before the fifty-fourth session", a date moves by a year. `normalize`
rewrites what only moves (addressees that are all States, dates, years, sessions, numbers)
into one token each, so that the character n-grams compare what is asked; `NormalizedAsk`
reads the ask's actor (its principal addressee's kind), verb (its strength), action (the
first verb of what is asked: "cooperate", "provide", "extend") and object (the stems of the
remaining content words), which the word similarity (`object_similarity`) compares;
`explain` says, for a link, what matched and what changed, in data the pages put into words.

Mandate decisions ("Decides to extend the mandate of the Special Rapporteur ... for a period of
three years", "Decides to extend until 14 July 2024 the mandate of UNMHA", and the lettered
items of the mandate that follow) speak of the adopting body itself, so the tracker does not
track them, but a reader follows them from renewal to renewal: `is_mandate_decision` finds
them, and the linker compares them with one another only.
"""

import functools
import re
from dataclasses import dataclass

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_TEENS = (
    "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    "eighteenth|nineteenth"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TENTHS = "twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth"
ORDINAL = rf"(?:(?:{_TENS})[-\u2010\u2011 ](?:{_UNITS})|{_TENTHS}|{_TEENS}|{_UNITS})"

# What only moves between versions of one ask, each rewritten to one token.
MOVING = [
    (
        "date",
        re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b|\b(?:{MONTHS}) \d{{1,2}},? \d{{4}}\b"),
    ),
    ("session", re.compile(rf"\b(?:its |the )?{ORDINAL} (?:regular |special )?session\b")),
    ("year", re.compile(r"\b(?:19|20)\d\d\b")),
    ("number", re.compile(r"\b\d+\b")),
]
# Addressees that are all States in another name.
STATES = re.compile(
    r"\b(?:all )?(?:member states|states members|states parties|governments?|states)\b"
    r"|\b(?:the )?government of (?:the )?[a-z][\w’'-]*(?: [a-z][\w’'-]*){0,3}?(?=[ ,;.]|$)"
    r"|\b(?:the )?[a-z]+(?:ian|ese|an|i|ish) authorities\b"
)
MANDATE = re.compile(
    r"\b(?:extends?|extending|renews?|renewing|prolongs?)\b[^;:]{0,160}?\bmandate\b"
    r"|\bmandate\b[^;:]{0,80}?\b(?:is|be|shall be) (?:extended|renewed)\b"
    r"|\bshall undertake the following mandate\b",
    re.IGNORECASE,
)
_STOPWORDS = """
a about above after again against all also an and any are as at be been before being between
both but by can could did do does during each either for from further had has have having he
her here hers him his how i if in into is it its itself may might more most must no nor not
of on once only or other our out over own same shall she should so some such than that the
their theirs them then there these they this those through to too under until up upon very
was we were what when where which while who whom why will with within would you inter alia
including particular especially relevant appropriate all date session year number states
"""
STOPWORDS = frozenset(_STOPWORDS.split())
WORD = re.compile(r"[a-z][a-z’'-]*")
ACTION = re.compile(r"^(?:[\w,’' -]{0,200}?\bto )?(?:continue to |further )?([a-z]{3,})")


@functools.lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """The wording with what only moves between versions (see the module docstring) as tokens."""
    text = text.lower().replace("\u2011", "-")
    for token, pattern in MOVING:
        text = pattern.sub(token, text)
    return STATES.sub("states", text)


def stem(word: str) -> str:
    """A crude stem: enough that "criminalize" and "criminalization" share one."""
    word = word.strip("’'-")
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)][:8]
    return word[:8]


@functools.lru_cache(maxsize=16384)
def content_stems(text: str) -> frozenset:
    """The stems of the normalized wording's content words."""
    return frozenset(stem(word) for word in WORD.findall(normalize(text)) if word not in STOPWORDS)


@functools.lru_cache(maxsize=16384)
def action_of(text: str) -> str:
    """
    The ask's first verb ("to cooperate fully with ..." → "cooperat"), or the first word of a
    lettered item ("To raise awareness" → "raise"), stemmed; "" when none is found.
    """
    found = ACTION.match(normalize(text).lstrip(" ,"))
    return stem(found.group(1)) if found else ""


def object_similarity(earlier: str, later: str) -> float:
    """
    How much of what is asked the two wordings share: the Dice coefficient of their content
    stems (the same in any order of the two), 0 to 1.
    """
    first, second = content_stems(earlier), content_stems(later)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def is_mandate_decision(text: str) -> bool:
    return bool(MANDATE.search(text))


@dataclass(frozen=True)
class NormalizedAsk:
    """An ask cut into actor, verb, action and object (see the module docstring)."""

    actor: str
    verb: str
    action: str
    object: frozenset

    @classmethod
    def of(cls, ask) -> "NormalizedAsk":
        return cls(
            actor=ask.principal_kind,
            verb=ask.verb_phrase.strip().lower(),
            action=action_of(ask.text),
            object=content_stems(ask.text),
        )


def moved_tokens(earlier: str, later: str) -> list[dict]:
    """
    What moved from one wording to the other while its place in the ask stayed: dates, years,
    sessions, numbers and the name given to States, each as printed before and after.
    """
    changes = []
    before, after = _moving_in(earlier), _moving_in(later)
    for token, _ in MOVING_AND_STATES:
        if before[token] and after[token] and before[token] != after[token]:
            changes.append({"what": token, "from": before[token][0], "to": after[token][0]})
    return changes


MOVING_AND_STATES = [*MOVING, ("states", STATES)]


@functools.lru_cache(maxsize=16384)
def _moving_in(text: str) -> dict[str, tuple[str, ...]]:
    """What `moved_tokens` compares in one wording, found once for each wording."""
    lowered = text.lower()
    # Found in lower case, returned as printed (where lower-casing kept the length).
    printed = text if len(text) == len(lowered) else lowered
    return {
        token: tuple(printed[found.start() : found.end()] for found in pattern.finditer(lowered))
        for token, pattern in MOVING_AND_STATES
    }


def explain(earlier, later, *, score: float, words: float, rule: str, edits) -> dict:
    """
    Why the linker suggests `earlier` → `later`, as data the pages put into words
    (CommitmentLink.explanation_lines): `rule` (how the pair was found: "wording", "mandate",
    "split" or "merged"), the wording similarity `score` and the object similarity `words`,
    `matched` (the parts of the normalized ask that agree: actor, action, object words) and
    `changed` (verb, addressees, moved dates and sessions, words added and dropped once those
    are set aside, an item become a paragraph or the reverse). `edits`: words inserted and
    deleted between the normalized wordings, and the longer one's length.
    """
    before, after = NormalizedAsk.of(earlier), NormalizedAsk.of(later)
    matched = []
    if before.actor and before.actor == after.actor:
        matched.append({"what": "actor", "value": before.actor})
    if before.action and before.action == after.action:
        matched.append({"what": "action", "value": _printed_word(later.text, after.action)})
    shared = sorted(before.object & after.object)
    if shared:
        matched.append({"what": "object", "value": len(shared)})
    changed = []
    if before.verb != after.verb and earlier.verb_phrase and later.verb_phrase:
        changed.append({"what": "verb", "from": earlier.verb_phrase, "to": later.verb_phrase})
    if earlier.addressees != later.addressees and earlier.addressees and later.addressees:
        changed.append({"what": "addressees"})
    changed += moved_tokens(earlier.text, later.text)
    inserted, deleted, _ = edits
    if inserted:
        changed.append({"what": "added", "value": inserted})
    if deleted:
        changed.append({"what": "dropped", "value": deleted})
    earlier_item, later_item = bool(earlier.is_item), bool(later.is_item)
    if earlier_item != later_item:
        changed.append({"what": "item_to_paragraph" if earlier_item else "paragraph_to_item"})
    return {
        "rule": rule,
        "score": round(score, 3),
        "words": round(words, 3),
        "matched": matched,
        "changed": changed,
    }


def _printed_word(text: str, stemmed: str) -> str:
    """The first word of `text` whose stem is `stemmed`, as printed."""
    for word in WORD.findall(text.lower()):
        if stem(word) == stemmed:
            return word
    return stemmed
