"""
Segmentation of a resolution into heading, preambular paragraphs, operative paragraphs and
sub-paragraphs, and what follows the operative part.

The layout follows UN editorial practice: the heading ends at "The General Assembly," (or
another organ); each preambular paragraph opens with a participle or adjective ("Recalling
also", "Deeply concerned") and ends with a comma; operative paragraphs are numbered in
sequence, sub-paragraphs lettered (a), (b) ... with roman (i), (ii) below a letter whose text
ends with a colon. Paragraphs are found by where they START, never by blank lines, so text
layers with a hard line break every 85 characters segment like Word copies, and a paragraph
interrupted by a footnote block or page furniture simply continues after it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .cleaning import Line, LineKind
from .grammar import FUNCTION_WORDS, ROMANS, bare
from .vocabulary import CompiledLexicon, normalize

BULLET = r"(?:[-\u2013\u2014\u2022\u25aa\u00b7]\s*)?"
# "12.", "- 1.", and the "OP12" of negotiation drafts (whose preambular paragraphs are "PP3").
OPERATIVE_LABEL = re.compile(
    rf"\s*{BULLET}(?:(?P<number>\d{{1,3}})\s?\.|OP\s?(?P<draft>\d{{1,3}})\.?)(?=\s|$)\s*"
)
PREAMBULAR_LABEL = re.compile(r"\s*(?:[-\u2013\u2014\u2022\u25aa\u00b7]|PP\s?\d{1,3}\.?)(?=\s)\s*")
SUB_LABEL = re.compile(rf"\s*{BULLET}\((?P<label>[a-z]{{1,4}})\)(?=\s|$)\s*")
BODY_LINE = re.compile(
    r"\s*The\s+(?P<name>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'.-]*|and|of|on|the|for|in|against|to))*)"
    r"\s*(?P<comma>,)?\s*"
)
SECTION = re.compile(r"\s*(?:[A-Z]|[IVX]{1,4})\.?\s*")
ANNEX = re.compile(r"\s*(?:Annex(?:es)?|ANNEX(?:ES)?|Appendix|APPENDIX)(?:\s+[IVX\d]{1,4})?\.?\s*")
# A section heading of an annexed text with its marker on the same line: "I. Prevention",
# "B. Protecting and assisting victims" (the editors number an annex's parts so).
# In an annexed text, the heading of an annex of its own: "Annex to resolution 71/11".
ANNEX_OF = re.compile(
    r"\s*(?:Annex|ANNEX|Appendix|APPENDIX)(?:\s+[IVX\d]{1,4})?\s+(?:to|of|TO|OF)\s+\S.{0,80}"
)
TITLED_SECTION = re.compile(
    r"\s*(?P<marker>[IVX]{1,5}|[A-Z])\.\s+(?P<title>[A-Z\u201c\"][^.;:]{0,150}?)\s*"
)
MEETING = re.compile(
    r"\s*\d{1,4}(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?(?:plenary\s+)?meeting\b", re.IGNORECASE
)
ADOPTION_NOTE = re.compile(
    r"\s*\[?\s*Adopted\s+(?:without\s+a\s+vote|by\s+(?:a\s+)?(?:recorded\s+vote|consensus|\d+\s+votes))",
    re.IGNORECASE,
)
MORPHOLOGICAL_OPENER = re.compile(
    r"(?:[A-Z][a-z]+ly\s+)?[A-Z][a-z]+(?:ing|ed)(?![\w-])(?!\s+[A-Z])"
)
# A capitalized word followed by a lowercase one: "Grateful to", not "United Nations".
UNKNOWN_OPENER = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)?(?=\s+[a-z(])")
PARAGRAPH_END = ",.;:"


@dataclass
class Block:
    """The lines of one paragraph; the first line already lost its label."""

    lines: list[Line] = field(default_factory=list)

    @property
    def last_char(self) -> str:
        for line in reversed(self.lines):
            text = line.text.rstrip()
            if text:
                return text[-1]
        return ""

    def ends_with(self, characters: str) -> bool:
        """Whether the text so far ends with one of `characters` (False while empty)."""
        last = self.last_char
        return bool(last) and last in characters


@dataclass
class PreambularBlock(Block):
    opener: str | None = None


@dataclass
class OperativeBlock(Block):
    number: str = ""
    sub: str | None = None
    flags: list[str] = field(default_factory=list)
    # The section headings an annexed text's paragraph stands under, outermost first.
    headings: tuple[str, ...] = ()


@dataclass
class Layout:
    """
    `ended_by` says what closed the operative part: "meeting" (the final meeting line or
    adoption note), "annex", "restart" (numbering starts again at 1: an annex without its
    heading), "second_part" (another "The General Assembly," of a multi-part text) or None.
    """

    preamble: list[PreambularBlock]
    operative: list[OperativeBlock]
    closing: list[Line]
    ended_by: str | None
    warnings: list[str]
    # Where the closing starts in the lines segmented (an annexed text's closing is not
    # copied out: the next annex starts there).
    end: int = 0


@dataclass
class AnnexLayout:
    """
    One annexed text: its heading as printed ("Annex", "Annex II"), the part's name in a
    reference ("annex", "annex II"), its title, and its paragraphs as a Layout.
    """

    heading: str
    part: str
    title: str
    layout: Layout


def find_body_line(lines: list[Line], lexicon: CompiledLexicon) -> int | None:
    """The index of "The General Assembly," (or another organ) that ends the heading."""
    for index, line in enumerate(lines):
        if not line.is_text:
            continue
        if body_name(line.text, lexicon):
            return index
        if OPERATIVE_LABEL.match(line.text):
            return None
    return None


def body_name(text: str, lexicon: CompiledLexicon) -> str | None:
    """The organ named by a "The Human Rights Council," line, or None for other lines."""
    match = BODY_LINE.fullmatch(text)
    if not match:
        return None
    name = " ".join(match.group("name").split())
    known = lexicon.bodies_by_alias.get(normalize(name))
    if known:
        return known.name
    return name if match.group("comma") and len(name.split()) <= 16 else None


def first_paragraph_index(lines: list[Line], lexicon: CompiledLexicon) -> int:
    """Without a body line, the preamble starts at the first opener or numbered paragraph."""
    for index, line in enumerate(lines):
        if not line.is_text:
            continue
        if OPERATIVE_LABEL.match(line.text) or _opener(line.text, lexicon):
            return index
    return 0


def drop_running_headers(lines: list[Line], start: int, headers: list[str]) -> list[Line]:
    """
    Mark as page furniture the text lines after `start` that repeat the document's title or
    symbol (running page headers of PDF text layers), also when a header is printed over
    consecutive lines. Case counts: a paragraph may quote the title, rarely in its case.
    """
    wanted = {_header_key(header) for header in headers if header}
    result = list(lines)
    if not wanted:
        return result
    text = _HeaderText(lines, start, wanted)
    index = start
    while index < len(lines):
        last = text.header_end(index)
        if last is None:
            index += 1
            continue
        for position in range(index, last + 1):
            line = lines[position]
            if line.is_text:
                result[position] = Line(
                    LineKind.NOISE, line.start, line.end, line.pieces, line.text
                )
        index = last + 1
    return result


class _HeaderText:
    """
    The words of the text lines from `start`, to find where a header is printed in full
    from a given line on. A header is compared by a rolling hash of its words, so a long
    title and many lines that begin like it are read in linear time, not once per line.
    Only the lines a header could cover are hashed: from a line opening with a header's
    first word, as many words on as the longest header has.
    """

    MODULUS = (1 << 61) - 1
    GAP = -2  # between runs of hashed lines: no header crosses it

    def __init__(self, lines: list[Line], start: int, headers: set[str]):
        spelled = [header.split(" ") for header in headers]
        firsts = {words[0] for words in spelled}
        longest = max(len(words) for words in spelled)
        ids: dict[str, int] = {}
        self.words: list[int] = []
        self.first_word: dict[int, int] = {}  # line index -> index of its first word
        self.line_ending: dict[int, int] = {}  # index after a line's last word -> line index
        reach = 0  # words a header begun on an earlier line could still cover
        for index in range(start, len(lines)):
            if not lines[index].is_text:
                continue
            key = _header_key(lines[index].text)
            if key.split(" ", 1)[0] in firsts:
                reach = longest
            if reach <= 0:
                if self.words and self.words[-1] != self.GAP:
                    self.words.append(self.GAP)
                continue
            self.first_word[index] = len(self.words)
            # 0 stands for a line without words: it can only be the header "" by itself.
            line = [ids.setdefault(word, len(ids) + 1) for word in key.split(" ")] if key else [0]
            self.words += line
            self.line_ending[len(self.words)] = index
            reach -= len(line)
        self.base = random.randrange(256, self.MODULUS - 1)
        self.prefix = [0]
        for word in self.words:
            self.prefix.append((self.prefix[-1] * self.base + word) % self.MODULUS)
        self.headers = []  # (words, hash, base ** length): shortest first
        for header in headers:
            words = [ids.get(word, -1) if word else 0 for word in header.split(" ")]
            if -1 not in words:
                self.headers.append(
                    (words, self._hash(words), pow(self.base, len(words), self.MODULUS))
                )
        self.headers.sort(key=lambda header: len(header[0]))

    def header_end(self, index: int) -> int | None:
        """The last line of the shortest header printed from line `index` on, if any."""
        first = self.first_word.get(index)
        if first is None:
            return None
        for words, digest, power in self.headers:
            end = first + len(words)
            if end not in self.line_ending:
                continue
            found = (self.prefix[end] - self.prefix[first] * power) % self.MODULUS
            if found == digest and self.words[first:end] == words:
                return self.line_ending[end]
        return None

    def _hash(self, words: list[int]) -> int:
        digest = 0
        for word in words:
            digest = (digest * self.base + word) % self.MODULUS
        return digest


def _header_key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def segment(lines: list[Line], start: int, lexicon: CompiledLexicon) -> Layout:
    """Split the lines after the heading (from `start`) into paragraphs."""
    return _Segmenter(lines, lexicon).run(start)


def part_name(heading: str) -> str:
    """How a reference names an annex: "Annex" -> "annex", "ANNEX II" -> "annex II"."""
    word, _, number = heading.strip().rstrip(".").partition(" ")
    return " ".join([word.lower().removesuffix("es"), number.strip()]).strip()


def segment_annexes(
    lines: list[Line], lexicon: CompiledLexicon, title: str | None = None
) -> list[AnnexLayout]:
    """
    The annexed texts in `lines` (what follows the operative part): each starts at an
    "Annex" heading line, optionally numbered ("Annex II"), then its title, then its own
    paragraphs, read as operative paragraphs are, until the next annex heading. Text before
    the first heading is not an annex. An annex with no numbered paragraph is left out.
    """
    annexes = []
    index = next(
        (i for i, line in enumerate(lines) if line.is_text and ANNEX.fullmatch(line.text)), None
    )
    while index is not None and index < len(lines):
        heading = " ".join(lines[index].text.split()).rstrip(".")
        start, own_title = _annex_title(lines, index + 1, lexicon, title)
        layout = _Segmenter(lines, lexicon, annex=True).run(start)
        following = layout.end if layout.ended_by == "annex" else None
        if layout.operative:
            annexes.append(AnnexLayout(heading, part_name(heading), own_title, layout))
        index = following
    return annexes


def _annex_title(
    lines: list[Line], start: int, lexicon: CompiledLexicon, known: str | None
) -> tuple[int, str]:
    """
    The title printed under an annex heading, and where the annexed text starts. The title
    is the first run of text lines (up to a blank line) without closing punctuation; a
    further such run ("Lima Declaration ...", "Resolution 71/11", "Preamble") is skipped, as
    is an annexed resolution's "The ... Commission,". The text starts at the first line that
    opens a paragraph (a label, a section, an opener, "We, ...") or a run that ends like one.
    An annex titled as the resolution is (a declaration the resolution adopts) had its title
    taken for a running header: `known`, the resolution's title, is then the annex's.
    """
    titles: list[str] = []
    hidden: list[str] = []
    index = start
    while index < len(lines) and not (lines[index].is_text and lines[index].text.strip()):
        if lines[index].kind is LineKind.NOISE:
            hidden.append(lines[index].text.strip())
        index += 1
    if known and " ".join(" ".join(hidden).split()) == known:
        titles.append(known)
    while index < len(lines):
        first, run = index, []
        while index < len(lines) and lines[index].is_text and lines[index].text.strip():
            text = lines[index].text.strip()
            if body_name(text, lexicon) and text.endswith(","):
                return index + 1, " ".join(titles)  # an annexed resolution's organ
            if len(run) == 4:
                return first, " ".join(titles)
            if _opens_paragraph(text, lexicon, within=bool(run)):
                if run and not titles:
                    titles.append(" ".join(" ".join(run).split()))
                return index, " ".join(titles)
            run.append(text)
            if text[-1] in PARAGRAPH_END:
                return first, " ".join(titles)
            index += 1
        if run and not titles:
            titles.append(" ".join(" ".join(run).split()))
        while index < len(lines) and not (lines[index].is_text and lines[index].text.strip()):
            index += 1
    return index, " ".join(titles)


def _opens_paragraph(text: str, lexicon: CompiledLexicon, within: bool = False) -> bool:
    """Whether a line opens a paragraph (`within` a run of title lines: a wrapped title's
    next line may start in lowercase)."""
    return bool(
        (not within and not text[0].isupper())
        or OPERATIVE_LABEL.match(text)
        or SUB_LABEL.match(text)
        or TITLED_SECTION.fullmatch(text)
        or SECTION.fullmatch(text)
        or text.startswith(("We ", "We,"))
        or _opener(text, lexicon)
    )


def _opener(text: str, lexicon: CompiledLexicon) -> str | None:
    """The preambular opener a line starts with ("Recalling also"), if it starts with one."""
    text = text.lstrip()
    if not text[:1].isupper():
        return None
    match = _known_opener(text, lexicon) or MORPHOLOGICAL_OPENER.match(text)
    return match.group().strip() if match else None


def _continues_title(text: str) -> bool:
    """A short line without closing punctuation, label or opener: more of a title."""
    text = text.strip()
    return (
        0 < len(text) <= 90
        and text[-1] not in PARAGRAPH_END
        and not OPERATIVE_LABEL.match(text)
        and not SUB_LABEL.match(text)
        and not SECTION.fullmatch(text)
    )


@lru_cache(maxsize=16)  # the segmenter asks this of the same line up to four times
def _known_opener(text: str, lexicon: CompiledLexicon) -> re.Match | None:
    """An opener of the lexicon at the start of `text`."""
    return lexicon.opener.match(text)


def _next_letter(label: str) -> str:
    if label == "z":
        return "aa"
    return chr(ord(label[0]) + 1) * len(label)


def _next_roman(label: str) -> str | None:
    index = ROMANS.index(label) if label in ROMANS else -1
    return ROMANS[index + 1] if 0 <= index < len(ROMANS) - 1 else None


class _Segmenter:
    """A single pass over the lines; each text line starts a paragraph or continues one."""

    def __init__(self, lines: list[Line], lexicon: CompiledLexicon, annex: bool = False):
        self.lines = lines
        self.lexicon = lexicon
        # Reading an annexed text: its section headings are kept with its paragraphs, and
        # a heading may carry its marker ("I. Prevention").
        self.annex = annex
        self.headings: list[tuple[str, str]] = []  # (level, heading), outermost first
        self.preamble: list[PreambularBlock] = []
        self.operative: list[OperativeBlock] = []
        self.warnings: list[str] = []
        self.current: Block | None = None
        self.gap = False  # a non-text line since the last text line
        self.blank = False  # a blank line since the last text line
        self.last_number: int | None = None
        self.letter: str | None = None
        self.roman: str | None = None
        self.top_roman: str | None = None
        # Lettered sections whose numbering restarts ("A", "B"; budget and omnibus
        # resolutions): the current section, a marker line seen since the last paragraph,
        # and whether a section heading or preamble came since.
        self.section: str | None = None
        self.marker: str | None = None
        self.section_break = False
        # A heading whose title may go on over the next lines (annexed texts).
        self.pending_title: list[str] | None = None

    def run(self, start: int) -> Layout:
        ended_by, end = None, len(self.lines)
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            if not line.is_text or not line.text.strip():
                self.gap = True
                self.blank = self.blank or line.kind is LineKind.BLANK
                continue
            ended_by = self._feed(index, line)
            if ended_by:
                end = index
                break
            self.gap = self.blank = False
        numbered = [block for block in self.operative if block.sub is None]
        if len(numbered) == 1:
            # A lone operative paragraph is printed without a number: nothing was guessed.
            numbered[0].flags = [flag for flag in numbered[0].flags if flag != "number_inferred"]
        closing = [] if self.annex else self.lines[end:]
        return Layout(self.preamble, self.operative, closing, ended_by, self.warnings, end)

    def _feed(self, index: int, line: Line) -> str | None:
        text = line.text
        if self.operative:
            if ANNEX.fullmatch(text) or (self.annex and ANNEX_OF.fullmatch(text)):
                return "annex"
            if MEETING.match(text) or ADOPTION_NOTE.match(text):
                return "meeting"
            if body_name(text, self.lexicon):
                if self.marker:
                    return None  # "B / The General Assembly,": the next section's preamble
                return "second_part"
        if SECTION.fullmatch(text):
            self.marker = text.strip().rstrip(".")
            if not self.operative:
                self.section = self.marker
            return None
        if self.annex and self._titled_section(index, text):
            return None
        if (match := OPERATIVE_LABEL.match(text)) and self._starts_with_capital(text, match):
            number = match.group("number") or match.group("draft")
            verdict = self._number_verdict(int(number))
            if verdict == "restart" and (self.marker or self.section_break):
                self._start_section()
                verdict = "first"
            if verdict == "restart":
                return "restart"
            if verdict is not None:
                self._start_operative(number, line.without_prefix(match.end()), verdict)
                return None
        if (
            self.operative
            and (match := SUB_LABEL.match(text))
            and (
                self._starts_with_capital(text, match)
                or self._continues_lowercase_list(match.group("label"))
            )
            and (verdict := self._sub_verdict(match.group("label")))
        ):
            self._start_sub(*verdict, line.without_prefix(match.end()))
            return None
        if self._starts_unnumbered_paragraph(text):
            self._start_operative(str((self.last_number or 0) + 1), line, "inferred")
            return None
        if self._is_heading(index, line):
            self.section_break = self.section_break or bool(self.operative)
            if self.annex:
                self._keep_heading(index, text)
            return None
        if self.annex and self.pending_title is not None and _continues_title(text):
            self._continue_heading(text)
            return None
        if not self.operative or self._starts_section_preamble(line):
            self._feed_preamble(line)
        else:
            self.current.lines.append(line)
        return None

    @staticmethod
    def _starts_with_capital(text: str, label: re.Match) -> bool:
        rest = text[label.end() :]
        return not rest or rest[0].isupper() or rest[0] in "\"“‘'(["

    def _start_section(self):
        """Numbering restarts in a new section: name it by its marker, else by the next
        letter; the paragraphs before the first marker-less restart become section A."""
        if self.section is None:
            self.section = "A"
            for block in self.operative:
                block.number = f"A {block.number}"
        if self.marker and self.marker != self.section:
            self.section = self.marker
        else:
            self.section = chr(ord(self.section[-1]) + 1) if len(self.section) == 1 else None
        self.last_number = None
        self.marker, self.section_break = None, False

    def _starts_section_preamble(self, line: Line) -> bool:
        """After a section marker or heading, preambular paragraphs open the next section."""
        if isinstance(self.current, PreambularBlock):
            return True
        return bool(
            (self.marker or self.section_break)
            and self.current.ends_with(".;")
            and _opener(line.text, self.lexicon)
        )

    def _number(self, number: str) -> str:
        return f"{self.section} {number}" if self.section else number

    def _continues_lowercase_list(self, label: str) -> bool:
        """
        Items may start in lowercase ("... the following mandate: (a) to lead ..., (b) to
        monitor ..."): a first item after a colon, a later one after an item that ends
        with ",", ";" or "and"/"or" (a wrapped line starting "(b) of resolution ..." ends
        no such item).
        """
        if label in ("a", "i") and self.letter is None and self.top_roman is None:
            return self.current.ends_with(":")
        if self.current.sub is None:
            return False
        last_words = " ".join(line.text for line in self.current.lines[-1:]).split()[-1:]
        return self.current.ends_with(",;:") or last_words in (["and"], ["or"])

    def _feed_preamble(self, line: Line):
        """
        A preambular paragraph starts with an opener after a finished paragraph. Where
        blank lines separate paragraphs, a capitalized word followed by a lowercase one
        after a blank line also does ("Grateful to ..."), so unknown openers count too.
        A bullet or a "PP3" draft label before the opener is dropped.
        """
        self.pending_title = None
        label = PREAMBULAR_LABEL.match(line.text)
        unlabelled = line.without_prefix(label.end()) if label else line
        text = unlabelled.text.lstrip()
        opener = _opener(text, self.lexicon)
        closed = self.current is not None and self.current.ends_with(PARAGRAPH_END)
        known = opener and _known_opener(text, self.lexicon)
        unknown_opener = self.blank and closed and UNKNOWN_OPENER.match(text)
        if unknown_opener and bare(unknown_opener.group()) in FUNCTION_WORDS:
            unknown_opener = None
        if self.current is None or (opener and (closed or (self.gap and known))) or unknown_opener:
            self.current = PreambularBlock([unlabelled], opener=opener)
            self.preamble.append(self.current)
        else:
            self.current.lines.append(line)

    def _number_verdict(self, number: int) -> str | None:
        """How a numbered line fits the sequence: "first", "next", "gap", "restart" or None."""
        last = self.last_number
        if last is None:
            if number == 1 or self.current is None or self.current.ends_with(PARAGRAPH_END):
                return "first"
            return None
        if number == last + 1:
            return "next"
        if last + 1 < number <= last + 3:
            return "gap"
        if number == 1 and last > 1:
            return "restart"
        return None

    def _start_operative(self, number: str, line: Line, verdict: str):
        flags = []
        if verdict == "gap":
            flags.append("numbering_gap")
            self.warnings.append(
                f"Operative paragraph {number} follows paragraph {self.last_number}: "
                "a paragraph may be missing from the text."
            )
        elif verdict == "inferred":
            flags.append("number_inferred")
        elif verdict == "first" and number != "1":
            self.warnings.append(f"The operative part starts at paragraph {number}, not 1.")
        self.last_number = int(number)
        self.letter = self.roman = self.top_roman = None
        self.marker, self.section_break = None, False
        self.current = OperativeBlock(
            [line], number=self._number(number), flags=flags, headings=self._headings()
        )
        self.operative.append(self.current)

    def _start_sub(self, sub: str, skipped: bool, line: Line):
        flags = ["numbering_gap"] if skipped else []
        self.current = OperativeBlock(
            [line],
            number=self._number(str(self.last_number)),
            sub=sub,
            flags=flags,
            headings=self._headings(),
        )
        self.operative.append(self.current)

    def _sub_verdict(self, label: str) -> tuple[str, bool] | None:
        """
        The sub label "(label)" gets in the current list and whether letters were skipped,
        or None if it does not fit there (then the line is ordinary text).
        """
        if self.letter is None and self.top_roman is None:
            if label not in ("a", "i"):
                return None
            if label == "a":
                self.letter = label
            else:
                self.top_roman = label
            return label, False
        if self.top_roman is not None:
            if label != _next_roman(self.top_roman):
                return None
            self.top_roman = label
            return label, False
        if self.roman is not None and label == _next_roman(self.roman):
            self.roman = label
            return f"{self.letter}-{label}", False
        if label == "i" and self.roman is None and self.current.ends_with(":"):
            self.roman = label
            return f"{self.letter}-{label}", False
        skipped = len(label) == 1 == len(self.letter) and 1 < ord(label) - ord(self.letter) <= 3
        if label == _next_letter(self.letter) or (skipped and label not in ROMANS):
            self.letter, self.roman = label, None
            return label, skipped
        return None

    def _titled_section(self, index: int, text: str) -> bool:
        """
        In an annexed text, "I. Prevention" or "A. Awareness-raising" on a line of its own,
        followed by a paragraph or another heading: a section heading with its marker.
        """
        match = TITLED_SECTION.fullmatch(text)
        if not match or text.rstrip()[-1] in PARAGRAPH_END:
            return False
        if self.current is not None and not self.current.ends_with(PARAGRAPH_END):
            return False
        marker = match.group("marker")
        level = "letter" if len(marker) == 1 and marker not in "IVX" else "roman"
        if marker in "IVX" and self.headings and self.headings[-1][0] == "letter":
            level = "letter" if _next_letter(self._last_letter()) == marker.lower() else level
        self.marker = marker
        if not self.operative:
            self.section = None
        self.section_break = self.section_break or bool(self.operative)
        self._set_heading(level, " ".join(text.split()))
        return True

    def _last_letter(self) -> str:
        heading = self.headings[-1][1] if self.headings else ""
        return heading[:1].lower() or "`"

    def _keep_heading(self, index: int, text: str):
        """An unmarked heading ("Prevention"); after a marker line ("I.") it is its title."""
        text = " ".join(text.split())
        if self.marker:
            marker = self.marker
            level = "letter" if len(marker) == 1 and marker not in "IVX" else "roman"
            self._set_heading(level, f"{marker}. {text}")
            return
        # Unmarked headings: two in a row are a part and its first section ("Advancing
        # crime prevention" / "Addressing the causes ..."); a later one alone is the next
        # section of that part.
        levels = [level for level, _ in self.headings]
        if self.pending_title is not None and levels and levels[-1] in ("plain", "inner"):
            outer = self.headings.pop()[1]
            self._set_heading("plain", outer)
            self._set_heading("inner", text)
        elif "inner" in levels:
            self._set_heading("inner", text)
        else:
            self._set_heading("plain", text)

    def _set_heading(self, level: str, text: str):
        order = ("roman", "letter", "plain", "inner")
        self.headings = [
            item for item in self.headings if order.index(item[0]) < order.index(level)
        ]
        self.headings.append((level, text))
        self.pending_title = [text]

    def _continue_heading(self, text: str):
        """A heading's title printed over several lines."""
        level, heading = self.headings[-1]
        self.headings[-1] = (level, f"{heading} {' '.join(text.split())}")

    def _headings(self) -> tuple[str, ...]:
        self.pending_title = None
        return tuple(heading for _, heading in self.headings)

    def _starts_unnumbered_paragraph(self, text: str) -> bool:
        """
        A line opening with an operative verb ("Adopts", "Also requests") after a finished
        paragraph starts an unnumbered operative paragraph: the single operative paragraph
        of a resolution is printed without a number, and Word copies can lose the automatic
        numbering of all of them.
        """
        if self.annex:
            return False  # an annexed text's paragraphs are numbered
        inferring = not self.operative or "number_inferred" in self.operative[-1].flags
        text = text.lstrip()
        if not inferring or not text[:1].isupper() or _opener(text, self.lexicon):
            return False
        if self.current is not None and not self.current.ends_with(PARAGRAPH_END):
            return False
        return bool(self.lexicon.verb_phrase.match(text))

    def _is_heading(self, index: int, line: Line) -> bool:
        """
        A section heading ("Prevention and protection"): after a finished paragraph,
        capitalized, without closing punctuation, and followed by a numbered paragraph.
        """
        text = line.text.strip()
        # An annexed text may introduce its sections with a colon ("... the following
        # actions:").
        finished = (".;:" if self.annex else ".;") if self.operative else PARAGRAPH_END
        if self.current is None or not self.current.ends_with(finished):
            return False
        # After the operative part only a known opener is a paragraph: "Limited budgetary
        # discretion" is a section title, though "Limited" looks like "Deeply concerned".
        opener = self.lexicon.opener.match(text) if self.operative else _opener(text, self.lexicon)
        if not text[0].isupper() or text[-1] in PARAGRAPH_END or opener:
            return False
        title_lines = 0
        for position in range(index + 1, len(self.lines)):  # no copy of the rest: linear
            following = self.lines[position]
            if following.is_text:
                if self.operative and title_lines < 4 and _continues_title(following.text):
                    title_lines += 1  # a section title printed over several lines
                    continue
                return bool(
                    OPERATIVE_LABEL.match(following.text)
                    or SECTION.fullmatch(following.text)
                    # a section's title, then its own preamble
                    or (self.operative and _opener(following.text, self.lexicon))
                )
        return False
