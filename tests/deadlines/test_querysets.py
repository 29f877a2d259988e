"""Upcoming and past-due requests, what a subscription covers, and the dashboard's lists."""

import datetime

import pytest
from django.db import IntegrityError
from django.template.loader import render_to_string

from commitments.choices import SubscriptionScope
from commitments.deadlines.requests import deadline_context
from commitments.models import DeadlineSubscription, ReportingRequest
from tests.factories.commitments import (
    CommitmentFactory,
    DeadlineSubscriptionFactory,
    ReportingRequestFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 1, 15)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def requests():
    """Requests around TODAY, named by what they are."""
    return {
        "today": ReportingRequestFactory(due_date=TODAY),
        "in_90": ReportingRequestFactory(due_date=days(90)),
        "in_30": ReportingRequestFactory(due_date=days(30)),
        "in_91": ReportingRequestFactory(due_date=days(91)),
        "yesterday": ReportingRequestFactory(due_date=days(-1)),
        "last_year": ReportingRequestFactory(due_date=days(-365)),
        "fulfilled": ReportingRequestFactory(due_date=days(10), fulfilled_on=days(-5)),
        "fulfilled_late": ReportingRequestFactory(due_date=days(-10), fulfilled_on=days(-2)),
        "retired": ReportingRequestFactory(due_date=days(10), commitment__retired=True),
        "retired_late": ReportingRequestFactory(due_date=days(-10), commitment__retired=True),
        "undated": ReportingRequestFactory(due_date=None, is_estimate=False),
    }


def names(queryset, requests):
    by_pk = {request.pk: name for name, request in requests.items()}
    return [by_pk[request.pk] for request in queryset]


def test_upcoming_lists_open_current_requests_due_within_the_window(requests):
    upcoming = ReportingRequest.objects.upcoming(TODAY, 90)
    assert names(upcoming, requests) == ["today", "in_30", "in_90"]
    assert names(ReportingRequest.objects.upcoming(TODAY, 30), requests) == ["today", "in_30"]


def test_overdue_lists_open_current_requests_past_their_date(requests):
    overdue = ReportingRequest.objects.overdue(TODAY)
    assert names(overdue, requests) == ["yesterday", "last_year"]


def test_deadline_context_gives_both_lists_in_three_queries(requests, django_assert_num_queries):
    with django_assert_num_queries(3):
        context = deadline_context(TODAY, within_days=60)
        for request in context["upcoming_requests"] + context["overdue_requests"]:
            assert request.commitment.paragraph.label and request.resolution.display_symbol
    assert names(context["upcoming_requests"], requests) == ["today", "in_30"]
    assert names(context["overdue_requests"], requests) == ["yesterday", "last_year"]
    assert deadline_context(TODAY, limit=1)["overdue_requests"] == [requests["yesterday"]]


def test_a_periodic_request_comes_round_again_and_is_never_past_due(requests):
    # Annual since 1 March 2029: next due 1 March 2030, within 60 days of TODAY.
    annual = ReportingRequestFactory(due_date=datetime.date(2029, 3, 1), period_months=12)
    # Every two years since 20 December 2026: next due 20 December 2030, beyond the window.
    biennial = ReportingRequestFactory(due_date=datetime.date(2026, 12, 20), period_months=24)

    context = deadline_context(TODAY, within_days=60)

    assert names(context["upcoming_requests"], {**requests, "annual": annual}) == [
        "today",
        "in_30",
        "annual",
    ]
    assert context["upcoming_requests"][-1].next_due_on == datetime.date(2030, 3, 1)
    assert annual not in context["overdue_requests"]
    assert biennial not in context["overdue_requests"] + context["upcoming_requests"]
    assert annual not in ReportingRequest.objects.overdue(TODAY)
    html = render_to_string("commitments/_deadlines.html", context)
    assert '<time datetime="2030-03-01">1 March 2030</time>' in html


def test_the_dashboard_partial_lists_upcoming_and_past_due_requests(requests):
    html = render_to_string("commitments/_deadlines.html", deadline_context(TODAY, 60))
    upcoming, overdue = html.split('id="overdue-requests"')
    request = requests["in_30"]
    assert f'data-request="{request.pk}"' in upcoming
    assert f'data-request="{requests["yesterday"].pk}"' in overdue
    assert f'data-request="{requests["in_90"].pk}"' not in html
    assert f"{request.due_date:%Y-%m-%d}" in upcoming
    assert ">estimated</span>" in upcoming
    label = request.commitment.paragraph.label
    assert f'href="{request.resolution.get_absolute_url()}#op-{label}"' in upcoming
    assert "Due in the next 60 days" in html


def test_the_dashboard_partial_says_when_nothing_is_due():
    html = render_to_string("commitments/_deadlines.html", deadline_context(TODAY))
    assert "Nothing falls due in the next 90 days." in html
    assert "No request is past due." in html


def test_a_user_is_covered_by_their_own_subscriptions_only():
    first, second, third = (ReportingRequestFactory() for _ in range(3))
    alice, bob = UserFactory(), UserFactory()
    DeadlineSubscriptionFactory(user=alice, resolution=first.resolution)
    DeadlineSubscriptionFactory(user=bob, scope=SubscriptionScope.ALL)

    assert list(ReportingRequest.objects.for_subscriber(alice)) == [first]
    assert set(ReportingRequest.objects.for_subscriber(bob)) == {first, second, third}
    assert not ReportingRequest.objects.for_subscriber(UserFactory()).exists()


def test_a_topic_subscription_covers_its_sub_topics_once():
    parent = TopicFactory(slug="protection")
    child = TopicFactory(slug="protection-shelter", parent=parent)
    other = TopicFactory(slug="prosecution")
    tagged = ReportingRequestFactory(commitment=CommitmentFactory(topics=[parent, child]))
    child_only = ReportingRequestFactory(commitment=CommitmentFactory(topics=[child]))
    ReportingRequestFactory(commitment=CommitmentFactory(topics=[other]))
    user = UserFactory()
    DeadlineSubscriptionFactory(user=user, scope=SubscriptionScope.TOPIC, topic=parent)
    DeadlineSubscriptionFactory(user=user, scope=SubscriptionScope.TOPIC, topic=child)

    covered = list(ReportingRequest.objects.for_subscriber(user).order_by("pk"))
    assert covered == [tagged, child_only]


def test_a_subscription_must_match_its_scope():
    user = UserFactory()
    with pytest.raises(IntegrityError):
        DeadlineSubscription.objects.create(user=user, scope=SubscriptionScope.RESOLUTION)


def test_a_user_subscribes_to_a_resolution_once():
    resolution = ResolutionFactory()
    user = UserFactory()
    DeadlineSubscriptionFactory(user=user, resolution=resolution)
    with pytest.raises(IntegrityError):
        DeadlineSubscriptionFactory(user=user, resolution=resolution)


def test_labels_say_when_a_date_is_estimated():
    request = ReportingRequestFactory(due_date=datetime.date(2012, 9, 18), due_session=67)
    assert request.due_label == "about 18 September 2012"
    assert request.session_label == "General Assembly, 67th session"
    request.is_estimate, request.due_session, request.session_kind = False, 21, "special"
    assert request.due_label == "18 September 2012"
    assert request.session_label == "General Assembly, 21st special session"
    request.due_date = None
    assert request.due_label == "no date given"
