"""
Two people acting on the same data at the same moment, on real concurrent connections.

SQLite serializes all writers, so these run on PostgreSQL (production's database, and CI's).
"""

import datetime
import threading

import pytest
from django.db import connection, transaction

from states.choices import ImplementationStatus, WorkflowState
from states.models import CurrentAssessment, ProgressEntry, StaleEntryError
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def run_together(*actions):
    """Run each action in its own thread and connection, released at the same instant."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        from django.db import connections

        try:
            barrier.wait()
            with transaction.atomic():
                outcomes[index] = action()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def submitted_entry(**kwargs):
    entry = ProgressEntryFactory(**kwargs)
    entry.transition("submit", entry.created_by)
    return entry


def test_it_lets_exactly_one_of_two_simultaneous_decisions_win():
    entry = submitted_entry()
    first, second = UserFactory(role="Reviewers"), UserFactory(role="Reviewers")
    copies = [ProgressEntry.objects.get(pk=entry.pk) for _ in range(2)]

    outcomes = run_together(
        lambda: copies[0].transition("approve", first, comment="Sourced."),
        lambda: copies[1].transition("reject", second, comment="Not sourced."),
    )

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], StaleEntryError)
    entry.refresh_from_db()
    winner = first if outcomes[0] is None else second
    assert entry.decided_by == winner
    assert entry.workflow_state in (WorkflowState.APPROVED, WorkflowState.REJECTED)
    decisions = entry.history.filter(history_change_reason__regex=r"^(approve|reject)")
    assert decisions.count() == 1


def test_it_keeps_one_current_assessment_when_two_entries_are_approved_at_once():
    first = submitted_entry(
        status=ImplementationStatus.PARTIAL, fact_date=datetime.date(2023, 1, 1)
    )
    second = submitted_entry(
        commitment=first.commitment,
        state=first.state,
        status=ImplementationStatus.IMPLEMENTED,
        fact_date=datetime.date(2024, 1, 1),
    )
    reviewers = [UserFactory(role="Reviewers"), UserFactory(role="Reviewers")]

    outcomes = run_together(
        lambda: first.transition("approve", reviewers[0]),
        lambda: second.transition("approve", reviewers[1]),
    )

    assert outcomes == [None, None]
    (row,) = CurrentAssessment.objects.filter(commitment=first.commitment, state=first.state)
    assert (row.entry_id, row.status) == (second.pk, ImplementationStatus.IMPLEMENTED)
