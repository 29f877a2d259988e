"""Current assessments: the latest approved status per (commitment, subject), filtered."""

import datetime
import json

import pytest

from commitments.choices import Strength
from states.choices import ImplementationStatus, WorkflowState
from states.models import State
from tests.factories.commitments import CommitmentFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def results(api, **params):
    response = api.get("/api/v1/assessments/", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)["results"]


def test_it_gives_the_latest_approved_status_of_each_pair_only(api, cast):
    france = State.objects.get(iso3="FRA")
    commitment = CommitmentFactory()
    older = cast.entry(
        WorkflowState.APPROVED,
        commitment=commitment,
        state=france,
        status=ImplementationStatus.IN_PROGRESS,
        fact_date=datetime.date(2021, 1, 1),
    )
    newer = cast.entry(
        WorkflowState.APPROVED,
        commitment=commitment,
        state=france,
        status=ImplementationStatus.IMPLEMENTED,
        fact_date=datetime.date(2023, 1, 1),
    )
    cast.entry(
        WorkflowState.SUBMITTED,
        commitment=commitment,
        state=france,
        status=ImplementationStatus.REGRESSED,
        fact_date=datetime.date(2024, 1, 1),
    )

    rows = results(api)

    assert len(rows) == 1
    assert rows[0]["status"] == "implemented"
    assert rows[0]["fact_date"] == "2023-01-01"
    assert rows[0]["state"]["iso3"] == "FRA"
    assert rows[0]["entry"].endswith(f"/api/v1/entries/{newer.pk}/")
    assert older.pk != newer.pk


def test_it_filters_assessments_by_state_region_status_commitment_and_date(api, cast):
    binding = CommitmentFactory(strength=Strength.BINDING)
    kenya = cast.entry(
        WorkflowState.APPROVED,
        commitment=binding,
        state=State.objects.get(iso3="KEN"),
        status=ImplementationStatus.PARTIAL,
        fact_date=datetime.date(2022, 5, 1),
    )
    chile = cast.entry(
        WorkflowState.APPROVED,
        state=State.objects.get(iso3="CHL"),
        status=ImplementationStatus.IMPLEMENTED,
        fact_date=datetime.date(2019, 5, 1),
    )

    def entries(**params):
        return {row["entry"].rstrip("/").rsplit("/", 1)[-1] for row in results(api, **params)}

    assert entries(state="KEN") == {str(kenya.pk)}
    assert entries(region="419") == {str(chile.pk)}
    assert entries(status="implemented") == {str(chile.pk)}
    assert entries(strength="binding") == {str(kenya.pk)}
    assert entries(commitment=binding.pk) == {str(kenya.pk)}
    assert entries(fact_date_before="2020-12-31") == {str(chile.pk)}
    assert entries(resolution=chile.commitment.resolution_id) == {str(chile.pk)}
