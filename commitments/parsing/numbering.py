"""
A resolution's text in another official language, split by its numbering alone.

The English text drives the parse; a version in Arabic, Chinese, French, Russian or Spanish is
only cut into its numbered pieces, to be matched to the English paragraphs by part, number and
sub-paragraph label. Nothing here reads the words: the numbering conventions the United Nations
prints in each language are enough.

- Operative paragraphs: "1." (every language), "1 -" (Arabic), with ASCII, Arabic-Indic
  (١٢٣), Eastern Arabic-Indic (۱۲۳) or full-width (１２３) digits, and "1．" in Chinese.
- Sub-paragraphs: "(a)" (English, Chinese, also "（a）"), "a)" (French, Spanish, Russian, which
  may print Cyrillic "а)", "б)": read by their place in the alphabet), "(أ)", "(ب)" in Arabic,
  whose letters follow the abjad order (أ ب ج د هـ و ز ح ط ي ...).
- Sub-sub-paragraphs: "(i)", "i)"; Arabic "`1`" or "‘1’"; Chinese "㈠", "㈡".
- An annexed text starts at a line that is only its heading ("Annexe", "Anexo",
  "Приложение", "المرفق", "附件", with a roman numeral or not).

A line without numbering continues the piece before it only while that piece has not ended
(no closing ".", ";" or ":" in any script): footnotes, page furniture and the closing lines
("34e séance") are left out. Pure Python, no Django.
"""

import re
from dataclasses import dataclass

from .grammar import ROMANS

LATIN = "abcdefghijklmnopqrstuvwxyz"
# The abjad order of UN Arabic texts' sub-paragraphs, as (a), (b), (c) ... in English.
ABJAD = ["أ", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف"]
ABJAD += ["ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض"]
ARABIC_VARIANTS = {"ا": "أ", "إ": "أ", "آ": "أ", "ة": "ه", "ى": "ي"}
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"
# Chinese parenthesized numerals ㈠ to ㈩ (U+3220 to U+3229) for (i) to (x).
CJK_PARENTHESIZED = {chr(0x3220 + index): ROMANS[index] for index in range(10)}

DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９",
    "0123456789" * 3,
)
ENDINGS = ".;:。；：؛!?！？"

DIGIT_CLASS = "0-9٠-٩۰-۹０-９"
OPERATIVE = re.compile(
    rf"^(?P<number>[{DIGIT_CLASS}]{{1,3}})\s*(?:[.．]|\s?[-–—])\s*(?P<rest>\D.*)$"
)
SUB_IN_BRACKETS = re.compile(r"^[(（]\s*(?P<label>[^\s()（）]{1,5})\s*[)）]\s*(?P<rest>\S.*)$")
SUB_CLOSED = re.compile(r"^(?P<label>[a-z]{1,5}|[а-я])\)\s*(?P<rest>\S.*)$")
ARABIC_NUMERAL_SUB = re.compile(
    rf"^[`'‘’\"]\s*(?P<label>[{DIGIT_CLASS}]{{1,2}})\s*[`'‘’\"]\s*(?P<rest>\S.*)$"
)
CJK_SUB = re.compile(r"^(?P<label>[㈠-㈩])\s*(?P<rest>\S.*)$")
ANNEX = re.compile(
    r"^(?:annex|annexe|anexo|приложение|المرفق|مرفق|附件)(?:\s+(?P<numeral>[IVXLC]+|[0-9]+))?$",
    re.IGNORECASE,
)
TATWEEL = "ـ"
# A list bullet some texts carry before their numbers (a converted document's "- 1.").
BULLET = re.compile(r"^[-*•]\s+(?=\S)")


@dataclass
class NumberedPiece:
    """One numbered paragraph or sub-paragraph of a version, labelled as the English ones are."""

    part: str
    number: str
    sub: str
    text: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.part, self.number, self.sub)

    @property
    def label(self) -> str:
        return paragraph_label(self.part, self.number, self.sub)


def paragraph_label(part: str, number: str, sub: str) -> str:
    """'7(a)', '1(b)(i)'; 'annex, 2(c)' in an annexed text."""
    label = number + "".join(f"({piece})" for piece in sub.split("-") if piece)
    return f"{part}, {label}" if part else label


def split_numbered(text: str) -> list[NumberedPiece]:
    """The numbered pieces of a text, in order (see the module's notes)."""
    return _Splitter().split(text)


def _letter(label: str) -> str | None:
    """A sub-paragraph's letter as the English text has it: 'a' for (a), (أ), а) or (a)."""
    label = label.replace(TATWEEL, "")
    if len(label) == 1 and label.lower() in LATIN:
        return label.lower()
    arabic = ARABIC_VARIANTS.get(label, label)
    if arabic in ABJAD:
        index = ABJAD.index(arabic)
        return LATIN[index] if index < len(LATIN) else None
    if len(label) == 1 and label.lower() in CYRILLIC:
        return LATIN[CYRILLIC.index(label.lower())]
    return None


class _Splitter:
    def __init__(self):
        self.pieces: list[NumberedPiece] = []
        self.part = ""
        self.number: str | None = None
        self.letter: str | None = None
        self.letter_text = ""
        self.roman: str | None = None
        self.top_roman: str | None = None

    def split(self, text: str) -> list[NumberedPiece]:
        for raw in text.splitlines():
            line = BULLET.sub("", " ".join(raw.split()))
            if not line:
                continue
            if match := ANNEX.match(line):
                numeral = match.group("numeral")
                self.part = f"annex {numeral.upper()}" if numeral else "annex"
                self.number = None
                continue
            if match := OPERATIVE.match(line):
                self.number = match.group("number").translate(DIGITS).lstrip("0") or "0"
                self.letter = self.roman = self.top_roman = None
                self._add("", match.group("rest"))
                continue
            if self.number is not None and self._sub(line):
                continue
            self._continue(line)
        return self.pieces

    def _sub(self, line: str) -> bool:
        """A sub-paragraph's line, added; False for a line that is not one."""
        if match := CJK_SUB.match(line):
            return self._roman(CJK_PARENTHESIZED[match.group("label")], match.group("rest"))
        if match := ARABIC_NUMERAL_SUB.match(line):
            index = int(match.group("label").translate(DIGITS)) - 1
            if 0 <= index < len(ROMANS):
                return self._roman(ROMANS[index], match.group("rest"))
            return False
        match = SUB_IN_BRACKETS.match(line) or SUB_CLOSED.match(line)
        if not match:
            return False
        label, rest = match.group("label"), match.group("rest")
        lowered = label.lower()
        if lowered in ROMANS and self._is_roman(lowered):
            return self._roman(lowered, rest)
        letter = _letter(label)
        if letter is None:
            return False
        self.letter, self.letter_text, self.roman, self.top_roman = letter, rest, None, None
        self._add(letter, rest)
        return True

    def _is_roman(self, label: str) -> bool:
        """(i) after a letter whose text leads in (ends with a colon) or after (h)'s romans."""
        expected = ROMANS[ROMANS.index(self.roman) + 1] if self.roman else "i"
        if self.letter is None:
            top = ROMANS[ROMANS.index(self.top_roman) + 1] if self.top_roman else "i"
            return label == top
        if self.roman is None:
            return label == "i" and self.letter_text.rstrip().endswith((":", "："))
        return label == expected

    def _roman(self, roman: str, rest: str) -> bool:
        if self.letter is None:
            self.top_roman = roman
            self._add(roman, rest)
        else:
            self.roman = roman
            self._add(f"{self.letter}-{roman}", rest)
        return True

    def _add(self, sub: str, text: str):
        self.pieces.append(NumberedPiece(self.part, self.number or "", sub, text.strip()))

    def _continue(self, line: str):
        if not self.pieces or self.number is None:
            return
        last = self.pieces[-1]
        if last.text.endswith(tuple(ENDINGS)):
            return
        if self.letter is not None and last.sub and not last.sub.count("-"):
            self.letter_text = f"{last.text} {line}"
        last.text = f"{last.text} {line}"
