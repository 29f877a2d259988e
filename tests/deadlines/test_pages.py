"""The resolution page's requests and reminder button, and the "My reminders" page."""

import datetime

import pytest
from django.urls import reverse

from commitments.choices import SubscriptionScope
from commitments.models import DeadlineSubscription, ReportingRequest
from tests.factories.commitments import (
    DeadlineSubscriptionFactory,
    ReportingRequestFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

REMINDERS_URL = reverse("commitments:reminder_list")


def subscribe_url(resolution):
    return reverse("commitments:resolution_reminder", args=[resolution.pk])


def test_the_resolution_page_lists_its_requests(client, import_seed):
    resolution = import_seed("001_c9802155344288f5.txt")
    content = client.get(resolution.get_absolute_url()).content.decode()
    section = content[content.index('id="deadlines"') :]
    assert '<time datetime="2012-09-18">18 September 2012</time>' in section
    assert ">estimated</span>" in section
    assert "General Assembly, 67th session" in section
    assert "asked of</span> Secretary-General" in section
    assert '<a href="#op-33">Paragraph 33</a>' in section
    assert "to submit to the General Assembly at its sixty-seventh session" in section
    calendar = f'<a href="/feeds/reporting-requests.ics?resolution={resolution.pk}"'
    assert calendar in section


def test_the_resolution_page_shows_a_request_without_a_date(client, import_seed):
    resolution = import_seed("000_88eff498be9b4030.txt")
    content = client.get(resolution.get_absolute_url()).content.decode()
    section = content[content.index('id="deadlines"') :]
    assert "no date given" in section
    assert "Consideration of the question" in section
    assert ">estimated</span>" not in section
    # A calendar holds dated requests only: none to offer.
    assert "reporting-requests.ics" not in section


def test_the_resolution_page_says_when_nothing_is_asked_by_a_time(client):
    resolution = ResolutionFactory()
    content = client.get(resolution.get_absolute_url()).content.decode()
    assert "This resolution asks for no report or review by a session or date." in content


def test_an_anonymous_visitor_is_offered_to_log_in_for_reminders(client):
    resolution = ResolutionFactory()
    content = client.get(resolution.get_absolute_url()).content.decode()
    assert "to get an e-mail before these deadlines" in content
    assert subscribe_url(resolution) not in content


def test_a_user_subscribes_to_a_resolution_and_stops(client):
    resolution = ResolutionFactory()
    user = UserFactory()
    client.force_login(user)
    page = client.get(resolution.get_absolute_url()).content.decode()
    assert "E-mail me before these deadlines" in page

    response = client.post(subscribe_url(resolution), {"action": "subscribe"})
    assert response.url == resolution.get_absolute_url() + "#deadlines"
    client.post(subscribe_url(resolution), {"action": "subscribe"})  # twice: still one
    assert DeadlineSubscription.objects.filter(user=user, resolution=resolution).count() == 1
    page = client.get(resolution.get_absolute_url()).content.decode()
    assert "Stop e-mail reminders for this resolution" in page

    client.post(subscribe_url(resolution), {"action": "unsubscribe"})
    assert not DeadlineSubscription.objects.filter(user=user).exists()


def test_subscribing_needs_a_login_and_a_post(client):
    resolution = ResolutionFactory()
    response = client.post(subscribe_url(resolution), {"action": "subscribe"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not DeadlineSubscription.objects.exists()
    client.force_login(UserFactory())
    assert client.get(subscribe_url(resolution)).status_code == 405
    missing = reverse("commitments:resolution_reminder", args=[999999])
    assert client.post(missing).status_code == 404


def test_unsubscribing_from_a_resolution_leaves_other_users_alone(client):
    resolution = ResolutionFactory()
    other = DeadlineSubscriptionFactory(resolution=resolution)
    client.force_login(UserFactory())
    client.post(subscribe_url(resolution), {"action": "unsubscribe"})
    assert DeadlineSubscription.objects.filter(pk=other.pk).exists()


def test_my_reminders_needs_a_login(client):
    response = client.get(REMINDERS_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(REMINDERS_URL, {"topic": ""})
    assert response.status_code == 302 and not DeadlineSubscription.objects.exists()


def test_my_reminders_lists_only_my_subscriptions_and_their_deadlines(client):
    mine = ReportingRequestFactory(due_date=datetime.date.today() + datetime.timedelta(days=40))
    theirs = ReportingRequestFactory(due_date=datetime.date.today() + datetime.timedelta(days=40))
    user = UserFactory()
    DeadlineSubscriptionFactory(user=user, resolution=mine.resolution)
    DeadlineSubscriptionFactory(resolution=theirs.resolution)
    client.force_login(user)

    response = client.get(REMINDERS_URL)

    assert [s.resolution for s in response.context["subscriptions"]] == [mine.resolution]
    assert response.context["upcoming_requests"] == [mine]
    content = response.content.decode()
    assert mine.resolution.display_symbol in content
    assert theirs.resolution.display_symbol not in content


def test_a_user_subscribes_to_everything_or_to_a_topic(client):
    topic = TopicFactory(name="Protection")
    user = UserFactory()
    client.force_login(user)

    client.post(REMINDERS_URL, {"topic": ""})
    client.post(REMINDERS_URL, {"topic": topic.pk})
    response = client.post(REMINDERS_URL, {"topic": topic.pk}, follow=True)

    assert "You already get reminders for Protection." in response.content.decode()
    scopes = DeadlineSubscription.objects.filter(user=user).values_list("scope", "topic")
    assert sorted(scopes) == [(SubscriptionScope.ALL, None), (SubscriptionScope.TOPIC, topic.pk)]


def test_an_unknown_topic_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(REMINDERS_URL, {"topic": 999999})
    assert response.status_code == 200
    assert response.context["form"].errors["topic"]
    assert not DeadlineSubscription.objects.exists()


def test_a_user_stops_only_their_own_subscription(client):
    user = UserFactory()
    mine = DeadlineSubscriptionFactory(user=user)
    theirs = DeadlineSubscriptionFactory()
    client.force_login(user)

    delete = "commitments:reminder_delete"
    assert client.post(reverse(delete, args=[theirs.pk])).status_code == 404
    assert client.get(reverse(delete, args=[mine.pk])).status_code == 405
    response = client.post(reverse(delete, args=[mine.pk]))

    assert response.url == REMINDERS_URL
    assert list(DeadlineSubscription.objects.all()) == [theirs]


def test_stopping_returns_only_to_a_page_of_this_site(client):
    user = UserFactory()
    client.force_login(user)
    delete = "commitments:reminder_delete"
    first, second = DeadlineSubscriptionFactory(user=user), DeadlineSubscriptionFactory(user=user)
    response = client.post(reverse(delete, args=[first.pk]), {"next": "/resolutions/"})
    assert response.url == "/resolutions/"
    response = client.post(reverse(delete, args=[second.pk]), {"next": "https://evil.example/"})
    assert response.url == REMINDERS_URL


def test_the_admin_lists_requests_and_marks_them_fulfilled(client):
    request = ReportingRequestFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:commitments_reportingrequest_changelist")
    assert client.get(url, {"kind": "report", "is_estimate__exact": "1"}).status_code == 200
    assert (
        client.get(
            reverse("admin:commitments_reportingrequest_change", args=[request.pk])
        ).status_code
        == 200
    )
    client.post(url, {"action": "mark_fulfilled_today", "_selected_action": [request.pk]})
    assert ReportingRequest.objects.get(pk=request.pk).fulfilled_on == datetime.date.today()
    for model in ("deadlinesubscription", "remindersent"):
        assert client.get(reverse(f"admin:commitments_{model}_changelist")).status_code == 200
