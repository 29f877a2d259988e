"""
From raw pasted text to clean lines that remember where every character came from.

Users paste PDF text layers, Word copies and Markdown. Before any structure is read, each
physical line is classified (text, blank, page furniture, footnote, footnote rule) and the
text lines lose their inline markup: `*italics*`, superscript or glued footnote markers
("Crime,9", "Protocol²"), `[footnoteRef:3]` and `[3: ...]` bodies, soft hyphens. Nothing is
rewritten: a line keeps the list of source ranges (`pieces`) its clean text is made of, so
every paragraph can point back into the original input.
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from .grammar import (
    FUNCTION_WORDS,
    HYPHEN_PREFIXES,
    MONTH_NUMBERS,
    NUMBER_TENS,
    NUMBER_UNITS,
    bare,
)
from .vocabulary import CompiledLexicon

Pieces = tuple[tuple[int, int], ...]


SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_VALUES = str.maketrans(SUPERSCRIPTS, "0123456789")

LINE_BREAK = re.compile(r"\r\n|[\n\r\f\v\x85\u2028\u2029]")

# Spans removed before lines are read: inline footnote bodies and references of Word and
# Markdown exports, HTML superscripts, invisible characters.
HIDDEN = re.compile(
    r"\[(?P<body>\d{1,4}):[^\[\]]{0,3000}\]"
    r"|\[footnoteRef:\d{1,4}\]"
    r"|^\[\^(?P<note>\d{1,4})\]:.*$"
    r"|\[\^\d{1,4}\]"
    r"|<sup>[^<]{0,20}</sup>"
    r"|[\u00ad\u200b-\u200d\u2060\ufeff]",
    re.IGNORECASE | re.MULTILINE,
)

RULE = re.compile(r"[_\u2014\u2013-]{5,}")
SUPERSCRIPT_FOOTNOTE = re.compile(rf"[{SUPERSCRIPTS}]+\s*(?P<first>\S)")
STAR_FOOTNOTE = re.compile(r"\*{1,3}\s+[A-Z\"“(][^*]*")
DIGIT_FOOTNOTE = re.compile(r"(?P<number>\d{1,3})(?:\s+(?P<rest>\S.*))?")
WORD = re.compile(r"[^\W_]{2,}")
# A line opening with a paragraph label ("12.", "(b) A") is text, even without a word.
LABEL = re.compile(r"[-\u2013\u2014\u2022]?\s*(?:\d{1,3}\s?\.|\([a-z]{1,4}\))(?=\s|$)")

MARKUP = re.compile(
    r"\*+"
    r"|(?<!\w)_{1,2}(?=\S)|(?<=\S)_{1,2}(?!\w)"
    r"|</?(?:i|em|b|strong|u|span|p|br|div|font)\b[^>]{0,200}>"
    r"|^\s*#{1,6}\s+",
    re.IGNORECASE,
)
MARKUP_CHARACTERS = frozenset("*_<#")
SUPERSCRIPT_MARKER = re.compile(rf"[{SUPERSCRIPTS}]+")
SUPERSCRIPT_SET = frozenset(SUPERSCRIPTS)
# Footnote digits glued to a word or to the punctuation after it: "Crime9", "Crime,9".
# (The leading lookahead lets the search skip to digits instead of trying both lookbehinds
# at every character.)
GLUED_MARKER = re.compile(
    r"(?=\d)(?:(?<=[a-z])(?P<a>\d{1,3})(?=[\s,.;:)]|$)"
    r"|(?<=[a-z)\"”’][,.;:])(?P<b>\d{1,3})(?=\s|$))"
)
# A marker glued to a number's punctuation ("in 2024,1") is told apart by its sequence.
NUMBER_GLUED_MARKER = re.compile(r"(?<=\d[,.;:])\d{1,3}(?=\s|$)")
STANDALONE_NUMBER = re.compile(r"(?<!\S)\d{1,3}(?!\S)")
DIGIT = re.compile(r"\d")


class LineKind(enum.Enum):
    TEXT = "text"
    BLANK = "blank"
    NOISE = "noise"
    FOOTNOTE = "footnote"
    RULE = "rule"


@dataclass(frozen=True)
class Line:
    """One physical line: its kind, clean text and the source ranges that text comes from."""

    kind: LineKind
    start: int
    end: int
    pieces: Pieces
    text: str

    @property
    def is_text(self) -> bool:
        return self.kind is LineKind.TEXT

    def without(self, ranges) -> Line:
        """This line minus the given (start, end) ranges of its clean text."""
        keep, position = [], 0
        for start, end in sorted(ranges):
            if start > position:
                keep.append((position, start))
            position = max(position, end)
        if position < len(self.text):
            keep.append((position, len(self.text)))
        return self._select(keep)

    def without_prefix(self, length: int) -> Line:
        return self.without([(0, length)])

    def stripped(self) -> Line:
        text = self.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        if start == 0 and end == len(text):
            return self  # nothing to strip (its pieces are already the fewest)
        return self._select([(start, end)] if end > start else [])

    def _select(self, ranges) -> Line:
        """The line made of the given text ranges, with their source pieces."""
        pieces: list[list[int]] = []
        offsets, total = [], 0
        for source_start, source_end in self.pieces:
            offsets.append(total)
            total += source_end - source_start
        for start, end in ranges:
            # Only the pieces from the one holding `start` on can overlap the range: a line
            # with many removals and many hidden spans stays linear.
            first = max(bisect_right(offsets, start) - 1, 0)
            for index in range(first, len(offsets)):
                offset = offsets[index]
                if offset >= end:
                    break
                source_start, source_end = self.pieces[index]
                low = max(start, offset)
                high = min(end, offset + source_end - source_start)
                if low >= high:
                    continue
                piece = [source_start + low - offset, source_start + high - offset]
                if pieces and pieces[-1][1] == piece[0]:
                    pieces[-1][1] = piece[1]
                else:
                    pieces.append(piece)
        text = "".join(self.text[start:end] for start, end in ranges)
        return Line(self.kind, self.start, self.end, tuple(map(tuple, pieces)), text)


def read_lines(source: str, lexicon: CompiledLexicon) -> list[Line]:
    """Classify every physical line of `source` and clean the text lines."""
    hidden, footnote_numbers = _hidden_ranges(source)
    lines = []
    for start, end in _line_ranges(source):
        pieces = _subtract(((start, end),), hidden)
        text = "".join(source[a:b] for a, b in pieces)
        # A line holding nothing but an inline footnote body is a footnote line.
        swallowed = not text.strip() and source[start:end].strip()
        lines.append(
            Line(LineKind.FOOTNOTE if swallowed else LineKind.TEXT, start, end, pieces, text)
        )
    marker_numbers = _marker_numbers(source)
    lines = _classify(lines, lexicon, marker_numbers, footnote_numbers)
    return _MarkerRemover(lexicon, footnote_numbers).clean(lines)


def _line_ranges(source: str):
    position = 0
    for match in LINE_BREAK.finditer(source):
        yield position, match.start()
        position = match.end()
    yield position, len(source)


def _hidden_ranges(source: str) -> tuple[Pieces, set[int]]:
    ranges, numbers = [], set()
    for match in HIDDEN.finditer(source):
        ranges.append((match.start(), match.end()))
        number = match.group("body") or match.group("note")
        if number:
            numbers.add(int(number))
    return tuple(ranges), numbers


def _subtract(pieces: Pieces, holes: Pieces) -> Pieces:
    """`pieces` minus the `holes` (both sorted source ranges, the holes disjoint)."""
    result = []
    for start, end in pieces:
        position = start
        # Only the holes from the first one ending after `start` can meet the piece, so a
        # text with many lines and many hidden spans is read in linear time.
        for index in range(bisect_right(holes, start, key=lambda hole: hole[1]), len(holes)):
            hole_start, hole_end = holes[index]
            if hole_start >= end:
                break
            if hole_end <= position:
                continue
            if hole_start > position:
                result.append((position, hole_start))
            position = max(position, hole_end)
        if position < end:
            result.append((position, end))
    return tuple(result)


def _marker_numbers(source: str) -> set[int]:
    """Numbers printed as footnote markers somewhere in the text (superscript or glued)."""
    numbers = {
        int(m.group().translate(SUPERSCRIPT_VALUES)) for m in SUPERSCRIPT_MARKER.finditer(source)
    }
    numbers.update(int(m.group("a") or m.group("b")) for m in GLUED_MARKER.finditer(source))
    return numbers


def _classify(lines, lexicon, marker_numbers, footnote_numbers) -> list[Line]:
    """
    Give every line its kind. Footnotes come in blocks: a footnote line starts one (and so
    does a rule "_____"); lines continue the block while the footnote text has not ended
    with a full stop, or while they start with a further footnote number. Any other text
    line or page furniture ends the block.
    """
    result = []
    block = None  # None, "open" (the last footnote continues) or "closed"
    for line in lines:
        text = line.text.strip()
        if line.kind is LineKind.FOOTNOTE or not text:
            # Blank lines may separate the notes of a block, or even the lines of an
            # unfinished note: the block goes on.
            kind = line.kind if line.kind is LineKind.FOOTNOTE else LineKind.BLANK
        elif RULE.fullmatch(text):
            kind, block = LineKind.RULE, "closed"
        elif LABEL.match(text):
            kind, block = LineKind.TEXT, None
        elif (number := _footnote_start(text, block, marker_numbers)) is not None:
            kind = LineKind.FOOTNOTE
            block = "closed" if text.endswith(".") else "open"
            if number:
                footnote_numbers.add(number)
        elif lexicon.noise.fullmatch(text) or not WORD.search(text):
            kind, block = LineKind.NOISE, None
        elif block == "open":
            kind = LineKind.FOOTNOTE
            block = "closed" if text.endswith(".") else "open"
        else:
            kind, block = LineKind.TEXT, None
        if kind is not line.kind:
            line = Line(kind, line.start, line.end, line.pieces, line.text)
        result.append(line)
    return result


def _footnote_start(text: str, block: str | None, marker_numbers: set[int]) -> int | None:
    """
    The footnote number a line opens with (0 for a "*" note), or None for other lines.
    Inside a footnote block a plain number opens the next note ("2 Ibid." or "2" alone on
    its line); elsewhere only a number printed as a marker somewhere in the text does.
    """
    in_block = block is not None
    if match := SUPERSCRIPT_FOOTNOTE.match(text):
        if not match.group("first").islower():
            return int(text[: match.start("first")].strip().translate(SUPERSCRIPT_VALUES))
        return None
    if STAR_FOOTNOTE.fullmatch(text):
        return 0
    match = DIGIT_FOOTNOTE.fullmatch(text)
    if not match:
        return None
    number, rest = int(match.group("number")), match.group("rest")
    if rest is None:
        return number if in_block else None
    if rest[0].islower() or bare(rest.split()[0]) in MONTH_NUMBERS:
        return None
    return number if in_block or number in marker_numbers else None


class _MarkerRemover:
    """
    Removes markup and footnote markers from text lines, in document order.

    A plain number standing alone ("2000, 1 in which") is a marker only if a footnote of that
    number exists, it is not a reference ("paragraph 4", "No. 29"), and it comes in sequence:
    markers are numbered in reading order, so the next new one is the highest seen plus one;
    a repeated citation must follow punctuation or a name.
    """

    def __init__(self, lexicon: CompiledLexicon, footnote_numbers: set[int]):
        self.references = lexicon.numbered_references
        self.footnote_numbers = footnote_numbers
        self.last_marker = 0
        self.previous_token: str | None = None

    def clean(self, lines: list[Line]) -> list[Line]:
        return [self._clean(line) if line.is_text else line for line in lines]

    def _clean(self, line: Line) -> Line:
        text = line.text
        removals = []
        if not MARKUP_CHARACTERS.isdisjoint(text):
            removals += [match.span() for match in MARKUP.finditer(text)]
        if not SUPERSCRIPT_SET.isdisjoint(text) or DIGIT.search(text):
            removals += self._markers(text)
        last = text.rsplit(maxsplit=1)[-1:]
        if last:
            self.previous_token = last[0]
        return line.without(removals) if removals else line

    def _markers(self, text: str) -> list[tuple[int, int]]:
        """The footnote markers of a line, judged in reading order (their sequence matters)."""
        candidates = sorted(
            [(m.start(), m.end(), "superscript") for m in SUPERSCRIPT_MARKER.finditer(text)]
            + [(m.start(), m.end(), "glued") for m in GLUED_MARKER.finditer(text)]
            + [(m.start(), m.end(), "after_number") for m in NUMBER_GLUED_MARKER.finditer(text)]
            + [(m.start(), m.end(), "spaced") for m in STANDALONE_NUMBER.finditer(text)]
        )
        found = []
        for start, end, kind in candidates:
            number = int(text[start:end].translate(SUPERSCRIPT_VALUES))
            if kind == "glued":
                is_marker = self._is_glued_marker(text, start)
            elif kind == "after_number":
                is_marker = self._is_next_marker(number)
            elif kind == "spaced":
                previous = text[max(0, start - 80) : start].split()[-1:] or [self.previous_token]
                following = text[end : end + 80].split(maxsplit=1)[:1] or [None]
                is_marker = self._is_spaced_marker(number, previous[0], following[0])
            else:
                is_marker = True
            if is_marker:
                found.append((start, end))
                self.last_marker = max(self.last_marker, number)
        return found

    def _is_next_marker(self, number: int) -> bool:
        return number in self.footnote_numbers and number == self.last_marker + 1

    def _is_glued_marker(self, text: str, position: int) -> bool:
        """Not part of a symbol ("Add.1", "A/65/1") or of an abbreviated reference ("No.5")."""
        # Read back to the token's start, stopping at the first slash or digit: the previous
        # marker is a digit, so a line of glued markers without spaces is read once.
        token_start = position
        while token_start > 0 and text[token_start - 1] != " ":
            token_start -= 1
            if text[token_start] == "/" or text[token_start].isdigit():
                return False
        word = bare(text[token_start:position])
        return word not in self.references and word.rstrip("s") not in self.references

    def _is_spaced_marker(self, number: int, previous: str | None, following: str | None) -> bool:
        if number not in self.footnote_numbers:
            return False
        if following is not None:
            word = bare(following)
            if word in MONTH_NUMBERS or following[0].isdigit() or word in ("per", "percent"):
                return False
        if previous is None:
            return following is not None and following[0].islower()
        word = bare(previous)
        if word in self.references or word.rstrip("s") in self.references:
            return False
        if previous[-1] in ",;:.)" and self._is_next_marker(number):
            return True  # "adopted on 8 September 2000, 1 in which", "for 2024/25; 4"
        if (
            not word
            or word[0].isdigit()
            or word in FUNCTION_WORDS
            or word in MONTH_NUMBERS
            or word in self.references
            or word.rstrip("s") in self.references
        ):
            return False
        after_punctuation = previous[-1] in ',;:.)"”’'
        if self._is_next_marker(number):
            return after_punctuation or previous[-1].isalpha()
        return number <= self.last_marker and (after_punctuation or previous[0].isupper())


class Assembler:
    """
    Joins the lines of a paragraph into its clean text and source spans.

    Lines are joined with a space. A word hyphenated across a line break is rejoined; the
    hyphen stays where the document itself spells the word with one ("non-governmental") or
    where it is a suspended compound ("gender- and age-sensitive").
    """

    def __init__(self, source: str):
        self.source = source

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        words = re.findall(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*", self.source)
        return frozenset(word.casefold() for word in words)

    def assemble(self, lines: list[Line]) -> tuple[str, Pieces]:
        chunks: list[str] = []
        pieces: list[tuple[int, int]] = []
        for line in lines:
            line = line.stripped()
            if not line.text:
                continue
            if chunks:
                separator = " "
                if chunks[-1].endswith("-"):
                    drop_hyphen, separator = self._hyphen_join(chunks[-1], line.text)
                    if drop_hyphen:
                        chunks[-1] = chunks[-1][:-1]
                        start, end = pieces[-1]
                        pieces[-1] = (start, end - 1)
                chunks.append(separator)
            chunks.append(line.text)
            pieces.extend(line.pieces)
        text = " ".join("".join(chunks).split())
        return text, _trim(self.source, pieces)

    def _hyphen_join(self, before: str, after: str) -> tuple[bool, str]:
        """Whether to drop the hyphen ending `before`, and what joins it to `after`."""
        # Only from a word's start, so a long word is not read again from each of its letters.
        left = re.search(r"(?<![^\W\d_])([^\W\d_]+)-$", before)
        right = re.match(r"[^\W\d_]+", after)
        if not left or not right:
            return False, " "
        left_word, right_word = left.group(1), right.group()
        if right_word.casefold() in ("and", "or", "nor", "to"):
            return False, " "  # a suspended compound: "gender- and age-sensitive"
        if not right_word[0].islower():
            return False, ""  # "Inter-Agency"
        if (left_word + right_word).casefold() in self.vocabulary:
            return True, ""
        if f"{left_word}-{right_word}".casefold() in self.vocabulary:
            return False, ""
        if left_word.casefold() in NUMBER_TENS and right_word.casefold() in NUMBER_UNITS:
            return False, ""  # "at its eighty-\nfirst session": numbers keep their hyphen
        return left_word.casefold() not in HYPHEN_PREFIXES, ""


def _trim(source: str, pieces) -> Pieces:
    """Pieces without surrounding whitespace; empty ones dropped."""
    result = []
    for start, end in pieces:
        while start < end and source[start].isspace():
            start += 1
        while end > start and source[end - 1].isspace():
            end -= 1
        if start < end:
            result.append((start, end))
    return tuple(result)
