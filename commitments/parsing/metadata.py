"""
The heading's facts: symbol, adopting body, title, session and adoption date.

Conventions followed (data/gold/README.md): the body is the organ of "The Human Rights
Council," and not a series header; a printed number becomes a full symbol through the
body's symbol template ("14/2" of the Human Rights Council -> "A/HRC/RES/14/2"); a draft
keeps what it prints ("44/…"); the adoption date comes from "Resolution adopted ... on
<date>" or the closing meeting line, never from the Distr. date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .cleaning import Line, LineKind
from .grammar import MONTH_NUMBERS, MONTHS
from .structure import ADOPTION_NOTE, MEETING
from .vocabulary import CompiledLexicon, normalize

FULL_SYMBOL = re.compile(
    r"(?<![\w/])(?:A/(?:HRC/)?RES/\d{1,3}/\d{1,4}|E/RES/\d{4}/\d{1,4}|S/RES/\d{1,5}\s*\(\d{4}\)"
    r"|E/CN\.\d{1,2}/RES/\d{4}/\d{1,4})(?![\w/])"
)
DRAFT_SYMBOL = re.compile(
    r"(?<![\w/])[AES]/(?:[A-Z0-9.]+/)*L\.\d{1,4}(?:/Rev\.\d{1,2})?(?:/Add\.\d{1,2})?(?![\w/])"
)
DRAFT_START = re.compile(r"(?<![\w/])[AES]/")
DRAFT_SEGMENTS = re.compile(r"[AES]/(?:[A-Z0-9.]+/)*")
# "65/190. Title", "Resolution 2006/27", "44/…", and the spaced "5 3 / 9." of text layers.
NUMBER_LINE = re.compile(
    r"\s*(?:Resolution\s+)?(?P<number>\d(?: ?\d){0,3} ?/ ?(?:\d(?: ?\d){0,3}|…|\.\.\.))"
    r"(?:\s?[A-Z](?![\w/]))?\.?(?:\s+(?P<rest>\S.*))?"
)
SC_NUMBER_LINE = re.compile(r"\s*Resolution\s+(?P<number>\d{1,5}\s*\(\d{4}\))\s*")
DATE = re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(MONTHS)})\s+(?P<year>\d{{4}})")
ADOPTED_ON = re.compile(rf"\badopted\b[^\[\]]{{0,120}}?\bon\s+(?={DATE.pattern})", re.IGNORECASE)
ADOPTED_BY = re.compile(
    r"\badopted\s+by\s+the\s+(?P<body>[A-Z][\w ]{3,80}?)(?=\s+(?:at|on)\b|\*|,|$)"
)
# "Sixty-fifth session", "Fourteenth session", "Tenth special session", "53rd session".
SESSION = re.compile(
    r"(?<![\w-])(?P<session>(?:[A-Z][a-z]+-[a-z]+|[A-Z][a-z]*|\d{1,3})(?:st|nd|rd|th))\s+"
    r"(?:(?:regular|special|resumed|substantive|organizational|emergency\s+special)\s+)?session\b"
)
HEADING_FURNITURE = re.compile(
    r"\s*(?:United\s+Nations(?:\s+\S+/\S+)?|Distr\b.*|Original\b.*|Agenda\s+item\b.*|Item\s+\d.*"
    r"|(?:Resolution\s+)?adopted\b.*|\[.*\]|Resolution\s+\d.*|.*\bdraft\s+resolution\b.*"
    r"|Advance\s+unedited\s+version.*|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z]{1,2}(?:/\S+)+"
    r"|.{0,40}\bsession\b.{0,40})\s*",
    re.IGNORECASE,
)


@dataclass
class Metadata:
    symbol: str | None
    body: str | None
    title: str | None
    session: str | None
    adopted: datetime.date | None


def read_heading(
    heading: list[Line], body: str | None, source: str, lexicon: CompiledLexicon
) -> Metadata:
    """Read the heading lines (everything before "The General Assembly,")."""
    texts = [line.text.strip() for line in heading if line.is_text]
    number, title = _number_and_title(heading, lexicon)
    raw = "\n".join(source[line.start : line.end] for line in heading)
    body = body or _body_from_heading(" ".join(texts), lexicon)
    symbol = _symbol(raw, number, body, lexicon)
    if body is None and symbol:
        body = _body_from_symbol(symbol, lexicon)
    session = next((m.group().strip() for t in texts if (m := SESSION.search(t))), None)
    joined = " ".join(texts)
    adopted = _date(joined[match.end() :]) if (match := ADOPTED_ON.search(joined)) else None
    return Metadata(symbol, body, title, session, adopted)


def read_closing(closing: list[Line]) -> tuple[datetime.date | None, str | None]:
    """The date of the final meeting line ("71st plenary meeting 21 December 2010") and the
    adoption note ("[Adopted without a vote.]") after the operative part."""
    texts = [line.text.strip() for line in closing if line.is_text]
    adopted = note = None
    for index, text in enumerate(texts):
        if adopted is None and MEETING.match(text):
            adopted = _date(" ".join(texts[index : index + 3]))
        if note is None and ADOPTION_NOTE.match(text):
            note = text.strip("[] ")
    return adopted, note


def _number_and_title(heading: list[Line], lexicon) -> tuple[str | None, str | None]:
    """
    The printed resolution number and the title. The title follows the number ("65/190.
    Trafficking in women and girls", possibly over several lines) or sits on its own line
    between the number and the body line; without a number it is the block of text lines
    just before the body line.
    """
    for index, line in enumerate(heading):
        # A bare "14/2" looks like a page number, so noise lines are read here as well.
        if line.kind not in (LineKind.TEXT, LineKind.NOISE):
            continue
        text = line.text.strip()
        if match := NUMBER_LINE.fullmatch(text):
            first = [match.group("rest")] if match.group("rest") else []
            start = index + 1 if first else _next_text(heading, index + 1)
            number = match.group("number").replace(" ", "")
            return number, _title(first + _block(heading, start), lexicon)
        if match := SC_NUMBER_LINE.fullmatch(text):
            block = _block(heading, _next_text(heading, index + 1))
            return match.group("number"), _title(block, lexicon)
    block: list[str] = []
    for line in reversed(heading):
        if not line.is_text:
            if block:
                break
            continue
        if _is_furniture(line.text, lexicon):
            break
        block.append(line.text.strip())
    return None, _title(block[::-1], lexicon)  # read backwards: no insert at the front


def _next_text(lines: list[Line], start: int) -> int:
    while start < len(lines) and not lines[start].is_text:
        start += 1
    return start


def _block(lines: list[Line], start: int) -> list[str]:
    """The text lines from `start` up to the next blank or non-text line."""
    block = []
    for line in lines[start:]:
        if not line.is_text or not line.text.strip():
            break
        block.append(line.text.strip())
    return block


def _title(lines: list[str], lexicon) -> str | None:
    if not lines or any(_is_furniture(line, lexicon) for line in lines):
        return None
    return " ".join(" ".join(lines).split()) or None


def _is_furniture(text: str, lexicon: CompiledLexicon) -> bool:
    text = text.strip()
    return bool(HEADING_FURNITURE.fullmatch(text)) or normalize(text) in lexicon.bodies_by_alias


def _symbol(raw: str, number: str | None, body: str | None, lexicon) -> str | None:
    """
    The printed resolution symbol; else a draft's printed symbol ("A/HRC/44/L.6", but not
    the "[... (A/64/L.64)]" an adopted text cites); else one built from the printed number,
    which a draft keeps as printed ("44/…").
    """
    if match := FULL_SYMBOL.search(raw):
        return " ".join(match.group().split())
    if match := _draft_symbol(_without_brackets(raw)):
        return match.group()
    if not number:
        return None
    if "…" in number or "..." in number:
        return number
    template = _template(body, lexicon)
    return template.format(number=" ".join(number.split())) if template else None


def _without_brackets(text: str) -> str:
    """The text without its "[...]" parts. After the last "]" nothing can close a bracket,
    so that tail is left alone rather than searched for a "]" from each of its "["."""
    last = text.rfind("]")
    return re.sub(r"\[[^\]]*\]", "", text[: last + 1]) + text[last + 1 :]


def _draft_symbol(text: str) -> re.Match | None:
    """
    `DRAFT_SYMBOL.search(text)`, in linear time: where a symbol fails to match from one
    start, it fails from every later start inside the same run of "X/Y/" segments too (their
    segments are a tail of its segments), so those are skipped instead of read again.
    """
    skip_to = 0
    for start in DRAFT_START.finditer(text):
        if start.start() < skip_to:
            continue
        if match := DRAFT_SYMBOL.match(text, start.start()):
            return match
        skip_to = DRAFT_SEGMENTS.match(text, start.start()).end()
    return None


def _template(body: str | None, lexicon: CompiledLexicon) -> str | None:
    entry = lexicon.bodies_by_alias.get(normalize(body)) if body else None
    return entry.symbol_template if entry else None


def _body_from_heading(text: str, lexicon: CompiledLexicon) -> str | None:
    for match in ADOPTED_BY.finditer(text):
        entry = lexicon.bodies_by_alias.get(normalize(match.group("body")))
        if entry:
            return entry.name
    return None


def _body_from_symbol(symbol: str, lexicon: CompiledLexicon) -> str | None:
    """The body whose symbol template has the longest prefix of `symbol` ("A/HRC/RES/")."""
    best, best_length = None, 0
    for entry in lexicon.lexicon.bodies:
        prefix = (entry.symbol_template or "").split("{")[0]
        if prefix and symbol.startswith(prefix) and len(prefix) > best_length:
            best, best_length = entry.name, len(prefix)
    return best


def _date(text: str) -> datetime.date | None:
    match = DATE.search(text)
    if not match:
        return None
    try:
        return datetime.date(
            int(match.group("year")),
            MONTH_NUMBERS[match.group("month").casefold()],
            int(match.group("day")),
        )
    except ValueError:
        return None
