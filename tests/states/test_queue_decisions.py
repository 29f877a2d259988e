"""
Deciding from the review queue: "Approve and next" from an entry opened there, and bulk
approvals and requests for changes on the entries ticked in the queue, each through the
workflow (permission-checked, in the history), with every entry not decided reported.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from states.choices import ImplementationStatus, WorkflowState
from states.history import entry_history
from states.models import ProgressEntry
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from tests.permissions import DONE, FORBIDDEN, LOGIN, REFUSED, Cast, check_matrix, row

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("states:review_queue")
START = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def reviewer():
    return UserFactory(username="ruth", role="Reviewers")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def queued(count, **fields):
    """`count` entries submitted in this order, a day apart."""
    made = []
    for day in range(count):
        entry = ProgressEntryFactory(**fields)
        entry.transition("submit", entry.created_by)
        entry.submitted_at = START + datetime.timedelta(days=day)
        ProgressEntry.objects.filter(pk=entry.pk).update(submitted_at=entry.submitted_at)
        made.append(ProgressEntry.objects.get(pk=entry.pk))
    return made


def fresh(entry):
    return ProgressEntry.objects.get(pk=entry.pk)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def approve_and_next(client, entry, queue=""):
    return client.post(
        reverse("states:entry_transition", args=[entry.pk, "approve"]),
        {"revision": entry.revision, "comment": "", "next": "1", "queue": queue},
    )


# --- Approve and next ----------------------------------------------------------------------------


def test_it_offers_approve_and_next_on_an_entry_opened_from_the_queue(reviewer_client):
    (entry,) = queued(1)

    from_queue = reviewer_client.get(f"{entry.get_absolute_url()}?queue=status%3Dpartial")
    elsewhere = reviewer_client.get(entry.get_absolute_url())

    page = from_queue.content.decode()
    assert ">Approve and next</button>" in page
    assert '<input type="hidden" name="queue" value="status=partial">' in page
    assert f'<a href="{QUEUE_URL}?status=partial">← Back to the review queue</a>' in page
    assert "Approve and next" not in elsewhere.content.decode()
    assert "Back to the review queue" not in elsewhere.content.decode()


def test_it_goes_to_the_next_entry_in_queue_order_then_back_to_the_queue(reviewer_client, reviewer):
    first, second, third = queued(3)
    # The reviewer wrote one in between: another reviewer must decide it, so it is passed.
    reviewer.groups.add(Group.objects.get(name="Contributors"))
    (own,) = queued(1, created_by=reviewer)
    ProgressEntry.objects.filter(pk=own.pk).update(
        submitted_at=START + datetime.timedelta(hours=36)
    )

    to_third = approve_and_next(reviewer_client, second)
    to_queue = approve_and_next(reviewer_client, fresh(third))

    assert to_third.url == f"{third.get_absolute_url()}?queue="
    assert messages_of(to_third) == ["Entry approved. Here is the next entry in the review queue."]
    assert to_queue.url == QUEUE_URL
    # (The first message was never read: no page was shown in between.)
    assert messages_of(to_queue)[-1] == (
        "Entry approved. No entry is left after it in the review queue."
    )
    assert [fresh(e).workflow_state for e in (first, second, third, own)] == [
        WorkflowState.SUBMITTED,
        WorkflowState.APPROVED,
        WorkflowState.APPROVED,
        WorkflowState.SUBMITTED,
    ]


def test_it_keeps_the_queue_filters_for_the_next_entry(reviewer_client):
    (partial,) = queued(1, status=ImplementationStatus.PARTIAL)
    queued(1, status=ImplementationStatus.IMPLEMENTED)
    (next_partial,) = queued(1, status=ImplementationStatus.PARTIAL)
    ProgressEntry.objects.filter(pk=next_partial.pk).update(
        submitted_at=START + datetime.timedelta(days=5)
    )

    response = approve_and_next(reviewer_client, partial, queue="status=partial")

    assert response.url == f"{next_partial.get_absolute_url()}?queue=status%3Dpartial"


def test_it_stays_on_the_entry_from_the_queue_when_the_approval_is_refused(
    reviewer_client, reviewer
):
    first, second = queued(2)
    first.transition("approve", UserFactory(role="Reviewers"))

    response = approve_and_next(reviewer_client, fresh(first))
    stale = reviewer_client.post(
        reverse("states:entry_transition", args=[second.pk, "approve"]),
        {"revision": second.revision - 1, "next": "1", "queue": ""},
    )

    assert response.url == f"{first.get_absolute_url()}?queue="
    assert "cannot be approved" in messages_of(response)[0]
    assert stale.url == f"{second.get_absolute_url()}?queue="
    assert "Someone else changed this entry" in messages_of(stale)[-1]
    assert fresh(second).workflow_state == WorkflowState.SUBMITTED


# --- bulk decisions ------------------------------------------------------------------------------


def bulk(client, entries, action, comment="", revisions=None, query=""):
    data = {"action": action, "comment": comment, "entries": [e.pk for e in entries]}
    for entry in entries:
        data[f"revision-{entry.pk}"] = (revisions or {}).get(entry.pk, entry.revision)
    return client.post(f"{QUEUE_URL}{'?' + query if query else ''}", data)


def test_it_approves_the_ticked_entries_through_the_workflow(reviewer_client, reviewer):
    first, second, untouched = queued(3)

    response = bulk(reviewer_client, [first, second], "approve", "Sources checked.")

    assert response.status_code == 302 and response.url == QUEUE_URL
    assert messages_of(response) == ["2 entries approved."]
    for entry in (first, second):
        entry = fresh(entry)
        assert (entry.workflow_state, entry.decided_by, entry.review_comment) == (
            WorkflowState.APPROVED,
            reviewer,
            "Sources checked.",
        )
        latest = entry.history.latest("history_date")
        assert (latest.history_change_reason, latest.history_user) == (
            "approve: Sources checked.",
            reviewer,
        )
    assert fresh(untouched).workflow_state == WorkflowState.SUBMITTED


def test_it_sends_the_ticked_entries_back_with_one_comment(reviewer_client):
    first, second = queued(2)

    response = bulk(
        reviewer_client,
        [first, second],
        "request_changes",
        "Add the gazette number.",
        query="status=in_progress",
    )

    assert response.url == f"{QUEUE_URL}?status=in_progress"
    assert messages_of(response) == ["2 entries sent back for changes."]
    assert [(fresh(e).workflow_state, fresh(e).review_comment) for e in (first, second)] == [
        (WorkflowState.CHANGES_REQUESTED, "Add the gazette number.")
    ] * 2


def test_it_asks_for_a_comment_before_sending_entries_back(reviewer_client):
    first, second = queued(2)

    response = bulk(reviewer_client, [first], "request_changes", "  ")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Say what the contributors should change." in page
    assert '<p class="error" role="alert">Nothing was decided:' in page
    assert f'value="{first.pk}" id="select-{first.pk}" checked' in page
    assert f'value="{second.pk}" id="select-{second.pk}">' in page
    assert fresh(first).workflow_state == WorkflowState.SUBMITTED


def test_it_asks_to_tick_an_entry_first(reviewer_client):
    queued(1)

    response = reviewer_client.post(QUEUE_URL, {"action": "approve", "comment": "Fine."})

    assert response.status_code == 200
    assert "Tick at least one entry to decide on." in response.content.decode()
    assert "Fine.</textarea>" in response.content.decode()


def test_it_refuses_an_unknown_action_or_entry_values_without_failing(reviewer_client):
    (entry,) = queued(1)

    unknown = reviewer_client.post(QUEUE_URL, {"action": "delete", "entries": [entry.pk]})
    garbage = reviewer_client.post(QUEUE_URL, {"action": "approve", "entries": ["1; drop"]})

    assert unknown.status_code == garbage.status_code == 200
    assert "Select a valid choice" in unknown.content.decode()
    assert "Choose entries from the queue." in garbage.content.decode()
    assert fresh(entry).workflow_state == WorkflowState.SUBMITTED


def test_it_reports_each_entry_it_did_not_decide_and_decides_the_others(reviewer_client, reviewer):
    organization = OrganizationFactory(name="Coast Forum")
    kenya_entry, decided, changed, fine = queued(4, organization=organization)
    # Another reviewer decided one first; a coordinator corrected another after the queue
    # was read; a draft's id was posted by hand.
    decided.transition("approve", UserFactory(role="Reviewers"))
    administrator = UserFactory(role="Administrators")
    shown = changed.revision
    changed.summary = "Corrected by the coordinator."
    changed.correct(administrator, changed.revision)
    draft = ProgressEntryFactory()

    response = bulk(
        reviewer_client,
        [kenya_entry, decided, changed, fine, draft],
        "approve",
        revisions={decided.pk: decided.revision - 1, changed.pk: shown},
    )

    assert response.status_code == 302
    label = "{} on {} OP {} (entry {})"

    def name(entry):
        c = entry.commitment
        return label.format(entry.state, c.resolution.display_symbol, c.paragraph.label, entry.pk)

    assert messages_of(response) == [
        "2 entries approved.",
        f"Not approved: {name(decided)}: already approved.",
        f"Not approved: {name(changed)}: someone else changed it meanwhile; reload and try again.",
        f"Not approved: Entry {draft.pk}: no such entry among those you may review.",
    ]
    assert [fresh(e).workflow_state for e in (kenya_entry, changed, fine, draft)] == [
        WorkflowState.APPROVED,
        WorkflowState.SUBMITTED,
        WorkflowState.APPROVED,
        WorkflowState.DRAFT,
    ]
    assert fresh(changed).summary == "Corrected by the coordinator."


def test_it_reports_an_entry_the_page_did_not_show(reviewer_client):
    (entry,) = queued(1)

    response = reviewer_client.post(QUEUE_URL, {"action": "approve", "entries": [entry.pk]})

    assert messages_of(response)[0].endswith("not shown on the queue page; choose it again.")
    assert fresh(entry).workflow_state == WorkflowState.SUBMITTED


def test_it_lets_only_reviewers_decide_in_bulk_and_never_on_their_own_entries(client):
    cast = Cast()

    def send(client, entry):
        return bulk(client, [entry], "approve")

    def after(entry, actor):
        assert fresh(entry).workflow_state == WorkflowState.APPROVED
        assert fresh(entry).decided_by == cast[actor]

    # The author is a reviewer too, so reaches the queue, but may not decide their own entry:
    # told why, the entry left as it was.
    check_matrix(
        client,
        cast,
        row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE, REFUSED, DONE),
        send=send,
        make=lambda: cast.entry(WorkflowState.SUBMITTED),
        after=after,
    )


def test_it_decides_a_queue_page_in_a_fixed_number_of_queries(
    reviewer_client, django_assert_max_num_queries
):
    small = queued(2)
    large = queued(12)

    def measure(entries):
        with django_assert_max_num_queries(200) as captured:
            bulk(reviewer_client, entries, "approve")
        return len(captured.captured_queries)

    per_entry_small = measure(small) / 2
    per_entry_large = measure(large) / 12
    # Each decision is its own workflow step (its claim, save, history, assessment): a
    # bounded number of queries per entry, nothing that grows with the number ticked.
    assert per_entry_large <= per_entry_small


def test_it_reads_a_tampered_queue_as_filters_never_as_a_place_to_go(reviewer_client):
    (entry,) = queued(1)

    response = approve_and_next(reviewer_client, entry, queue="status=bogus\r\nLocation: x")

    assert response.status_code == 302
    assert response.url.startswith(f"{QUEUE_URL}?status=bogus")
    assert "\n" not in response.url


def test_it_keeps_a_long_comment_whole_in_every_entry_it_sends_back(reviewer_client, reviewer):
    first, second = queued(2)
    comment = "Name the act, its number and the date it came into force. " * 5

    response = bulk(reviewer_client, [first, second], "request_changes", comment)

    assert messages_of(response) == ["2 entries sent back for changes."]
    for entry in (first, second):
        (item,) = [i for i in entry_history(fresh(entry), reviewer) if i.comment]
        assert item.comment == comment.strip()
        reason = fresh(entry).history.latest("history_date").history_change_reason
        assert len(reason) == 100 and reason.endswith("…")
