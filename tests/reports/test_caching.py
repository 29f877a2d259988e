"""Cached dashboard figures: read once per change of the data they count, never stale."""

import pytest

from commitments.factories import TopicFactory
from commitments.ingest import import_resolution
from reports.caching import (
    ASSESSMENTS,
    ENTRIES,
    cache,
    cached_figures,
    cached_html,
    figures_version,
)
from states.factories import OrganizationFactory, ProgressEntryFactory
from states.models import CurrentAssessment, State

pytestmark = pytest.mark.django_db


def test_it_computes_once_per_version():
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert cached_figures("figure", compute, "a") == {"n": 1}
    assert cached_figures("figure", compute, "a") == {"n": 1}
    assert cached_figures("figure", compute, "b") == {"n": 2}
    assert len(calls) == 2


def test_it_stores_cached_html_compressed_and_reads_it_back_whole():
    markup = "".join(
        f'<td class="cell status-partial" title="State {n}">PA</td>' for n in range(3000)
    )
    renders = []

    def render():
        renders.append(1)
        return markup

    first = cached_html("grid", render, "all")
    again = cached_html("grid", render, "all")

    assert first == again == markup and len(renders) == 1
    assert hasattr(again, "__html__")  # printed as HTML, not escaped
    stored = cache().get(f"grid:zlib:{figures_version()}:all")
    assert isinstance(stored, bytes) and len(stored) < len(markup) / 10


def test_it_never_reads_html_cached_uncompressed_as_compressed():
    # What a release before compression left in the cache under the figure's own name.
    cached_figures("grid", lambda: "<p>old</p>", "all")

    assert cached_html("grid", lambda: "<p>new</p>", "all") == "<p>new</p>"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda seeds: CurrentAssessment.objects.rebuild(), id="assessment rebuild"),
        pytest.param(
            lambda seeds: import_resolution(seeds["000_88eff498be9b4030.txt"]),
            id="resolution import",
        ),
        pytest.param(lambda seeds: TopicFactory(), id="topic added"),
        pytest.param(lambda seeds: OrganizationFactory(), id="organization added"),
        pytest.param(
            lambda seeds: State.objects.filter(iso3="KEN").first().save(), id="state edited"
        ),
    ],
)
def test_it_makes_cached_figures_stale_on_every_kind_of_change(change, seed_texts):
    before = figures_version()
    assert figures_version() == before

    change(seed_texts)

    assert figures_version() != before


def test_it_keeps_assessment_figures_when_only_a_draft_changes():
    entry = ProgressEntryFactory()
    assessments, entries = figures_version([ASSESSMENTS]), figures_version([ENTRIES])

    entry.summary = "Edited again"  # still a draft: no assessment moves
    entry.save()
    ProgressEntryFactory(commitment=entry.commitment, organization=entry.organization)

    assert figures_version([ASSESSMENTS]) == assessments
    assert figures_version([ENTRIES]) != entries


def test_it_makes_assessment_figures_stale_when_an_approval_moves_an_assessment(approve):
    entry = ProgressEntryFactory()
    assessments = figures_version([ASSESSMENTS])

    approve(entry)

    assert CurrentAssessment.objects.filter(entry=entry).exists()
    assert figures_version([ASSESSMENTS]) != assessments


def test_it_recomputes_a_figure_only_when_its_own_scope_changes():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    entry = ProgressEntryFactory()
    assert cached_figures("grid", compute, scopes=[ASSESSMENTS]) == 1
    assert cached_figures("overview", compute) == 2
    entry.save()
    assert cached_figures("grid", compute, scopes=[ASSESSMENTS]) == 1
    assert cached_figures("overview", compute) == 3
