"""The reviewers' queue: what awaits review, filtered, paginated, own entries marked."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from commitments.choices import Body
from states.choices import ImplementationStatus, WorkflowState
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("states:review_queue")


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def submitted(**fields):
    entry = ProgressEntryFactory(**fields)
    entry.transition("submit", entry.created_by)
    return entry


def listed(response):
    return list(response.context["entries"])


def test_it_shows_entries_awaiting_review_by_default_oldest_first(reviewer_client, reviewer):
    first, second = submitted(), submitted()
    ProgressEntryFactory()  # a draft: not for reviewers
    decided = submitted()
    decided.transition("approve", reviewer)

    response = reviewer_client.get(QUEUE_URL)

    assert listed(response) == [first, second]
    assert response.context["filter"].form["workflow_state"].value() == "submitted"


def test_it_shows_every_entry_a_reviewer_may_see_when_asked_for_any_state(
    reviewer_client, reviewer
):
    waiting = submitted()
    decided = submitted()
    decided.transition("reject", reviewer, comment="No source.")
    ProgressEntryFactory()  # drafts stay with their organization

    assert set(listed(reviewer_client.get(QUEUE_URL, {"workflow_state": ""}))) == {
        waiting,
        decided,
    }
    assert listed(reviewer_client.get(QUEUE_URL, {"workflow_state": "draft"})) == []


def test_it_filters_by_status_state_region_and_organization(reviewer_client):
    kenya, france = State.objects.get(iso3="KEN"), State.objects.get(iso3="FRA")
    ngo = OrganizationFactory()
    in_kenya = submitted(state=kenya, status=ImplementationStatus.IMPLEMENTED, organization=ngo)
    submitted(state=france, status=ImplementationStatus.IMPLEMENTED)
    regressed_in_kenya = submitted(state=kenya, status=ImplementationStatus.REGRESSED)

    assert listed(
        reviewer_client.get(
            QUEUE_URL, {"status": "implemented", "state": "KEN", "organization": ngo.pk}
        )
    ) == [in_kenya]
    assert listed(reviewer_client.get(QUEUE_URL, {"region": kenya.region_id})) == [
        in_kenya,
        regressed_in_kenya,
    ]


def test_it_filters_by_resolution_and_adopting_body(reviewer_client):
    council = ResolutionFactory(body=Body.HUMAN_RIGHTS_COUNCIL)
    on_council = submitted(commitment=CommitmentFactory(paragraph__resolution=council))
    submitted()  # General Assembly

    assert listed(reviewer_client.get(QUEUE_URL, {"resolution": council.pk})) == [on_council]
    assert listed(reviewer_client.get(QUEUE_URL, {"body": "HRC"})) == [on_council]


def test_it_filters_by_submission_date_and_summary_words(reviewer_client):
    old = submitted(summary="The anti-trafficking unit was given a budget.")
    old.submitted_at = timezone.make_aware(datetime.datetime(2024, 1, 15, 12))
    old.save()
    recent = submitted(summary="The unit's budget was cut by half.")

    in_january = reviewer_client.get(
        QUEUE_URL, {"submitted_after": "2024-01-01", "submitted_before": "2024-01-31"}
    )
    searched = reviewer_client.get(QUEUE_URL, {"q": "budget CUT"})

    assert listed(in_january) == [old]
    assert listed(searched) == [recent]


def test_it_explains_invalid_filters_instead_of_failing(reviewer_client):
    submitted()

    response = reviewer_client.get(
        QUEUE_URL,
        {
            "workflow_state": "bogus",
            "state": "ZZZ",
            "region": "not-a-number",
            "submitted_after": "yesterday",
        },
    )

    assert response.status_code == 200
    assert listed(response) == []
    errors = response.context["filter"].form.errors
    assert set(errors) == {"workflow_state", "state", "region", "submitted"}
    assert "Select a valid choice" in response.content.decode()
    assert "Enter a valid date." in response.content.decode()


def test_it_marks_the_reviewers_own_entries(client):
    organization = OrganizationFactory()
    author = UserFactory(role="Contributors", organizations=[organization])
    author.groups.add(Group.objects.get(name="Reviewers"))
    own = submitted(created_by=author, organization=organization)
    other = submitted()
    client.force_login(author)

    response = client.get(QUEUE_URL)

    rows = response.content.decode().split("<tr")
    marked = [row for row in rows if "yours — another reviewer must decide" in row]
    assert len(marked) == 1 and own.get_absolute_url() in marked[0]
    assert other in listed(response)


def test_it_pages_through_a_long_queue_keeping_the_filters(reviewer_client):
    for _ in range(27):
        submitted(status=ImplementationStatus.PARTIAL)

    first = reviewer_client.get(QUEUE_URL, {"status": "partial"})
    second = reviewer_client.get(QUEUE_URL, {"status": "partial", "page": 2})

    assert len(listed(first)) == 25 and len(listed(second)) == 2
    assert "status=partial&amp;page=2" in first.content.decode()
    assert not set(listed(first)) & set(listed(second))


def test_it_counts_evidence_per_entry_in_the_queue(reviewer_client):
    entry = ProgressEntryFactory()
    entry.add_evidence(entry.created_by, citation="One")
    gone = entry.add_evidence(entry.created_by, citation="Two")
    entry.remove_evidence(entry.created_by, gone)
    entry.add_evidence(entry.created_by, url="https://example.org/three")
    entry.transition("submit", entry.created_by)

    response = reviewer_client.get(QUEUE_URL)

    assert [e.evidence_count for e in listed(response)] == [2]
    assert listed(response)[0].workflow_state == WorkflowState.SUBMITTED
