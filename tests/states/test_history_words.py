"""
An entry's history says what happened in words ("Submitted for review", "Approved by …",
"The reviewer asked for changes: …"), never the codes its records keep, and shows each
comment once.
"""

import pytest

from states.history import entry_history
from tests.confidential import force_login
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
