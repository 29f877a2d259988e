"""The current assessment: the latest approved status per commitment and subject."""

import datetime

import pytest

from states.choices import ImplementationStatus as Status
from states.choices import WorkflowState
from states.models import CurrentAssessment, State
from tests.factories.commitments import CommitmentFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def commitment():
    return CommitmentFactory()


@pytest.fixture
def state():
    return State.objects.get(iso3="NGA")


def approved(commitment, state, status, fact_date, reviewer, **kwargs):
    entry = ProgressEntryFactory(
        commitment=commitment, state=state, status=status, fact_date=fact_date, **kwargs
    )
    entry.transition("submit", entry.created_by)
    entry.transition("approve", reviewer)
    return entry


def test_it_follows_the_most_recent_fact_not_the_most_recent_approval(commitment, state, reviewer):
    newer = approved(commitment, state, Status.IMPLEMENTED, datetime.date(2024, 3, 1), reviewer)
    approved(commitment, state, Status.IN_PROGRESS, datetime.date(2019, 6, 1), reviewer)

    row = CurrentAssessment.objects.get(commitment=commitment, state=state)
    assert (row.entry, row.status, row.fact_date) == (newer, Status.IMPLEMENTED, newer.fact_date)


def test_it_ignores_entries_that_are_not_approved(commitment, state, reviewer):
    ProgressEntryFactory(commitment=commitment, state=state, status=Status.REGRESSED)
    submitted = ProgressEntryFactory(commitment=commitment, state=state)
    submitted.transition("submit", submitted.created_by)

    assert not CurrentAssessment.objects.exists()

    approved(commitment, state, Status.PARTIAL, datetime.date(2020, 1, 1), reviewer)
    assert CurrentAssessment.objects.get().status == Status.PARTIAL


def test_it_keeps_one_row_per_subject(commitment, state, reviewer):
    other_state = State.objects.get(iso3="BRA")
    organization = OrganizationFactory()
    approved(commitment, state, Status.PARTIAL, datetime.date(2021, 1, 1), reviewer)
    approved(commitment, state, Status.IMPLEMENTED, datetime.date(2022, 1, 1), reviewer)
    approved(commitment, other_state, Status.NOT_STARTED, datetime.date(2022, 1, 1), reviewer)
    approved(
        commitment,
        None,
        Status.IN_PROGRESS,
        datetime.date(2022, 1, 1),
        reviewer,
        subject_organization=organization,
    )

    rows = {
        (row.state_id, row.subject_organization_id): row.status
        for row in CurrentAssessment.objects.all()
    }
    assert rows == {
        (state.pk, None): Status.IMPLEMENTED,
        (other_state.pk, None): Status.NOT_STARTED,
        (None, organization.pk): Status.IN_PROGRESS,
    }


def test_it_moves_the_row_when_an_approved_entry_is_corrected(commitment, state, reviewer):
    """An administrator correcting the state of an approved entry updates both subjects."""
    entry = approved(commitment, state, Status.PARTIAL, datetime.date(2021, 1, 1), reviewer)
    corrected = State.objects.get(iso3="NER")

    entry.state = corrected
    entry.save()

    assert list(CurrentAssessment.objects.values_list("state__iso3", flat=True)) == ["NER"]


def test_it_rebuilds_to_the_same_rows_it_maintains(reviewer):
    commitments = CommitmentFactory.create_batch(3)
    states = list(State.objects.members().order_by("iso3")[:4])
    for day, (commitment, state) in enumerate(
        (c, s) for c in commitments for s in states for _ in range(2)
    ):
        approved(
            commitment, state, Status.IN_PROGRESS, datetime.date(2020, 1, 1 + day % 28), reviewer
        )
    ProgressEntryFactory(commitment=commitments[0], workflow_state=WorkflowState.DRAFT)

    def snapshot():
        return sorted(
            CurrentAssessment.objects.values_list("commitment_id", "state_id", "entry_id", "status")
        )

    maintained = snapshot()
    CurrentAssessment.objects.all().delete()

    assert CurrentAssessment.objects.rebuild(batch_size=5) == 12
    assert snapshot() == maintained
