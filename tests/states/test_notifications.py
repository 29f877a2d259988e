"""Workflow e-mail: reviewers hear of submissions, authors hear of decisions."""

import pytest

from states.models import State
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return ProgressEntryFactory(
        state=State.objects.get(iso3="CIV"), summary="The penal code was amended in March."
    )


@pytest.fixture
def author(entry):
    return entry.created_by


@pytest.fixture
def reviewers():
    return [
        UserFactory(username="reviewer-a", role="Reviewers"),
        UserFactory(username="reviewer-b", role="Reviewers"),
    ]


def test_it_tells_every_reviewer_of_a_submission(
    entry, author, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="no-address", role="Reviewers", email="")
    UserFactory(username="just-a-contributor", role="Contributors")

    with django_capture_on_commit_callbacks(execute=True):
        entry.transition("submit", author)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "reviewer-a@example.org",
        "reviewer-b@example.org",
    ]
    message = mailoutbox[0]
    # Plain text: the State's apostrophe stays an apostrophe, not an HTML entity.
    assert message.subject.startswith("[Commitment Tracker] For review: Côte d'Ivoire on ")
    assert "The penal code was amended in March." in message.body
    assert f"http://127.0.0.1:8000/progress/{entry.pk}/" in message.body


def test_it_does_not_ask_the_author_to_review_their_own_entry(
    entry, mailoutbox, django_capture_on_commit_callbacks
):
    author_reviewer = UserFactory(role="Reviewers", organizations=[entry.organization])
    author_reviewer.groups.add(*entry.created_by.groups.all())  # also a contributor
    own = ProgressEntryFactory(created_by=author_reviewer, organization=entry.organization)

    with django_capture_on_commit_callbacks(execute=True):
        own.transition("submit", author_reviewer)

    assert author_reviewer.email not in [message.to[0] for message in mailoutbox]


@pytest.mark.parametrize(
    ("action", "decision", "closing"),
    [
        ("approve", "approved", "See it here"),
        ("request_changes", "sent back for changes", "Edit and resubmit it here"),
        ("reject", "rejected", "See it here"),
    ],
)
def test_it_tells_the_author_of_the_decision_with_the_comment(
    entry,
    author,
    reviewers,
    mailoutbox,
    django_capture_on_commit_callbacks,
    action,
    decision,
    closing,
):
    entry.transition("submit", author)

    with django_capture_on_commit_callbacks(execute=True):
        entry.transition(action, reviewers[0], comment="Cite the gazette number.")

    (message,) = mailoutbox
    assert message.to == [author.email]
    assert message.subject.endswith(f"was {decision}")
    assert "Cite the gazette number." in message.body
    assert closing in message.body


def test_it_sends_nothing_when_the_step_is_rolled_back(
    entry, author, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        entry.transition("submit", author)
        transaction.set_rollback(True)

    assert mailoutbox == []
