"""
An entry's history says what happened in words ("Submitted for review", "Approved by …",
"The reviewer asked for changes: …"), never the codes its records keep, and shows each
comment once.
"""

import pytest
from django.urls import reverse

from states.choices import WorkflowState
from states.history import entry_history, reason_in_words
from tests.confidential import force_login
from tests.factories.states import UserFactory
from tests.permissions import Cast
from tests.working_history import APPROVAL_COMMENT, REQUEST_COMMENT, approved_after_changes

pytestmark = pytest.mark.django_db

HISTORY_HEADING = '<h2 id="history-heading">History</h2>'
CODES = ("request_changes", "— approve", "— submit", "— edit", "— add", "— remove", "— create")


@pytest.fixture
def cast():
    return Cast()


@pytest.fixture
def entry(cast):
    reviewer = cast["reviewer"]
    reviewer.first_name, reviewer.last_name = "Ruth", "Otieno"
    reviewer.save()
    return approved_after_changes(cast)


def history_of(client, entry):
    page = client.get(entry.get_absolute_url()).content.decode()
    return page[page.index(HISTORY_HEADING) :]


def test_it_tells_the_history_in_words_with_each_comment_once(client, cast, entry):
    force_login(client, cast["member"])

    history = history_of(client, entry)

    assert (
        f'<p class="history-comment">The reviewer asked for changes: {REQUEST_COMMENT}</p>'
        in history
    )
    assert f'<p class="history-comment">The reviewer&#x27;s comment: {APPROVAL_COMMENT}</p>' in (
        history
    )
    assert '<strong>Approved</strong> <span class="muted">by</span> Ruth Otieno' in history
    assert '<strong>Changes requested</strong> <span class="muted">by</span> Ruth Otieno' in (
        history
    )
    assert history.count("<strong>Submitted for review</strong>") == 2
    assert history.count(REQUEST_COMMENT) == 1
    assert history.count(APPROVAL_COMMENT) == 1
    assert "Review comment:" not in history
    for code in CODES:
        assert code not in history, code


def test_it_names_a_correction_and_shows_a_reason_written_by_hand(cast, entry):
    administrator = cast["administrator"]
    entry.summary = "A shelter for trafficked children opened in Mombasa in April."
    entry.correct(administrator, entry.revision)
    entry.summary = "A shelter for trafficked children opened in Mombasa in May."
    entry._history_user = administrator
    entry._change_reason = "Date checked with the shelter's director."
    entry.save()

    hand, corrected, *_ = entry_history(entry, administrator)

    assert (corrected.title, corrected.note) == ("Corrected", "")
    assert (hand.title, hand.note) == ("Changed", "Date checked with the shelter's director.")


def test_it_shows_a_comment_the_contributors_must_act_on_once_at_the_top(client, cast):
    member, reviewer = cast["member"], cast["reviewer"]
    reviewer.first_name, reviewer.last_name = "Ruth", "Otieno"
    reviewer.save()
    entry = cast.entry(WorkflowState.SUBMITTED)
    entry.transition("request_changes", reviewer, REQUEST_COMMENT)
    force_login(client, member)

    page = client.get(entry.get_absolute_url()).content.decode()

    assert page.count(REQUEST_COMMENT) == 1
    assert (
        '<div class="review-comment" id="review-comment"><p class="eyebrow">The reviewer asked '
        f"for changes — Ruth Otieno, {entry.decided_at:%-d %b %Y}</p><p>{REQUEST_COMMENT}</p>"
    ) in page
    assert (
        '<p class="history-comment">The reviewer asked for changes: <a href="#review-comment">'
        "their comment is at the top of this page</a>.</p>"
    ) in history_of(client, entry)


def test_it_keeps_earlier_comments_in_the_history_once_the_entry_is_sent_back_again(client, cast):
    member, reviewer = cast["member"], cast["reviewer"]
    entry = cast.entry(WorkflowState.SUBMITTED)
    entry.transition("request_changes", reviewer, "First: name the act.")
    entry.transition("submit", member)
    entry.transition("request_changes", reviewer, "Second: give its number.")
    force_login(client, member)

    page = client.get(entry.get_absolute_url()).content.decode()

    assert page.count("First: name the act.") == page.count("Second: give its number.") == 1
    assert (
        '<p class="history-comment">The reviewer asked for changes: First: name the act.</p>'
    ) in history_of(client, entry)


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("create", "Created"),
        ("submit", "Submitted for review"),
        ("submit: Second try.", "Submitted for review. Note from the contributor: Second try."),
        ("approve", "Approved"),
        ("approve: Checked.", "Approved. The reviewer's comment: Checked."),
        ("request_changes: Name the act.", "The reviewer asked for changes: Name the act."),
        ("reject: No source.", "The reviewer rejected it: No source."),
        ("remove", "Evidence removed"),
        ("confidential", "Evidence marked confidential"),
        ("correction", "Corrected"),
        ("Date checked by phone.", "Date checked by phone."),
        (None, ""),
    ],
)
def test_it_tells_each_recorded_reason_in_words(reason, words):
    assert reason_in_words(reason) == words


def test_it_tells_the_admin_history_in_words(client, entry):
    client.force_login(UserFactory(role="Reviewers", is_staff=True))

    page = client.get(
        reverse("admin:states_progressentry_history", args=[entry.pk])
    ).content.decode()

    assert f"The reviewer asked for changes: {REQUEST_COMMENT}" in page
    assert f"Approved. The reviewer&#x27;s comment: {APPROVAL_COMMENT}" in page
    assert "&nbsp;&rarr;&nbsp;&nbsp;Changes requested" in page
    for code in ("request_changes", "changes_requested", "approve:", "Deleted user"):
        assert code not in page, code
