"""The overview dashboard: its figures against data built with factories."""

import datetime

import pytest
from django.urls import reverse

from reports import charts, dashboards
from states.choices import ImplementationStatus as Status
from states.choices import WorkflowState
from states.counts import STATUSES
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 15)


def state_commitment(resolution):
    """A trackable commitment addressed to States (the factory's default)."""
    return CommitmentFactory(paragraph__resolution=resolution)


def approve(entry, reviewer):
    entry.transition("submit", entry.created_by)
    entry.transition("approve", reviewer)
    return entry


def build(reviewer, entries_per_state=1):
    """Two state-addressed commitments; approved entries on three states; one of each other."""
    resolution = ResolutionFactory()
    first, second = state_commitment(resolution), state_commitment(resolution)
    nga, bra, fji = (State.objects.get(iso3=code) for code in ("NGA", "BRA", "FJI"))
    for _ in range(entries_per_state):
        approve(
            ProgressEntryFactory(
                commitment=first,
                state=nga,
                status=Status.IMPLEMENTED,
                fact_date=datetime.date(2026, 3, 10),
            ),
            reviewer,
        )
    approve(
        ProgressEntryFactory(
            commitment=second,
            state=nga,
            status=Status.PARTIAL,
            fact_date=datetime.date(2026, 3, 20),
        ),
        reviewer,
    )
    approve(
        ProgressEntryFactory(
            commitment=first, state=bra, status=Status.PARTIAL, fact_date=datetime.date(2025, 12, 1)
        ),
        reviewer,
    )
    approve(
        ProgressEntryFactory(
            commitment=first,
            state=fji,
            status=Status.NOT_STARTED,
            fact_date=datetime.date(2019, 1, 1),
        ),
        reviewer,
    )
    submitted = ProgressEntryFactory(commitment=second, state=bra, status=Status.REGRESSED)
    submitted.transition("submit", submitted.created_by)
    ProgressEntryFactory(commitment=second, state=fji, workflow_state=WorkflowState.DRAFT)
    return first, second


def test_it_counts_only_approved_work(reviewer):
    build(reviewer)

    overview = dashboards.overview(today=TODAY)

    assert overview.resolutions == 1
    assert overview.state_commitments == 2
    assert overview.states_with_evidence == 3
    assert overview.states_total == 193
    assert overview.awaiting_review == 1
    assert {s.status: s.count for s in overview.statuses} == {
        Status.IMPLEMENTED: 1,
        Status.PARTIAL: 2,
        Status.NOT_STARTED: 1,
        Status.IN_PROGRESS: 0,
        Status.REGRESSED: 0,
        Status.NO_INFORMATION: 0,
    }
    assert overview.assessed_pairs == 4
    assert overview.coverage == pytest.approx(4 / (2 * 193))


def test_it_counts_approved_entries_by_the_month_of_their_fact(reviewer):
    build(reviewer, entries_per_state=2)

    timeline = dashboards.overview(today=TODAY).timeline

    assert len(timeline) == 24
    assert timeline[0].month == datetime.date(2024, 12, 1)
    assert timeline[-1].month == datetime.date(2026, 11, 1)
    counts = {m.month: m.count for m in timeline if m.count}
    # 2019 is outside the window; March 2026 has two entries on one commitment and one on another.
    assert counts == {datetime.date(2025, 12, 1): 1, datetime.date(2026, 3, 1): 3}


def test_it_shows_the_figures_on_the_page(client, reviewer):
    build(reviewer)

    page = client.get(reverse("reports:overview")).content.decode()

    assert (
        'data-figure="states-with-evidence"><a href="/dashboard/matrix/">3</a> '
        "<small>of 193</small>" in page
    )
    assert 'data-figure="awaiting-review">1<' in page
    assert 'data-figure="coverage"><a href="/dashboard/matrix/">1.0%</a><' in page
    assert "<title>Partially implemented: 2</title>" in page
    assert (
        '<a href="/dashboard/matrix/?status=partial" aria-label="Partially implemented: 2">' in page
    )
    partial_row = (
        '<span class="status-swatch status-partial" aria-hidden="true"></span>'
        'Partially implemented</th><td class="num">'
        '<a href="/dashboard/matrix/?status=partial">2</a></td><td class="num">50%</td>'
    )
    assert partial_row in page


def test_it_reads_the_page_in_the_same_number_of_queries_however_much_data(
    client, reviewer, django_assert_num_queries
):
    build(reviewer)
    # Building changed the structure, after which the maintained counts are counted again
    # once, by whoever reads them first (tests/reports/test_maintained_counts.py).
    STATUSES.counts()
    # Each half of the figures (core/caching.py): its version and the cached figures (a
    # miss), then storing them (cache size, existing key and insert, in a savepoint: five);
    # 2 x 7. The assessment half: the states (with their names, for the coverage lists), the
    # maintained counts by state (the structure's version, the version they were counted
    # for, their rows), and the counts of resolutions, trackable and state-addressed
    # commitments, cached until the structure changes (a miss here, 7 around the three). The
    # entry half: states with evidence, awaiting review, timeline. The filter form's
    # resolutions, topics and regions (3), the latest approved entries (1), upcoming (with
    # periodic requests coming round again) and overdue reporting requests (3). Nothing else
    # for anonymous.
    with django_assert_num_queries(38):
        client.get(reverse("reports:overview"))
    build(reviewer, entries_per_state=5)
    STATUSES.counts()
    with django_assert_num_queries(38):
        client.get(reverse("reports:overview"))
    # Read again with nothing changed: each half's version and figures from the cache, the
    # form's three lists, the latest entries, then the reporting-request lists (three
    # queries, dated today, so not cached).
    with django_assert_num_queries(11):
        client.get(reverse("reports:overview"))


def test_it_recounts_only_the_entry_figures_when_a_draft_is_saved(
    client, reviewer, django_assert_num_queries
):
    first, _ = build(reviewer)
    organization = first.progress_entries.first().organization
    client.get(reverse("reports:overview"))

    ProgressEntryFactory(
        commitment=first, state=State.objects.get(iso3="KEN"), organization=organization
    )

    # Both versions and halves read (4); the entry half recounted (3) and stored (5); the
    # form's lists (3), the latest entries (1), the reporting requests (3). The assessment
    # half comes from the cache.
    with django_assert_num_queries(19):
        page = client.get(reverse("reports:overview"))
    assert page.context["overview"].assessed_pairs == 4


def test_it_counts_commitments_again_after_a_change_of_structure_not_an_approval(client, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, _ = build(reviewer)
    before = client.get(reverse("reports:overview")).context["overview"]

    approve(ProgressEntryFactory(commitment=first, state=State.objects.get(iso3="KEN")), reviewer)
    with CaptureQueriesContext(connection) as after_approval:
        after = client.get(reverse("reports:overview")).context["overview"]
    state_commitment(ResolutionFactory())  # a change of structure
    imported = client.get(reverse("reports:overview")).context["overview"]

    assert after.assessed_pairs == before.assessed_pairs + 1  # the approval counted
    assert not any('FROM "commitments_commitment"' in q["sql"] for q in after_approval)
    assert (after.resolutions, after.state_commitments) == (1, 2)
    assert (imported.resolutions, imported.state_commitments) == (2, 3)


def test_it_shows_an_approval_on_the_next_read(client, reviewer):
    first, _ = build(reviewer)
    before = client.get(reverse("reports:overview")).context["overview"]

    approve(ProgressEntryFactory(commitment=first, state=State.objects.get(iso3="KEN")), reviewer)

    after = client.get(reverse("reports:overview")).context["overview"]
    assert (before.states_with_evidence, before.assessed_pairs) == (3, 4)
    assert (after.states_with_evidence, after.assessed_pairs) == (4, 5)


def test_it_shows_a_submission_on_the_next_read(client, reviewer):
    build(reviewer)
    before = client.get(reverse("reports:overview")).context["overview"]

    entry = ProgressEntryFactory(state=State.objects.get(iso3="KEN"))
    entry.transition("submit", entry.created_by)

    after = client.get(reverse("reports:overview")).context["overview"]
    assert after.awaiting_review == before.awaiting_review + 1


def test_it_scales_bars_to_the_largest_value():
    chart = charts.horizontal_bars(
        [("a", 10, ""), ("b", 5, ""), ("c", 0, "")], width=400, label_width=100
    )

    assert [bar.width for bar in chart.bars] == [240, 120, 0]
    assert [bar.y for bar in chart.bars] == [0, 36, 72]


def test_it_draws_columns_from_the_baseline():
    chart = charts.columns([("Jan", 4, "Jan"), ("Feb", 2, "")], width=100, height=80, gap=0)

    assert [(bar.y, bar.height) for bar in chart.bars] == [(0, 80), (40, 40)]
    assert chart.ticks == [(40, 2), (0, 4)]
    assert charts.columns([("Jan", 1, "")], height=80).ticks == [(0, 1)]
    assert charts.columns([("Jan", 0, "")]).ticks == []
