"""
The state profile and the commitment tile map are cached as HTML (reports/profiles.py):
rendered on the first request after a change, read back after that, and rendered again with
the new figures once an approval changes them.
"""

import datetime

import pytest
from django.urls import reverse

from reports import profiles
from states.choices import ImplementationStatus as Status
from states.models import State
from tests.factories.commitments import CommitmentFactory
from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db


def rendered(response):
    return {template.name for template in response.templates}


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


def test_it_prints_the_tile_map_once_until_an_assessment_changes(
    client, approve, kenya, monkeypatch
):
    printed = []
    real = profiles.tile_map_html
    monkeypatch.setattr(
        profiles, "tile_map_html", lambda regions: printed.append(1) or real(regions)
    )
    commitment = CommitmentFactory()
    approve(ProgressEntryFactory(commitment=commitment, state=kenya, status=Status.PARTIAL))
    url = commitment.get_absolute_url()

    first = client.get(url)
    again = client.get(url)

    assert len(printed) == 1
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

    assert len(printed) == 2
    assert 'title="Ghana: Implemented"' in after.content.decode()


def test_it_prints_the_tile_map_with_every_value_escaped():
    regions = [
        (
            "Africa & <Islands>",
            [
                profiles.Tile(
                    profiles.TileState('Côte "d\'Ivoire" <script>', "cote-divoire", "CIV"), ""
                ),
                profiles.Tile(profiles.TileState("Kenya", "kenya", "KEN"), Status.PARTIAL),
            ],
        ),
        ("Empty", []),
    ]

    printed = profiles.tile_map_html(regions)

    civ = "Côte &#34;d&#39;Ivoire&#34; &lt;script&gt;"
    assert printed == (
        '<div class="tile-map" id="tile-map">\n'
        '  <div class="tile-region">\n'
        "    <h3>Africa &amp; &lt;Islands&gt;</h3>\n"
        '    <ul class="tiles">\n'
        f'      <li class="tile empty" title="{civ}: no approved entry">'
        f'<a href="/states/cote-divoire/"><abbr title="{civ}">CIV</abbr>'
        '<span class="visually-hidden"> no approved entry</span></a></li>\n'
        '      <li class="tile status-partial" title="Kenya: Partially implemented">'
        '<a href="/states/kenya/"><abbr title="Kenya">KEN</abbr>'
        '<span class="visually-hidden"> Partially implemented</span></a></li>\n'
        "    </ul>\n"
        "  </div>\n"
        '  <div class="tile-region">\n'
        "    <h3>Empty</h3>\n"
        '    <ul class="tiles">\n'
        "    </ul>\n"
        "  </div>\n"
        "</div>"
    )


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
