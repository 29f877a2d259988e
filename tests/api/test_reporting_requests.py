"""Reporting requests in the API: public, read-only, filtered by body, due period and fulfilment."""

import datetime
import json

import pytest
from django.utils import timezone

from commitments.choices import Body, DueBasis, RequestKind
from commitments.models import ReportingRequest
from tests.api.matrix import OK, check_api_matrix, row
from tests.factories.commitments import (
    CommitmentFactory,
    ReportingRequestFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.factories.states import UserFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db

URL = "/api/v1/reporting-requests/"


def listed(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)["results"]


def labels(api, **params):
    return [item["requested_of"] for item in listed(api, **params)]


def request_of(name, **kwargs):
    return ReportingRequestFactory(requested_of=name, source_text=f"report by {name}", **kwargs)


def test_it_gives_a_request_with_its_resolution_paragraph_and_due_session(api):
    resolution = ResolutionFactory(symbol="A/RES/79/120", body=Body.GENERAL_ASSEMBLY)
    commitment = CommitmentFactory(
        paragraph__resolution=resolution, paragraph__number="17", paragraph__position=30
    )
    ReportingRequestFactory(
        commitment=commitment,
        requested_of="Secretary-General",
        source_text="to submit to the General Assembly at its eighty-first session a report",
        due_body=Body.GENERAL_ASSEMBLY,
        due_session=81,
        due_date=datetime.date(2026, 9, 8),
        is_estimate=True,
        basis=DueBasis.SESSION,
    )

    [item] = listed(api)

    assert item["resolution"]["symbol"] == "A/RES/79/120"
    assert item["commitment"]["id"] == commitment.pk
    assert item["commitment"]["label"] == "17"
    assert item["kind"] == "report"
    assert item["requested_of"] == "Secretary-General"
    assert item["source_text"] == (
        "to submit to the General Assembly at its eighty-first session a report"
    )
    assert item["session"] == "General Assembly, 81st session"
    assert item["due_date"] == "2026-09-08"
    assert item["is_estimate"] is True
    assert item["basis"] == "session"
    assert item["period_months"] is None
    assert item["next_due"] == "2026-09-08"
    assert item["fulfilled_on"] is None
    assert item["web_url"] == f"http://testserver{commitment.get_absolute_url()}"
    assert item["url"] == f"http://testserver{URL}{item['id']}/"


def test_it_lists_the_soonest_due_first_and_undated_requests_last(api):
    today = timezone.localdate()
    request_of("undated", due_date=None, is_estimate=False, basis=DueBasis.NONE)
    request_of("later", due_date=today + datetime.timedelta(days=200))
    request_of("sooner", due_date=today + datetime.timedelta(days=20))

    assert labels(api) == ["sooner", "later", "undated"]


def test_it_filters_by_the_adopting_body_and_the_body_due_to_act(api):
    council = ResolutionFactory(body=Body.HUMAN_RIGHTS_COUNCIL)
    request_of(
        "council to assembly",
        commitment=CommitmentFactory(paragraph__resolution=council),
        due_body=Body.GENERAL_ASSEMBLY,
    )
    request_of(
        "council to itself",
        commitment=CommitmentFactory(paragraph__resolution=council),
        due_body=Body.HUMAN_RIGHTS_COUNCIL,
    )
    request_of("assembly to itself", due_body=Body.GENERAL_ASSEMBLY)

    assert sorted(labels(api, body=Body.HUMAN_RIGHTS_COUNCIL)) == [
        "council to assembly",
        "council to itself",
    ]
    assert sorted(labels(api, due_body=Body.GENERAL_ASSEMBLY)) == [
        "assembly to itself",
        "council to assembly",
    ]


def test_it_filters_by_due_period_and_state_of_fulfilment(api):
    today = timezone.localdate()
    request_of("overdue", due_date=today - datetime.timedelta(days=3))
    request_of("due soon", due_date=today + datetime.timedelta(days=10))
    request_of("due next year", due_date=today + datetime.timedelta(days=400))
    request_of(
        "done", due_date=today - datetime.timedelta(days=30), fulfilled_on=today, fulfilment_note=""
    )

    within = {
        "due_after": today.isoformat(),
        "due_before": (today + datetime.timedelta(days=30)).isoformat(),
    }
    assert labels(api, **within) == ["due soon"]
    assert labels(api, fulfilment="overdue") == ["overdue"]
    assert labels(api, fulfilment="fulfilled") == ["done"]
    assert labels(api, fulfilment="open") == ["overdue", "due soon", "due next year"]


def test_it_filters_by_kind_topic_and_estimate(api):
    trafficking = TopicFactory(slug="trafficking")
    labour = TopicFactory(slug="forced-labour", parent=trafficking)
    request_of("on sub-topic", commitment=CommitmentFactory(topics=[labour]))
    request_of("untopical", kind=RequestKind.MEETING, is_estimate=False, basis=DueBasis.DATE)

    assert labels(api, topic="trafficking") == ["on sub-topic"]
    assert labels(api, kind="meeting") == ["untopical"]
    assert labels(api, estimated="false") == ["untopical"]


def test_it_filters_by_whom_it_is_asked_of_and_whether_it_recurs(api):
    request_of("Secretary-General", due_date=timezone.localdate())
    request_of("High Commissioner", period_months=24, basis=DueBasis.PERIOD)

    assert labels(api, requested_of="secretary") == ["Secretary-General"]
    assert labels(api, periodic="true") == ["High Commissioner"]
    assert labels(api, periodic="false") == ["Secretary-General"]


def test_it_leaves_out_requests_of_paragraphs_no_longer_in_the_text(api):
    request_of("current")
    request_of("retired", commitment=CommitmentFactory(retired=True, paragraph__retired=True))

    assert labels(api) == ["current"]
    assert ReportingRequest.objects.count() == 2


@pytest.mark.parametrize(
    "params, field",
    [
        ({"fulfilment": "someday"}, "fulfilment"),
        ({"due_after": "soon"}, "due"),
        ({"topic": "no-such-topic"}, "topic"),
        ({"body": "X"}, "body"),
        ({"periodic": "sometimes"}, "periodic"),
    ],
)
def test_it_refuses_a_filter_it_cannot_read_with_a_400(api, params, field):
    request_of("any")

    response = api.get(URL, params)

    assert response.status_code == 400
    assert list(json.loads(response.content)["errors"]) == [field]


def test_it_shows_requests_to_everyone_and_changes_none(api):
    cast = Cast()
    request_of("public")

    def send(api, _):
        response = api.get(URL)
        assert [item["requested_of"] for item in json.loads(response.content)["results"]] == [
            "public"
        ]
        return response

    check_api_matrix(api, cast, row(*[OK] * 7), send=send)


def test_it_refuses_writes(api):
    request = request_of("kept")
    api.force_authenticate(UserFactory(is_superuser=True))

    created = api.post(URL, {"requested_of": "new"})
    changed = api.patch(f"{URL}{request.pk}/", {"fulfilment_note": "changed"}, format="json")

    assert (created.status_code, changed.status_code) == (405, 405)
    request.refresh_from_db()
    assert request.fulfilment_note == ""
    assert ReportingRequest.objects.count() == 1


def test_it_reads_the_same_number_of_queries_for_few_and_many_requests(
    api, django_assert_max_num_queries
):
    def count(number):
        for _ in range(number):
            request_of("any", commitment=CommitmentFactory(topics=[TopicFactory()]))
        with django_assert_max_num_queries(20) as captured:
            response = api.get(URL, {"page_size": 100})
        assert response.status_code == 200
        return len(captured.captured_queries)

    assert count(2) == count(15)


def test_it_gives_a_periodic_request_its_period_and_next_due_date(api):
    first = timezone.localdate() - datetime.timedelta(days=400)
    request_of("yearly", due_date=first, period_months=12, basis=DueBasis.PERIOD)

    [item] = listed(api)

    assert item["period_months"] == 12
    assert item["due_date"] == first.isoformat()
    assert (
        item["next_due"]
        == ReportingRequest.objects.get().next_due(timezone.localdate()).isoformat()
    )
    assert item["next_due"] > timezone.localdate().isoformat()
