"""
A commitment as people type it when looking for one: a resolution symbol in any usual
spelling, a paragraph label ("OP 16", "para. 16(a)", "16(a)(i)", "16a") and words of the text,
in any order and any mix: "65/190 OP 3", "A/RES/65/190 16(a)", "trafficking victims".
`CommitmentQuerySet.search` reads the parts with `parse_reference`.
"""

import re
from dataclasses import dataclass, field

from .symbols import normalize_symbol

# "OP 16", "OP16", "para 16", "para. 16", "paragraph 16", "§ 16", each with an optional
# sub-paragraph: "(a)", "(a)(i)", "a".
MARKED_LABEL = re.compile(
    r"(?<!\w)(?:OP|para(?:graph)?\.?|§)\s*(\d{1,3})((?:\s*\(\s*[a-z]{1,5}\s*\))*|[a-z]{1,2}\b)",
    re.IGNORECASE,
)
# An unmarked label with a sub-paragraph, "16(a)" or "16 (a)(ii)"; a year in brackets after a
# Security Council number, "1325 (2000)", has digits, so it is not one.
SUB_LABEL = re.compile(r"(?<![\w/])(\d{1,3})((?:\s*\(\s*[a-z]{1,5}\s*\))+)", re.IGNORECASE)
# A bare paragraph number: one to three digits standing alone ("16"), not part of a symbol.
BARE_NUMBER = re.compile(r"^\d{1,3}$")
# A symbol: a run with slashes (spaces around them allowed: "a/res/65/ 190"), with a year in
# brackets after it ("S/RES/1325 (2000)") and "res"/"resolution" before it ("res 2006/27").
SYMBOL = re.compile(
    r"(?:(?<!\w)(?:resolution|res\.?)\s+)?[^\s/]*(?:\s*/\s*[^\s/]*)+(?:\s*\(\s*\d{4}\s*\))?",
    re.IGNORECASE,
)
# Words too short or too common to narrow anything down.
IGNORED_WORDS = {"op", "para", "paragraph", "res", "resolution", "of", "the", "and", "to", "in"}


@dataclass
class Reference:
    symbol: str = ""
    number: str = ""
    sub: str = ""  # as stored: "a", "b-i"
    words: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.symbol or self.number or self.words)


def _subs(text: str) -> str:
    """'(a)(i)' or 'a' as a paragraph's stored `sub`: 'a-i', 'a'."""
    return "-".join(re.findall(r"[a-z]+", text.lower()))


def parse_reference(text: str) -> Reference:
    """The symbol, paragraph label and words of a typed reference (each part optional)."""
    text = " ".join((text or "").replace("\x00", "").split())[:200]
    reference = Reference()
    label = MARKED_LABEL.search(text) or SUB_LABEL.search(text)
    if label:
        reference.number, reference.sub = label.group(1).lstrip("0") or "0", _subs(label.group(2))
        text = text[: label.start()] + " " + text[label.end() :]
    symbol = SYMBOL.search(text)
    if symbol:
        reference.symbol = normalize_symbol(symbol.group(0))
        text = text[: symbol.start()] + " " + text[symbol.end() :]
    for word in re.findall(r"[^\s,;:.()]+", text):
        if not reference.number and BARE_NUMBER.match(word):
            reference.number = word.lstrip("0") or "0"
        elif len(word) > 1 and word.lower() not in IGNORED_WORDS:
            reference.words.append(word)
    reference.words = reference.words[:8]
    return reference
