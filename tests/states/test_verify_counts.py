"""`verify_counts`: every count kept on approvals against a full count of the assessments."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from commitments.models import Topic
from states.choices import ImplementationStatus as Status
from states.counts import STATUSES, THEMES
from states.models import State, StateStatusCount, ThemeCount
from tests.factories.commitments import CommitmentFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_EQUAL = (
    "states.ThemeCount: every kept count equals a full count.\n"
    "states.StateStatusCount: every kept count equals a full count.\n"
)


@pytest.fixture
def approved():
    """Brazil's and Nigeria's approved entries on a Prosecution commitment."""
    prosecution = Topic.objects.get(slug="prosecution")
    commitment = CommitmentFactory(topics=[prosecution])
    organization = OrganizationFactory()
    reviewer = UserFactory(role="Reviewers")
    entries = []
    for iso3, status in (("BRA", Status.PARTIAL), ("NGA", Status.IMPLEMENTED)):
        entry = ProgressEntryFactory(
            commitment=commitment,
            state=State.objects.get(iso3=iso3),
            organization=organization,
            status=status,
            fact_date=datetime.date(2026, 2, 1),
        )
        entries.append(entry)
    # Counted once the structure is made, so the approvals go through the kept counts' moves.
    for kept in (THEMES, STATUSES):
        kept.counts()
    for entry in entries:
        entry.transition("submit", entry.created_by)
        entry.transition("approve", reviewer)
    return {"entries": entries, "topic": prosecution}


def verify():
    out = io.StringIO()
    call_command("verify_counts", stdout=out)
    return out.getvalue()


def test_it_finds_every_kept_count_equal_to_a_full_count(approved):
    brazil = State.objects.get(iso3="BRA")

    assert verify() == ALL_EQUAL
    # Not an empty table that equals an empty count: the approvals were counted.
    assert StateStatusCount.objects.get(state=brazil, status=Status.PARTIAL).count == 1
    assert (
        ThemeCount.objects.get(state=brazil, topic=approved["topic"], status="partial").count == 1
    )


def test_it_prints_each_tampered_count_and_exits_non_zero(approved):
    brazil = State.objects.get(iso3="BRA")
    nigeria = State.objects.get(iso3="NGA")
    StateStatusCount.objects.filter(state=brazil, status=Status.PARTIAL).update(count=5)
    ThemeCount.objects.filter(state=nigeria, topic=approved["topic"]).delete()
    out = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("verify_counts", stdout=out)

    assert str(refused.value) == (
        "2 kept counts differ from a full count. Run rebuild_assessments to count everything again."
    )
    assert refused.value.returncode == 1  # manage.py's exit status
    topic = approved["topic"].pk
    assert out.getvalue() == (
        f"states.ThemeCount: state {nigeria.pk}, topic {topic}, implemented: kept 0, counted 1\n"
        f"states.StateStatusCount: state {brazil.pk}, partial: kept 5, counted 1\n"
    )
