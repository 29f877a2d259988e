import datetime

import pytest

from states.choices import ImplementationStatus
from states.models import State
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory


@pytest.fixture
def commitment():
    resolution = ResolutionFactory(symbol="A/RES/65/190", title="Trafficking in women and girls")
    return CommitmentFactory(
        paragraph=ParagraphFactory(
            resolution=resolution,
            number="17",
            position=17,
            text="Calls upon all Governments to criminalize trafficking in persons;",
        )
    )


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def entry_on(commitment, kenya):
    """An entry on `commitment` for Kenya, approved unless `approve=False`."""
    reviewer = UserFactory(role="Reviewers")
    organization = OrganizationFactory(name="Coalition against Trafficking")

    def entry_on(summary, *, state=kenya, on=commitment, approve=True, day=1):
        entry = ProgressEntryFactory(
            commitment=on,
            state=state,
            organization=organization,
            status=ImplementationStatus.IN_PROGRESS,
            fact_date=datetime.date(2026, 3, day),
            summary=summary,
        )
        if approve:
            entry.transition("submit", entry.created_by)
            entry.transition("approve", reviewer)
        return entry

    return entry_on
