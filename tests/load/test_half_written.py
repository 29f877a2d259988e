"""
The connection dies at the worst moment of a write: after the row, before its history row.
What the fault run (test_load_and_faults.py) leaves to chance, made certain here: every write
a request makes is kept whole or not at all, so a 503 never leaves an entry out of step with
its history, its evidence or the current assessment.
"""

import datetime
from contextlib import contextmanager

import psycopg
import pytest
from django.db import OperationalError, connection
from simple_history.signals import pre_create_historical_record

from states.choices import WorkflowState
from states.models import CurrentAssessment, Evidence, ProgressEntry, State
from tests.factories.commitments import CommitmentFactory
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"),
]


def terminate_own_backend():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    options = connection.settings_dict
    with psycopg.connect(
        host=options["HOST"],
        port=options["PORT"] or 5432,
        user=options["USER"],
        password=options["PASSWORD"] or None,
        dbname=options["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@contextmanager
def connection_lost_before_history_of(model):
    """Terminate this connection's backend just before `model`'s history row is written."""

    def lose_connection(sender, **kwargs):
        terminate_own_backend()

    history = model.history.model
    pre_create_historical_record.connect(lose_connection, sender=history)
    try:
        with pytest.raises(OperationalError):
            yield
    finally:
        pre_create_historical_record.disconnect(lose_connection, sender=history)
        connection.close()  # the next query opens a new connection, as the next request would


@pytest.fixture
def entry():
    entry = ProgressEntryFactory(state=State.objects.get(iso3="KEN"))
    entry.add_evidence(entry.created_by, citation="Official Gazette No. 12")
    return ProgressEntry.objects.get(pk=entry.pk)


def history_rows(entry):
    return (
        ProgressEntry.history.filter(id=entry.pk).count(),
        Evidence.history.filter(entry_id=entry.pk).count(),
    )


def test_it_keeps_an_edit_whole_or_not_at_all(entry):
    before = history_rows(entry)

    with connection_lost_before_history_of(ProgressEntry):
        entry.edit(entry.created_by, summary="Changed.")

    stored = ProgressEntry.objects.get(pk=entry.pk)
    assert (stored.summary, stored.revision) != ("Changed.", entry.revision)
    assert stored.revision == 1 and history_rows(stored) == before


def test_it_keeps_evidence_whole_or_not_at_all(entry):
    with connection_lost_before_history_of(Evidence):
        entry.add_evidence(entry.created_by, citation="Ministry press release")

    assert Evidence.objects.filter(entry=entry).count() == 1
    assert ProgressEntry.objects.get(pk=entry.pk).revision == 1
    assert history_rows(entry) == (1, 1)


def test_it_keeps_a_decision_and_the_assessment_whole_or_not_at_all(entry):
    entry.transition("submit", entry.created_by)
    reviewer = UserFactory(role="Reviewers")
    entry = ProgressEntry.objects.get(pk=entry.pk)

    with connection_lost_before_history_of(ProgressEntry):
        entry.transition("approve", reviewer, comment="Sourced.")

    stored = ProgressEntry.objects.get(pk=entry.pk)
    assert (stored.workflow_state, stored.revision) == (WorkflowState.SUBMITTED, 2)
    assert not CurrentAssessment.objects.exists()
    assert history_rows(stored) == (2, 1)


def test_it_keeps_a_new_entry_whole_or_not_at_all():
    author = UserFactory(role="Contributors")
    organization = ProgressEntryFactory(created_by=author).organization

    with connection_lost_before_history_of(ProgressEntry):
        ProgressEntry.start(
            author,
            organization,
            commitment=CommitmentFactory(),
            state=State.objects.get(iso3="KEN"),
            status="partial",
            fact_date=datetime.date(2024, 1, 1),
            summary="A new law.",
        )

    assert ProgressEntry.objects.count() == 1  # the factory's, not a half-made second
