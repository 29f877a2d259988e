"""
What a decision updates (the current assessment, the kept counts, the figures' tokens) is done
by the write itself, whichever way it comes: a workflow step with no signal receiver connected,
an update or a deletion in bulk, entries created in bulk.
"""

import datetime

import pytest
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from factory.django import mute_signals

from commitments.models import Topic
from core.caching import ASSESSMENTS, ENTRIES, figures_version, subject_scope
from states.choices import ImplementationStatus as Status
from states.choices import WorkflowState
from states.counts import STATUSES, THEMES
from states.models import CurrentAssessment, ProgressEntry, State
from tests.factories.commitments import CommitmentFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    brazil = State.objects.get(iso3="BRA")
    return {
        "commitment": CommitmentFactory(topics=[Topic.objects.get(slug="prosecution")]),
        "organization": OrganizationFactory(),
        "reviewer": UserFactory(role="Reviewers"),
        "brazil": brazil,
        "state_entries": subject_scope(ENTRIES, "state", brazil.pk),
        "region_assessments": subject_scope(ASSESSMENTS, "region", brazil.region_id),
    }


def entry(world, status=Status.PARTIAL, fact_date=datetime.date(2026, 2, 1)):
    return ProgressEntryFactory(
        commitment=world["commitment"],
        state=world["brazil"],
        organization=world["organization"],
        status=status,
        fact_date=fact_date,
    )


def approve(world, draft):
    draft.transition("submit", draft.created_by)
    draft.transition("approve", world["reviewer"])
    return draft


def counted():
    """Kept counts built now: later moves go through them (or are missing from them)."""
    THEMES.counts()
    STATUSES.counts()


def kept_counts_right():
    return THEMES.differences() == [] and STATUSES.differences() == []


def status_of(world):
    return (
        CurrentAssessment.objects.filter(commitment=world["commitment"], state=world["brazil"])
        .values_list("status", flat=True)
        .first()
    )


def test_it_updates_everything_on_an_approval_with_no_model_signal_connected(world):
    draft = entry(world)
    counted()
    before = figures_version([world["state_entries"], world["region_assessments"]])

    with mute_signals(post_save, post_delete):
        approve(world, draft)

    assert status_of(world) == Status.PARTIAL
    assert STATUSES.counts()[(world["brazil"].pk,)] == {Status.PARTIAL: 1}
    assert kept_counts_right()
    tokens = figures_version([world["state_entries"], world["region_assessments"]]).split("-")
    assert tokens[1] != before.split("-")[1]  # the state's entry figures
    assert tokens[2] != before.split("-")[2]  # its region's assessment figures


def test_it_moves_the_assessment_and_the_counts_on_an_update_in_bulk(world):
    approved = approve(world, entry(world))
    counted()

    updated = ProgressEntry.objects.filter(pk=approved.pk).update(status=Status.IMPLEMENTED)

    assert updated == 1
    assert status_of(world) == Status.IMPLEMENTED
    assert STATUSES.counts()[(world["brazil"].pk,)] == {Status.IMPLEMENTED: 1}
    assert kept_counts_right()


def test_it_makes_the_entry_figures_stale_on_an_update_in_bulk_but_not_on_a_claim(world):
    draft = entry(world)
    before = figures_version([world["state_entries"]])

    ProgressEntry.objects.filter(pk=draft.pk).update(revision=F("revision") + 1)
    claimed = figures_version([world["state_entries"]])
    ProgressEntry.objects.filter(pk=draft.pk).update(summary="Corrected in bulk.")

    assert claimed == before
    assert figures_version([world["state_entries"]]) != before


def test_it_computes_the_assessments_of_approved_entries_created_in_bulk(world):
    author = UserFactory(role="Contributors")
    counted()
    now = timezone.now()

    ProgressEntry.objects.bulk_create(
        [
            ProgressEntryFactory.build(
                commitment=world["commitment"],
                state=world["brazil"],
                organization=world["organization"],
                created_by=author,
                status=Status.NOT_STARTED,
                fact_date=datetime.date(2026, 3, 1),
                summary="Loaded in bulk.",
                workflow_state=WorkflowState.APPROVED,
                submitted_at=now,
                decided_at=now,
                decided_by=world["reviewer"],
            )
        ]
    )

    assert status_of(world) == Status.NOT_STARTED
    assert kept_counts_right()


@pytest.mark.parametrize("way", ["instance", "queryset"])
def test_it_gives_the_pair_its_previous_assessment_when_the_current_entry_is_deleted(world, way):
    approve(world, entry(world, Status.PARTIAL, datetime.date(2026, 1, 1)))
    newer = approve(world, entry(world, Status.IMPLEMENTED, datetime.date(2026, 2, 1)))
    counted()

    if way == "instance":
        newer.delete()
    else:
        ProgressEntry.objects.filter(pk=newer.pk).delete()

    assert status_of(world) == Status.PARTIAL
    assert STATUSES.counts()[(world["brazil"].pk,)] == {Status.PARTIAL: 1}
    assert kept_counts_right()
