"""
An independent check that parsing loses no text of the operative part.

It does not reuse the parser's rules: it takes the source from the first to the last
character the operative paragraphs point to, drops the lines any reader would skip (blank,
footnotes, page furniture, paragraph labels, markup) with a few plain patterns, and compares
the LETTERS that remain, in order, with the letters of the clean operative texts. Comparing
letters makes line breaks, hyphenation and footnote digits irrelevant while every word must
still be there, in its place.
"""

import re

SKIPPED_LINE = re.compile(
    r"\s*(?:"
    r"[⁰¹²³⁴⁵⁶⁷⁸⁹]"  # a footnote printed with a superscript number
    r"|\d{1,3}(?:\s+[A-Z(]|\s*$)"  # a footnote of a text layer: "1 See A/80/348."
    r"|\*{1,3}\s+[A-Z]"  # a "*" footnote
    r"|_{5,}"  # the rule above footnotes
    r"|Please recycle"
    r")"
)
LABEL = re.compile(r"^\s*[-–—•]?\s*(?:\d{1,3}\s?\.|\([a-z]{1,4}\))")
INLINE_NOTE = re.compile(r"\[\d+:[^\]]*\]|\[footnoteRef:\d+\]")


def _letters(text: str) -> str:
    return "".join(char for char in text if char.isalpha())


def _is_skipped(line: str, skipped: tuple[str, ...]) -> bool:
    """A line made of one of `skipped` and page furniture ("A/RES/70/179  <title>")."""
    return any(text in line and _is_furniture(line.replace(text, "")) for text in skipped)


def _is_furniture(line: str) -> bool:
    """Page furniture has no word with a lowercase letter ("GE.16-12517(E)", "2/6", "т..п.")."""
    return not re.search(r"[A-Za-z][a-z]+", line)


def source_letters(source: str, start: int, end: int, skipped: tuple[str, ...] = ()) -> str:
    """The letters of source[start:end] a reader keeps; lines holding one of `skipped`
    (section headings, running titles) beside page furniture are skipped too."""
    kept = []
    in_footnotes = False
    for line in INLINE_NOTE.sub("", source[start:end]).splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if re.match(r"\s*_{5,}", line):
            in_footnotes = True
            continue
        if in_footnotes and (SKIPPED_LINE.match(line) or not _is_furniture(line)):
            if not re.match(r"\s*\d", line) and not re.search(r"[⁰-⁹]", line[:3]):
                in_footnotes = not stripped.endswith(".")
            continue
        in_footnotes = False
        if SKIPPED_LINE.match(line) or _is_furniture(line) or _is_skipped(line, skipped):
            continue
        kept.append(LABEL.sub("", line))
    return _letters("".join(kept))


def unaccounted(
    source: str, parsed, skipped: tuple[str, ...] = (), part: str | None = None
) -> tuple[str, str]:
    """
    Letters of the operative part missing from the parse, or present in the parse but not
    in the source, as ("source from the first difference", "parse from there"); both empty
    when the parse accounts for every word. With `part` ("annex II"), the numbered
    paragraphs of that annexed text, with the section headings they stand under.
    """
    items = [item for item in parsed.operative if item.part == part]
    spans = [span for item in items for span in item.spans]
    start, end = min(span.start for span in spans), max(span.end for span in spans)
    expected = source_letters(source, start, end, skipped)
    pieces, headings = [], items[0].headings
    for item in items:
        new = [heading for heading in item.headings if heading not in headings]
        pieces += [*new, item.text]
        headings = item.headings
    found = _letters("".join(pieces))
    if expected == found:
        return "", ""
    index = next((i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b), None)
    index = min(len(expected), len(found)) if index is None else index
    return expected[index : index + 60], found[index : index + 60]
