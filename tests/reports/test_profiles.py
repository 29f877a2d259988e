"""State and commitment profiles: progress over time, the region, every state's status."""

import datetime

import pytest
from django.urls import reverse

from reports import profiles
from states.choices import ImplementationStatus as Status
from states.models import State
from tests.factories.commitments import CommitmentFactory
from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 15)


@pytest.fixture
def commitments():
    return CommitmentFactory.create_batch(4)


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def data(approve, commitments, kenya):
    """Kenya: two commitments assessed over two years; Ghana one; Peru (elsewhere) one."""
    ghana, peru = State.objects.get(iso3="GHA"), State.objects.get(iso3="PER")
    for commitment, state, status, day in [
        (commitments[0], kenya, Status.IN_PROGRESS, datetime.date(2024, 2, 1)),
        (commitments[0], kenya, Status.IMPLEMENTED, datetime.date(2025, 5, 1)),
        (commitments[1], kenya, Status.PARTIAL, datetime.date(2025, 9, 1)),
        (commitments[0], ghana, Status.NOT_STARTED, datetime.date(2025, 1, 1)),
        (commitments[0], peru, Status.IMPLEMENTED, datetime.date(2025, 1, 1)),
    ]:
        approve(
            ProgressEntryFactory(commitment=commitment, state=state, status=status, fact_date=day)
        )
    ProgressEntryFactory(commitment=commitments[2], state=kenya, fact_date=TODAY)  # a draft


def test_it_counts_a_states_approved_entries_per_year_by_status(data, kenya):
    profile = profiles.state_profile(kenya, today=TODAY)

    assert [row.year for row in profile.timeline] == list(range(2017, 2027))
    by_year = {row.year: row.counts for row in profile.timeline if row.counts}
    assert by_year == {
        2024: {Status.IN_PROGRESS: 1},
        2025: {Status.IMPLEMENTED: 1, Status.PARTIAL: 1},
    }


def test_it_compares_a_state_with_the_average_of_its_region(data, kenya):
    own, region = profiles.state_profile(kenya, today=TODAY).comparison

    assert own.label == "Kenya"
    assert own.assessed_per_state == 2
    assert {s.status: s.count for s in own.statuses if s.count} == {
        Status.IMPLEMENTED: 1,
        Status.PARTIAL: 1,
    }
    africa_members = State.objects.members().filter(region=kenya.region).count()
    assert region.label == f"Africa, average of {africa_members} states"
    assert region.assessed_per_state == round(3 / africa_members, 1)
    # Peru is in the Americas: not part of Africa's figures.
    assert {s.status: s.count for s in region.statuses if s.count} == {
        Status.IMPLEMENTED: 1,
        Status.PARTIAL: 1,
        Status.NOT_STARTED: 1,
    }


def test_it_shows_the_profile_on_the_state_page(client, data, kenya):
    page = client.get(reverse("states:state_detail", args=[kenya.slug])).content.decode()

    assert "Compared with Africa" in page
    assert "Partially implemented 50% · Implemented 50%</span>" in page
    assert '<tr><th scope="row">2025</th><td class="num">1</td><td class="num">1</td>' in page


def test_it_lays_every_member_state_out_by_region_with_its_status(data, commitments, kenya):
    profile = profiles.commitment_profile(commitments[0], user=None)

    tiles = {tile.state.iso3: tile for _, tiles in profile.regions for tile in tiles}
    assert len(tiles) == 193
    assert tiles["KEN"].status == Status.IMPLEMENTED
    assert tiles["GHA"].label == "Not started"
    assert tiles["FRA"].label == "no approved entry"
    assert profile.assessed == 3
    assert [name for name, _ in profile.regions] == [
        "Africa",
        "Americas",
        "Asia",
        "Europe",
        "Oceania",
    ]


def test_it_lists_only_evidence_the_reader_may_see(approve, commitments, kenya, client):
    public = ProgressEntryFactory(commitment=commitments[3], state=kenya)
    public.add_evidence(public.created_by, citation="Published audit report, p. 4")
    approve(public)
    private = ProgressEntryFactory(commitment=commitments[3], state=kenya)
    private.add_evidence(private.created_by, citation="Interview notes, unpublished")

    page = client.get(commitments[3].get_absolute_url()).content.decode()

    assert "Published audit report, p. 4" in page
    assert "Interview notes, unpublished" not in page
    client.force_login(private.created_by)
    assert (
        "Interview notes, unpublished"
        in client.get(commitments[3].get_absolute_url()).content.decode()
    )
