"""The factories build valid rows that cannot collide with the 195 real states."""

import pycountry
import pytest

from states.choices import OrganizationKind, RegionLevel, UnStatus
from states.models import Region, State
from tests.factories.states import (
    USER_ASSIGNED_ISO2,
    USER_ASSIGNED_ISO3,
    USER_ASSIGNED_NUMERIC,
    OrganizationFactory,
    RegionFactory,
    StateFactory,
)


def test_it_draws_codes_only_from_the_iso_user_assigned_ranges():
    assert len(USER_ASSIGNED_ISO2) == len(set(USER_ASSIGNED_ISO2)) == 42
    assert all(pycountry.countries.get(alpha_2=code) is None for code in USER_ASSIGNED_ISO2)
    assert all(pycountry.countries.get(alpha_3=code) is None for code in USER_ASSIGNED_ISO3)
    assert all(pycountry.countries.get(numeric=code) is None for code in USER_ASSIGNED_NUMERIC)


@pytest.mark.django_db
def test_it_builds_a_valid_state():
    state = StateFactory()
    state.full_clean()
    assert state.un_status == UnStatus.MEMBER
    assert state.region.level == RegionLevel.REGION
    assert state.subregion.parent == state.region
    assert State.objects.count() == 196


@pytest.mark.django_db
def test_it_builds_many_states_beside_the_real_ones():
    StateFactory.create_batch(42)
    assert State.objects.count() == 195 + 42
    assert State.objects.members().count() == 193 + 42


@pytest.mark.django_db
def test_it_keeps_factory_states_out_of_real_regions():
    StateFactory(observer=True)
    europe = Region.objects.get(m49_code="150")
    assert State.objects.in_region(europe).count() == 44
    assert State.objects.observers().count() == 3


@pytest.mark.django_db
def test_it_builds_a_state_in_a_real_region():
    europe = Region.objects.get(m49_code="150")
    western_europe = Region.objects.get(m49_code="155")
    state = StateFactory(region=europe, subregion=western_europe)
    state.full_clean()
    assert State.objects.in_region(western_europe).count() == 10


@pytest.mark.django_db
def test_it_builds_regions_at_each_level():
    region = RegionFactory()
    subregion = RegionFactory(subregion=True)
    intermediate = RegionFactory(level=RegionLevel.INTERMEDIATE, parent=subregion)
    for row in (region, subregion, intermediate):
        row.full_clean()
    assert subregion.parent.level == RegionLevel.REGION
    assert intermediate.parent == subregion


@pytest.mark.django_db
def test_it_builds_valid_organizations():
    international = OrganizationFactory()
    national = OrganizationFactory(national=True, kind=OrganizationKind.NHRI)
    for organization in (international, national):
        organization.full_clean()
    assert international.country is None
    assert isinstance(national.country, State)
    assert national.slug == national.name.lower().replace(" ", "-")
