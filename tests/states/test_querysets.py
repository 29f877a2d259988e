"""`State.objects.in_region`: the one meaning of "in a region", at each M49 tier."""

import pytest

from states.models import Region, State

pytestmark = pytest.mark.django_db

WESTERN_AFRICA = {
    "BEN", "BFA", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB",
    "LBR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TGO",
}  # fmt: skip


def codes(queryset):
    return set(queryset.values_list("iso3", flat=True))


def test_it_finds_the_states_of_an_intermediate_region_exactly():
    western_africa = Region.objects.get(m49_code="011")

    assert codes(State.objects.in_region(western_africa)) == WESTERN_AFRICA


@pytest.mark.parametrize(
    ("m49_code", "count"),
    [("002", 54), ("202", 48), ("011", 16)],  # Africa > Sub-Saharan Africa > Western Africa
)
def test_it_finds_a_state_under_each_of_its_three_tiers(m49_code, count):
    region = Region.objects.get(m49_code=m49_code)
    states = State.objects.in_region(region)

    assert states.count() == count
    assert codes(states) >= WESTERN_AFRICA


def test_it_takes_a_regions_primary_key_and_combines_with_other_filters():
    western_africa = Region.objects.get(m49_code="011")

    assert codes(State.objects.in_region(western_africa.pk).filter(iso3__startswith="G")) == {
        "GHA",
        "GIN",
        "GMB",
        "GNB",
    }
