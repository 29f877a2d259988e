"""Workflow steps taken from the entry page: decisions, lost races, comments, e-mail."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from states.choices import WorkflowState
from states.models import ProgressEntry
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    entry = ProgressEntryFactory(summary="The labour inspectorate was given powers to enter farms.")
    entry.transition("submit", entry.created_by)
    return ProgressEntry.objects.get(pk=entry.pk)


@pytest.fixture
def reviewer():
    return UserFactory(username="first-reviewer", role="Reviewers")


@pytest.fixture
def second_reviewer():
    return UserFactory(username="second-reviewer", role="Reviewers")


def step_url(entry, action):
    return reverse("states:entry_transition", args=[entry.pk, action])


def shown_revision(client, entry):
    """The revision the entry page's decision form carries."""
    return client.get(entry.get_absolute_url()).context["decision_form"].initial["revision"]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def decisions_in_history(entry):
    reasons = [(record.history_change_reason or "").split(":")[0] for record in entry.history.all()]
    return [reason for reason in reasons if reason in ProgressEntry.REVIEW_ACTIONS]


def test_it_approves_from_the_entry_page(client, entry, reviewer):
    client.force_login(reviewer)

    response = client.post(
        step_url(entry, "approve"),
        {"revision": shown_revision(client, entry), "comment": "Sources check out."},
        follow=True,
    )

    entry.refresh_from_db()
    assert (entry.workflow_state, entry.decided_by, entry.review_comment) == (
        WorkflowState.APPROVED,
        reviewer,
        "Sources check out.",
    )
    assert response.redirect_chain == [(entry.get_absolute_url(), 302)]
    assert "Entry approved." in [str(m) for m in response.context["messages"]]


def test_it_lets_the_first_of_two_reviewers_decide_and_gives_the_second_their_comment_back(
    entry, reviewer, second_reviewer
):
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(second_reviewer)
    first_revision = shown_revision(first, entry)
    second_revision = shown_revision(second, entry)
    assert first_revision == second_revision

    first.post(step_url(entry, "approve"), {"revision": first_revision, "comment": "Fine."})
    refused = second.post(
        step_url(entry, "reject"),
        {"revision": second_revision, "comment": "The cited law does not exist."},
    )

    assert refused.status_code == 302 and refused.url == entry.get_absolute_url()
    assert messages_of(refused) == [
        "Someone else changed this entry while you were looking at it (it is now approved), "
        "so your step was not applied. The page shows the entry as it is now."
    ]
    entry.refresh_from_db()
    assert (entry.workflow_state, entry.decided_by) == (WorkflowState.APPROVED, reviewer)
    assert decisions_in_history(entry) == ["approve"]
    page = second.get(entry.get_absolute_url())
    assert page.context["lost_comment"] == "The cited law does not exist."
    assert "The cited law does not exist." in page.content.decode()
    # Shown once: the next visit is clean.
    assert second.get(entry.get_absolute_url()).context["lost_comment"] == ""


def test_it_refuses_a_decision_on_an_entry_resubmitted_since_it_was_shown(
    client, entry, reviewer, second_reviewer
):
    client.force_login(reviewer)
    revision = shown_revision(client, entry)
    # Meanwhile another reviewer sends it back and the author resubmits it, changed.
    entry.transition("request_changes", second_reviewer, comment="Add the decree.")
    entry.edit(entry.created_by, summary="Decree 2025-114 gave the inspectorate powers.")
    entry.transition("submit", entry.created_by)

    response = client.post(step_url(entry, "approve"), {"revision": revision, "comment": "OK"})

    assert messages_of(response) == [
        "Someone else changed this entry while you were looking at it (it is now submitted "
        "for review), so your step was not applied. The page shows the entry as it is now."
    ]
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED
    assert decisions_in_history(entry) == ["request_changes"]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("reject", "Say why the entry is rejected."),
        ("request_changes", "Say what the contributors should change."),
    ],
)
def test_it_needs_a_comment_to_send_back_or_reject(client, entry, reviewer, action, message):
    client.force_login(reviewer)

    response = client.post(step_url(entry, action), {"revision": entry.revision, "comment": " "})

    assert messages_of(response) == [message]
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED


def test_it_answers_400_without_the_revision(client, entry, reviewer):
    client.force_login(reviewer)

    response = client.post(step_url(entry, "approve"), {"comment": "ok"})

    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED


def test_it_answers_404_for_an_unknown_step(client, entry, reviewer):
    client.force_login(reviewer)

    response = client.post(step_url(entry, "publish"), {"revision": entry.revision})

    assert response.status_code == 404


def test_it_shows_the_decision_form_only_to_a_reviewer_who_may_decide(client, entry, reviewer):
    client.force_login(reviewer)
    as_reviewer = client.get(entry.get_absolute_url())
    client.force_login(entry.created_by)
    as_author = client.get(entry.get_absolute_url())

    assert [action for action, *_ in as_reviewer.context["review_buttons"]] == [
        "approve",
        "request_changes",
        "reject",
    ]
    assert f'formaction="{step_url(entry, "reject")}"' in as_reviewer.content.decode()
    assert as_author.context["review_buttons"] == []
    assert [action for action, *_ in as_author.context["actions"]] == ["withdraw"]


def test_it_tells_a_reviewer_who_wrote_the_entry_that_another_must_decide(client, entry):
    entry.created_by.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(entry.created_by)

    response = client.get(entry.get_absolute_url())

    assert response.context["review_buttons"] == []
    assert "You wrote this entry: another reviewer must decide on it." in (
        response.content.decode()
    )


def test_it_mails_reviewers_with_an_address_when_an_entry_is_submitted(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    draft = ProgressEntryFactory()
    UserFactory(username="rev-a", role="Reviewers")
    UserFactory(username="rev-b", role="Reviewers")
    UserFactory(username="rev-silent", role="Reviewers", email="")
    client.force_login(draft.created_by)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url(draft, "submit"), {"revision": draft.revision})

    assert sorted(message.to[0] for message in mailoutbox) == [
        "rev-a@example.org",
        "rev-b@example.org",
    ]
    assert draft.created_by.email not in {message.to[0] for message in mailoutbox}
    url = settings.SITE_URL + draft.get_absolute_url()
    assert all(url in message.body for message in mailoutbox)


def test_it_mails_the_author_the_decision_with_the_comment_and_a_link(
    client, entry, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            step_url(entry, "request_changes"),
            {"revision": entry.revision, "comment": "Cite the decree's number and date."},
        )

    (message,) = mailoutbox
    assert message.to == [entry.created_by.email]
    assert "sent back for changes" in message.subject
    assert "Cite the decree's number and date." in message.body
    assert settings.SITE_URL + entry.get_absolute_url() in message.body


def test_it_sends_no_mail_when_a_decision_is_refused(
    client, entry, reviewer, second_reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    revision = entry.revision
    entry.transition("approve", reviewer)
    client.force_login(second_reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(step_url(entry, "reject"), {"revision": revision, "comment": "No."})

    assert mailoutbox == []
