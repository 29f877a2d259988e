"""
The figures of the state profile and the commitment profile, each counted by the database.

A state's profile compares it with its M49 region; a commitment's profile shows every member
state's latest status on it, laid out by region like a tile map.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from core.caching import ASSESSMENTS, ENTRIES, cached_figures, cached_html, subject_scope
from states.choices import ImplementationStatus, UnStatus
from states.counts import STATUSES
from states.models import CurrentAssessment, Evidence, ProgressEntry, State
from states.names import by_labels, region_name, state_name

from . import charts
from .dashboards import StatusCount, status_distribution, status_shares, structure_figures
from .matrix import STATUS_ORDER


@dataclass(frozen=True)
class YearCounts:
    year: int
    counts: dict

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Comparison:
    """One line of the region comparison: a state, or its region's average per state."""

    label: str
    statuses: list[StatusCount]
    assessed_per_state: float


@dataclass(frozen=True)
class Standing:
    """
    Where a state stands among the states of its narrowest M49 area (Eastern Africa): the
    commitments it has approved progress on, and its rank by that count (1 for the most;
    states with the same count share a rank).
    """

    assessed: int
    commitments: int
    rank: int
    of: int
    area: str

    @property
    def percent(self) -> str:
        share = self.assessed / self.commitments if self.commitments else 0
        return f"{share * 100:.0f}" if share >= 0.1 or not share else f"{share * 100:.1f}"


@dataclass
class StateProfile:
    timeline: list[YearCounts]
    comparison: list[Comparison]
    state_commitments: int
    standing: Standing | None = None


@dataclass(frozen=True)
class TileState:
    """What a tile prints of its state: kept small, as it is cached for every commitment."""

    name: str
    slug: str
    iso3: str


@dataclass(frozen=True)
class Tile:
    state: TileState
    status: str

    @property
    def label(self) -> str:
        return ImplementationStatus(self.status).label if self.status else "no approved entry"


@dataclass
class CommitmentProfile:
    statuses: list[StatusCount]
    regions: list[tuple[str, list[Tile]]]
    recent_evidence: list[Evidence]
    # The regions' tiles as HTML (tile_map_html), printed with the cached figures.
    tile_map: str = ""

    @property
    def assessed(self) -> int:
        return sum(s.count for s in self.statuses)


def state_profile(state, years: int = 10, today: datetime.date | None = None) -> StateProfile:
    """Approved entries per year by status, and the state beside its region."""
    this_year = (today or datetime.date.today()).year
    first = this_year - years + 1
    counted = (
        ProgressEntry.objects.approved()
        .filter(state=state, fact_date__year__gte=first, fact_date__year__lte=this_year)
        .annotate(year=ExtractYear("fact_date"))
        .values_list("year", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_year = defaultdict(dict)
    for year, status, n in counted:
        by_year[year][status] = n
    in_region = list(
        State.objects.in_region(state.region_id).values_list(
            "pk", "un_status", "subregion_id", "intermediate_region_id"
        )
    )
    region_states = sum(un_status == UnStatus.MEMBER for _, un_status, _, _ in in_region) or 1
    peers = {pk for pk, un_status, _, _ in in_region if un_status == state.un_status}
    # From the maintained counts by state (states/counts.py), a row a state,
    # not a count of the region's assessments, which grows with the entries.
    counts = STATUSES.counts()
    own, region = _status_totals(counts, {state.pk}), _status_totals(counts, peers)
    own_statuses, region_statuses = status_shares(own), status_shares(region)
    state_commitments = structure_figures()["state_commitments"]
    return StateProfile(
        timeline=[YearCounts(year, by_year.get(year, {})) for year in range(first, this_year + 1)],
        comparison=[
            Comparison(state.label, own_statuses, sum(s.count for s in own_statuses)),
            Comparison(
                ngettext(
                    "%(region)s, average of %(count)s state",
                    "%(region)s, average of %(count)s states",
                    region_states,
                )
                % {"region": state.region.label, "count": region_states},
                region_statuses,
                round(sum(s.count for s in region_statuses) / region_states, 1),
            ),
        ],
        state_commitments=state_commitments,
        standing=_standing(state, in_region, counts, state_commitments),
    )


def _standing(state, in_region, counts, state_commitments) -> Standing:
    """
    The state ranked among the member states (itself among them, member or not) of its
    narrowest M49 area: its intermediate region (Eastern Africa), else its sub-region, else
    its region; `in_region` is its region's (pk, UN status, sub-region, intermediate region).
    """
    if state.intermediate_region_id:
        area, tier = state.intermediate_region, 3
    elif state.subregion_id:
        area, tier = state.subregion, 2
    else:
        area, tier = state.region, 1
    neighbours = {
        row[0]
        for row in in_region
        if (tier == 1 or row[tier] == area.pk) and (row[1] == UnStatus.MEMBER or row[0] == state.pk)
    }
    assessed = {pk: sum(counts.get((pk,), {}).values()) for pk in neighbours}
    own = assessed.get(state.pk, 0)
    return Standing(
        assessed=own,
        commitments=state_commitments,
        rank=1 + sum(1 for n in assessed.values() if n > own),
        of=len(neighbours),
        area=area.label,
    )


def _status_totals(counts: dict, states: set) -> dict:
    """{status: count} over `states` from the maintained counts ({(state pk,): {status: n}})."""
    totals = defaultdict(int)
    for (state_id,), by_status in counts.items():
        if state_id in states:
            for status, n in by_status.items():
                totals[status] += n
    return dict(totals)


def commitment_profile(commitment, user, recent: int = 10) -> CommitmentProfile:
    """
    Every member state's status on the commitment, and the newest evidence `user` may see
    (confidential items only for reviewers and the reporting organization's members).
    """
    # Stale when this commitment's assessments move, not when any other's do.
    statuses, regions, tile_map = cached_figures(
        "commitment-tiles",
        partial(_commitment_tiles, commitment),
        commitment.pk,
        scopes=[subject_scope(ASSESSMENTS, "commitment", commitment.pk)],
    )
    return CommitmentProfile(
        statuses=statuses,
        regions=regions,
        tile_map=tile_map,
        recent_evidence=list(
            Evidence.objects.restrict(user)
            .shown()
            .filter(entry__commitment=commitment)
            .select_related("entry__state", "entry__subject_organization")
            .order_by("-created", "-pk")[:recent]
        ),
    )


def _commitment_tiles(commitment):
    """
    The status counts, every member state's tile by region, and those tiles rendered (the
    same for all readers). The map's 193 tiles, each with a link, cost more to render than
    the rest of the commitment page, so they are rendered here, once per change of the
    assessments, and cached as HTML; the states are read as values, so the cached tiles are
    small to store and to read back.
    """
    assessments = CurrentAssessment.objects.filter(commitment=commitment, state__isnull=False)
    status_of = dict(assessments.values_list("state_id", "status"))
    regions = defaultdict(list)
    members = State.objects.members().values_list(
        "pk", "name", "slug", "iso3", "region__name", "region__m49_code"
    )
    # Named and ordered in the reader's language (the cached tiles are kept per language).
    tiles = [
        (
            region_name(m49_code, region),
            Tile(TileState(state_name(iso3, name), slug, iso3), status_of.get(pk, "")),
        )
        for pk, name, slug, iso3, region, m49_code in members.order_by()
    ]
    tiles.sort(key=by_labels(lambda tile: tile[0], lambda tile: tile[1].state.name))
    for region, tile in tiles:
        regions[region].append(tile)
    regions = list(regions.items())
    return status_distribution(assessments), regions, tile_map_html(regions)


def tile_map_html(regions) -> SafeString:
    """
    The tile map (reports/jinja2/reports/_tile_map.html): every member state's tile, by
    region. Jinja2's compiled template prints 193 tiles at a fraction of what the Django
    template language's per-node work on them cost each time an approval made them stale.
    """
    state_page = reverse("states:state_detail", args=["SLUG"])  # once, not once a tile
    printed = [
        (
            region,
            [
                (
                    tile.state.name,
                    state_page.replace("SLUG", tile.state.slug),
                    tile.state.iso3,
                    tile.status,
                    tile.label,
                )
                for tile in tiles
            ],
        )
        for region, tiles in regions
    ]
    return mark_safe(
        render_to_string("reports/_tile_map.html", {"regions": printed}, using="jinja2")
    )


def state_profile_html(state) -> str:
    """
    templates/reports/_state_profile.html for `state` (its region loaded), cached as HTML: it
    shows the state's figures, name and region only, the same for every reader, and its charts
    (hundreds of numbers, each localized by the template engine) cost more to render than to
    store. It is rendered again when what it counts changes: the state's entries, or the
    assessments of its region (the state's own among them), which the profile compares it with.
    """
    today = datetime.date.today()
    # A name of its own since the profile says where the state stands in its sub-region, so
    # that profiles cached by earlier releases, without it, are not read.
    return cached_html(
        "state-profile-standing",
        partial(_render_state_profile, state, today),
        state.pk,
        today,
        scopes=[
            subject_scope(ENTRIES, "state", state.pk),
            subject_scope(ASSESSMENTS, "region", state.region_id),
        ],
    )


def _render_state_profile(state, today) -> str:
    profile = state_profile(state, today=today)
    return render_to_string(
        "reports/_state_profile.html", {"state": state, **state_profile_context(profile)}
    )


def state_profile_context(profile: StateProfile) -> dict:
    """What templates/reports/_state_profile.html needs besides the state: figures, charts."""
    statuses = [(status, ImplementationStatus(status).label) for status in STATUS_ORDER]
    width, height = 640, 150
    stacks, maximum = charts.stacked_columns(
        ((str(row.year), row.counts) for row in profile.timeline), statuses, width, height
    )
    return {
        "profile": profile,
        "status_columns": statuses,
        "timeline": stacks,
        "timeline_rows": [
            (row.year, [row.counts.get(status, 0) for status, _ in statuses], row.total)
            for row in profile.timeline
        ],
        "timeline_max": maximum,
        "timeline_width": width,
        "timeline_height": height,
        "comparison": [
            {
                "label": line.label,
                "statuses": line.statuses,
                "segments": charts.share_bar(line.statuses),
                "shares": " · ".join(f"{s.label} {s.percent}%" for s in line.statuses if s.count),
                "assessed_per_state": line.assessed_per_state,
            }
            for line in profile.comparison
        ],
    }


def commitment_profile_context(commitment, user) -> dict:
    """What templates/reports/_commitment_profile.html needs."""
    profile = commitment_profile(commitment, user)
    return {
        "profile": profile,
        "tile_count": sum(len(tiles) for _, tiles in profile.regions),
        "status_chart": charts.horizontal_bars(
            (s.label, s.count, f"status-{s.status}") for s in profile.statuses
        ),
    }
