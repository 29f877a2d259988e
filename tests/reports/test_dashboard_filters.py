"""The dashboard's filters, the lists its figures link to, coverage by state, latest progress."""

import datetime

import pytest
from django.urls import reverse

from reports import dashboards
from states.choices import ImplementationStatus as Status
from states.counts import STATUSES
from states.models import Region, State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory

from .test_overview import approve, build

pytestmark = pytest.mark.django_db

URL = reverse("reports:overview")


def americas():
    return Region.objects.get(name="Americas")


def figures(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context


def test_it_counts_only_the_region_chosen(client, reviewer):
    build(reviewer)
    region = americas()

    context = figures(client, region=region.pk)

    overview = context["overview"]
    assert overview.states_with_evidence == 1  # Brazil
    assert overview.states_total == State.objects.members().in_region(region).count()
    assert {s.status: s.count for s in overview.statuses if s.count} == {Status.PARTIAL: 1}
    assert overview.assessed_pairs == 1
    assert [(line.name, line.assessed, line.commitments) for line in context["coverage"].most] == [
        ("Brazil", 1, 2)
    ]


def test_it_counts_only_the_period_chosen(client, reviewer):
    build(reviewer)

    context = figures(client, fact_date_after="2026-01-01", fact_date_before="2026-06-30")

    overview = context["overview"]
    # Nigeria's two March 2026 facts; Brazil's (December 2025) and Fiji's (2019) are before.
    assert {s.status: s.count for s in overview.statuses if s.count} == {
        Status.IMPLEMENTED: 1,
        Status.PARTIAL: 1,
    }
    assert overview.states_with_evidence == 1
    assert [(line.name, line.percent) for line in context["coverage"].most] == [
        ("Nigeria", "100.0")
    ]
    assert {m.month: m.count for m in overview.timeline if m.count} == {
        datetime.date(2026, 3, 1): 2
    }
    assert overview.timeline[-1].month == datetime.date(2026, 6, 1)


def test_it_counts_only_the_resolution_chosen(client, reviewer):
    first, _ = build(reviewer)
    other = CommitmentFactory(paragraph__resolution=ResolutionFactory())
    approve(ProgressEntryFactory(commitment=other, state=State.objects.get(iso3="KEN")), reviewer)

    everything = figures(client)["overview"]
    chosen = figures(client, resolution=first.resolution_id)["overview"]

    assert (everything.resolutions, everything.state_commitments, everything.assessed_pairs) == (
        2,
        3,
        5,
    )
    assert (chosen.resolutions, chosen.state_commitments, chosen.assessed_pairs) == (1, 2, 4)
    assert chosen.states_with_evidence == 3


def test_it_links_every_figure_to_the_list_behind_it_with_the_same_filters(client, reviewer):
    first, _ = build(reviewer)
    region = americas()
    query = (
        f"resolution={first.resolution_id}&amp;region={region.pk}&amp;fact_date_after=2025-12-01"
    )

    page = client.get(
        URL,
        {"resolution": first.resolution_id, "region": region.pk, "fact_date_after": "2025-12-01"},
    ).content.decode()

    matrix = f"/dashboard/matrix/?{query}"
    assert f'data-figure="resolutions"><a href="/resolutions/{first.resolution_id}/">1</a>' in page
    assert f'data-figure="trackable"><a href="{matrix}&amp;columns=commitment">2</a>' in page
    assert f'data-figure="states-with-evidence"><a href="{matrix}">1</a>' in page
    assert f'data-figure="coverage"><a href="{matrix}">' in page
    assert f'<a href="{matrix}&amp;status=partial">1</a>' in page
    assert f'<a href="{matrix}&amp;status=partial" aria-label="Partially implemented: 1">' in page
    # A month's column: the assessments dated that month, within the period chosen.
    december = (
        f"/dashboard/matrix/?resolution={first.resolution_id}&amp;region={region.pk}"
        "&amp;fact_date_after=2025-12-01&amp;fact_date_before=2025-12-31"
    )
    assert f'<a href="{december}" aria-label="December 2025: 1">' in page
    assert f'<th scope="row"><a href="{december}">December 2025</a></th>' in page
    # Brazil's assessed commitments of the resolution chosen, on its page.
    assert (
        f'<a href="/states/brazil/?assessed=1&amp;resolution={first.resolution_id}">1 of 2</a>'
        in page
    )


def test_it_lists_the_states_with_most_and_least_coverage(client, reviewer):
    build(reviewer)

    page = client.get(URL).content.decode()

    coverage = figures(client)["coverage"]
    assert [(line.name, line.assessed) for line in coverage.most] == [
        ("Nigeria", 2),
        ("Brazil", 1),
        ("Fiji", 1),
    ]
    assert coverage.least == []
    assert (coverage.without, coverage.states) == (190, 193)
    assert '<a href="/states/nigeria/?assessed=1">2 of 2</a>' in page
    assert "190 of 193 member states have no approved progress on these commitments yet." in page


def test_it_ranks_coverage_with_ties_by_name():
    states = [
        (1, "Chad", "chad"),
        (2, "Benin", "benin"),
        (3, "Angola", "angola"),
        (4, "Mali", "mali"),
    ]

    coverage = dashboards.state_coverage(states, {1: 3, 2: 1, 3: 1}, commitments=4, size=2)

    assert [(line.name, line.percent) for line in coverage.most] == [
        ("Chad", "75.0"),
        ("Angola", "25.0"),
    ]
    assert [line.name for line in coverage.least] == ["Benin"]
    assert (coverage.without, coverage.states) == (1, 4)


def test_it_lists_the_latest_approved_progress_newest_approval_first(client, reviewer):
    first, second = build(reviewer)
    latest = approve(
        ProgressEntryFactory(
            commitment=second,
            state=State.objects.get(iso3="KEN"),
            status=Status.IN_PROGRESS,
            summary="Kenya's parliament passed the counter-trafficking amendment.",
        ),
        reviewer,
    )

    context = figures(client)
    page = client.get(URL).content.decode()

    entries = context["latest_entries"]
    assert entries[0] == latest
    assert len(entries) == 5  # the approved ones; not the submitted, nor the draft
    assert "Kenya&#x27;s parliament passed the counter-trafficking amendment." in page
    region_only = figures(client, region=americas().pk)["latest_entries"]
    assert [entry.state.iso3 for entry in region_only] == ["BRA"]


@pytest.mark.parametrize(
    "params",
    [{"region": "999999"}, {"fact_date_after": "not a date"}, {"resolution": "abc"}],
)
def test_it_shows_filter_errors_instead_of_figures(client, reviewer, params):
    build(reviewer)

    response = client.get(URL, params)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Some filters are not valid; fix them to see the dashboard." in page
    assert "data-figure" not in page


def test_it_reads_a_filtered_page_in_the_same_number_of_queries_however_much_data(
    client, reviewer, django_assert_num_queries
):
    first, _ = build(reviewer)
    params = {"resolution": first.resolution_id, "region": americas().pk}
    STATUSES.counts()
    # The form's choices, validated (the resolution and region chosen: 2) and printed (3).
    # Each half of the figures: its version and cached value (a miss), then storing it (5).
    # The assessment half (2 + 5 + 5): the region's states, the assessments counted by state
    # and status, and the resolutions, trackable and state-addressed commitments of the
    # resolution chosen. The entry half (2 + 5 + 3): states with evidence, awaiting review,
    # timeline. The latest approved entries (1); upcoming (with periodic requests coming round
    # again) and overdue requests (3).
    with django_assert_num_queries(31) as first_read:
        client.get(URL, params)
    build(reviewer, entries_per_state=5)
    STATUSES.counts()
    with django_assert_num_queries(len(first_read.captured_queries)):
        client.get(URL, params)
