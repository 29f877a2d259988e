"""
Each progress page reads a fixed number of queries however many entries, evidence items or
commitments it shows: every test measures the page with 3 and then with 30 and compares.
"""

import pytest
from django.urls import reverse

from states.choices import WorkflowState
from states.counts import STATUSES
from states.models import ProgressEntry, State
from tests.factories.commitments import CommitmentFactory, ReportingRequestFactory
from tests.factories.states import ProgressEntryFactory, UserFactory
from tests.files import pdf_upload
from tests.permissions import Cast

pytestmark = pytest.mark.django_db

# Every signed-in page starts with these four: the session, the user, and the user's own
# and group permissions (asked once, by `restrict` or the navigation, then cached).
AUTH = 4


@pytest.fixture
def cast():
    return Cast()


# Cached dashboard figures read on a miss (core/caching.py): the figures version and the
# cached value; then storing it: the cache's size, the existing key and the insert, inside a
# savepoint (two statements).
CACHE_MISS = 7


def entries(cast, count, workflow_state, **fields):
    made = [cast.entry(workflow_state, **fields) for _ in range(count)]
    for entry in made:
        if entry.workflow_state == WorkflowState.DRAFT:
            entry.add_evidence(cast["member"], citation="Gazette")
    return made


def measure(client, url, limit, assert_max, **params):
    with assert_max(limit) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_it_shows_the_dashboard_in_constant_queries(client, cast, django_assert_max_num_queries):
    client.force_login(cast["member"])
    url = reverse("states:dashboard")
    # AUTH + the user's organizations + their open entries (drafts, returned, submitted; with
    # evidence counts) + their 10 latest approved entries + the reporting deadlines coming up.
    limit = AUTH + 4

    def build(count):
        for state in (WorkflowState.DRAFT, WorkflowState.SUBMITTED, WorkflowState.APPROVED):
            for entry in entries(cast, count, state):
                ReportingRequestFactory(
                    commitment__paragraph__resolution=entry.commitment.resolution
                )

    build(1)
    small = measure(client, url, limit, django_assert_max_num_queries)
    build(9)
    large = measure(client, url, limit, django_assert_max_num_queries)
    assert small == large == limit


def test_it_shows_an_entry_page_in_constant_queries(client, cast, django_assert_max_num_queries):
    entry = cast.entry()
    member = cast["member"]
    client.force_login(member)
    # AUTH + the entry (restricted, related rows joined) + one membership check (the model
    # remembers it for may edit / submit / withdraw and removed-evidence links) + the shown
    # evidence + the entry's history + its evidence's history.
    limit = AUTH + 1 + 1 + 3

    def add(count):
        for number in range(count):
            evidence = entry.add_evidence(member, citation=f"Source {number}", file=pdf_upload())
            if number % 3 == 0:
                entry.remove_evidence(member, evidence)
            entry.edit(member, summary=f"Revised {number} times.")

    add(3)
    small = measure(client, entry.get_absolute_url(), limit, django_assert_max_num_queries)
    add(27)
    large = measure(client, entry.get_absolute_url(), limit, django_assert_max_num_queries)
    assert small == large == limit
    page = client.get(entry.get_absolute_url())
    assert len(page.context["evidence_items"]) == 20
    assert len(page.context["history"]) == 1 + 30 + 30 + 10  # create, edits, adds, removals


def test_it_shows_the_review_queue_in_constant_queries(client, cast, django_assert_max_num_queries):
    client.force_login(cast["reviewer"])
    url = reverse("states:review_queue")
    # AUTH + the count for the paginator + the filter choices (states, regions,
    # organizations, resolutions) + one page of entries with evidence counts + the page's
    # entries' history and their evidence's history (what changed in a resubmission) + the
    # current assessments of their subjects (what approving them would change).
    limit = AUTH + 1 + 4 + 1 + 2 + 1

    def build(count):
        for entry in entries(cast, count, WorkflowState.SUBMITTED):
            cast.entry(WorkflowState.APPROVED, commitment=entry.commitment, state=entry.state)
        for entry in entries(cast, count, WorkflowState.CHANGES_REQUESTED):
            entry.add_evidence(cast["member"], citation="Gazette")
            entry.edit(cast["member"], summary="Corrected as asked.")
            entry.transition("submit", cast["member"])

    build(1)
    small = measure(client, url, limit, django_assert_max_num_queries)
    build(14)
    large = measure(client, url, limit, django_assert_max_num_queries)
    assert small == large == limit
    page = client.get(url).context["entries"]
    assert len(page) == 25
    # Oldest submission first: the 15 first submitted, then 10 of the resubmissions.
    assert sum(entry.resubmission is not None for entry in page) == 10
    assert sum(entry.if_approved.current is not None for entry in page) == 15


def test_it_shows_the_state_list_in_constant_queries(client, cast, django_assert_max_num_queries):
    client.force_login(cast["member"])
    url = reverse("states:state_list")
    # AUTH + every state with its regions and assessed-commitment count.
    limit = AUTH + 1

    entries(cast, 3, WorkflowState.APPROVED)
    small = measure(client, url, limit, django_assert_max_num_queries)
    entries(cast, 27, WorkflowState.APPROVED)
    large = measure(client, url, limit, django_assert_max_num_queries)
    assert small == large == limit


def test_it_shows_a_state_page_in_constant_queries(client, cast, django_assert_max_num_queries):
    kenya = State.objects.get(iso3="KEN")
    client.force_login(cast["member"])
    url = reverse("states:state_detail", args=[kenya.slug])
    # The state + the listed commitments' keys in page order, sorted once per change of
    # structure and cached with the keys of those naming each State (a miss: CACHE_MISS
    # around the sort and the named addressees) + the maintained counts by
    # state for the assessed count (the structure's version, the version they were counted
    # for, their rows) + AUTH + the state's visible entries + the profile, on a miss
    # (CACHE_MISS around it): approved entries per year, the region's states, the maintained
    # counts again, and the commitment counts, cached until the structure changes (a miss
    # here, as commitments were just made: CACHE_MISS around three counts) + one page of
    # commitments with assessment, as-of date, approval date and evidence count annotated,
    # by key + what the page leads with: the first assessed commitments, annotated the same
    # way, and the latest approved entries + the filter form's resolutions and topics +
    # whether the user follows the state (its Follow button).
    limit = 1 + (CACHE_MISS + 2) + 3 + AUTH + 1 + (CACHE_MISS + 3 + 2 + CACHE_MISS + 3) + 1 + 2 + 2
    limit += 1
    # Once cached: the keys' version and value, the profile's version and HTML.
    warm = 1 + 2 + 3 + AUTH + 1 + 2 + 1 + 2 + 2 + 1

    def build(count):
        for _ in range(count):
            CommitmentFactory()
        entries(cast, count, WorkflowState.APPROVED, state=kenya)
        entries(cast, count, WorkflowState.DRAFT, state=kenya)
        # New commitments change the structure, after which the maintained counts are
        # counted again once by their first reader (tests/reports/test_maintained_counts.py).
        STATUSES.counts()

    build(3)
    small = measure(client, url, limit, django_assert_max_num_queries)
    small_warm = measure(client, url, warm, django_assert_max_num_queries)
    build(27)
    large = measure(client, url, limit, django_assert_max_num_queries)
    large_warm = measure(client, url, warm, django_assert_max_num_queries)
    assert small == large == limit
    assert small_warm == large_warm == warm
    page = client.get(url)
    assert page.context["assessed_count"] == 30
    assert len(page.context["entries"]) == 25 and page.context["more_entries"]
    assert len(page.context["leading_assessed"]) == 10 and len(page.context["latest_entries"]) == 5


def test_it_filters_a_state_page_in_constant_queries(client, cast, django_assert_max_num_queries):
    kenya = State.objects.get(iso3="KEN")
    url = reverse("states:state_detail", args=[kenya.slug])

    def build(count):
        for _ in range(count):
            CommitmentFactory()
        entries(cast, count, WorkflowState.APPROVED, state=kenya)
        STATUSES.counts()

    build(3)
    page = client.get(url)  # the structure and the profile cached
    params = {"status": "implemented", "resolution": page.context["commitments"][0].resolution_id}
    small = measure(client, url, 100, django_assert_max_num_queries, **params)
    build(27)
    client.get(url)
    large = measure(client, url, 100, django_assert_max_num_queries, **params)
    assert small == large


def test_it_shows_progress_on_the_commitment_page_in_constant_queries(
    client, cast, django_assert_max_num_queries
):
    commitment = CommitmentFactory()
    states = list(State.objects.order_by("iso3")[:30])
    client.force_login(cast["member"])
    # The commitment with paragraph and resolution + its actor links + its topics + AUTH +
    # the subjects with visible entries: their count, the page's 25 + the visible entries of
    # those + their current assessments + the profile: the states' statuses, the member
    # states by region, the status counts, the recent evidence + its lineage links (none
    # here; with links, one more for the progress on the other versions). The first three of
    # the profile are cached figures: CACHE_MISS more on a miss + whether the user follows
    # the commitment (its Follow button).
    limit = 3 + AUTH + 4 + 4 + 1 + CACHE_MISS + 1

    def build(chosen):
        for state in chosen:
            cast.entry(WorkflowState.APPROVED, commitment=commitment, state=state)
            cast.entry(WorkflowState.DRAFT, commitment=commitment, state=state)

    build(states[:3])
    small = measure(client, commitment.get_absolute_url(), limit, django_assert_max_num_queries)
    build(states[3:])
    large = measure(client, commitment.get_absolute_url(), limit, django_assert_max_num_queries)
    assert small == large == limit
    first = client.get(commitment.get_absolute_url()).context
    second = client.get(commitment.get_absolute_url() + "?page=2").context["progress"]
    assert first["page_obj"].paginator.count == 30
    assert len(first["progress"]) == 25 and len(second) == 5
    assert sorted(p.name for p in first["progress"] + second) == sorted(s.name for s in states)
    assert all(len(p.entries) == 2 and p.assessment for p in first["progress"] + second)


def test_it_counts_evidence_per_row_without_asking_per_entry(client, cast):
    reviewer = cast["reviewer"]
    entry = ProgressEntryFactory()
    for number in range(4):
        entry.add_evidence(entry.created_by, citation=f"Source {number}")
    entry.transition("submit", entry.created_by)
    entry.transition("approve", UserFactory(role="Reviewers"))
    client.force_login(reviewer)

    response = client.get(entry.commitment.get_absolute_url())

    (progress,) = response.context["progress"]
    assert [e.evidence_count for e in progress.entries] == [4]
    assert ProgressEntry.objects.get(pk=entry.pk).evidence.count() == 4
