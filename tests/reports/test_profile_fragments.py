"""
The state profile and the commitment tile map are cached as HTML (reports/profiles.py):
rendered on the first request after a change, read back after that, and rendered again with
the new figures once an approval changes them.
"""

import datetime

import pytest
from django.urls import reverse

from commitments.factories import CommitmentFactory
from states.choices import ImplementationStatus as Status
from states.factories import ProgressEntryFactory
from states.models import State

pytestmark = pytest.mark.django_db


def rendered(response):
    return {template.name for template in response.templates}


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


def test_it_renders_the_tile_map_once_until_an_assessment_changes(client, approve, kenya):
    commitment = CommitmentFactory()
    approve(ProgressEntryFactory(commitment=commitment, state=kenya, status=Status.PARTIAL))
    url = commitment.get_absolute_url()

    first = client.get(url)
    again = client.get(url)

    assert "reports/_tile_map.html" in rendered(first)
    assert "reports/_tile_map.html" not in rendered(again)
    assert again.content == first.content
    page = again.content.decode()
    kenya_url = reverse("states:state_detail", args=[kenya.slug])
    assert (
        '<li class="tile status-partial" title="Kenya: Partially implemented">'
        f'<a href="{kenya_url}"><abbr title="Kenya">KEN</abbr>'
    ) in page
    assert page.count('<li class="tile ') == State.objects.members().count()
    assert "1 of 193 member states have an approved assessment" in page

    ghana = State.objects.get(iso3="GHA")
    approve(ProgressEntryFactory(commitment=commitment, state=ghana, status=Status.IMPLEMENTED))
    after = client.get(url)

    assert "reports/_tile_map.html" in rendered(after)
    assert 'title="Ghana: Implemented"' in after.content.decode()


def test_it_renders_the_state_profile_once_until_its_figures_change(client, approve, kenya):
    commitment = CommitmentFactory()
    year = datetime.date.today().year
    approve(
        ProgressEntryFactory(
            commitment=commitment,
            state=kenya,
            status=Status.IMPLEMENTED,
            fact_date=datetime.date(year, 1, 1),
        )
    )
    url = reverse("states:state_detail", args=[kenya.slug])

    first = client.get(url)
    again = client.get(url)

    assert "reports/_state_profile.html" in rendered(first)
    assert "reports/_state_profile.html" not in rendered(again)
    page = again.content.decode()
    assert "Compared with Africa" in page
    assert f"<title>{year}: 1 approved entry</title>" in page

    approve(
        ProgressEntryFactory(
            commitment=CommitmentFactory(),
            state=kenya,
            status=Status.PARTIAL,
            fact_date=datetime.date(year, 2, 1),
        )
    )
    after = client.get(url)

    assert "reports/_state_profile.html" in rendered(after)
    assert f"<title>{year}: 2 approved entries</title>" in after.content.decode()
