"""Every state, resolution and topic offers its printable report and PDF one click away."""

import pytest
from django.urls import reverse

from states.models import State
from tests.factories.commitments import ResolutionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def links(kind, key):
    """The two actions' addresses, as the page prints them (& escaped in HTML)."""
    return (
        f'href="/reports/{kind}s/{key}/">Printable report',
        f'href="/jobs/report/?report={kind}&amp;key={key}">PDF',
    )


def test_it_offers_the_report_and_its_pdf_on_a_state_page(client):
    State.objects.filter(iso3="KEN").update(slug="kenya")

    html = client.get(reverse("states:state_detail", args=["kenya"])).content.decode()

    for link in links("state", "kenya"):
        assert link in html


def test_it_offers_the_report_and_its_pdf_on_a_resolution_page(client):
    resolution = ResolutionFactory()

    html = client.get(reverse("commitments:resolution_detail", args=[resolution.pk])).content
    html = html.decode()

    for link in links("resolution", resolution.pk):
        assert link in html


def test_it_lists_every_topic_with_its_report_and_pdf(client):
    parent = TopicFactory(slug="protection-x", name="Protection X", description="Shelters.")
    TopicFactory(slug="shelters-x", name="Shelters X", parent=parent)

    response = client.get(reverse("reports:report_list"))

    html = response.content.decode()
    for slug in ("protection-x", "shelters-x"):
        for link in links("topic", slug):
            assert link in html
    assert '<span class="visually-hidden"> of the progress report on Shelters X</span>' in html
    assert "<dt>Topic report</dt>" in html
    assert "Commitments without approved progress</strong>: a short table" in html


def test_it_links_the_reports_list_from_every_page(client):
    html = client.get(reverse("states:state_list")).content.decode()

    assert f'<a href="{reverse("reports:report_list")}">Reports</a>' in html
