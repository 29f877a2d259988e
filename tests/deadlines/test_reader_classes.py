"""Classes of timed requests the deadline reader missed on texts it was not tuned on (the blind
check golds in data/gold/deadlines/), each in a short paragraph written in the UN's style."""

import datetime

import pytest

from commitments.parsing import parse_resolution
from commitments.parsing.reporting import (
    ResolutionContext,
    find_reporting_requests,
    reporting_requests,
)

GA_76 = ResolutionContext("General Assembly", 76, datetime.date(2021, 12, 16))
GA_79 = ResolutionContext("General Assembly", 79, datetime.date(2024, 12, 2))
GA_54 = ResolutionContext("General Assembly", 54, datetime.date(1999, 12, 23))
HRC_53 = ResolutionContext("Human Rights Council", 53, datetime.date(2023, 7, 13))
HRC_54 = ResolutionContext("Human Rights Council", 54, datetime.date(2023, 10, 11))
SC_1999 = ResolutionContext("Security Council", None, datetime.date(1999, 6, 29))
SC_2021 = ResolutionContext("Security Council", None, datetime.date(2021, 12, 30))
ECOSOC_2023 = ResolutionContext("Economic and Social Council", None, datetime.date(2023, 6, 7))


def only(text, context):
    found = find_reporting_requests(text, context)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        (
            "Requests the Secretary-General to invite the leaders of the two sides to "
            "negotiations in the autumn of 1999;",
            datetime.date(1999, 9, 1),
        ),
        (
            "Requests the Secretary-General to convene a meeting of experts in early 2000;",
            datetime.date(2000, 1, 1),
        ),
        (
            "Requests the Secretary-General to submit a report to the Council by mid-2000;",
            datetime.date(2000, 8, 31),
        ),
        (
            "Requests the Secretary-General to submit a report to the Council by the end of the "
            "first half of 2000;",
            datetime.date(2000, 6, 30),
        ),
    ],
)
def test_it_reads_a_part_of_a_year(text, due):
    request = only(text, SC_1999)
    assert (request.basis, request.due, request.is_estimate) == ("year", due, True)


def test_it_reads_an_invitation_to_negotiations_as_a_meeting():
    request = only(
        "Requests the Secretary-General to invite the leaders of the two sides to "
        "negotiations in the autumn of 1999;",
        SC_1999,
    )
    assert (request.kind, request.requested_of) == ("meeting", "Secretary-General")


def test_it_reads_what_is_sent_for_a_bodys_consideration_at_its_session():
    request = only(
        "Requests the Secretary-General to distribute the report of the Congress to Member "
        "States, and to seek proposals by Member States on ways of ensuring appropriate "
        "follow-up, for consideration and action by the Commission on Crime Prevention and "
        "Criminal Justice at its thirty-first session;",
        GA_76,
    )
    assert (request.kind, request.body, request.session, request.due) == (
        "report",
        "Commission on Crime Prevention and Criminal Justice",
        31,
        datetime.date(2022, 5, 18),
    )


def test_it_reads_a_report_named_by_its_preparation_and_presentation():
    request = only(
        "Decides that the co-facilitators, together with the Office of the High Commissioner, "
        "shall be responsible for the preparation of a joint report on the discussions and "
        "for its presentation to the Council before its fifty-ninth session;",
        HRC_54,
    )
    assert (request.kind, request.body, request.session) == (
        "report",
        "Human Rights Council",
        59,
    )


def test_it_reads_a_mission_that_continues_to_operate_until_a_date():
    request = only(
        "Decides that the Executive Directorate will continue to operate as a special "
        "political mission under the policy guidance of the Committee for the period ending "
        "31 December 2025;",
        SC_2021,
    )
    assert (request.kind, request.due, request.is_estimate) == (
        "mandate",
        datetime.date(2025, 12, 31),
        False,
    )


def test_it_dates_a_meeting_held_on_a_day_every_year_by_the_next_such_day():
    request = only(
        "Reiterates its request to the President of the General Assembly to organize, on "
        "26 September every year, a one-day high-level plenary meeting of the Assembly;",
        GA_79,
    )
    assert (request.kind, request.due, request.period_months) == (
        "meeting",
        datetime.date(2025, 9, 26),
        12,
    )


def test_it_reads_the_provisional_agenda_of_that_session():
    found = find_reporting_requests(
        "Decides to evaluate and review at its fifty-ninth session the functions of the "
        "Office, and to that end to include in the provisional agenda of that session an "
        "item entitled “Review of the implementation of resolution 54/244”.",
        GA_54,
    )
    assert [(request.kind, request.session) for request in found] == [
        ("review", 59),
        ("consideration", 59),
    ]


def test_it_reads_a_request_made_for_a_renewable_period():
    request = only(
        "Requests, for a renewable period of two years, the Office of the United Nations High "
        "Commissioner for Human Rights to provide technical assistance to national "
        "authorities;",
        HRC_53,
    )
    assert (request.kind, request.basis, request.due) == (
        "mandate",
        "duration",
        datetime.date(2025, 7, 13),
    )


@pytest.mark.parametrize(
    "text",
    [
        "To publish the twenty-third revised edition of the Model Regulations in all the "
        "official languages of the United Nations, no later than the end of 2023;",
        "To publish the tenth revised edition of the Globally Harmonized System in all the "
        "official languages, no later than the end of 2023, and to make it available on the "
        "website of the Commission;",
    ],
)
def test_it_reads_a_publication_due_by_a_time(text):
    request = only(text, ECOSOC_2023)
    assert (request.kind, request.basis, request.due) == (
        "report",
        "year",
        datetime.date(2023, 12, 31),
    )


@pytest.mark.parametrize(
    "text",
    [
        # a request recalled, with no time
        "Acknowledges the request to the Secretary-General to include in the regular budget, "
        "for consideration by the Assembly, the necessary funding for the Fellowship;",
        # a season with no year
        "Requests the Secretary-General to invite the leaders of the two sides to "
        "negotiations in the autumn;",
        # an event of others the text only looks forward to
        "Looks forward to the outcome of the international conference, which will be held in "
        "Paris on 12 June 2008;",
        "Decides to remain seized of the matter.",
    ],
)
def test_it_invents_no_deadline_where_the_text_gives_no_time(text):
    assert [request for request in find_reporting_requests(text, SC_2021) if request.due] == []


ECOSOC_1985 = ResolutionContext("Economic and Social Council", None, datetime.date(1985, 5, 28))


@pytest.mark.parametrize(
    "text",
    [
        "Decides that the Congress shall be held in 1987;",
        "Notes the recommendation of the Meeting of Experts that its next meeting should be "
        "convened in 1987, and requests the Secretary-General to make the necessary "
        "preparations for that meeting, which, in reviewing the programme, should also deal "
        "with public enterprises;",
    ],
)
def test_it_reads_a_meeting_to_be_convened_in_a_year(text):
    request = only(text, ECOSOC_1985)
    assert (request.kind, request.basis, request.due) == (
        "meeting",
        "year",
        datetime.date(1987, 1, 1),
    )


def test_it_reads_no_meeting_a_paragraph_only_notes():
    assert (
        find_reporting_requests(
            "Notes that the next meeting of the Group of Experts will be held in 1987;",
            ECOSOC_1985,
        )
        == []
    )


GA_78 = ResolutionContext("General Assembly", 78, datetime.date(2023, 12, 22))


@pytest.mark.parametrize(
    "text",
    [
        "Requests the Secretary-General to report back to the General Assembly by the end of "
        "its seventy-eighth session;",
        "Requests the Secretary-General to submit, no later than the end of the seventy-eighth "
        "session, a report on the matter;",
    ],
)
def test_it_dates_a_request_due_by_the_end_of_a_session_when_the_next_one_opens(text):
    request = only(text, GA_78)
    assert (request.session, request.due) == (78, datetime.date(2024, 9, 10))


def test_it_reads_a_periodic_report_asked_after_a_dated_review():
    found = find_reporting_requests(
        "Requests the Secretary-General to conduct a strategic review of the Mission by "
        "31 July 2022 and to report thereafter to the Council every six months;",
        SC_2021,
    )
    assert [(request.kind, request.basis, request.period_months) for request in found] == [
        ("review", "date", None),
        ("report", "period", 6),
    ]


def test_it_reads_one_request_for_a_dated_report_and_its_periodic_sequel():
    found = find_reporting_requests(
        "Requests the Secretary-General to report to the Council by 15 March 2022 and to "
        "report every three months thereafter;",
        SC_2021,
    )
    assert [(request.kind, request.due) for request in found] == [
        ("report", datetime.date(2022, 3, 15))
    ]


SC_2023 = ResolutionContext("Security Council", None, datetime.date(2023, 12, 19))
ECOSOC_2023_JULY = ResolutionContext(
    "Economic and Social Council", None, datetime.date(2023, 7, 25)
)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Requests the Secretary-General to report to the Council every 120 days;", 4),
        ("Requests the Secretary-General to brief the Council every four months;", 4),
        ("Requests the Secretary-General to report to the Council every 60 days;", 2),
        ("Requests the Secretary-General to report to the Council every 3 months;", 3),
        ("Requests the Secretary-General to report to the Council every 6 months;", 6),
    ],
)
def test_it_reads_every_n_days_or_months(text, months):
    request = only(text, SC_2023)
    assert (request.kind, request.basis, request.period_months) == ("report", "period", months)


def test_it_reads_a_segment_of_a_years_session():
    request = only(
        "Requests the Secretary-General to report to the Council at its 2025 management segment;",
        ECOSOC_2023_JULY,
    )
    assert (request.basis, request.due.year) == ("session_year", 2025)


def test_it_reads_a_session_a_body_will_hold_in_a_year():
    request = only("Decides that the Forum will hold its next session in 2025;", ECOSOC_2023_JULY)
    assert (request.kind, request.due) == ("meeting", datetime.date(2025, 1, 1))


PDF_LAYOUT = """\
                          United Nations                                     A/RES/78/999

                          General Assembly                          Distr.: General
                                                                    22 December 2023
Seventy-eighth session
Agenda item 20

                 Resolution adopted by the General Assembly on 19 December 2023

                 78/999. Follow-up to the review

                 The General Assembly,

                 Recalling its resolution 77/1,

                 1.     Requests the Secretary-General to submit a report, through the Economic
           and Social Council, to the General Assembly at its eighty-
           first session.

                                                                      50th plenary meeting
                                                                        19 December 2023
"""


def test_it_reads_a_session_number_hyphenated_across_a_line_break():
    [(paragraph, request)] = reporting_requests(parse_resolution(PDF_LAYOUT))
    assert (paragraph.number, request.session, request.due) == (
        "1",
        81,
        datetime.date(2026, 9, 8),
    )


def test_it_reads_an_annual_report_to_one_body_and_a_report_to_another_at_its_session():
    found = find_reporting_requests(
        "Requests the Special Rapporteur to submit a report to the Human Rights Council "
        "annually, and to the General Assembly at its seventy-ninth session;",
        HRC_54,
    )
    assert [
        (request.body, request.session, request.basis, request.period_months) for request in found
    ] == [
        ("Human Rights Council", None, "period", 12),
        ("General Assembly", 79, "session", None),
    ]


# Classes of the fifth blind round (check5) -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        (
            "Requests the Secretary-General, in close consultation with the African Union "
            "Commission, to produce, not later than 31 March 2022, an assessment report and "
            "recommendations on the progress of the partnership;",
            datetime.date(2022, 3, 31),
        ),
        (
            "Requests the Secretary-General to initiate a lessons learned exercise on the "
            "transitions and to produce specific recommendations that could be used for future "
            "transitional arrangements not later than 31 December 2022;",
            datetime.date(2022, 12, 31),
        ),
    ],
)
def test_it_reads_a_report_to_produce_by_a_date(text, due):
    request = only(text, SC_2021)
    assert (request.kind, request.basis, request.due, request.is_estimate) == (
        "report",
        "date",
        due,
        False,
    )


def test_it_reads_reports_named_by_their_preparation_and_presentation_at_two_sessions():
    found = find_reporting_requests(
        "Requests the President of the Human Rights Council to appoint a chairperson for each "
        "meeting; the chair, together with the Office of the High Commissioner, shall be "
        "responsible for the preparation of summary reports of the discussions of the "
        "meetings, to be made available to all its participants, and for their presentation "
        "to the Council at its fifty-sixth and fifty-ninth sessions, respectively;",
        HRC_54,
    )
    assert [(request.kind, request.body, request.session) for request in found] == [
        ("report", "Human Rights Council", 56),
        ("report", "Human Rights Council", 59),
    ]


def test_it_reads_meetings_convened_at_a_session_whose_date_is_decided_at_another():
    request = only(
        "Decides to convene a day of high-level plenary meetings devoted to the follow-up to "
        "the outcome of its twenty-sixth special session, to be held immediately following "
        "the general debate at its eightieth session on a date to be decided by the General "
        "Assembly during its seventy-ninth session;",
        GA_79,
    )
    assert (request.kind, request.body, request.session, request.due) == (
        "meeting",
        "General Assembly",
        80,
        datetime.date(2025, 9, 9),
    )


def test_it_reads_what_is_sent_for_the_consideration_of_a_body_at_its_session():
    request = only(
        "Also requests the Secretary-General to entrust the Office of Internal Oversight "
        "Services with conducting a comprehensive audit of the reasons that led to arbitration "
        "proceedings, and submitting its findings and recommendations, for the consideration "
        "of the General Assembly at its eightieth session;",
        GA_79,
    )
    assert (request.kind, request.body, request.session, request.due) == (
        "report",
        "General Assembly",
        80,
        datetime.date(2025, 9, 9),
    )


def test_it_leaves_the_end_of_a_budget_period_to_a_mandate():
    request = only(
        "Also decides to consider at its eightieth session the financing arrangements for the "
        "Office, in the context of the support account for peacekeeping operations for the "
        "period from 1 July 2025 to 30 June 2026;",
        GA_79,
    )
    assert (request.kind, request.basis, request.session) == ("consideration", "session", 80)
    mandate = only(
        "Decides to extend the mandate of the Mission for the period from 1 January 2025 to "
        "31 December 2025;",
        SC_2021,
    )
    assert (mandate.kind, mandate.due) == ("mandate", datetime.date(2025, 12, 31))


def test_it_reads_no_period_in_figures_required_for_each_year():
    assert (
        find_reporting_requests(
            "Requests the Secretary-General to provide in his future reports detailed "
            "information and precise estimates on the remaining phase, including projected "
            "expenditures required for each year;",
            GA_79,
        )
        == []
    )


def test_it_reads_a_report_due_by_a_month_for_consideration_at_a_session_once():
    request = only(
        "Recognizes the urgency to consult further, to that end requests the Secretary-General "
        "to submit by May 2000, for its consideration during its fifty-fourth session, a "
        "report containing a detailed analysis and recommendations;",
        GA_54,
    )
    assert (request.kind, request.basis, request.due) == (
        "report",
        "year",
        datetime.date(2000, 5, 31),
    )


def test_it_dates_meetings_held_in_advance_of_another_bodys_meetings_by_their_years():
    found = find_reporting_requests(
        "Further decides that the meetings should be held in advance of the 2024 and 2025 "
        "meetings of the high-level political forum on sustainable development;",
        HRC_53,
    )
    assert [(request.kind, request.basis, request.due) for request in found] == [
        ("meeting", "year", datetime.date(2024, 12, 31)),
        ("meeting", "year", datetime.date(2025, 12, 31)),
    ]


def test_it_reads_no_meetings_an_annexed_convention_says_shall_be_convened():
    assert (
        find_reporting_requests(
            "Subsequent meetings shall be convened by the Secretary-General biennially or upon "
            "the decision of the Conference of States Parties.",
            GA_76,
        )
        == []
    )
