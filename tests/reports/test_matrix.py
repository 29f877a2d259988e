"""The implementation matrix: states by topic or commitment, latest approved status."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from commitments.models import Topic
from reports import matrix
from states.choices import ImplementationStatus as Status
from states.models import CurrentAssessment, Region, State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory, TopicFactory
from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    prosecution = Topic.objects.get(slug="prosecution")
    return {
        "prosecution": prosecution,
        "criminalization": Topic.objects.get(slug="criminalization"),
        "funding": Topic.objects.get(slug="funding"),
    }


@pytest.fixture
def data(approve, topics):
    """
    Nigeria: criminalization commitment implemented, a prosecution commitment partial (both
    under Prosecution); Brazil: the criminalization one not started. A draft on funding.
    The prosecution commitment names Nigeria as an addressee, the unassessed one Brazil.
    """
    resolution = ResolutionFactory(symbol="A/RES/99/1")
    criminalize = CommitmentFactory(
        paragraph__resolution=resolution, topics=[topics["criminalization"], topics["prosecution"]]
    )
    prosecute = CommitmentFactory(
        paragraph__resolution=resolution, topics=[topics["prosecution"]], named_states=["NGA"]
    )
    fund = CommitmentFactory(topics=[topics["funding"]])
    unassessed = CommitmentFactory(paragraph__resolution=resolution, named_states=["BRA"])
    nga, bra = State.objects.get(iso3="NGA"), State.objects.get(iso3="BRA")
    approve(ProgressEntryFactory(commitment=criminalize, state=nga, status=Status.IMPLEMENTED))
    approve(ProgressEntryFactory(commitment=prosecute, state=nga, status=Status.PARTIAL))
    approve(ProgressEntryFactory(commitment=criminalize, state=bra, status=Status.NOT_STARTED))
    ProgressEntryFactory(commitment=fund, state=bra, status=Status.IMPLEMENTED)
    return {
        "resolution": resolution,
        "criminalize": criminalize,
        "prosecute": prosecute,
        "unassessed": unassessed,
        "nga": nga,
        "bra": bra,
    }


def cell(grid, state, column_key):
    keys = [column.key for column in grid.columns]
    for group in grid.groups:
        for row in group.rows:
            if row.state == state:
                return row.cells[keys.index(column_key)]
    raise AssertionError(f"{state} is not a row")


def test_it_counts_each_commitment_once_under_its_top_level_topic(data, topics):
    grid = matrix.build(CurrentAssessment.objects.all(), State.objects.members())

    prosecution = topics["prosecution"].pk
    nigeria = cell(grid, data["nga"], prosecution)
    assert nigeria.counts == {Status.IMPLEMENTED: 1, Status.PARTIAL: 1}
    assert nigeria.status == Status.IMPLEMENTED  # a tie shows the further-along status
    assert nigeria.label == "1 implemented; 1 partially implemented"
    assert cell(grid, data["bra"], prosecution).status == Status.NOT_STARTED
    assert cell(grid, data["bra"], topics["funding"].pk).total == 0  # drafts never count
    assert nigeria.url == "/states/nigeria/?assessed=1"
    assert grid.state_count == 193
    assert [g.name for g in grid.groups] == ["Africa", "Americas", "Asia", "Europe", "Oceania"]


def test_it_shows_one_column_per_commitment_when_a_resolution_is_chosen(client, data):
    response = client.get(reverse("reports:matrix"), {"resolution": data["resolution"].pk})

    grid = response.context["matrix"]
    assert grid.by == "commitment"
    # every state-addressed commitment of the resolution, assessed or not
    assert [c.key for c in grid.columns] == [
        data["criminalize"].pk,
        data["prosecute"].pk,
        data["unassessed"].pk,
    ]
    assert grid.columns[0].label == f"OP {data['criminalize'].paragraph.label}"
    assert cell(grid, data["nga"], data["prosecute"].pk).status == Status.PARTIAL
    page = response.content.decode()
    assert 'title="Nigeria: 1 partially implemented; addressed to this State by name"' in page
    commitment_page = reverse("reports:commitment_detail", args=[data["prosecute"].pk])
    assert f'href="{commitment_page}?state=NGA#progress-NGA"' in page


def test_it_filters_by_region_and_status(client, data):
    response = client.get(
        reverse("reports:matrix"),
        {"region": data["nga"].region_id, "status": [Status.IMPLEMENTED], "columns": "topic"},
    )

    grid = response.context["matrix"]
    assert [g.name for g in grid.groups] == ["Africa"]
    assert grid.assessed == 1
    assert data["bra"] not in [row.state for g in grid.groups for row in g.rows]


def test_it_filters_by_an_intermediate_region(client, data, topics):
    """South America is an intermediate region (Americas > Latin America > South America)."""
    south_america = Region.objects.get(m49_code="005")

    response = client.get(
        reverse("reports:matrix"), {"region": south_america.pk, "columns": "topic"}
    )

    grid = response.context["matrix"]
    assert not response.context["filter"].errors
    assert [g.name for g in grid.groups] == ["Americas"]
    rows = [row.state.iso3 for g in grid.groups for row in g.rows]
    assert len(rows) == 12
    assert "BRA" in rows and "MEX" not in rows
    assert grid.assessed == 1
    assert cell(grid, data["bra"], topics["prosecution"].pk).status == Status.NOT_STARTED


def test_it_filters_by_fact_date(client, data):
    CurrentAssessment.objects.filter(state=data["bra"]).update(fact_date=datetime.date(2010, 1, 1))

    response = client.get(reverse("reports:matrix"), {"fact_date_before": "2015-12-31"})

    assert response.context["matrix"].assessed == 1


@pytest.mark.parametrize(
    "params",
    [
        {"resolution": "999999"},
        {"status": "nonsense"},
        {"fact_date_after": "yesterday"},
        {"region": "abc"},
    ],
)
def test_it_shows_filter_errors_instead_of_failing(client, data, params):
    response = client.get(reverse("reports:matrix"), params)

    assert response.status_code == 200
    assert response.context["matrix_html"] is None
    assert "Some filters are not valid" in response.content.decode()


def test_it_reads_the_matrix_in_a_fixed_number_of_queries(
    client, data, approve, topics, django_assert_num_queries
):
    url = reverse("reports:matrix")
    organization = data["criminalize"].progress_entries.first().organization
    # After a change of structure, the theme counts are counted again: the grid's version
    # and the cached grid (a miss); the structure's version and the counts'; in a savepoint,
    # (on PostgreSQL the table lock,) the counts' version again, the old counts deleted, the
    # grouped count, the new counts inserted; their version stored (cache size, existing key
    # and insert or update, in a savepoint: five); then the counts read, the top-level topics
    # (columns) and the member states with their regions; storing the grid (five); the
    # form's three choice lists.
    recounted = 26 + (connection.vendor == "postgresql")
    with django_assert_num_queries(recounted):
        client.get(url)
    for state in State.objects.members()[:40]:
        approve(
            ProgressEntryFactory(
                commitment=data["prosecute"], state=state, organization=organization
            )
        )
    # After approvals only: the grid's version and the cached grid (a miss); the counts'
    # version and the structure's, both current; the counts, topics and states; storing the
    # grid (five); the form's three choice lists. However many assessments there are.
    with django_assert_num_queries(15):
        client.get(url)
    TopicFactory(name="Another top-level topic")
    with django_assert_num_queries(recounted):
        client.get(url)


def test_it_reads_a_cached_matrix_until_an_approval_changes_it(
    client, data, approve, django_assert_num_queries
):
    url = reverse("reports:matrix")
    first = client.get(url).content.decode()
    # the figures version and the cached grid; the form's three choice lists
    with django_assert_num_queries(5):
        again = client.get(url).content.decode()
    assert again == first

    approve(
        ProgressEntryFactory(
            commitment=data["prosecute"], state=data["bra"], status=Status.IMPLEMENTED
        )
    )

    after = client.get(url).content.decode()
    expected = (
        f'title="Brazil: 1 {Status.IMPLEMENTED.label.lower()}; '
        f'1 {Status.NOT_STARTED.label.lower()}"'
    )
    assert expected not in first
    assert expected in after


def test_it_caches_each_filter_on_its_own(client, data):
    url = reverse("reports:matrix")
    everything = client.get(url, {"columns": "topic"}).content.decode()
    africa = client.get(url, {"columns": "topic", "region": data["nga"].region_id}).content
    assert "Brazil" in everything
    assert "Brazil" not in africa.decode().split('id="matrix"')[1]


def test_it_prints_rows_with_every_value_escaped():
    state = State(name='Côte "d\'Ivoire" <script>', slug="cote-divoire", iso3="CIV")
    row = matrix.Row(
        state,
        [
            matrix.Cell({Status.IMPLEMENTED: 2, Status.PARTIAL: 2}, '/states/x/?a=1&b="2"'),
            matrix.Cell({Status.REGRESSED: 1}, "/states/x/", named=True),
            matrix.Cell({}, "/states/x/"),
            matrix.Cell({}, "/states/x/", named=True),
        ],
    )

    printed = matrix.RegionGroup("Africa", [row]).rows_html

    civ = "Côte &#34;d&#39;Ivoire&#34; &lt;script&gt;"
    named = "; addressed to this State by name"
    assert printed == (
        "\n    <tr>\n"
        f'      <th scope="row"><a href="/states/cote-divoire/">{civ}</a></th>\n'
        f'<td class="cell status-implemented" title="{civ}: 2 implemented; '
        '2 partially implemented"><a href="/states/x/?a=1&amp;b=&#34;2&#34;">IM<sub>4</sub>'
        '<span class="visually-hidden"> 2 implemented; 2 partially implemented</span></a></td>\n'
        f'<td class="cell status-regressed named" title="{civ}: 1 regressed{named}">'
        '<a href="/states/x/">RG<span class="named-mark" aria-hidden="true">◆</span>'
        f'<span class="visually-hidden"> 1 regressed{named}</span></a></td>\n'
        f'<td class="cell empty" title="{civ}: no approved entry">·</td>\n'
        f'<td class="cell empty named" title="{civ}: no approved entry{named}">·'
        '<span class="named-mark" aria-hidden="true">◆</span>'
        '<span class="visually-hidden"> Addressed to this State by name</span></td>\n'
        "    </tr>"
    )


def test_it_marks_the_cells_of_commitments_naming_the_rows_state(client, data):
    response = client.get(reverse("reports:matrix"), {"resolution": data["resolution"].pk})

    grid = response.context["matrix"]
    assert cell(grid, data["nga"], data["prosecute"].pk).named
    assert cell(grid, data["bra"], data["unassessed"].pk).named  # without any entry
    assert not cell(grid, data["nga"], data["unassessed"].pk).named
    assert not cell(grid, data["bra"], data["prosecute"].pk).named
    assert not cell(grid, data["nga"], data["criminalize"].pk).named
    page = response.content.decode()
    assert (
        '<td class="cell status-partial named" '
        'title="Nigeria: 1 partially implemented; addressed to this State by name">'
    ) in page
    assert (
        '<td class="cell empty named" '
        'title="Brazil: no approved entry; addressed to this State by name">·'
        '<span class="named-mark" aria-hidden="true">◆</span>'
        '<span class="visually-hidden"> Addressed to this State by name</span></td>'
    ) in page
    assert page.count('<td class="cell ') - page.count(' named"') == 193 * 3 - 2
    assert "Addressed to this State by name (the commitment names it)" in page  # the legend
    # A topic column stands for many commitments: nothing is marked, the legend says nothing.
    by_topic = client.get(reverse("reports:matrix"), {"columns": "topic"}).content.decode()
    assert "named-mark" not in by_topic
    assert "Addressed to this State by name" not in by_topic


def test_it_reads_the_named_states_in_one_query_whatever_the_commitments(
    client, data, django_assert_num_queries
):
    url = reverse("reports:matrix")
    params = {"resolution": data["resolution"].pk}
    # The form's resolution checked; the grid's version and the cached grid (a miss); the
    # filtered commitments (columns) with their resolutions and paragraphs; the counted cells;
    # the States the commitments name (the one query the named-State marks add, #22); the
    # member states with their regions; storing the grid (five); the form's three choice lists.
    with django_assert_num_queries(15) as first:
        client.get(url, params)
    for _ in range(3):
        CommitmentFactory(paragraph__resolution=data["resolution"], named_states=["KEN", "GHA"])
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url, params)
    assert len(response.context["matrix"].columns) == 6
    assert sum("state_code" in query["sql"].lower() for query in first.captured_queries) == 1
