"""Line classification, markup and footnote removal, and the map back to the source."""

import pytest

from commitments.parsing.cleaning import Assembler, LineKind, read_lines


@pytest.fixture
def lines(lexicon):
    def read(text):
        return read_lines(text, lexicon.compiled)

    return read


def texts(lines, kind=LineKind.TEXT):
    return [line.text for line in lines if line.kind is kind]


def test_it_removes_markdown_italics_and_keeps_a_map_to_the_source(lines):
    source = "2. *Urges* Governments to act;"
    [line] = lines(source)
    assert line.text == "2. Urges Governments to act;"
    assert "".join(source[start:end] for start, end in line.pieces) == line.text


def test_it_removes_superscript_markers_glued_or_spaced(lines):
    [line] = lines("the Convention¹ and the Protocol thereto, ² the Covenant ³ and")
    assert line.text.split() == [
        "the",
        "Convention",
        "and",
        "the",
        "Protocol",
        "thereto,",
        "the",
        "Covenant",
        "and",
    ]


def test_it_removes_digits_glued_to_words_or_their_punctuation(lines):
    [line] = lines("Transnational Organized Crime,9 and the Protocol2 thereto")
    assert line.text == "Transnational Organized Crime, and the Protocol thereto"


@pytest.mark.parametrize(
    "text",
    [
        "paragraphs 4 and 13 of the Declaration",
        "Convention, 1999 (No. 182), of the Organization",
        "see E/2002/68/Add.1 and A/65/209",
        "the age of 18, which",
        "from 18 to 25 April 2005",
        "Corr.1 and",
    ],
)
def test_it_keeps_numbers_that_are_not_markers(lines, text):
    [line] = lines(text)
    assert line.text == text


def test_it_removes_a_spaced_marker_when_its_footnote_exists_and_it_comes_in_sequence(lines):
    source = (
        "Recalling the Millennium Declaration adopted on 8 September 2000, 1 in which\n"
        "nearly 21 million people, 2 noting that\n"
        "__________________\n"
        "1 Resolution 55/2.\n"
        "2 Resolution 60/1.\n"
    )
    assert [" ".join(text.split()) for text in texts(lines(source))] == [
        "Recalling the Millennium Declaration adopted on 8 September 2000, in which",
        "nearly 21 million people, noting that",
    ]


def test_it_removes_word_export_footnote_references_and_bodies(lines):
    source = "Recalling the Principles[footnoteRef:3] and the commentary, [3: \t E/2002/68/Add.1.] "
    [line] = lines(source)
    assert line.text.split() == ["Recalling", "the", "Principles", "and", "the", "commentary,"]


@pytest.mark.parametrize(
    "furniture",
    [
        "GE.16-12517(E)",
        "* 1 6 1 2 5 1 7 *",
        "Please recycle The recycling symbol, a triangle of three chasing arrows.",
        "т......п.",
        ".",
        "A/RES/65/190",
        "10-52654",
        "11-12345 3/8",
        "2/6",
        "15-22522 (E)    110216",
        "*1522522*",
        "2 GE.20-09523",
        "S/RES/2331 (2016)",
    ],
)
def test_it_recognizes_page_furniture(lines, furniture):
    [line] = lines(furniture)
    assert line.kind is LineKind.NOISE


@pytest.mark.parametrize("label", ["12.", "(b)", "- 3."])
def test_a_paragraph_label_alone_on_its_line_is_text(lines, label):
    [line] = lines(label)
    assert line.kind is LineKind.TEXT


def test_it_reads_a_footnote_block_under_a_rule(lines):
    source = (
        "the text goes on\n_______________\n\n1\nResolution 70/1.\n\n"
        "2 Ibid., vol. 2237,\nNo. 39574.\n"
    )
    kinds = [line.kind for line in lines(source)]
    assert kinds[0] is LineKind.TEXT
    assert kinds[1] is LineKind.RULE
    assert [k for k in kinds[2:] if k is not LineKind.BLANK] == [LineKind.FOOTNOTE] * 4


def test_a_superscript_footnote_ends_with_its_full_stop(lines):
    source = "¹⁵ Such as the Bali Process.\nthat make women and girls vulnerable to trafficking;"
    assert texts(lines(source)) == ["that make women and girls vulnerable to trafficking;"]


def test_a_star_footnote_is_a_footnote(lines):
    source = "* The resolutions adopted by the Council will be contained in its report."
    assert [line.kind for line in lines(source)] == [LineKind.FOOTNOTE]


def test_a_wrapped_line_starting_with_a_superscript_marker_stays_text(lines):
    assert texts(lines("the Convention\n¹ and the Protocols thereto,")) == [
        "the Convention",
        " and the Protocols thereto,",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("victims of traf-\nficking in persons", "victims of trafficking in persons"),
        ("non-governmental bodies and non-\ngovernmental organizations", None),
        ("gender-\nand age-sensitive", "gender- and age-sensitive"),
        ("the Inter-\nAgency Group", "the Inter-Agency Group"),
        ("a self-\nrespect", "a self-respect"),
        ("at its eighty-\nfirst session", "at its eighty-first session"),
        ("twenty-\nfive members", "twenty-five members"),
    ],
)
def test_it_rejoins_words_hyphenated_across_lines(lexicon, source, expected):
    lines = read_lines(source, lexicon.compiled)
    text, pieces = Assembler(source).assemble(lines)
    assert text == (expected or " ".join(source.split("\n")).replace("non- ", "non-"))
    assert "".join(text.split()) == "".join("".join(source[a:b] for a, b in pieces).split())


def test_a_line_without_its_label_still_maps_to_the_source(lines):
    source = "  14.\tDecides to extend the mandate;"
    [line] = lines(source)
    trimmed = line.without_prefix(len("  14.\t"))
    assert trimmed.text == "Decides to extend the mandate;"
    assert "".join(source[a:b] for a, b in trimmed.pieces) == trimmed.text
