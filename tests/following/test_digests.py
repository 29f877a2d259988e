"""
Digests of what people follow: what they hold (approved progress, new resolutions touching
the subject, deadlines coming due), nothing a reader may not see, one message per person per
period, sent by the worker; and the one-click unsubscribe link of every digest.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from following import digests
from following.choices import Frequency, SubjectKind
from following.models import Follow, Follower
from following.tasks import send_digests_task
from privacy.personal_data import erase_user, export_personal_data
from states.choices import WorkflowState
from states.models import State
from tests.factories.commitments import (
    CommitmentFactory,
    ReportingRequestFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.factories.following import FollowerFactory, FollowFactory
from tests.factories.states import UserFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def reader():
    return UserFactory(username="reader", first_name="Rehema", email="reader@example.org")


def follow(user, frequency=Frequency.DAILY, **subject):
    FollowerFactory(user=user, frequency=frequency)
    (kind,) = subject
    made = FollowFactory(user=user, kind=kind, **{"state": None, **subject})
    # The follow began a little while ago, before what the test makes next.
    Follow.objects.filter(pk=made.pk).update(created=timezone.now() - datetime.timedelta(hours=1))
    return made


def digest_mail():
    return [message for message in mail.outbox if "What you follow" in message.subject]


def send(frequency=Frequency.DAILY, now=None):
    return digests.send_digests(frequency, now or timezone.now())


def test_it_digests_newly_approved_progress_on_a_followed_state(cast, kenya, reader):
    follow(reader, state=kenya)
    approved = cast.entry(WorkflowState.APPROVED, state=kenya, summary="Kenya opened two shelters.")
    cast.entry(WorkflowState.SUBMITTED, state=kenya, summary="Awaiting review in Kenya.")
    cast.entry(WorkflowState.APPROVED, summary="Somewhere else entirely.")

    run = send()

    assert (run.sent, run.failed) == (1, 0)
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "[Commitment Tracker] What you follow: 1 new approved entry"
    assert "Kenya opened two shelters." in message.body
    assert approved.get_absolute_url() in message.body
    assert "Awaiting review in Kenya." not in message.body
    assert "Somewhere else entirely." not in message.body


def test_it_shows_a_member_nothing_of_their_organizations_unapproved_entries(cast, kenya):
    member = cast["member"]  # sees the organization's drafts on the pages
    follow(member, state=kenya)
    cast.entry(WorkflowState.DRAFT, state=kenya, summary="A draft of the organization.")
    cast.entry(WorkflowState.CHANGES_REQUESTED, state=kenya, summary="Sent back for changes.")
    cast.entry(WorkflowState.APPROVED, state=kenya, summary="Approved and public.")

    send()

    [message] = mail.outbox
    assert "Approved and public." in message.body
    assert "A draft of the organization." not in message.body
    assert "Sent back for changes." not in message.body


def test_it_leaves_out_what_was_approved_before_the_follow(cast, kenya, reader):
    cast.entry(WorkflowState.APPROVED, state=kenya, summary="Approved long ago.")
    FollowerFactory(user=reader)
    FollowFactory(user=reader, state=kenya)

    run = send(now=timezone.now() + datetime.timedelta(minutes=1))

    assert (run.sent, run.empty) == (0, 1)
    assert mail.outbox == []


def test_it_digests_a_topic_new_resolutions_and_deadlines(cast, reader):
    topic = TopicFactory(name="Victim protection")
    follow(reader, topic=topic)
    commitment = CommitmentFactory(topics=[topic])
    cast.entry(WorkflowState.APPROVED, commitment=commitment, summary="Hotline set up.")
    newer = CommitmentFactory(
        topics=[topic], paragraph__resolution__title="Protecting victims of trafficking"
    )
    ReportingRequestFactory(
        commitment=newer,
        requested_of="Secretary-General",
        due_date=timezone.localdate() + datetime.timedelta(days=digests.DUE_WINDOW_DAYS),
    )
    ReportingRequestFactory(due_date=timezone.localdate() + datetime.timedelta(days=10))

    send()

    [message] = mail.outbox
    body = message.body
    assert "Hotline set up." in body
    assert "New resolutions touching it" in body
    assert f"{newer.resolution.display_symbol}: Protecting victims of trafficking" in body
    assert "Reporting deadlines coming due" in body
    assert body.count("asked of Secretary-General") == 1


def test_it_sends_one_digest_per_person_per_period(cast, kenya, reader):
    follow(reader, state=kenya)
    follow(reader, resolution=ResolutionFactory())
    cast.entry(WorkflowState.APPROVED, state=kenya)
    now = timezone.now()

    send(now=now)
    cast.entry(WorkflowState.APPROVED, state=kenya)
    again = send(now=now + datetime.timedelta(minutes=5))

    assert len(mail.outbox) == 1
    assert again.sent == 0
    # The next day's run tells of the second entry.
    send(now=now + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_it_sends_immediate_digests_from_the_worker_after_an_approval(
    cast, kenya, reader, django_capture_on_commit_callbacks
):
    follow(reader, frequency=Frequency.IMMEDIATELY, state=kenya)
    entry = cast.entry(WorkflowState.SUBMITTED, state=kenya, summary="Just approved.")

    with django_capture_on_commit_callbacks(execute=True):
        entry.transition("approve", cast["reviewer"])

    [queued] = DBTaskResult.objects.filter(task_path="following.tasks.send_digests_task")
    assert queued.args_kwargs["args"] == ["immediately"]
    assert digest_mail() == []
    send_digests_task.call("immediately")
    [message] = digest_mail()
    assert message.to == ["reader@example.org"]
    assert "Just approved." in message.body


def test_it_sends_nothing_to_who_chose_never(cast, kenya, reader):
    follow(reader, frequency=Frequency.NEVER, state=kenya)
    cast.entry(WorkflowState.APPROVED, state=kenya)

    for frequency in (Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY):
        send(frequency)

    assert mail.outbox == []


# --- unsubscribing -----------------------------------------------------------------------


def test_it_offers_one_click_unsubscribe_in_every_digest(client, cast, kenya, reader):
    follow(reader, state=kenya)
    cast.entry(WorkflowState.APPROVED, state=kenya)
    send()
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Stop these e-mails in one click: {link}" in message.body
    path = link.removeprefix("http://127.0.0.1:8000")

    page = client.get(path)
    assert page.status_code == 200
    assert Follower.objects.get(user=reader).frequency == Frequency.DAILY  # a look changes nothing

    # A mail client's own button (RFC 8058): a POST without sign-in nor CSRF token.
    client.handler.enforce_csrf_checks = True
    done = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200
    assert "You get no more digest e-mails." in done.content.decode()
    assert Follower.objects.get(user=reader).frequency == Frequency.NEVER
    assert Follow.objects.filter(user=reader).count() == 1


def test_it_stops_one_subject_from_its_own_link(client, kenya, reader):
    made = follow(reader, state=kenya)
    path = reverse("following:unsubscribe", args=[digests.unsubscribe_token(reader, made)])

    done = client.post(path)
    again = client.post(path)

    assert "You no longer follow Kenya." in done.content.decode()
    assert not Follow.objects.filter(user=reader).exists()
    assert again.status_code == 410
    assert "You no longer follow this" in again.content.decode()


def test_it_refuses_a_forged_unsubscribe_link(client, reader):
    token = digests.unsubscribe_token(reader)
    FollowerFactory(user=reader)

    response = client.post(reverse("following:unsubscribe", args=[token[:-3] + "abc"]))

    assert response.status_code == 410
    assert "This link is not valid" in response.content.decode()
    assert Follower.objects.get(user=reader).frequency == Frequency.DAILY


# --- following from the pages ------------------------------------------------------------


def test_it_follows_and_unfollows_from_a_state_page(client, kenya, reader):
    client.force_login(reader)
    url = reverse("following:follow", args=[SubjectKind.STATE, kenya.pk])
    page_url = reverse("states:state_detail", args=[kenya.slug])

    response = client.post(url, {"next": page_url})
    page = client.get(page_url).content.decode()
    client.post(url, {"unfollow": "1", "next": page_url})

    assert response.url == page_url
    assert 'aria-pressed="true"' in page
    assert not Follow.objects.filter(user=reader).exists()
    assert Follower.objects.get(user=reader).frequency == Frequency.DAILY


def test_it_asks_a_visitor_to_sign_in_to_follow(client, kenya):
    page = client.get(reverse("states:state_detail", args=[kenya.slug])).content.decode()
    response = client.post(reverse("following:follow", args=["state", kenya.pk]))

    assert "Sign in to follow" in page
    assert response.url.startswith(reverse("login"))
    assert not Follow.objects.exists()


def test_it_refuses_an_unknown_kind_of_subject(client, reader):
    client.force_login(reader)

    response = client.post(reverse("following:follow", args=["organization", 1]))

    assert response.status_code == 404


def test_it_lists_follows_in_constant_queries(client, reader, django_assert_num_queries):
    client.force_login(reader)
    FollowerFactory(user=reader)
    for _ in range(3):
        FollowFactory(user=reader)
        FollowFactory(user=reader, kind="topic", state=None, topic=TopicFactory())
        commitment = CommitmentFactory()
        FollowFactory(user=reader, kind="commitment", state=None, commitment=commitment)
        FollowFactory(user=reader, kind="resolution", state=None, resolution=commitment.resolution)

    # The session, the user, the follower's frequency, the follows with their subjects, the
    # user's own and group permissions (the navigation).
    with django_assert_num_queries(6):
        response = client.get(reverse("following:list"))
    assert len(response.context["follows"]) == 12


def test_it_exports_and_erases_what_a_person_follows(kenya, reader):
    follow(reader, frequency=Frequency.WEEKLY, state=kenya)

    data = export_personal_data(reader)
    erase_user(reader, by=reader)

    assert [(f["kind"], f["subject"]) for f in data["follows"]] == [("state", "Kenya")]
    assert data["digest_frequency"] == "weekly"
    assert not Follow.objects.filter(user=reader).exists()
    assert not Follower.objects.filter(user=reader).exists()
