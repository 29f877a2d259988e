"""Constraints and query helpers of the states models."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from states.choices import RegionLevel
from states.models import Region, State
from tests.factories.states import OrganizationFactory, RegionFactory, StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def france():
    return State.objects.get(iso3="FRA")


@pytest.mark.parametrize("field", ["name", "slug", "iso2", "iso3", "m49_code"])
def test_it_rejects_a_state_reusing_a_real_states_value(france, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        StateFactory(**{field: getattr(france, field)})


def test_it_rejects_a_duplicate_region_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionFactory(m49_code="150")


def test_it_rejects_a_top_level_region_with_a_parent():
    europe = Region.objects.get(m49_code="150")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionFactory(level=RegionLevel.REGION, parent=europe)


def test_it_rejects_a_subregion_without_a_parent():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionFactory(level=RegionLevel.SUBREGION, parent=None)


@pytest.mark.parametrize("field", ["name", "slug"])
def test_it_rejects_a_duplicate_organization(field):
    existing = OrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(**{field: getattr(existing, field)})


def test_it_finds_states_in_a_region():
    europe = Region.objects.get(m49_code="150")
    names = set(State.objects.in_region(europe).values_list("name", flat=True))
    assert len(names) == 44
    assert {"France", "Holy See", "Russian Federation"} <= names
    assert "Türkiye" not in names


def test_it_finds_states_in_a_subregion():
    western_europe = Region.objects.get(m49_code="155")
    assert set(State.objects.in_region(western_europe).values_list("iso3", flat=True)) == {
        "AUT",
        "BEL",
        "CHE",
        "DEU",
        "FRA",
        "LIE",
        "LUX",
        "MCO",
        "NLD",
    }


def test_it_finds_states_in_an_intermediate_region():
    south_america = Region.objects.get(m49_code="005")
    states = State.objects.in_region(south_america)
    assert states.count() == 12
    assert states.filter(iso3="BRA").exists()
    assert not states.filter(iso3="MEX").exists()


def test_it_combines_in_region_with_members():
    southern_europe = Region.objects.get(m49_code="039")
    assert State.objects.in_region(southern_europe).count() == 15
    assert State.objects.in_region(southern_europe).members().count() == 14
    assert list(
        State.objects.in_region(southern_europe).observers().values_list("name", flat=True)
    ) == ["Holy See"]


def test_it_validates_that_subregion_belongs_to_region(france):
    france.subregion = Region.objects.get(m49_code="145")  # Western Asia
    with pytest.raises(ValidationError) as error:
        france.full_clean()
    assert "subregion" in error.value.message_dict


def test_it_validates_that_intermediate_region_belongs_to_subregion(france):
    france.intermediate_region = Region.objects.get(m49_code="005")  # South America
    with pytest.raises(ValidationError) as error:
        france.full_clean()
    assert "intermediate_region" in error.value.message_dict


def test_it_validates_code_formats():
    state = StateFactory.build(iso2="fr", iso3="FR", m49_code="25")
    with pytest.raises(ValidationError) as error:
        state.full_clean()
    assert {"iso2", "iso3", "m49_code"} <= set(error.value.message_dict)


def test_it_shows_names_as_strings(france):
    assert str(france) == "France"
    assert str(france.subregion) == "Western Europe"
    assert str(OrganizationFactory(name="Anti-Slavery International", acronym="ASI")) == (
        "Anti-Slavery International (ASI)"
    )
    assert str(OrganizationFactory(name="Walk Free", acronym="")) == "Walk Free"


def test_it_keeps_an_organization_when_its_country_goes():
    organization = OrganizationFactory(national=True)
    organization.country.delete()
    organization.refresh_from_db()
    assert organization.country is None


def test_it_protects_a_region_that_states_use():
    with pytest.raises(ProtectedError):
        Region.objects.get(m49_code="155").delete()
