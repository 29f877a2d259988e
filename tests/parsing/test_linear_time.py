"""
Hostile input shapes under the size limit parse in time linear in their size.

No test here measures time. Where the cost was in Python code, a test counts the lines of
parser code run for an input and for one twice its size: linear work doubles, quadratic work
quadruples. Where the cost was inside a regular expression or a copy, the input is large
enough that the old, quadratic or exponential, code would take minutes or more, and the
test checks what was read.
"""

import dataclasses
import re
import sys
from pathlib import Path

import pytest

import commitments.parsing
from commitments.parsing import parse_resolution
from commitments.parsing.cleaning import Line, LineKind, read_lines
from commitments.parsing.metadata import read_heading
from commitments.parsing.structure import segment
from commitments.parsing.vocabulary import alternation

PARSER = str(Path(commitments.parsing.__file__).parent)
BODY = "The General Assembly,\n"
OPERATIVE = "1. Urges States to act.\n"
OPENERS = ["Recalling", "Reaffirming", "Noting", "Welcoming"]


def work(text: str, lexicon) -> int:
    """Lines of parser code run to parse `text`, the same on any machine under any load."""
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        count += event == "line"
        return count_lines

    def trace(frame, event, arg):
        return count_lines if frame.f_code.co_filename.startswith(PARSER) else None

    _ = lexicon.compiled  # compiled once per lexicon, not part of a parse
    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        parse_resolution(text, lexicon)
    finally:
        sys.settrace(previous)
    return count


def grows_linearly(shape, size: int, lexicon) -> bool:
    """Whether parsing `shape(2 * size)` takes about twice the work of `shape(size)`."""
    return work(shape(2 * size), lexicon) < 2.5 * work(shape(size), lexicon)


def preamble(lines: int) -> str:
    return (
        BODY
        + "".join(
            f"*{OPENERS[i % 4]}* its resolution {i % 80 + 1}/{i % 97 + 1},\n" for i in range(lines)
        )
        + OPERATIVE
    )


class CountingPattern:
    """A compiled regex that counts its `match` calls."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.calls = 0

    def match(self, *args):
        self.calls += 1
        return self.pattern.match(*args)


def test_it_looks_up_the_opener_of_each_line_of_a_long_preamble_once(lexicon):
    counted = dataclasses.replace(lexicon)  # a lexicon of its own, compiled afresh
    opener = counted.compiled.opener = CountingPattern(counted.compiled.opener)
    parsed = parse_resolution(preamble(3_000), counted)
    assert len(parsed.preambular) == 3_000
    assert [item.opener for item in parsed.preambular[:4]] == OPENERS
    assert parsed.preambular[-1].text == "Welcoming its resolution 40/90,"
    assert opener.calls <= 3_000 + 10


def test_it_reads_a_long_preamble_in_linear_work(lexicon):
    assert grows_linearly(preamble, 300, lexicon)


def hyphenated(lines: int) -> str:
    return BODY + "Recalling the word-\n" + "word-\n" * lines + "end,\n" + OPERATIVE


def test_it_joins_many_words_hyphenated_across_lines_in_linear_work(lexicon):
    [paragraph] = parse_resolution(hyphenated(10_000), lexicon).preambular
    assert paragraph.text == "Recalling the " + "word" * 10_001 + "end,"
    assert grows_linearly(hyphenated, 300, lexicon)


def soft_hyphens(lines: int) -> str:
    return BODY + "Recalling the res\u00adolution,\n" * lines + OPERATIVE


def test_it_reads_many_lines_with_hidden_characters_in_linear_work(lexicon):
    parsed = parse_resolution(soft_hyphens(1_000), lexicon)
    assert [item.text for item in parsed.preambular] == ["Recalling the resolution,"] * 1_000
    assert grows_linearly(soft_hyphens, 300, lexicon)


def marked_line(pieces: int) -> str:
    return BODY + "Recalling " + "\u00ad*a" * pieces + ",\n" + OPERATIVE


def test_it_reads_a_line_of_markup_between_hidden_characters_in_linear_work(lexicon):
    [paragraph] = parse_resolution(marked_line(1_000), lexicon).preambular
    assert paragraph.text == "Recalling " + "a" * 1_000 + ","
    assert grows_linearly(marked_line, 300, lexicon)


def repeated_clauses(clause: str):
    def shape(count: int) -> str:
        return BODY + "Recalling x,\n1. Urges the efforts of States to act" + clause * count + ".\n"

    return shape


def test_it_reads_a_paragraph_of_endless_directive_clauses_in_linear_work(lexicon):
    for clause in (
        ", urges States to act",
        " and urges States to act",
        " and encourages them to act",
    ):
        shape = repeated_clauses(clause)
        [paragraph] = parse_resolution(shape(2_000), lexicon).operative
        assert (paragraph.verb, paragraph.action) == ("Urges", "act")
        assert [actor.text for actor in paragraph.actors] == ["States"]
        assert grows_linearly(shape, 150, lexicon)


def huge_paragraph(filler: str):
    def shape(count: int) -> str:
        return (
            "The General Assembly,\nRecalling x,\n1. Urges States "
            + filler * count
            + ", and encourages them to act;\n____\n1 Ibid."
        )

    return shape


@pytest.mark.parametrize(
    "filler",
    ["to ", "to the ", "Crime, 1 and ", "Governments, ", "the efforts of x ", "and Governments "],
)
def test_it_reads_a_huge_paragraph_in_linear_work(lexicon, filler):
    shape = huge_paragraph(filler)
    [paragraph] = parse_resolution(shape(2_000), lexicon).operative
    assert paragraph.verb == "Urges"
    assert grows_linearly(shape, 150, lexicon)


def running_title(lines: int) -> str:
    """A title printed over many lines, and a body of lines that each begin like it."""
    return "65/1. " + "Word\n" * lines + "End\n\n" + BODY + "Word\n" * lines + OPERATIVE


def test_it_finds_running_headers_in_linear_work(lexicon):
    parsed = parse_resolution(running_title(1_000), lexicon)
    assert parsed.title == "Word " * 1_000 + "End"
    assert grows_linearly(running_title, 100, lexicon)


def test_it_reads_a_line_of_digits_at_once(lexicon):
    # A line of digits and a letter is no page furniture; deciding so took time exponential
    # in the number of digits (years for forty).
    digits = "1" * 60
    parsed = parse_resolution(BODY + f"Recalling x,\n{digits}\n{digits}x\n" + OPERATIVE, lexicon)
    assert parsed.preambular[0].text == f"Recalling x, {digits}x"


@pytest.mark.parametrize("heading", ["[" * 300_000, "E/." * 100_000])
def test_it_reads_a_heading_of_brackets_or_symbol_parts_at_once(lexicon, heading):
    parsed = parse_resolution(heading + "\n" + BODY + OPERATIVE, lexicon)
    assert parsed.symbol is None
    assert [item.text for item in parsed.operative] == ["Urges States to act."]


def test_it_reads_a_long_capitalized_word_at_once(lexicon):
    word = "A" * 300_000
    [paragraph] = parse_resolution(BODY + f"1. Urges States to act on {word}.\n", lexicon).operative
    assert paragraph.text == f"Urges States to act on {word}."
    assert [actor.text for actor in paragraph.actors] == ["States"]


def test_it_rejoins_a_word_hyphenated_after_a_long_one_at_once(lexicon):
    word = "a" * 300_000
    [paragraph] = parse_resolution(
        BODY + f"1. Urges {word} pro-\nmote to act.\n", lexicon
    ).operative
    assert paragraph.text == f"Urges {word} promote to act."


def glued_markers(count: int) -> str:
    """A long word with a footnote marker glued to it, then markers glued to letters, all
    without a space: a token reaching back over the long word each time."""
    return BODY + "Recalling " + "a" * count + "1," + "b1," * count + "\n" + OPERATIVE


def test_it_reads_a_long_line_of_glued_markers_in_linear_work(lexicon):
    # The first "1" is a marker ("a¹,"); the later ones follow a token holding a digit.
    [paragraph] = parse_resolution(glued_markers(1_000), lexicon).preambular
    assert paragraph.text == "Recalling " + "a" * 1_000 + "," + "b1," * 1_000
    assert grows_linearly(glued_markers, 300, lexicon)


class CountingLines(list):
    """A list of lines that counts the copies taken of it."""

    copies = 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            CountingLines.copies += 1
        return super().__getitem__(key)


def test_it_never_copies_the_rest_of_the_text_for_each_heading_candidate(lexicon):
    # Each "Section title" may be a heading: the line after it decides.
    text = BODY + "Recalling x,\nSection title\n" * 1_000 + OPERATIVE
    lines = CountingLines(read_lines(text, lexicon.compiled))
    CountingLines.copies = 0
    layout = segment(lines, 1, lexicon.compiled)
    assert len(layout.preamble[0].lines) == 1_999  # the last title: a heading
    assert CountingLines.copies <= 1  # the closing lines, once


def test_it_reads_a_long_title_block_at_once(lexicon):
    heading = [Line(LineKind.TEXT, 0, 0, (), "Word")] * 100_000
    metadata = read_heading(heading, "General Assembly", "", lexicon.compiled)
    assert metadata.title == " ".join(["Word"] * 100_000)


def top_level_branches(pattern: str) -> int:
    """How many alternatives the outermost group of a regex source tries in turn."""
    depth, branches, index = 0, 1, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 1
        elif char == "[":
            index = pattern.index("]", index + 2)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 1:
            branches += 1
        index += 1
    return branches


def test_it_tries_phrases_by_their_first_letter(lexicon):
    for phrases in (lexicon.preambular_openers, lexicon.verb_complements, lexicon.adverbs):
        letters = {phrase.strip()[0].casefold() for phrase in phrases}
        assert top_level_branches(alternation(phrases)) <= len(letters)


def annexes(count: int) -> str:
    annexed = "".join(
        f"Annex {index}\nDeclaration\nI. Section\n"
        "1. We commit to act.\n2. Governments should act.\n"
        for index in range(count)
    )
    return BODY + OPERATIVE + annexed


def test_many_annexes_parse_in_linear_time(lexicon):
    _ = lexicon.for_annexes.compiled  # compiled once per lexicon, not part of a parse
    assert grows_linearly(annexes, 200, lexicon)
    assert len(parse_resolution(annexes(50), lexicon).annexes) == 50
