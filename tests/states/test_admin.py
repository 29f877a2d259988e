"""The admin lists, searches and filters each model for a superuser."""

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from states.models import Organization, Region, State
from tests.factories.states import OrganizationFactory

pytestmark = pytest.mark.django_db


def changelist(client, model, **params):
    url = reverse(f"admin:states_{model._meta.model_name}_changelist")
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_states(admin_client):
    content = changelist(admin_client, State)
    assert "195 states" in content
    assert escape("Bolivia (Plurinational State of)") in content


def test_it_searches_states_by_name(admin_client):
    content = changelist(admin_client, State, q="Bolivia")
    assert escape("Bolivia (Plurinational State of)") in content
    assert "France" not in content


@pytest.mark.parametrize("code", ["CIV", "CI", "384"])
def test_it_searches_states_by_code(admin_client, code):
    content = changelist(admin_client, State, q=code)
    assert escape("Côte d'Ivoire") in content
    assert "Brazil" not in content


def test_it_filters_states_by_status(admin_client):
    content = changelist(admin_client, State, un_status="observer")
    assert "Holy See" in content
    assert "State of Palestine" in content
    assert "France" not in content


def test_it_filters_states_by_subregion(admin_client):
    western_europe = Region.objects.get(m49_code="155")
    content = changelist(admin_client, State, subregion__id__exact=western_europe.pk)
    assert "France" in content
    assert "Italy" not in content


def test_it_lists_and_searches_regions(admin_client):
    assert "29 regions" in changelist(admin_client, Region)
    content = changelist(admin_client, Region, q="Melanesia")
    assert "Melanesia" in content
    assert "Polynesia" not in content
    assert "Melanesia" in changelist(admin_client, Region, q="054")


def test_it_lists_and_searches_organizations(admin_client):
    OrganizationFactory(name="Anti-Slavery International", acronym="ASI")
    OrganizationFactory(name="Walk Free")
    assert "Walk Free" in changelist(admin_client, Organization)
    content = changelist(admin_client, Organization, q="Slavery")
    assert "Anti-Slavery International" in content
    assert "Walk Free" not in content


def test_it_searches_organizations_by_country(admin_client):
    OrganizationFactory(name="Commission nationale", country=State.objects.get(iso3="FRA"))
    OrganizationFactory(name="Walk Free")
    content = changelist(admin_client, Organization, q="France")
    assert "Commission nationale" in content
    assert "Walk Free" not in content


@pytest.mark.parametrize("model", [Region, State, Organization])
def test_it_opens_the_add_form(admin_client, model):
    response = admin_client.get(reverse(f"admin:states_{model._meta.model_name}_add"))
    assert response.status_code == 200


def test_it_opens_a_states_change_form(admin_client):
    france = State.objects.get(iso3="FRA")
    response = admin_client.get(reverse("admin:states_state_change", args=[france.pk]))
    assert response.status_code == 200
    assert "Western Europe" in response.content.decode()


def test_it_autocompletes_only_subregions_for_the_subregion_field(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "states", "model_name": "state", "field_name": "subregion", "term": "West"},
    )
    assert response.status_code == 200
    names = {result["text"] for result in json.loads(response.content)["results"]}
    assert names == {"Western Asia", "Western Europe"}


def test_it_autocompletes_an_organizations_country(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "states",
            "model_name": "organization",
            "field_name": "country",
            "term": "Fra",
        },
    )
    assert response.status_code == 200
    names = {result["text"] for result in json.loads(response.content)["results"]}
    assert "France" in names
    assert "Brazil" not in names
