"""
The maintained counts (the unfiltered matrix's by theme, the overview's and state profiles'
by state): after any sequence of changes they equal a full count of the current assessments,
and they are counted from scratch only after a change of structure.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from commitments.ingest import import_resolution
from commitments.models import Topic
from core.caching import STRUCTURE, cache, figures_version
from reports import tasks
from states.choices import ImplementationStatus as Status
from states.choices import WorkflowState
from states.counts import STATUSES, THEMES, counted_cells
from states.models import CurrentAssessment, ProgressEntry, State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from tests.states.test_concurrency import run_together

pytestmark = pytest.mark.django_db


def full_count():
    return counted_cells(THEMES.assessments(), "topic")


def full_status_count():
    """{(state_id,): {status: count}} counted the slow way, from every assessment."""
    counted = {}
    for assessment in STATUSES.assessments():
        by_status = counted.setdefault((assessment.state_id,), {})
        by_status[assessment.status] = by_status.get(assessment.status, 0) + 1
    return counted


@pytest.fixture
def world():
    """Two commitments under Prosecution (one also tagged with its sub-topic) and a funding one."""
    prosecution = Topic.objects.get(slug="prosecution")
    criminalization = Topic.objects.get(slug="criminalization")
    funding = Topic.objects.get(slug="funding")
    resolution = ResolutionFactory()
    return {
        "criminalize": CommitmentFactory(
            paragraph__resolution=resolution, topics=[criminalization, prosecution]
        ),
        "prosecute": CommitmentFactory(paragraph__resolution=resolution, topics=[prosecution]),
        "fund": CommitmentFactory(paragraph__resolution=resolution, topics=[funding, prosecution]),
        "organization": OrganizationFactory(),
        "nga": State.objects.get(iso3="NGA"),
        "bra": State.objects.get(iso3="BRA"),
        "funding": funding,
    }


def entry(world, commitment, state, status, fact_date):
    return ProgressEntryFactory(
        commitment=world[commitment],
        state=world[state],
        organization=world["organization"],
        status=status,
        fact_date=fact_date,
    )


@pytest.fixture
def counted(world, monkeypatch):
    """The counts counted from scratch once, now; the test fails if they are again."""
    for counts in (THEMES, STATUSES):
        counts.counts()
        monkeypatch.setattr(counts, "rebuild", lambda structure: pytest.fail("counted again"))


def test_it_keeps_the_counts_of_a_full_count_through_approvals_and_decisions(
    world, counted, approve, reviewer
):
    day = datetime.date(2026, 1, 10)

    approve(entry(world, "criminalize", "nga", Status.IN_PROGRESS, day))
    approve(entry(world, "fund", "nga", Status.PARTIAL, day))
    approve(entry(world, "prosecute", "bra", Status.NOT_STARTED, day))
    # A newer fact moves Nigeria's criminalization commitment on; an older one changes nothing.
    approve(entry(world, "criminalize", "nga", Status.IMPLEMENTED, day + datetime.timedelta(1)))
    approve(entry(world, "criminalize", "nga", Status.REGRESSED, day - datetime.timedelta(30)))
    rejected = entry(world, "prosecute", "bra", Status.IMPLEMENTED, day + datetime.timedelta(2))
    rejected.transition("submit", rejected.created_by)
    rejected.transition("reject", reviewer, comment="No source.")

    cells = THEMES.counts()
    assert cells == full_count()
    prosecution = Topic.objects.get(slug="prosecution").pk
    # Tagged with Prosecution and its sub-topic, a commitment still counts once there.
    assert cells[(world["nga"].pk, prosecution)] == {Status.IMPLEMENTED: 1, Status.PARTIAL: 1}
    assert cells[(world["nga"].pk, world["funding"].pk)] == {Status.PARTIAL: 1}
    assert cells[(world["bra"].pk, prosecution)] == {Status.NOT_STARTED: 1}
    by_state = STATUSES.counts()
    assert by_state == full_status_count()
    assert by_state[(world["nga"].pk,)] == {Status.IMPLEMENTED: 1, Status.PARTIAL: 1}
    assert by_state[(world["bra"].pk,)] == {Status.NOT_STARTED: 1}


def test_it_takes_the_count_back_when_an_assessment_goes_away(world, counted, approve):
    approved = approve(entry(world, "prosecute", "bra", Status.PARTIAL, datetime.date(2026, 2, 1)))
    assert THEMES.counts() != {}
    ProgressEntry.objects.filter(pk=approved.pk).update(workflow_state=WorkflowState.WITHDRAWN)

    with transaction.atomic():
        CurrentAssessment.objects.refresh(approved.commitment_id, approved.state_id, None)

    assert not CurrentAssessment.objects.filter(entry=approved).exists()
    assert full_count() == {}
    assert THEMES.counts() == {} == STATUSES.counts()


def test_it_counts_again_from_scratch_after_a_commitment_is_retagged(world, approve):
    approve(entry(world, "prosecute", "bra", Status.PARTIAL, datetime.date(2026, 2, 1)))
    before = THEMES.counts()

    world["prosecute"].topics.add(world["funding"])

    after = THEMES.counts()
    assert (world["bra"].pk, world["funding"].pk) not in before
    assert after[(world["bra"].pk, world["funding"].pk)] == {Status.PARTIAL: 1}
    assert after == full_count()


def test_it_counts_again_from_scratch_after_the_assessments_are_rebuilt(world, approve, reviewer):
    approve(entry(world, "prosecute", "bra", Status.PARTIAL, datetime.date(2026, 2, 1)))
    THEMES.counts()
    # An approval written in bulk (update() computes its assessment as save() would), then
    # the whole table rebuilt: the counts are counted again from scratch and still agree.
    loaded = entry(world, "fund", "bra", Status.IMPLEMENTED, datetime.date(2026, 2, 2))
    ProgressEntry.objects.filter(pk=loaded.pk).update(
        workflow_state=WorkflowState.APPROVED,
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
        decided_by=reviewer,
    )
    CurrentAssessment.objects.rebuild()

    cells = THEMES.counts()
    assert cells[(world["bra"].pk, world["funding"].pk)] == {Status.IMPLEMENTED: 1}
    assert cells == full_count()
    assert STATUSES.counts()[(world["bra"].pk,)] == {Status.PARTIAL: 1, Status.IMPLEMENTED: 1}
    assert STATUSES.counts() == full_status_count()


def test_it_leaves_out_commitments_that_are_no_longer_trackable(world, approve):
    approve(entry(world, "prosecute", "bra", Status.PARTIAL, datetime.date(2026, 2, 1)))
    assert THEMES.counts() != {}

    world["prosecute"].retired = True
    world["prosecute"].save()

    assert THEMES.counts() == {} == full_count()
    assert STATUSES.counts() == {} == full_status_count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_it_counts_every_one_of_simultaneous_approvals(world):
    """Approvals on one state and theme at the same moment, and a recount among them."""
    reviewer = UserFactory(role="Reviewers")
    day = datetime.date(2026, 3, 1)
    THEMES.counts()
    STATUSES.counts()
    submitted = []
    for commitment, status in (
        ("criminalize", Status.PARTIAL),
        ("prosecute", Status.IMPLEMENTED),
        ("fund", Status.IN_PROGRESS),
    ):
        draft = entry(world, commitment, "nga", status, day)
        draft.transition("submit", draft.created_by)
        submitted.append(ProgressEntry.objects.get(pk=draft.pk))
    # A change of structure committed just before: one of the threads counts from scratch
    # while the others approve.
    world["fund"].topics.add(Topic.objects.get(slug="protection"))

    outcomes = run_together(
        *(lambda e=e: e.transition("approve", reviewer) for e in submitted),
        THEMES.counts,
        STATUSES.counts,
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    prosecution = Topic.objects.get(slug="prosecution").pk
    assert THEMES.counts() == full_count()
    assert sum(THEMES.counts()[(world["nga"].pk, prosecution)].values()) == 3
    assert STATUSES.counts() == full_status_count()
    assert sum(STATUSES.counts()[(world["nga"].pk,)].values()) == 3


@pytest.fixture
def keep_the_test_connection(monkeypatch):
    """As in tests/jobs/: the worker must not close the test's own connection."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def queued_recounts():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=tasks.recount_maintained_counts.module_path)


def work_off_the_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


# On real commits: a recount is queued when the change commits, once per transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_counts_again_in_the_worker_after_an_import(
    seed_texts, approve, keep_the_test_connection, monkeypatch
):
    organization = OrganizationFactory()  # a change of structure too: before the import
    work_off_the_queue()
    THEMES.counts()
    STATUSES.counts()
    before = queued_recounts().count()

    outcome = import_resolution(next(iter(seed_texts.values())))

    assert queued_recounts().count() == before + 1
    commitment = outcome.resolution.commitments.filter(is_trackable=True).first()
    # Counted before the import; the import queued a recount, which has not run yet.
    stale = {counts.built_for_key for counts in (THEMES, STATUSES)}
    assert all(cache().get(key) != figures_version([STRUCTURE]) for key in stale)

    work_off_the_queue()

    for counts in (THEMES, STATUSES):
        assert cache().get(counts.built_for_key) == figures_version([STRUCTURE])
        monkeypatch.setattr(counts, "rebuild", lambda structure: pytest.fail("counted again"))
    kenya = State.objects.get(iso3="KEN")
    approve(ProgressEntryFactory(commitment=commitment, state=kenya, organization=organization))
    assert THEMES.counts() == full_count() != {}
    assert STATUSES.counts() == full_status_count() != {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_queues_one_recount_per_transaction_that_changes_the_structure(world):
    """Topics retagged, a topic and a state edited, as in one admin save: one recount."""
    before = queued_recounts().count()

    with transaction.atomic():
        world["prosecute"].topics.add(world["funding"])
        world["fund"].topics.remove(world["funding"])
        world["funding"].save()
        world["nga"].save()

    assert queued_recounts().count() == before + 1
