"""What the 0002 data migration left in the test database: the real reference data."""

from collections import Counter
from importlib import import_module

import pytest
from django.apps import apps

from states.choices import RegionLevel, UnStatus
from states.models import Region, State

pytestmark = pytest.mark.django_db

MEMBERS_PER_REGION = {
    "Africa": 54,
    "Americas": 35,
    "Asia": 47,
    "Europe": 43,
    "Oceania": 14,
}
MEMBERS_PER_SUBREGION = {
    "Northern Africa": 6,
    "Sub-Saharan Africa": 48,
    "Northern America": 2,
    "Latin America and the Caribbean": 33,
    "Central Asia": 5,
    "Eastern Asia": 5,
    "South-eastern Asia": 11,
    "Southern Asia": 9,
    "Western Asia": 17,
    "Eastern Europe": 10,
    "Northern Europe": 10,
    "Southern Europe": 14,
    "Western Europe": 9,
    "Australia and New Zealand": 2,
    "Melanesia": 4,
    "Micronesia": 5,
    "Polynesia": 3,
}
MEMBERS_PER_INTERMEDIATE_REGION = {
    "Eastern Africa": 18,
    "Middle Africa": 9,
    "Southern Africa": 5,
    "Western Africa": 16,
    "Caribbean": 13,
    "Central America": 8,
    "South America": 12,
}


def test_it_loaded_195_states():
    assert State.objects.count() == 195
    assert State.objects.members().count() == 193
    assert set(State.objects.observers().values_list("name", flat=True)) == {
        "Holy See",
        "State of Palestine",
    }


def test_it_loaded_the_m49_regions_used_by_states():
    assert Counter(Region.objects.values_list("level", flat=True)) == {
        RegionLevel.REGION: 5,
        RegionLevel.SUBREGION: 17,
        RegionLevel.INTERMEDIATE: 7,
    }
    assert set(Region.objects.filter(level=RegionLevel.REGION).values_list("m49_code", "name")) == {
        ("002", "Africa"),
        ("019", "Americas"),
        ("142", "Asia"),
        ("150", "Europe"),
        ("009", "Oceania"),
    }


def test_it_counts_members_per_region():
    counts = Counter(State.objects.members().values_list("region__name", flat=True))
    assert counts == MEMBERS_PER_REGION


def test_it_counts_members_per_subregion():
    counts = Counter(State.objects.members().values_list("subregion__name", flat=True))
    assert counts == MEMBERS_PER_SUBREGION


def test_it_counts_members_per_intermediate_region():
    counts = Counter(
        State.objects.members()
        .filter(intermediate_region__isnull=False)
        .values_list("intermediate_region__name", flat=True)
    )
    assert counts == MEMBERS_PER_INTERMEDIATE_REGION


def test_it_links_each_state_along_one_m49_path():
    for state in State.objects.select_related("region", "subregion", "intermediate_region"):
        assert state.region.level == RegionLevel.REGION, state
        assert state.subregion.level == RegionLevel.SUBREGION, state
        assert state.subregion.parent_id == state.region_id, state
        if state.intermediate_region:
            assert state.intermediate_region.level == RegionLevel.INTERMEDIATE, state
            assert state.intermediate_region.parent_id == state.subregion_id, state
        state.full_clean()


def test_it_puts_france_in_western_europe():
    france = State.objects.get(iso3="FRA")
    assert france.name == "France"
    assert france.slug == "france"
    assert (france.iso2, france.m49_code) == ("FR", "250")
    assert france.un_status == UnStatus.MEMBER
    assert (france.region.name, france.region.m49_code) == ("Europe", "150")
    assert (france.subregion.name, france.subregion.m49_code) == ("Western Europe", "155")
    assert france.intermediate_region is None


def test_it_puts_brazil_in_south_america():
    brazil = State.objects.get(iso2="BR")
    assert (brazil.iso3, brazil.m49_code) == ("BRA", "076")
    assert (brazil.intermediate_region.name, brazil.intermediate_region.m49_code) == (
        "South America",
        "005",
    )
    assert (brazil.subregion.name, brazil.subregion.m49_code) == (
        "Latin America and the Caribbean",
        "419",
    )
    assert (brazil.region.name, brazil.region.m49_code) == ("Americas", "019")


def test_it_records_the_two_observer_states():
    holy_see = State.objects.get(m49_code="336")
    assert (holy_see.name, holy_see.iso2, holy_see.iso3) == ("Holy See", "VA", "VAT")
    assert holy_see.un_status == UnStatus.OBSERVER
    assert holy_see.subregion.name == "Southern Europe"

    palestine = State.objects.get(m49_code="275")
    assert (palestine.name, palestine.iso2, palestine.iso3) == ("State of Palestine", "PS", "PSE")
    assert palestine.un_status == UnStatus.OBSERVER
    assert palestine.subregion.name == "Western Asia"


@pytest.mark.parametrize(
    ("iso3", "slug"),
    [
        ("BOL", "bolivia-plurinational-state-of"),
        ("CIV", "cote-divoire"),
        ("TUR", "turkiye"),
        ("GBR", "united-kingdom-of-great-britain-and-northern-ireland"),
        ("PRK", "democratic-peoples-republic-of-korea"),
    ],
)
def test_it_makes_ascii_slugs(iso3, slug):
    assert State.objects.get(iso3=iso3).slug == slug


def test_it_can_be_applied_again_without_duplicates():
    """The loader is keyed on codes: running it over loaded data changes nothing."""
    before = list(State.objects.order_by("m49_code").values())
    load_states = import_module("states.migrations.0002_load_states").load_states
    load_states(apps, schema_editor=None)
    assert State.objects.count() == 195
    assert Region.objects.count() == 29
    assert list(State.objects.order_by("m49_code").values()) == before


def test_it_repairs_an_edited_row_when_applied_again():
    State.objects.filter(iso3="TUR").update(name="Turkey", slug="turkey")
    load_states = import_module("states.migrations.0002_load_states").load_states
    load_states(apps, schema_editor=None)
    turkiye = State.objects.get(iso3="TUR")
    assert (turkiye.name, turkiye.slug) == ("Türkiye", "turkiye")
