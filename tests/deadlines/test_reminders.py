"""send_deadline_reminders: one e-mail per user and run, each request reminded of once."""

import datetime
from io import StringIO
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from commitments.choices import SubscriptionScope
from commitments.models import ReminderSent
from tests.factories.commitments import (
    DeadlineSubscriptionFactory,
    ReportingRequestFactory,
    ResolutionFactory,
)
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 1, 15)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def remind(*args):
    out = StringIO()
    call_command("send_deadline_reminders", f"--today={TODAY}", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def resolution():
    return ResolutionFactory(symbol="A/RES/84/12")


@pytest.fixture
def due_soon(resolution):
    return ReportingRequestFactory(
        commitment__paragraph__resolution=resolution,
        commitment__paragraph__number="33",
        due_date=days(20),
        due_session=85,
        requested_of="Secretary-General",
        source_text="to submit to the General Assembly at its eighty-fifth session",
    )


@pytest.fixture
def subscriber(resolution):
    user = UserFactory(username="alice", email="alice@example.org")
    DeadlineSubscriptionFactory(user=user, resolution=resolution)
    return user


def test_it_emails_a_subscriber_about_a_request_falling_due(due_soon, subscriber, mailoutbox):
    output = remind()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "[Commitment Tracker] 1 reporting deadline in the next 30 days"
    body = message.body
    due = f"{due_soon.due_date.day} {due_soon.due_date:%B %Y}"
    assert f"{due} (estimated): Report, asked of Secretary-General" in body
    assert "General Assembly, 85th session" in body
    assert (
        'A/RES/84/12, operative paragraph 33: "to submit to the General Assembly at its '
        'eighty-fifth session"'
    ) in body
    assert f"{settings.SITE_URL}{due_soon.commitment.get_absolute_url()}" in body
    assert f"Manage them here: {settings.SITE_URL}/resolutions/reminders/" in body
    assert "Sent 1 reminder e-mail(s) about 1 request(s)." in output
    reminder = ReminderSent.objects.get()
    assert (reminder.user, reminder.request, reminder.due_date, reminder.window_days) == (
        subscriber,
        due_soon,
        due_soon.due_date,
        30,
    )
    assert reminder.sent_on == TODAY


def test_running_it_again_sends_nothing_twice(due_soon, subscriber, mailoutbox):
    remind()
    output = remind()
    assert len(mailoutbox) == 1
    assert "Sent 0 reminder e-mail(s)" in output
    assert ReminderSent.objects.count() == 1


def test_a_new_request_in_the_window_gets_its_own_reminder(
    resolution, due_soon, subscriber, mailoutbox
):
    remind()
    later = ReportingRequestFactory(commitment__paragraph__resolution=resolution, due_date=days(25))
    remind()
    assert len(mailoutbox) == 2
    assert later.source_text in mailoutbox[1].body
    assert due_soon.source_text not in mailoutbox[1].body


def test_each_window_reminds_once(due_soon, subscriber, mailoutbox):
    remind("--days=30")
    remind("--days=7")  # due in 20 days: not yet in a 7-day window
    assert len(mailoutbox) == 1
    call_command("send_deadline_reminders", f"--today={days(14)}", "--days=7", stdout=StringIO())
    call_command("send_deadline_reminders", f"--today={days(15)}", "--days=7", stdout=StringIO())
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject.endswith("in the next 7 days")


def test_a_moved_due_date_is_reminded_of_again(due_soon, subscriber, mailoutbox):
    remind()
    due_soon.due_date = days(28)
    due_soon.save()
    remind()
    assert len(mailoutbox) == 2


def test_one_email_lists_every_covered_request_once(resolution, due_soon, mailoutbox):
    user = UserFactory(email="bob@example.org")
    DeadlineSubscriptionFactory(user=user, resolution=resolution)
    DeadlineSubscriptionFactory(user=user, scope=SubscriptionScope.ALL, resolution=None)
    other = ReportingRequestFactory(due_date=days(3))
    remind()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("[Commitment Tracker] 2 reporting deadlines")
    body = mailoutbox[0].body
    assert body.count(due_soon.source_text) == 1
    assert body.index(other.resolution.display_symbol) < body.index("A/RES/84/12")


@pytest.mark.parametrize(
    "change",
    [
        {"due_date": days(31)},
        {"due_date": days(-1)},
        {"fulfilled_on": days(-3)},
        {"due_date": None, "is_estimate": False},
    ],
    ids=["after the window", "past due", "fulfilled", "undated"],
)
def test_it_reminds_only_of_open_requests_due_in_the_window(
    due_soon, subscriber, mailoutbox, change
):
    for name, value in change.items():
        setattr(due_soon, name, value)
    due_soon.save()
    remind()
    assert mailoutbox == []


def test_it_emails_only_active_subscribers_with_an_address(due_soon, resolution, mailoutbox):
    UserFactory(email="nosubscription@example.org")
    inactive = UserFactory(email="inactive@example.org", is_active=False)
    DeadlineSubscriptionFactory(user=inactive, resolution=resolution)
    silent = UserFactory(email="")
    DeadlineSubscriptionFactory(user=silent, resolution=resolution)
    elsewhere = UserFactory(email="elsewhere@example.org")
    DeadlineSubscriptionFactory(user=elsewhere)  # another resolution
    remind()
    assert mailoutbox == []


def test_a_failed_email_records_nothing_and_is_sent_next_time(
    due_soon, subscriber, mailoutbox, monkeypatch
):
    def refuse(self, messages):
        raise SMTPException("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(CommandError, match="1 reminder e-mail"):
        remind()
    assert not ReminderSent.objects.exists()

    monkeypatch.undo()
    remind()
    assert len(mailoutbox) == 1


def test_a_dry_run_sends_and_records_nothing(due_soon, subscriber, mailoutbox):
    output = remind("--dry-run")
    assert "alice@example.org: 1 request(s)" in output
    assert "Would remind 1 user(s) of 1 request(s)." in output
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


@pytest.mark.parametrize("arguments", [["--days=0"], ["--today=15/01/2030"]])
def test_it_refuses_bad_arguments(arguments):
    with pytest.raises(CommandError):
        call_command("send_deadline_reminders", *arguments, stdout=StringIO())
