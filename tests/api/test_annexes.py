"""The API gives each commitment and paragraph of an annexed text its place."""

from pathlib import Path

import pytest
from django.conf import settings

from api.documents import document_queryset, import_resolution_document, resolution_document
from commitments.ingest import import_resolution
from commitments.models import Commitment

pytestmark = pytest.mark.django_db

PLAN = (
    Path(settings.BASE_DIR) / "tests" / "parsing" / "samples" / "ga_plan_of_action_annex.txt"
).read_text(encoding="utf-8")


def test_a_commitment_of_an_annex_has_its_part_headings_and_reference(api):
    resolution = import_resolution(PLAN).resolution
    commitment = Commitment.objects.get(
        resolution=resolution, paragraph__part="annex", paragraph__number="13"
    )
    data = api.get(f"/api/v1/commitments/{commitment.pk}/").json()
    assert (data["reference"], data["part"], data["label"]) == (
        "A/RES/64/293, annex, para. 13",
        "annex",
        "13",
    )
    assert data["headings"] == ["II. Protecting and assisting victims of trafficking in persons"]
    own = Commitment.objects.get(resolution=resolution, paragraph__part="", paragraph__number="1")
    data = api.get(f"/api/v1/commitments/{own.pk}/").json()
    assert (data["reference"], data["part"], data["headings"]) == ("A/RES/64/293 OP 1", "", [])


def test_the_resolution_lists_its_annex_paragraphs_with_their_part(api):
    resolution = import_resolution(PLAN).resolution
    data = api.get(f"/api/v1/resolutions/{resolution.pk}/").json()
    parts = [(p["part"], p["kind"]) for p in data["paragraphs"]]
    assert parts[:7] == [("", "preambular")] * 3 + [("", "operative")] * 3 + [
        ("annex", "preambular")
    ]
    assert {p["part_title"] for p in data["paragraphs"] if p["part"]} == {
        "United Nations Global Plan of Action to Combat Trafficking in Persons"
    }


def test_a_resolution_document_keeps_the_annex_places():
    resolution = import_resolution(PLAN).resolution
    document = resolution_document(document_queryset().get(pk=resolution.pk))
    resolution.delete()
    copy = import_resolution_document(document).resolution
    places = [str(c) for c in Commitment.objects.filter(resolution=copy, paragraph__number="13")]
    assert places == ["A/RES/64/293, annex, para. 13"]
