"""Cached dashboard figures: read once per change of the data they count, never stale."""

import pytest
from django.db import transaction

from commitments.ingest import import_resolution
from core.caching import (
    ASSESSMENTS,
    ENTRIES,
    cache,
    cached_figures,
    cached_html,
    figures_version,
    mark_figures_changed,
)
from reports import profiles
from states.choices import ImplementationStatus as Status
from states.models import CurrentAssessment, State
from tests.factories.commitments import CommitmentFactory, TopicFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

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
    stored = cache().get(f"grid:zlib:en:{figures_version()}:all")
    assert isinstance(stored, bytes) and len(stored) < len(markup) / 10


def test_it_never_reads_html_cached_uncompressed_as_compressed():
    # What a release before compression left in the cache under the figure's own name.
    cached_figures("grid", lambda: "<p>old</p>", "all")

    assert cached_html("grid", lambda: "<p>new</p>", "all") == "<p>new</p>"


def test_it_keeps_the_figures_version_when_the_cache_drops_its_entries():
    # The cache culls its oldest keys when full; the tokens are not among them, so a full
    # cache costs recounts of what it dropped, never every figure (and the maintained counts).
    before = {scopes: figures_version(scopes) for scopes in ((ASSESSMENTS,), (ENTRIES,), ())}

    cache().clear()

    assert {scopes: figures_version(scopes) for scopes in before} == before


def test_it_replaces_a_token_only_if_the_change_is_committed():
    before = figures_version()

    with pytest.raises(RuntimeError), transaction.atomic():
        mark_figures_changed([ASSESSMENTS, ENTRIES])
        assert figures_version() != before  # the writer sees its own change
        raise RuntimeError("the change is rolled back")

    assert figures_version() == before


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


# --- figures about one subject go stale with that subject only ------------------------------


@pytest.fixture
def renders(monkeypatch):
    """How many times each state profile and commitment's tiles were counted, by key."""
    counted = {"state": [], "commitment": []}
    render_profile, count_tiles = profiles._render_state_profile, profiles._commitment_tiles

    def render_state_profile(state, today):
        counted["state"].append(state.iso3)
        return render_profile(state, today)

    def commitment_tiles(commitment):
        counted["commitment"].append(commitment.pk)
        return count_tiles(commitment)

    monkeypatch.setattr(profiles, "_render_state_profile", render_state_profile)
    monkeypatch.setattr(profiles, "_commitment_tiles", commitment_tiles)
    return counted


def _read_profiles(states, commitments, reader):
    html = {state.iso3: profiles.state_profile_html(state) for state in states}
    tiles = {c.pk: profiles.commitment_profile(c, reader).statuses for c in commitments}
    return html, tiles


def test_it_counts_again_only_the_approved_commitment_and_region(approve, renders):
    kenya, ghana, peru = (State.objects.get(iso3=code) for code in ("KEN", "GHA", "PER"))
    approved_on, other = CommitmentFactory.create_batch(2)
    reader = UserFactory()
    # Made before the figures are read: a new commitment or organization is a change of
    # structure, which makes every figure stale.
    entry = ProgressEntryFactory(commitment=approved_on, state=kenya, status=Status.IMPLEMENTED)
    _read_profiles([kenya, ghana, peru], [approved_on, other], reader)
    assert sorted(renders["state"]) == ["GHA", "KEN", "PER"]
    renders["state"].clear(), renders["commitment"].clear()

    approve(entry)
    html, tiles = _read_profiles([kenya, ghana, peru], [approved_on, other], reader)

    # Kenya's profile and Ghana's (the same region, which both are compared with) are
    # counted again, and so are the approved commitment's tiles; Peru's and the other
    # commitment's stay cached.
    assert sorted(renders["state"]) == ["GHA", "KEN"]
    assert renders["commitment"] == [approved_on.pk]
    assert "1 approved entry" in html["KEN"]
    counts = {s.status: s.count for s in tiles[approved_on.pk]}
    assert counts[Status.IMPLEMENTED] == 1
    assert sum(s.count for s in tiles[other.pk]) == 0


def test_it_counts_a_state_profile_again_when_only_a_draft_of_that_state_changes(renders):
    kenya, ghana = State.objects.get(iso3="KEN"), State.objects.get(iso3="GHA")
    draft = ProgressEntryFactory(state=kenya)
    _read_profiles([kenya, ghana], [], None)
    renders["state"].clear()

    draft.summary = "Edited"  # still a draft: no assessment moves
    draft.save()
    _read_profiles([kenya, ghana], [], None)

    assert renders["state"] == ["KEN"]


def test_it_makes_every_figure_stale_when_assessments_are_rebuilt(approve, renders):
    kenya, peru = State.objects.get(iso3="KEN"), State.objects.get(iso3="PER")
    commitment = CommitmentFactory()
    _read_profiles([kenya, peru], [commitment], None)
    renders["state"].clear(), renders["commitment"].clear()

    CurrentAssessment.objects.rebuild()  # a bulk write, which sends no row's signal
    _read_profiles([kenya, peru], [commitment], None)

    assert sorted(renders["state"]) == ["KEN", "PER"]
    assert renders["commitment"] == [commitment.pk]
