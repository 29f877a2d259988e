"""
The home page: what the tracker is, its figures, the latest approved progress (approved only,
whoever reads it), the ways in, a signed-in visitor's own work above it; read in a fixed number
of queries, kept until entries change.
"""

import datetime
import re

import pytest
from django.urls import reverse

from commitments.models import Topic
from states.choices import ImplementationStatus as Status
from states.choices import WorkflowState
from states.models import State
from tests.factories.commitments import (
    CommitmentFactory,
    ReportingRequestFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db

HOME = "/"


def approve(entry, reviewer):
    entry.transition("submit", entry.created_by)
    entry.transition("approve", reviewer)
    return entry


def figures(page: str) -> dict:
    return dict(re.findall(r'data-figure="([a-z-]+)">([\d,]+)', page))


def latest(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li data-entry="(\d+)">', page)]


def build(reviewer, approved_per_state=1):
    """
    Two adopted resolutions with three trackable commitments between them (and one not
    trackable); approved entries on Nigeria and Brazil, a draft on Fiji and one awaiting
    review on Chile, which count for nothing.
    """
    first, second = ResolutionFactory(), ResolutionFactory()
    commitment = CommitmentFactory(paragraph__resolution=first)
    CommitmentFactory(paragraph__resolution=first)
    CommitmentFactory(paragraph__resolution=second)
    CommitmentFactory(paragraph__resolution=second, strength="declaratory")
    nga, bra, fji, chl = (State.objects.get(iso3=code) for code in ("NGA", "BRA", "FJI", "CHL"))
    approved = []
    for state in (nga, bra):
        for _ in range(approved_per_state):
            approved.append(
                approve(ProgressEntryFactory(commitment=commitment, state=state), reviewer)
            )
    ProgressEntryFactory(commitment=commitment, state=fji, summary="A draft nobody approved.")
    waiting = ProgressEntryFactory(commitment=commitment, state=chl, summary="Awaiting a decision.")
    waiting.transition("submit", waiting.created_by)
    return approved


def test_it_tells_a_visitor_what_the_tracker_is_with_its_figures(client, reviewer):
    build(reviewer)
    members = State.objects.members().count()

    response = client.get(HOME)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page and "The tracker reads adopted United Nations resolutions" in page
    assert figures(page) == {
        "resolutions": "2",
        "trackable": "3",
        "states-with-progress": "2",
        "approved-entries": "2",
    }
    assert f"<small>of {members}</small>" in page


def test_it_lists_only_approved_progress_newest_first_whoever_reads_it(client, reviewer):
    cast = Cast()
    older = cast.entry(WorkflowState.APPROVED, summary="Older approved progress.")
    newer = cast.entry(WorkflowState.APPROVED, summary="Newer approved progress.")
    cast.entry(WorkflowState.DRAFT, summary="Our own draft.")
    cast.entry(WorkflowState.CHANGES_REQUESTED, summary="Sent back for changes.")
    cast.entry(WorkflowState.SUBMITTED, summary="Submitted by us.")
    elsewhere = ProgressEntryFactory(
        organization=OrganizationFactory(), summary="Another organization's submission."
    )
    elsewhere.transition("submit", elsewhere.created_by)

    # The member sees their own drafts on their pages, and the reviewer every submission:
    # neither here, where the list is the public one.
    for reader in (None, cast["member"], cast["reviewer_author"], cast["reviewer"]):
        client.logout()
        if reader:
            client.force_login(reader)
        page = client.get(HOME).content.decode()

        assert latest(page) == [newer.pk, older.pk], reader
        assert "Newer approved progress." in page and "Older approved progress." in page
        for hidden in (
            "Our own draft.",
            "Sent back for changes.",
            "Submitted by us.",
            "Another organization&#x27;s submission.",
        ):
            assert hidden not in page, (reader, hidden)


def test_it_shows_the_six_latest_and_a_new_approval_at_once(client, reviewer):
    approved = build(reviewer, approved_per_state=4)
    assert latest(client.get(HOME).content.decode()) == [e.pk for e in reversed(approved)][:6]

    fresh = approve(
        ProgressEntryFactory(state=State.objects.get(iso3="KEN"), summary="Just approved."),
        reviewer,
    )

    page = client.get(HOME).content.decode()
    assert latest(page)[0] == fresh.pk and "Just approved." in page
    assert figures(page)["approved-entries"] == "9"


def test_it_offers_the_ways_in(client):
    topic = TopicFactory(name="Remedies for victims", slug="remedies-for-victims")
    TopicFactory(name="Compensation funds", slug="compensation-funds", parent=topic)

    page = client.get(HOME).content.decode()

    assert f'href="{reverse("states:state_list")}"' in page
    assert f'href="{reverse("commitments:resolution_list")}"' in page
    resolutions_on_topic = f"{reverse('commitments:resolution_list')}?topic={topic.pk}"
    assert f'<a href="{resolutions_on_topic}">Remedies for victims</a>' in page
    assert "Compensation funds" not in page  # the top-level topics only
    for other in Topic.objects.filter(parent__isnull=True):
        assert f'?topic={other.pk}">{other.name}</a>' in page
    form = re.search(r'<form method="get" action="([^"]+)" class="home-search"', page)
    assert form and form.group(1) == reverse("search:results")
    assert 'type="search" id="home-search-q" name="q"' in page


def test_it_says_so_when_nothing_is_approved_yet(client):
    page = client.get(HOME).content.decode()

    assert "No progress has been approved yet." in page
    assert figures(page)["approved-entries"] == "0"


def test_it_shows_a_signed_in_contributor_their_work_first(client):
    cast = Cast()
    returned = cast.entry(WorkflowState.CHANGES_REQUESTED)
    cast.entry(WorkflowState.DRAFT)
    ReportingRequestFactory(commitment__paragraph__resolution=returned.commitment.resolution)
    client.force_login(cast["member"])

    page = client.get(HOME).content.decode()

    assert page.index('id="work-heading"') < page.index('id="home-heading"')
    work = dict(re.findall(r'data-work="([a-z-]+)">(\d+)<', page))
    assert work == {"sent-back": "1", "drafts": "1", "deadlines": "1"}
    assert f'href="{reverse("states:dashboard")}">Open My progress' in page
    assert "Open the review queue" not in page


def test_it_shows_a_reviewer_the_queue_first(client):
    cast = Cast()
    cast.entry(WorkflowState.SUBMITTED)
    client.force_login(cast["reviewer"])

    page = client.get(HOME).content.decode()

    assert dict(re.findall(r'data-work="([a-z-]+)">(\d+)<', page)) == {"awaiting-review": "1"}
    assert "Open the review queue" in page and "Open My progress" not in page


def test_it_shows_no_work_block_to_a_visitor_or_someone_without_a_role(client):
    assert 'id="work-heading"' not in client.get(HOME).content.decode()
    client.force_login(UserFactory())
    assert 'id="work-heading"' not in client.get(HOME).content.decode()


def test_it_leads_the_home_page_s_log_in_link_to_the_persons_work(client):
    page = client.get(HOME).content.decode()

    assert f'<a href="{reverse("login")}">Log in</a>' in page
    elsewhere = client.get(reverse("states:state_list")).content.decode()
    assert f"{reverse('login')}?next=/states/" in elsewhere


def test_it_reads_the_home_page_in_constant_queries(
    client, reviewer, django_assert_num_queries, django_assert_max_num_queries
):
    build(reviewer)
    TopicFactory()
    # Made again after a change of entries: a bounded number, whatever the data.
    with django_assert_max_num_queries(30) as first:
        client.get(HOME)
    # Kept: the tokens and the kept page (core/caching.py).
    with django_assert_num_queries(2):
        client.get(HOME)

    build(reviewer, approved_per_state=10)
    for _ in range(3):
        TopicFactory()
    with django_assert_max_num_queries(30) as again:
        client.get(HOME)
    with django_assert_num_queries(2):
        client.get(HOME)
    assert len(again.captured_queries) == len(first.captured_queries)


def test_it_reads_a_contributors_home_page_in_constant_queries(client, django_assert_num_queries):
    cast = Cast()
    client.force_login(cast["reviewer_author"])

    def build(count):
        for state in (
            WorkflowState.DRAFT,
            WorkflowState.CHANGES_REQUESTED,
            WorkflowState.SUBMITTED,
        ):
            for _ in range(count):
                entry = cast.entry(state)
                ReportingRequestFactory(
                    commitment__paragraph__resolution=entry.commitment.resolution,
                    due_date=datetime.date.today() + datetime.timedelta(days=10),
                )

    build(1)
    client.get(HOME)  # the public part kept
    # The session, the user, their permissions (2), the kept public part (2), their
    # memberships, their entries by workflow state, the deadlines, the review queue's count.
    with django_assert_num_queries(10):
        client.get(HOME)
    build(5)
    client.get(HOME)
    with django_assert_num_queries(10):
        page = client.get(HOME).content.decode()
    work = dict(re.findall(r'data-work="([a-z-]+)">(\d+)<', page))
    assert work == {"sent-back": "6", "drafts": "6", "deadlines": "18", "awaiting-review": "6"}


def test_it_keeps_drafts_out_of_the_figures(client, reviewer):
    draft_resolution = ResolutionFactory(symbol="A/RES/90/L.5")
    CommitmentFactory(paragraph__resolution=draft_resolution)
    approve(
        ProgressEntryFactory(
            commitment=CommitmentFactory(),
            status=Status.IMPLEMENTED,
            fact_date=datetime.date.today(),
        ),
        reviewer,
    )

    page = client.get(HOME).content.decode()

    assert not draft_resolution.is_adopted
    assert figures(page)["resolutions"] == "1" and figures(page)["trackable"] == "1"
