"""
Properties over generated input: the parser never raises anything but ParseError, its spans
always point into the input, and page furniture or footnotes inserted anywhere change no
operative paragraph.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.parsing import ParseError, parse_resolution

from .conftest import SEED_DIR, read_texts
from .wordcheck import unaccounted

SEEDS = read_texts(SEED_DIR)
SETTINGS = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

FURNITURE = [
    "GE.16-12517(E)",
    "* 1 6 1 2 5 1 7 *",
    "Please recycle The recycling symbol, a triangle of three chasing arrows.",
    "A/RES/65/190",
    "10-52654",
    "2/6",
    "11-12345 3/8",
    "т......п.",
    ".",
    "",
    "15-22522 (E)    110216",
    "*1522522*",
    "¹⁴ A/65/209.",
    "⁹ General Assembly resolution 55/25, annex III.",
]
PIECES = [
    "The General Assembly,",
    "Recalling its resolution 64/293,",
    "1.",
    "(a)",
    "(i)",
    "12. Urges",
    "*Decides*",
    "[footnoteRef:3]",
    "[3: Ibid.]",
    "¹",
    "Crime,9",
    "____________",
    "Annex",
    "71st plenary meeting",
    "21 December 2010",
    "– ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\f",
    " ",
    ":",
    ";",
    ",",
    "(",
    ")",
    "*",
    "-",
    "Calls upon States to",
    "and urges them to",
    "that all States shall",
]


def check(text: str):
    """Parse; only a ParseError other than "internal" may come out. Returns the parse or None."""
    try:
        parsed = parse_resolution(text)
    except ParseError as error:
        assert error.code != "internal", error.__cause__
        return None
    for item in [*parsed.preambular, *parsed.operative]:
        assert all(0 <= span.start < span.end <= len(text) for span in item.spans)
        pieces = "".join(text[span.start : span.end] for span in item.spans)
        assert "".join(pieces.split()) == "".join(item.text.split())
    return parsed


@SETTINGS
@given(st.text())
def test_any_text_parses_or_raises_parse_error(text):
    check(text)


@SETTINGS
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=60))
def test_resolution_like_fragments_parse_or_raise_parse_error(fragments):
    check(" ".join(fragments))


@SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_mangled_seeds_parse_or_raise_parse_error(name, data):
    text = SEEDS[name]
    for _ in range(data.draw(st.integers(1, 8))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 400)))
        replacement = data.draw(st.sampled_from(PIECES) | st.text(max_size=5))
        text = text[:start] + replacement + text[end:]
    check(text[: data.draw(st.integers(0, len(text)))])


def _insert_furniture(text: str, data) -> str:
    """Furniture lines between lines, and inside long paragraph lines at a space."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 10))):
        index = data.draw(st.integers(0, len(lines) - 1))
        furniture = data.draw(st.sampled_from(FURNITURE))
        line = lines[index]
        spaces = [i for i, char in enumerate(line) if char == " "]
        splittable = (
            len(line.split()) >= 8
            and line not in FURNITURE
            and line.lstrip()[:1] not in "¹²³⁴⁵⁶⁷⁸⁹⁰[*"
        )
        if splittable and data.draw(st.booleans()):
            cut = data.draw(st.sampled_from(spaces))
            lines[index : index + 1] = [line[:cut], furniture, line[cut + 1 :]]
        else:
            lines.insert(index, furniture)
    return "\n".join(lines)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_furniture_anywhere_changes_no_operative_paragraph(name):
    expected = [(item.label, item.text) for item in parse_resolution(SEEDS[name]).operative]

    @SETTINGS
    @given(st.data())
    def check_seed(data):
        text = _insert_furniture(SEEDS[name], data)
        parsed = check(text)
        assert [(item.label, item.text) for item in parsed.operative] == expected
        assert unaccounted(text, parsed) == ("", "")

    check_seed()
