"""The session calendar (parsing/lexicons/session_calendar.json) against known sessions."""

import datetime

import pytest

from commitments.parsing import load_default_lexicon
from commitments.parsing.sessions import load_session_calendar

CALENDAR = load_session_calendar()
ANCHORED = [(body.body, anchor) for body in CALENDAR.by_body.values() for anchor in body.anchors]


@pytest.mark.parametrize(
    ("body", "anchor"), ANCHORED, ids=[f"{body} {a.session}" for body, a in ANCHORED]
)
def test_it_estimates_each_known_session_within_the_stated_margin(body, anchor):
    calendar = CALENDAR[body]
    estimate = calendar.opening(anchor.session)
    assert abs((estimate - anchor.opened).days) <= calendar.estimate_within_days


@pytest.mark.parametrize(
    ("body", "session", "year", "month"),
    [
        ("General Assembly", 65, 2010, 9),
        ("General Assembly", 67, 2012, 9),
        ("Human Rights Council", 14, 2010, 6),
        ("Human Rights Council", 32, 2016, 6),
        ("Human Rights Council", 35, 2017, 6),
        ("Human Rights Council", 4, 2007, 3),
        ("Human Rights Council", 12, 2009, 9),
        ("Commission on the Status of Women", 57, 2013, 3),
        ("Commission on Crime Prevention and Criminal Justice", 17, 2008, 4),
        ("Commission on Crime Prevention and Criminal Justice", 22, 2013, 4),
        ("Commission on Crime Prevention and Criminal Justice", 23, 2014, 5),
    ],
)
def test_it_places_sessions_in_their_year_and_month(body, session, year, month):
    opening = CALENDAR.opening(body, session)
    assert (opening.year, opening.month) == (year, month)


def test_the_general_assembly_opens_on_a_september_tuesday_of_1945_plus_n():
    calendar = CALENDAR["General Assembly"]
    for session in range(2, 120):
        opening = calendar.opening(session)
        assert (opening.year, opening.month, opening.weekday()) == (1945 + session, 9, 1)
        assert opening.day <= 21


def test_the_human_rights_council_meets_three_times_a_year_from_2007():
    calendar = CALENDAR["Human Rights Council"]
    for session in range(4, 100):
        opening = calendar.opening(session)
        assert opening.year == 2007 + (session - 4) // 3
        assert opening.month == (3, 6, 9)[(session - 4) % 3]
    assert [calendar.opening(n).month for n in (1, 2, 3)] == [6, 9, 11]


@pytest.mark.parametrize(
    ("body", "adopted", "session"),
    [
        # The seeds' own sessions and adoption dates ...
        ("Human Rights Council", datetime.date(2010, 6, 17), 14),
        ("Human Rights Council", datetime.date(2016, 6, 30), 32),
        ("General Assembly", datetime.date(2010, 12, 21), 65),
        # ... and the Council resolutions 14/2 recalls: 8/12, 11/3 and 12/15.
        ("Human Rights Council", datetime.date(2008, 6, 18), 8),
        ("Human Rights Council", datetime.date(2009, 6, 17), 11),
        ("Human Rights Council", datetime.date(2009, 10, 1), 12),
    ],
)
def test_it_finds_the_session_a_resolution_was_adopted_at(body, adopted, session):
    assert CALENDAR[body].session_at(adopted) == session


def test_it_finds_the_next_session_after_a_date():
    assert CALENDAR["Human Rights Council"].session_after(datetime.date(2016, 6, 30)) == 33
    assert CALENDAR["General Assembly"].session_after(datetime.date(2010, 12, 21)) == 66


def test_it_dates_the_economic_and_social_councils_session_of_a_year():
    calendar = CALENDAR["Economic and Social Council"]
    assert calendar.session_of_year(2006) == datetime.date(2006, 7, 1)
    # The ECOSOC seed was adopted on 27 July 2006, at the substantive session of 2006.
    assert 0 <= (datetime.date(2006, 7, 27) - calendar.session_of_year(2006)).days <= 31
    assert calendar.opening(5) is None  # numbered sessions are not estimated


def test_it_estimates_nothing_it_has_no_rule_for():
    assert CALENDAR["Security Council"].opening(5) is None
    assert CALENDAR["Commission on the Status of Women"].opening(10) is None
    assert CALENDAR["General Assembly"].opening(0) is None
    assert CALENDAR.opening("Commission on Narcotic Drugs", 30) is None  # before 2002
    assert CALENDAR.opening("Peacebuilding Commission", 60) is None
    assert CALENDAR.opening(None, 60) is None


def test_it_names_bodies_as_the_parser_does_or_gives_their_names():
    parser_bodies = {body.name for body in load_default_lexicon().bodies}
    for calendar in CALENDAR.by_body.values():
        assert calendar.body in parser_bodies or calendar.body in calendar.aliases
    assert all(calendar.rule for calendar in CALENDAR.by_body.values())


def test_it_finds_a_body_by_its_alias():
    assert CALENDAR.get("commission for social development").opening(62) == datetime.date(
        2024, 2, 8
    )
