"""A reviewer closes a past-due reporting request from the dashboard; nobody else can."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import ReportingRequest
from tests.factories.commitments import ReportingRequestFactory
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("reports:overview")
PAST = datetime.date.today() - datetime.timedelta(days=30)


def close_url(item):
    return reverse("commitments:reporting_request_close", args=[item.pk])


@pytest.fixture
def overdue():
    return ReportingRequestFactory(
        commitment__paragraph__resolution__symbol="A/RES/70/100",
        commitment__paragraph__position=4,
        due_date=PAST,
        source_text="to report at its seventieth session",
    )


def test_it_offers_a_reviewer_to_close_a_past_due_request(client, overdue):
    client.force_login(UserFactory(role="Reviewers"))

    page = client.get(OVERVIEW).content.decode()

    assert f'action="{close_url(overdue)}"' in page
    assert f'<label for="close-note-{overdue.pk}">Fulfilled by' in page


@pytest.mark.parametrize("role", [None, "Contributors"])
def test_it_offers_no_button_to_others(client, overdue, role):
    if role:
        client.force_login(UserFactory(role=role))

    page = client.get(OVERVIEW).content.decode()

    assert f'data-request="{overdue.pk}"' in page
    assert close_url(overdue) not in page


def test_it_records_who_closed_a_request_and_when_and_stops_listing_it(client, overdue):
    reviewer = UserFactory(role="Reviewers")
    client.force_login(reviewer)
    before = timezone.now()

    response = client.post(
        close_url(overdue), {"note": " A/70/333 ", "next": OVERVIEW + "#deadlines"}, follow=True
    )

    assert response.redirect_chain == [(OVERVIEW + "#deadlines", 302)]
    closed = ReportingRequest.objects.get(pk=overdue.pk)
    assert closed.fulfilled_on == datetime.date.today()
    assert closed.fulfilment_note == "A/70/333"
    assert closed.fulfilled_by == reviewer
    assert closed.fulfilment_recorded_at >= before
    page = response.content.decode()
    assert f'data-request="{overdue.pk}"' not in page
    assert "No request is past due." in page
    assert "The report of A/RES/70/100, paragraph 4, is marked fulfilled." in page


@pytest.mark.parametrize("role", ["Contributors", None])
def test_it_refuses_a_contributor_and_a_visitor(client, overdue, role):
    if role:
        client.force_login(UserFactory(role=role))

    response = client.post(close_url(overdue), {"note": "A/70/333"})

    assert response.status_code == (403 if role else 302)
    if not role:
        assert response.url.startswith(reverse("login"))
    assert ReportingRequest.objects.get(pk=overdue.pk).fulfilled_on is None


def test_it_closes_by_post_only(client, overdue):
    client.force_login(UserFactory(role="Reviewers"))

    assert client.get(close_url(overdue)).status_code == 405
    assert ReportingRequest.objects.get(pk=overdue.pk).fulfilled_on is None


def test_it_leaves_a_request_closed_meanwhile_as_it_was(client, overdue):
    first, second = UserFactory(role="Reviewers"), UserFactory(role="Reviewers")
    overdue.close(first, "A/70/333")
    client.force_login(second)

    response = client.post(close_url(overdue), {"note": "something else"}, follow=True)

    closed = ReportingRequest.objects.get(pk=overdue.pk)
    assert (closed.fulfilled_by, closed.fulfilment_note) == (first, "A/70/333")
    assert "That request had already been marked fulfilled." in response.content.decode()


def test_it_refuses_a_note_too_long_with_a_message(client, overdue):
    client.force_login(UserFactory(role="Reviewers"))

    response = client.post(close_url(overdue), {"note": "x" * 301}, follow=True)

    assert response.status_code == 200
    assert "at most 300 characters" in response.content.decode()
    assert ReportingRequest.objects.get(pk=overdue.pk).fulfilled_on is None


def test_it_answers_404_for_no_such_request(client):
    client.force_login(UserFactory(role="Reviewers"))

    response = client.post(reverse("commitments:reporting_request_close", args=[999999]))

    assert response.status_code == 404


def test_it_lists_only_the_requests_of_the_resolution_chosen(client, overdue):
    other = ReportingRequestFactory(due_date=PAST)

    page = client.get(OVERVIEW, {"resolution": overdue.resolution.pk}).content.decode()

    assert f'data-request="{overdue.pk}"' in page
    assert f'data-request="{other.pk}"' not in page
