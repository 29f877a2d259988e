"""Symbol, body, title, session and adoption date from the heading."""

import datetime

import pytest

from commitments.parsing import parse_resolution

OPERATIVE = "Recalling its resolutions,\n1. Urges States to act."


def parse(heading: str, body: str = "The General Assembly,", closing: str = ""):
    return parse_resolution(f"{heading}\n\n{body}\n\n{OPERATIVE}\n\n{closing}")


@pytest.mark.parametrize(
    ("heading", "body", "symbol"),
    [
        (
            "United Nations A/RES/65/190\n65/190. Trafficking in women and girls",
            "The General Assembly,",
            "A/RES/65/190",
        ),
        (
            "Resolution adopted by the Human Rights Council*\n\n14/2\n\nTrafficking in persons",
            "The Human Rights Council,",
            "A/HRC/RES/14/2",
        ),
        ("**32/3. Trafficking in persons**", "The Human Rights Council,", "A/HRC/RES/32/3"),
        (
            "2008/33. Strengthening coordination",
            "The Economic and Social Council,",
            "E/RES/2008/33",
        ),
        (
            "Resolution 2006/27\n\nStrengthening cooperation",
            "The Economic and Social Council,",
            "E/RES/2006/27",
        ),
        (
            "Resolution 2331 (2016)\nAdopted by the Security Council at its 7847th meeting, on "
            "20 December 2016",
            "The Security Council,",
            "S/RES/2331 (2016)",
        ),
        (" 44/…\tTrafficking in persons", "The Human Rights Council,", "44/…"),
        (
            "A/HRC/44/L.6\nHuman Rights Council\nForty-fourth session\nArgentina: draft resolution",
            "The Human Rights Council,",
            "A/HRC/44/L.6",
        ),
        ("Strengthening international cooperation", "The Economic and Social Council,", None),
        (
            "[without reference to a Main Committee (A/64/L.64)]\n"
            "64/293. United Nations Global Plan",
            "The General Assembly,",
            "A/RES/64/293",
        ),
    ],
)
def test_it_reads_or_builds_the_symbol(heading, body, symbol):
    assert parse(heading, body).symbol == symbol


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("The General Assembly,", "General Assembly"),
        ("The Human Rights Council,", "Human Rights Council"),
        ("The Economic and Social Council,", "Economic and Social Council"),
        ("The Security Council,", "Security Council"),
        ("The Commission on the Status of Women,", "Commission on the Status of Women"),
        ("The Conference of the Parties,", "Conference of the Parties"),
    ],
)
def test_the_body_is_the_organ_of_the_body_line(body, name):
    assert parse("General Assembly\nDistr.: General", body).body == name


def test_without_a_body_line_the_body_comes_from_the_heading():
    parsed = parse_resolution(
        f"Resolution adopted by the Human Rights Council on 30 June 2016\n\n{OPERATIVE}"
    )
    assert parsed.body == "Human Rights Council"
    assert any("adopting body" in warning for warning in parsed.warnings)


def test_the_title_drops_the_number_markup_and_line_breaks():
    parsed = parse(
        "Resolution adopted by the Human Rights Council on 30 June 2016\n\n"
        "**32/3. Trafficking in persons, especially women and children:\n"
        "protecting victims of trafficking**",
        "The Human Rights Council,",
    )
    assert parsed.title == (
        "Trafficking in persons, especially women and children: protecting victims of trafficking"
    )


def test_the_title_may_sit_between_the_number_and_the_body_line():
    parsed = parse(
        "Resolution adopted by the Human Rights Council*\n\n14/2\n\nTrafficking in persons,"
        " especially women and children",
        "The Human Rights Council,",
    )
    assert parsed.title == "Trafficking in persons, especially women and children"


def test_a_security_council_resolution_has_no_title():
    parsed = parse(
        "Resolution 2331 (2016)\nAdopted by the Security Council at its 7847th meeting, "
        "on 20 December 2016",
        "The Security Council,",
    )
    assert parsed.title is None
    assert parsed.adopted == datetime.date(2016, 12, 20)


@pytest.mark.parametrize(
    ("heading", "closing", "adopted"),
    [
        (
            "Distr.: General 11 March 2011\nResolution adopted by the General Assembly on "
            "21 December 2010",
            "",
            datetime.date(2010, 12, 21),
        ),
        (
            "Resolution adopted by the General Assembly\non 17 December 2015",
            "",
            datetime.date(2015, 12, 17),
        ),
        (
            "Distr.: General\n23 June 2010",
            "34th meeting\n\n17 June 2010",
            datetime.date(2010, 6, 17),
        ),
        ("", "*42nd meeting\n30 June 2016*", datetime.date(2016, 6, 30)),
        ("", "41st plenary meeting 27 July 2006", datetime.date(2006, 7, 27)),
        ("Distr.: General 11 March 2011", "", None),
    ],
)
def test_the_adoption_date_never_comes_from_the_distribution_date(heading, closing, adopted):
    assert parse(heading, closing=closing).adopted == adopted


def test_it_keeps_the_adoption_note():
    parsed = parse("", closing="34th meeting\n17 June 2010\n\n[Adopted without a vote.]")
    assert parsed.vote_note == "Adopted without a vote."


@pytest.mark.parametrize(
    ("heading", "session"),
    [
        ("Sixty-fifth session Agenda item 28 (a)", "Sixty-fifth session"),
        ("Human Rights Council\nFourteenth session\nAgenda item 3", "Fourteenth session"),
        ("Distr.: General", None),
    ],
)
def test_it_reads_the_session_as_printed(heading, session):
    assert parse(heading).session == session


def test_it_reads_a_number_printed_with_spaces():
    parsed = parse(
        "Resolution adopted by the Human Rights Council on 12 July 2023\n\n5 3 / 9. Trafficking in "
        "persons, especially women and children",
        "The Human Rights Council,",
    )
    assert (parsed.symbol, parsed.title) == (
        "A/HRC/RES/53/9",
        "Trafficking in persons, especially women and children",
    )
