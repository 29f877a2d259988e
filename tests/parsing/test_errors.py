"""parse_resolution raises ParseError, with a code and a plain message, for unusable input."""

import pytest

from commitments.parsing import ParseError, parse_resolution
from commitments.parsing.parser import MAX_CHARACTERS, MAX_LINES


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("", "empty", "empty"),
        ("  \n\t \n", "empty", "empty"),
        ("%PDF-1.7\x00\x01\x02 binary stream", "binary", "binary file"),
        ("\x01\x02\x03\x04\x05\x06 the text" * 10, "binary", "binary file"),
        (
            "The General Assembly,\nRecalling its resolutions,\nNoting the report,",
            "no_operative_part",
            "operative paragraphs",
        ),
        ("Dear colleagues, please find the agenda attached.", "no_operative_part", "operative"),
        ("x" * (MAX_CHARACTERS + 1), "too_large", "one resolution at a time"),
        ("Recalling x,\n" * MAX_LINES, "too_many_lines", "the limit is 20,000"),
        # Any line break counts, not only the newline.
        ("x\r" * MAX_LINES, "too_many_lines", "one resolution at a time"),
        ("x\u2028" * MAX_LINES, "too_many_lines", "one resolution at a time"),
        (b"1. Urges States to act;", "not_text", "text"),
        (None, "not_text", "text"),
    ],
)
def test_unusable_input_raises_a_parse_error_with_code_and_message(text, code, words):
    with pytest.raises(ParseError) as raised:
        parse_resolution(text)
    assert raised.value.code == code
    assert words in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_it_reads_a_text_of_as_many_lines_as_allowed():
    text = "The General Assembly,\n" + "Recalling x,\n" * (MAX_LINES - 3) + "1. Urges States.\n"
    assert len(text.splitlines()) + 1 == MAX_LINES

    parsed = parse_resolution(text)

    assert len(parsed.preambular) == MAX_LINES - 3
    assert [paragraph.text for paragraph in parsed.operative] == ["Urges States."]
