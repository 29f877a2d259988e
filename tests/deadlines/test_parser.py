"""The deadline reader (commitments.parsing.reporting): pure Python, no database."""

import datetime

import pytest

from commitments.parsing import parse_resolution
from commitments.parsing.reporting import (
    ResolutionContext,
    find_reporting_requests,
    number_from_words,
    reporting_requests,
    session_number,
)

GA_65 = ResolutionContext("General Assembly", 65, datetime.date(2010, 12, 21))
HRC_32 = ResolutionContext("Human Rights Council", 32, datetime.date(2016, 6, 30))
HRC_44 = ResolutionContext("Human Rights Council", 44, datetime.date(2020, 7, 17))
ECOSOC_2006 = ResolutionContext("Economic and Social Council", None, datetime.date(2006, 7, 27))
SC_2016 = ResolutionContext("Security Council", None, datetime.date(2016, 12, 20))


def read(text, context=GA_65, **kwargs):
    return find_reporting_requests(text, context, **kwargs)


def only(text, context=GA_65, **kwargs):
    found = read(text, context, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("phrase", "number"),
    [
        ("first", 1),
        ("seventeenth", 17),
        ("twentieth", 20),
        ("twenty-first", 21),
        ("sixty-seventh", 67),
        ("sixty\u2011seventh", 67),  # a non-breaking hyphen, as Word copies have
        ("seventy-fifth", 75),
        ("ninety-ninth", 99),
        ("hundredth", 100),
        ("hundred and first", 101),
        ("one hundred and first", 101),
        ("one hundred twentieth", 120),
        ("two hundredth", 200),
        ("67th", 67),
        ("53rd", 53),
        ("1st", 1),
        ("three", 3),
        ("twelve", 12),
        ("a", 1),
        ("90", 90),
    ],
)
def test_it_reads_number_words(phrase, number):
    assert number_from_words(phrase) == number


@pytest.mark.parametrize("phrase", ["seventh sixty", "session", "", "sixty-seventh-ish"])
def test_it_refuses_what_is_not_a_number(phrase):
    assert number_from_words(phrase) is None


@pytest.mark.parametrize(
    ("session", "symbol", "number"),
    [
        ("Sixty-fifth session", None, 65),
        ("Fourteenth session", "A/HRC/RES/14/2", 14),
        ("Thirty-second session", None, 32),
        ("Tenth special session", None, 10),
        ("53rd session", None, 53),
        (None, "A/RES/65/190", 65),
        (None, "A/HRC/RES/32/3", 32),
        (None, "A/HRC/44/L.6", 44),
        (None, "44/…", 44),
        (None, "E/RES/2008/33", None),
        (None, "S/RES/2331 (2016)", None),
        (None, None, None),
    ],
)
def test_it_finds_the_resolutions_own_session(session, symbol, number):
    assert session_number(session, symbol) == number


# The five seeds: what a reader finds asked by a session or date --------------------------------

# file -> [(paragraph, kind, requested of, due body, due session, due date)]
SEED_REQUESTS = {
    # A/HRC/RES/14/2 (HRC 14, 17 June 2010), OP13: "Decides to continue consideration of this
    # matter under the same agenda item in accordance with its annual programme of work."
    "000_88eff498be9b4030.txt": [
        ("13", "consideration", "Human Rights Council", "Human Rights Council", None, None),
    ],
    # A/RES/65/190 (GA 65, 21 December 2010), OP33: the Secretary-General reports to the
    # General Assembly at its sixty-seventh session (opened 18 September 2012).
    "001_c9802155344288f5.txt": [
        (
            "33",
            "report",
            "Secretary-General",
            "General Assembly",
            67,
            datetime.date(2012, 9, 18),
        ),
    ],
    # A/HRC/RES/32/3 (HRC 32, 30 June 2016), OP17: continued consideration, no session given.
    "002_8176edd7db462559.txt": [
        ("17", "consideration", "Human Rights Council", "Human Rights Council", None, None),
    ],
    # The HRC 44 draft (no adoption date): OP14 extends the Special Rapporteur's mandate for
    # three years, counted from the estimated opening of HRC 44 (June 2020); OP18 continues
    # consideration.
    "003_589e4493db1a0a20.txt": [
        (
            "14",
            "mandate",
            "Special Rapporteur on trafficking in persons, especially women and children",
            "Human Rights Council",
            None,
            datetime.date(2023, 6, 10),
        ),
        ("18", "consideration", "Human Rights Council", "Human Rights Council", None, None),
    ],
    # ECOSOC 2006 (27 July 2006), OP18: the Secretary-General reports to the Commission on
    # Crime Prevention and Criminal Justice at its seventeenth session (April 2008).
    "004_19dacbe51c6a67fc.txt": [
        (
            "18",
            "report",
            "Secretary-General",
            "Commission on Crime Prevention and Criminal Justice",
            17,
            datetime.date(2008, 4, 20),
        ),
    ],
}


@pytest.fixture(scope="module")
def parsed_seeds(seed_texts):
    return {name: parse_resolution(text) for name, text in seed_texts.items()}


@pytest.mark.parametrize("name", sorted(SEED_REQUESTS))
def test_it_finds_the_requests_of_each_seed(parsed_seeds, name):
    found = [
        (
            paragraph.label,
            request.kind,
            request.requested_of,
            request.body,
            request.session,
            request.due,
        )
        for paragraph, request in reporting_requests(parsed_seeds[name])
    ]
    assert found == SEED_REQUESTS[name]


def test_it_quotes_the_phrase_it_read_with_its_place_in_the_paragraph(parsed_seeds):
    for parsed in parsed_seeds.values():
        for paragraph, request in reporting_requests(parsed):
            assert paragraph.text[request.start : request.end] == request.text
    paragraph, request = reporting_requests(parsed_seeds["001_c9802155344288f5.txt"])[0]
    assert request.text == "to submit to the General Assembly at its sixty-seventh session"
    assert request.is_estimate and request.basis == "session"


def test_it_marks_only_dated_requests_as_estimates(parsed_seeds):
    for parsed in parsed_seeds.values():
        for _, request in reporting_requests(parsed):
            assert request.is_estimate == (request.due is not None)


def test_it_finds_the_requests_of_the_sample_texts(samples_found):
    assert samples_found == {
        "ecosoc_coordination.txt": [
            ("6", "report", "Commission on Crime Prevention and Criminal Justice", 18),
        ],
        "ga_pdf_text_layer.txt": [
            ("7", "report", "Commission on Crime Prevention and Criminal Justice", None),
            ("9", "report", "General Assembly", 72),
        ],
        "ga_plan_of_action_annex.txt": [
            ("2", "report", "General Assembly", 67),
            ("3", "review", "General Assembly", 68),
            # A plan of action's own requests, in their place: "Decide to appraise every four
            # years the progress achieved" is a periodic review.
            ("annex, para. 24", "report", "General Assembly", None),
            ("annex, para. 25", "review", "General Assembly", None),
        ],
        "ga_political_declaration_annex.txt": [
            ("2", "report", "General Assembly", 74),
            ("3", "review", "General Assembly", 76),
        ],
        "sc_text_layer_remain_seized.txt": [("5", "consideration", "Security Council", None)],
        "sc_trafficking_chapter_vii.txt": [
            ("7", "report", "Security Council", None),
            ("8", "consideration", "Security Council", None),
        ],
    }


@pytest.fixture(scope="module")
def samples_found():
    from tests.parsing.conftest import SAMPLE_DIR, read_texts

    return {
        name: [
            (paragraph.reference, request.kind, request.body, request.session)
            for paragraph, request in reporting_requests(parse_resolution(text))
        ]
        for name, text in read_texts(SAMPLE_DIR).items()
    }


# Sessions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ordinal", "session", "due"),
    [
        ("sixty-seventh", 67, datetime.date(2012, 9, 18)),
        ("seventy-fifth", 75, datetime.date(2020, 9, 15)),
        ("ninety-ninth", 99, datetime.date(2044, 9, 6)),
        ("hundred and first", 101, datetime.date(2046, 9, 11)),
        ("67th", 67, datetime.date(2012, 9, 18)),
        ("sixty‑seventh", 67, datetime.date(2012, 9, 18)),
    ],
)
def test_it_dates_a_numbered_session_of_the_general_assembly(ordinal, session, due):
    request = only(f"Requests the Secretary-General to report to it at its {ordinal} session;")
    assert (request.kind, request.body, request.session, request.due) == (
        "report",
        "General Assembly",
        session,
        due,
    )
    assert request.is_estimate


def test_it_resolves_the_next_session_from_the_resolutions_own():
    request = only("Decides to consider the question at its next session.")
    assert (request.kind, request.session, request.due) == (
        "consideration",
        66,
        datetime.date(2011, 9, 13),
    )
    assert request.basis == "next_session"
    assert request.requested_of == "General Assembly"

    request = only(
        "Requests the Special Rapporteur to report to the Council at its next session;", HRC_32
    )
    assert (request.body, request.session, request.due) == (
        "Human Rights Council",
        33,
        datetime.date(2016, 9, 12),
    )


def test_it_resolves_the_next_session_from_the_adoption_date_without_a_session():
    context = ResolutionContext("Human Rights Council", None, datetime.date(2016, 6, 30))
    request = only("Requests the Special Rapporteur to report at its next session;", context)
    assert request.session == 33

    unknown = ResolutionContext("General Assembly", None, None)
    request = only("Requests the Secretary-General to report at its next session;", unknown)
    assert (request.session, request.due, request.is_estimate) == (None, None, False)


def test_it_dates_the_session_of_the_body_the_report_goes_to():
    request = only(
        "Requests the Secretary-General to report on the implementation of the present "
        "resolution to the Commission on Crime Prevention and Criminal Justice at its "
        "seventeenth session;",
        ECOSOC_2006,
    )
    assert (request.body, request.session, request.due) == (
        "Commission on Crime Prevention and Criminal Justice",
        17,
        datetime.date(2008, 4, 20),
    )


def test_it_reads_a_session_named_after_its_body():
    request = only(
        "Requests the Secretary-General to report at the eighteenth session of the Commission "
        "on Crime Prevention and Criminal Justice;"
    )
    assert (request.body, request.session) == (
        "Commission on Crime Prevention and Criminal Justice",
        18,
    )


def test_it_gives_its_the_body_addressed():
    request = only(
        "Invites the Commission on the Status of Women to review progress at its fifty-seventh "
        "session;"
    )
    assert (request.kind, request.body, request.session, request.due) == (
        "review",
        "Commission on the Status of Women",
        57,
        datetime.date(2013, 3, 8),
    )


def test_it_finds_one_request_per_session_asked():
    found = read(
        "Requests the Special Rapporteur to submit a report on the implementation of the "
        "mandate to the Human Rights Council at its thirty-fifth session and to the General "
        "Assembly at its seventy-second session;",
        HRC_32,
    )
    assert [(r.body, r.session, r.due) for r in found] == [
        ("Human Rights Council", 35, datetime.date(2017, 6, 10)),
        ("General Assembly", 72, datetime.date(2017, 9, 12)),
    ]
    found = read(
        "Requests the Secretary-General to report at its sixty-seventh and sixty-eighth sessions;"
    )
    assert [r.session for r in found] == [67, 68]


def test_it_keeps_a_special_session_without_a_date():
    request = only(
        "Decides to hold a special session on the world drug problem at its thirtieth special "
        "session;"
    )
    assert (request.kind, request.session, request.session_kind, request.due) == (
        "meeting",
        30,
        "special",
        None,
    )


def test_it_dates_the_session_of_a_year():
    request = only(
        "Requests the Secretary-General to report to the Council at its substantive session of "
        "2008 on the implementation of the present resolution.",
        ECOSOC_2006,
    )
    assert (request.body, request.due, request.basis) == (
        "Economic and Social Council",
        datetime.date(2008, 7, 1),
        "session_year",
    )


# Dates, years and durations -------------------------------------------------------------------


def test_it_keeps_a_printed_date_as_it_is():
    request = only("Requests the Secretary-General to submit a report by 31 December 2012;")
    assert (request.due, request.is_estimate, request.basis) == (
        datetime.date(2012, 12, 31),
        False,
        "date",
    )


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("in 2012", datetime.date(2012, 1, 1)),
        ("by 2015", datetime.date(2015, 12, 31)),
        ("before the end of 2013", datetime.date(2013, 12, 31)),
        ("by June 2013", datetime.date(2013, 6, 30)),
    ],
)
def test_it_dates_a_year(words, due):
    request = only(f"Requests the Secretary-General to submit a report to the Assembly {words};")
    assert (request.due, request.is_estimate, request.basis) == (due, True, "year")


def test_it_takes_a_past_year_for_background():
    assert (
        read("Requests the Secretary-General to submit a report on the plan launched in 2009;")
        == []
    )


def test_it_counts_a_mandate_from_the_adoption_date():
    request = only(
        "Decides to extend the mandate of the Special Rapporteur on trafficking in persons, "
        "especially women and children, for a period of three years;",
        HRC_44,
    )
    assert (request.kind, request.requested_of, request.due, request.is_estimate) == (
        "mandate",
        "Special Rapporteur on trafficking in persons, especially women and children",
        datetime.date(2023, 7, 17),
        True,
    )


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("within twelve months", datetime.date(2017, 12, 20)),
        ("within 90 days", datetime.date(2017, 3, 20)),
        ("within a year", datetime.date(2017, 12, 20)),
        ("within six weeks", datetime.date(2017, 1, 31)),
    ],
)
def test_it_counts_a_report_within_a_time_from_the_adoption_date(words, due):
    request = only(f"Requests the Secretary-General to report, {words}, on progress;", SC_2016)
    assert (request.kind, request.body, request.due, request.basis) == (
        "report",
        "Security Council",
        due,
        "duration",
    )


def test_it_ends_a_mandate_on_its_printed_date():
    request = only("Decides to renew the mandate of the Mission until 31 March 2018;", SC_2016)
    assert (request.kind, request.requested_of, request.due, request.is_estimate) == (
        "mandate",
        "Mission",
        datetime.date(2018, 3, 31),
        False,
    )


# Who is asked, and requests without a time ----------------------------------------------------


def test_it_names_who_is_asked_from_the_paragraphs_addressees():
    request = only(
        "Requests the Secretary-General to submit a report at its sixty-sixth session;",
        addressees=["Secretary-General"],
    )
    assert request.requested_of == "Secretary-General"
    request = only(
        "(a) To submit a report at its sixty-sixth session;", addressees=["Secretary-General"]
    )
    assert request.requested_of == "Secretary-General"


def test_it_names_who_a_later_clause_asks():
    found = read(
        "Decides to extend the mandate of the Special Rapporteur on trafficking in persons, "
        "especially women and children, for a period of three years, and requests the Special "
        "Rapporteur to report annually to the Council;",
        HRC_32,
    )
    assert [(r.kind, r.requested_of, r.due, r.period_months) for r in found] == [
        (
            "mandate",
            "Special Rapporteur on trafficking in persons, especially women and children",
            datetime.date(2019, 6, 30),
            None,
        ),
        # an annual report: the first is due a year after adoption
        ("report", "Special Rapporteur", datetime.date(2017, 6, 30), 12),
    ]


def test_it_keeps_a_report_to_a_named_body_without_a_time():
    request = only(
        "Requests the United Nations Office on Drugs and Crime to continue to enhance "
        "coordination and to report thereon to the Commission on Crime Prevention and Criminal "
        "Justice;"
    )
    assert (request.kind, request.body, request.due) == (
        "report",
        "Commission on Crime Prevention and Criminal Justice",
        None,
    )
    assert request.requested_of == "United Nations Office on Drugs and Crime"


@pytest.mark.parametrize(
    "text",
    [
        # a report already made, at a session already held
        "Takes note of the report of the Secretary-General submitted to the General Assembly "
        "at its sixty-fifth session;",
        "Welcomes the report to the General Assembly at its sixty-fifth session;",
        "Requests the Secretary-General to submit a report on the recommendations adopted at its "
        "sixty-fifth session;",
        # no time and no body to report to
        "Invites Governments to consider setting up a national rapporteur to report on data, "
        "root causes and trends;",
        # "consider" an action, not the question
        "Urges Governments to consider signing and ratifying the Convention;",
        "Welcomes the convening of the high-level meeting held at its sixty-fourth session;",
        # States asked to consider something: not the body's own agenda
        "Encourages States to consider the question of reparations;",
    ],
)
def test_it_finds_nothing_where_nothing_is_asked_by_a_time(text):
    assert read(text) == []


def test_it_reads_the_general_assemblys_agenda_decision():
    request = only(
        "Decides to include in the provisional agenda of its sixty-seventh session the item "
        "entitled “Advancement of women”."
    )
    assert (request.kind, request.requested_of, request.session) == (
        "consideration",
        "General Assembly",
        67,
    )


def test_it_serializes_a_request():
    request = only("Requests the Secretary-General to report at its sixty-seventh session;")
    assert request.to_dict() == {
        "kind": "report",
        "requested_of": "Secretary-General",
        "body": "General Assembly",
        "session": 67,
        "session_kind": "",
        "due": "2012-09-18",
        "is_estimate": True,
        "basis": "session",
        "text": "to report at its sixty-seventh session",
        "span": [31, 69],
        "period_months": None,
    }


# The classes of the UN's editorial conventions --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Requests the Secretary-General to report within forty-five days;", (2017, 2, 3)),
        (
            "Requests the Secretary-General to report to the Council within 120 days of the "
            "adoption of the present resolution;",
            (2017, 4, 19),
        ),
        (
            "Decides to review the implementation of this resolution three (3) years after its "
            "adoption;",
            (2019, 12, 20),
        ),
        (
            "Requests the Secretary-General to report to the Council in 30 days of its adoption "
            "and every 30 days thereafter;",
            (2017, 1, 19),
        ),
    ],
)
def test_it_counts_time_from_adoption(text, due):
    request = only(text, SC_2016)
    assert (request.basis, request.due, request.is_estimate) == (
        "duration",
        datetime.date(*due),
        True,
    )


def test_it_does_not_count_from_another_event():
    found = read(
        "Requests CTED to report within 12 months after the initial assessment report;", SC_2016
    )
    assert [r.due for r in found] == []


@pytest.mark.parametrize(
    ("text", "months", "due"),
    [
        (
            "Requests the High Commissioner to submit to the Council an annual report;",
            12,
            (2017, 6, 30),
        ),
        (
            "Requests the Council to report at least once per year to the Council;",
            12,
            (2017, 6, 30),
        ),
        ("Encourages the Organization to biennially convene the Forum;", 24, (2018, 6, 30)),
        (
            "Requests the Secretary-General to submit a joint report every 180 days;",
            6,
            (2016, 12, 30),
        ),
    ],
)
def test_it_reads_periodic_requests_and_dates_the_first(text, months, due):
    request = only(text, HRC_32)
    assert (request.period_months, request.basis, request.due) == (
        months,
        "period",
        datetime.date(*due),
    )


def test_it_keeps_the_period_of_a_dated_request():
    request = only(
        "Requests the Secretary-General to report no later than 15 February 2019 and every six "
        "months thereafter;",
        SC_2016,
    )
    assert (request.due, request.is_estimate, request.period_months) == (
        datetime.date(2019, 2, 15),
        False,
        6,
    )


def test_it_finds_a_request_per_printed_date():
    found = read(
        "Requests the Government to report to the Security Council, as requested in paragraph 7 "
        "of resolution 2244 (2015), by 15 March 2019 and then by 15 September 2019;",
        SC_2016,
    )
    assert [r.due for r in found] == [datetime.date(2019, 3, 15), datetime.date(2019, 9, 15)]


def test_it_dates_a_session_of_a_functional_commission_from_the_calendar():
    request = only(
        "Requests the Secretary-General to submit to the Commission for Social Development, for "
        "its consideration at its sixty-second session, a report;",
        ECOSOC_2006,
    )
    assert (request.body, request.session, request.due) == (
        "Commission for Social Development",
        62,
        datetime.date(2024, 2, 8),
    )


def test_it_reads_that_session_as_the_session_named_before():
    found = read(
        "Decides to include in the provisional agenda of its seventy-eighth session the item, and "
        "requests the Secretary-General to submit a report on the question to the General "
        "Assembly at that session."
    )
    assert [(r.kind, r.session) for r in found] == [("consideration", 78), ("report", 78)]


@pytest.mark.parametrize(
    "text",
    [
        "Recalls the decision of the General Assembly to extend the mandate of the Forum for a "
        "further 10 years;",
        "Decides to remain seized of the matter.",
        "Requests the Panel to continue to focus on this in their next report;",
    ],
)
def test_it_gives_no_deadline_where_the_text_gives_no_time(text):
    assert all(request.due is None for request in read(text, SC_2016))


def test_it_dates_a_meeting_from_its_first_day():
    request = only(
        "Decides to convene the high-level Conference in Lisbon from 2 to 6 June 2020;", GA_65
    )
    assert (request.kind, request.due, request.is_estimate) == (
        "meeting",
        datetime.date(2020, 6, 2),
        False,
    )


def test_it_dates_a_yearly_printed_day_from_the_adoption():
    request = only(
        "Calls upon Member States to provide the Secretary-General, by 30 April annually, with a "
        "report on their military expenditures;",
        ResolutionContext("General Assembly", 77, datetime.date(2022, 12, 7)),
    )
    assert (request.due, request.period_months) == (datetime.date(2023, 4, 30), 12)


def test_it_reads_a_measure_decided_for_a_period():
    request = only(
        "Decides that, for a period of one year from the date of adoption of this resolution, "
        "all Member States shall take the necessary measures to prevent the supply of arms;",
        SC_2016,
    )
    assert (request.kind, request.due) == ("mandate", datetime.date(2017, 12, 20))


def test_it_reads_a_request_that_someone_report():
    found = read(
        "Requests that the Panel of Experts provide to the Security Council an interim report "
        "by 28 March 2025, a final report no later than 1 October 2025;",
        SC_2016,
    )
    assert [r.due for r in found] == [datetime.date(2025, 3, 28), datetime.date(2025, 10, 1)]


def test_it_leaves_the_time_of_something_else_alone():
    found = read(
        "Requests the Presidents to organize an event, in order to provide substantive input "
        "to the report of the Secretary-General to be submitted to the General Assembly at its "
        "seventy-ninth session;"
    )
    assert [(r.session, r.due) for r in found if r.session or r.due] == []


def test_it_gives_no_date_for_the_session_of_a_body_without_a_calendar():
    request = only(
        "Requests the Working Group to finalize its consideration of the criteria preferably by "
        "no later than its nineteenth session;",
        HRC_32,
    )
    assert (request.kind, request.session, request.body, request.due) == (
        "consideration",
        19,
        None,
        None,
    )


def test_it_keeps_a_session_held_on_printed_dates_as_one_request():
    found = read(
        "Requests the Committee, at its eighteenth session, to be held from 8 to 12 April 2019, "
        "to examine the theme;",
        ECOSOC_2006,
    )
    assert [(r.kind, r.session) for r in found] == [("review", 18)]


def test_it_takes_a_panel_to_be_held_at_a_session_as_its_time():
    found = read(
        "Requests the Office to organize, in accordance with resolution 27/21, a biennial panel "
        "discussion, to be held at the fifty-fourth session of the Council;",
        HRC_32,
    )
    assert [(r.kind, r.session, r.period_months) for r in found] == [("meeting", 54, 24)]


def test_it_reads_one_periodic_report_for_each_body_it_goes_to():
    found = read(
        "Requests the Special Rapporteur to continue to report annually to the Human Rights "
        "Council and the General Assembly;",
        HRC_32,
    )
    assert [(r.body, r.period_months) for r in found] == [
        ("Human Rights Council", 12),
        ("General Assembly", 12),
    ]


def test_it_reads_a_session_reports_start_from():
    found = read(
        "To continue to report annually to the Human Rights Council, and to report also to the "
        "General Assembly, starting from its seventy-sixth session;",
        HRC_44,
    )
    assert sorted((r.body, r.session or 0, r.period_months or 0) for r in found) == [
        ("General Assembly", 76, 0),
        ("Human Rights Council", 0, 12),
    ]


def test_it_takes_no_time_before_a_mandate_for_its_end():
    assert (
        read(
            "Decides to apportion the amount for the period from 1 January to 30 June 2025, "
            "subject to a decision of the Security Council to extend the mandate of the Force;",
            GA_65,
        )
        == []
    )


GA_62 = ResolutionContext("General Assembly", 62, datetime.date(2007, 12, 18))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Requests the Secretary-General to report to the Council no later than 30 days after "
            "the adoption of this resolution;",
            [("report", None, datetime.date(2008, 1, 17), "duration", None)],
        ),
        (
            "Requests the Secretary-General to submit a report, to be produced in 2014, on the "
            "question;",
            [("report", None, datetime.date(2014, 1, 1), "year", None)],
        ),
        (
            "Looks forward to the next report of the Special Rapporteur in 2024;",
            [("report", None, datetime.date(2024, 1, 1), "year", None)],
        ),
        (
            "Requests the Secretary-General to report to it at its sixty-third and sixty-fourth "
            "sessions;",
            [
                ("report", 63, datetime.date(2008, 9, 16), "session", None),
                ("report", 64, datetime.date(2009, 9, 15), "session", None),
            ],
        ),
        (
            "Requests the Secretary-General to report every two years;",
            [("report", None, datetime.date(2009, 12, 18), "period", 24)],
        ),
        (
            "Invites the Commission on the Status of Women to review the matter at its "
            "fifty-seventh session;",
            [("review", 57, datetime.date(2013, 3, 8), "session", None)],
        ),
    ],
)
def test_it_reads_the_classes_a_monitor_relies_on(text, found):
    assert [(r.kind, r.session, r.due, r.basis, r.period_months) for r in read(text, GA_62)] == (
        found
    )


@pytest.mark.parametrize(
    "text",
    [
        "Regrets that it was not possible to adopt a report at the Fifth Special Session of the "
        "Conference of the States Parties to Review the Operation of the Convention;",
        "Underlines the need to give due consideration to the issues at its seventieth session;",
    ],
)
def test_it_reads_no_request_in_a_paragraph_that_regrets_or_underlines(text):
    assert read(text) == []


def test_it_reads_a_request_asked_again():
    request = only(
        "Reiterates its request to the Secretary-General to submit a report at its "
        "sixty-seventh session;"
    )
    assert (request.kind, request.session) == ("report", 67)


@pytest.mark.parametrize(
    ("text", "session"),
    [
        (
            "Decides that its next annual interactive debate on the rights of persons with "
            "disabilities will be held at its fortieth session;",
            40,
        ),
        (
            "Decides to include the topic in the context of its next annual interactive debate, "
            "to be held at its fifty-eighth session;",
            58,
        ),
    ],
)
def test_it_reads_a_debate_the_body_decides_to_hold(text, session):
    request = only(text, HRC_32)
    assert (request.kind, request.session, request.period_months) == ("meeting", session, 12)


def test_it_takes_what_is_to_be_made_available_prior_to_a_session_as_due_then():
    request = only(
        "Requests the Office to prepare a study and requests that the study be made available "
        "prior to the fortieth session of the Human Rights Council;",
        HRC_32,
    )
    assert (request.kind, request.session) == ("report", 40)
