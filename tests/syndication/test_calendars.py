"""The iCalendar feed of reporting requests: what each event says, the filters, bad addresses."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from commitments.choices import Body, DueBasis
from tests.factories.commitments import (
    CommitmentFactory,
    ReportingRequestFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

URL = "/feeds/reporting-requests.ics"


def events(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def request_of(name, **kwargs):
    return ReportingRequestFactory(requested_of=name, source_text=f"report by {name}", **kwargs)


def test_it_gives_each_dated_open_request_as_an_all_day_event_on_its_due_date(client):
    resolution = ResolutionFactory(
        symbol="A/RES/79/120", title="Trafficking in women and girls", body=Body.GENERAL_ASSEMBLY
    )
    commitment = CommitmentFactory(paragraph__resolution=resolution, paragraph__number="17")
    request = ReportingRequestFactory(
        commitment=commitment,
        requested_of="Secretary-General",
        source_text="to submit a report to the General Assembly at its eighty-first session",
        due_body=Body.GENERAL_ASSEMBLY,
        due_session=81,
        due_date=datetime.date(2026, 9, 8),
        is_estimate=True,
        basis=DueBasis.SESSION,
    )

    [event] = events(client)

    assert event["uid"] == f"reporting-request-{request.pk}@testserver"
    assert event.decoded("dtstart") == datetime.date(2026, 9, 8)
    assert event.decoded("dtend") == datetime.date(2026, 9, 9)
    assert str(event["summary"]) == (
        "Report due: A/RES/79/120 OP 17 (Secretary-General), estimated date"
    )
    assert str(event["description"]) == (
        "A/RES/79/120 OP 17: Trafficking in women and girls.\n"
        '"… to submit a report to the General Assembly at its eighty-first session …"\n'
        "Due: General Assembly, 81st session.\n"
        "The date is worked out from the body's usual session calendar or from the adoption "
        "date; check the body's programme of work."
    )
    assert str(event["url"]) == f"http://testserver{commitment.get_absolute_url()}"


def test_it_leaves_out_undated_fulfilled_and_retired_requests_unless_asked(client):
    today = timezone.localdate()
    request_of("open", due_date=today + datetime.timedelta(days=5))
    request_of("undated", due_date=None, is_estimate=False, basis=DueBasis.NONE)
    request_of("done", fulfilled_on=today, fulfilment_note="A/81/200")
    request_of("retired", commitment=CommitmentFactory(retired=True, paragraph__retired=True))

    assert [str(e["summary"]).split(" (")[1] for e in events(client)] == ["open), estimated date"]
    fulfilled = events(client, fulfilment="fulfilled")
    assert [str(e["status"]) for e in fulfilled] == ["CANCELLED"]
    assert str(fulfilled[0]["description"]).endswith(
        f"Marked fulfilled on {today.day} {today:%B %Y}: A/81/200."
    )


def test_it_follows_one_body_or_resolution(client):
    council = ResolutionFactory(symbol="A/HRC/RES/53/7", body=Body.HUMAN_RIGHTS_COUNCIL)
    request_of(
        "council",
        commitment=CommitmentFactory(paragraph__resolution=council, paragraph__number="3"),
    )
    assembly = request_of("assembly")

    assert [str(e["summary"]) for e in events(client, body=Body.HUMAN_RIGHTS_COUNCIL)] == [
        "Report due: A/HRC/RES/53/7 OP 3 (council), estimated date"
    ]
    assert len(events(client, resolution=assembly.resolution_id)) == 1


def test_it_says_which_filter_it_cannot_read(client):
    response = client.get(URL, {"body": "nowhere", "due_after": "soon"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "This calendar's address has filters it cannot read:\n"
        "- body: Select a valid choice. nowhere is not one of the available choices.\n"
        "- due: Enter a valid date.\n"
        "Remove them, or see /api/docs/ (reporting requests) for the filters and their values."
    )


def test_it_reads_the_same_number_of_queries_for_few_and_many_requests(
    client, django_assert_max_num_queries
):
    def count(number):
        for _ in range(number):
            request_of("any")
        with django_assert_max_num_queries(10) as captured:
            assert client.get(URL).status_code == 200
        return len(captured.captured_queries)

    assert count(2) == count(12)


@pytest.mark.parametrize(
    ("months", "rule"),
    [(12, {"FREQ": ["YEARLY"], "INTERVAL": [1]}), (6, {"FREQ": ["MONTHLY"], "INTERVAL": [6]})],
)
def test_it_repeats_a_periodic_request(client, months, rule):
    request_of("periodic", period_months=months, basis=DueBasis.PERIOD)
    request_of("once")

    repeats = {str(e["summary"]).split(" (")[1]: dict(e.get("rrule", {})) for e in events(client)}

    assert repeats == {"periodic), estimated date": rule, "once), estimated date": {}}
