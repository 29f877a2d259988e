"""
What needs doing for one person (states/work.py): the deadlines that concern their
organizations' work, the counts the home page shows, where signing in leads them, and the
top of *My progress*.
"""

import datetime
import re

import pytest
from django.urls import reverse

from commitments.choices import SubscriptionScope
from states import work
from states.choices import WorkflowState
from states.models import State
from tests.factories.commitments import (
    CommitmentFactory,
    DeadlineSubscriptionFactory,
    ReportingRequestFactory,
    ResolutionFactory,
)
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 15)


def due_in(days, **fields):
    return ReportingRequestFactory(due_date=TODAY + datetime.timedelta(days=days), **fields)


@pytest.fixture
def monitor():
    """A contributor of a Kenyan NGO that has recorded progress on Nigeria under one resolution."""
    kenya = State.objects.get(iso3="KEN")
    organization = OrganizationFactory(name="Coast Forum", country=kenya)
    user = UserFactory(role="Contributors", organizations=[organization])
    resolution = ResolutionFactory()
    ProgressEntryFactory(
        commitment=CommitmentFactory(paragraph__resolution=resolution),
        state=State.objects.get(iso3="NGA"),
        organization=organization,
        created_by=user,
    )
    user.resolution_worked_on = resolution
    return user


def test_it_finds_the_deadlines_of_a_contributors_resolutions_states_and_reminders(monitor):
    on_their_resolution = due_in(10, commitment__paragraph__resolution=monitor.resolution_worked_on)
    naming_their_country = due_in(20, commitment=CommitmentFactory(named_states=["KEN"]))
    naming_a_state_they_report_on = due_in(30, commitment=CommitmentFactory(named_states=["NGA"]))
    reminded = due_in(40)
    DeadlineSubscriptionFactory(
        user=monitor, scope=SubscriptionScope.RESOLUTION, resolution=reminded.resolution
    )
    # Not theirs, too late, past, or already fulfilled.
    due_in(5)
    due_in(5, commitment=CommitmentFactory(named_states=["FRA"]))
    due_in(91, commitment__paragraph__resolution=monitor.resolution_worked_on)
    due_in(-1, commitment__paragraph__resolution=monitor.resolution_worked_on)
    due_in(
        15,
        commitment__paragraph__resolution=monitor.resolution_worked_on,
        fulfilled_on=TODAY,
    )

    found = list(work.deadlines_for(monitor, TODAY))

    assert found == [
        on_their_resolution,
        naming_their_country,
        naming_a_state_they_report_on,
        reminded,
    ]


def test_it_finds_no_deadline_for_someone_else_s_work(monitor):
    due_in(10, commitment__paragraph__resolution=monitor.resolution_worked_on)
    outsider = UserFactory(role="Contributors", organizations=[OrganizationFactory()])

    assert list(work.deadlines_for(outsider, TODAY)) == []


def test_it_counts_a_contributors_work_and_a_reviewers_queue():
    cast = Cast()
    cast.entry(WorkflowState.DRAFT)
    cast.entry(WorkflowState.DRAFT)
    returned = cast.entry(WorkflowState.CHANGES_REQUESTED)
    cast.entry(WorkflowState.SUBMITTED)
    cast.entry(WorkflowState.APPROVED)
    ReportingRequestFactory(commitment__paragraph__resolution=returned.commitment.resolution)
    other = ProgressEntryFactory(organization=OrganizationFactory())
    other.transition("submit", other.created_by)

    member = work.work_summary(cast["member"])
    reviewer = work.work_summary(cast["reviewer"])
    both = work.work_summary(cast["reviewer_author"])

    assert (member.records, member.reviews) == (True, False)
    assert (member.sent_back, member.drafts, member.deadlines) == (1, 2, 1)
    assert (reviewer.records, reviewer.reviews, reviewer.awaiting_review) == (False, True, 2)
    assert (both.records, both.reviews, both.drafts, both.awaiting_review) == (True, True, 2, 2)
    # An administrator who belongs to no organization has no entries to work on.
    administrator = work.work_summary(cast["administrator"])
    assert (administrator.records, administrator.reviews) == (False, True)
    assert not work.work_summary(cast["no_role"]).anything


@pytest.mark.parametrize(
    "actor, landing",
    [
        ("member", "states:dashboard"),
        ("reviewer_author", "states:dashboard"),
        ("reviewer", "states:review_queue"),
        ("administrator", "states:review_queue"),
        ("no_role", "home"),
    ],
)
def test_it_lands_each_role_where_its_work_is(client, actor, landing):
    cast = Cast()
    client.force_login(cast[actor])

    response = client.get(reverse("landing"))

    assert response.status_code == 302 and response["Location"] == reverse(landing)


def test_it_lands_a_contributor_without_an_organization_on_my_progress(client):
    client.force_login(UserFactory(role="Contributors"))

    assert client.get(reverse("landing"))["Location"] == reverse("states:dashboard")


def test_it_asks_a_visitor_to_sign_in_before_landing(client):
    response = client.get(reverse("landing"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/start/")


def test_it_puts_what_needs_doing_at_the_top_of_my_progress(client):
    cast = Cast()
    returned = cast.entry(WorkflowState.CHANGES_REQUESTED)
    cast.entry(WorkflowState.DRAFT)
    cast.entry(WorkflowState.DRAFT)
    cast.entry(WorkflowState.SUBMITTED)
    ReportingRequestFactory(
        commitment__paragraph__resolution=returned.commitment.resolution,
        source_text="to report on the present resolution at its ninety-first session",
        due_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    client.force_login(cast["member"])

    page = client.get(reverse("states:dashboard")).content.decode()

    todo = page.index('id="todo-heading"')
    assert todo < page.index('id="sent-back-heading"') < page.index('id="drafts-heading"')
    assert page.index('id="drafts-heading"') < page.index('id="deadlines-heading"')
    assert page.index('id="deadlines-heading"') < page.index('id="awaiting-heading"')
    counts = dict(re.findall(r'data-todo="([a-z-]+)">(\d+)<', page))
    assert counts == {"sent-back": "1", "drafts": "2", "deadlines": "1"}
    assert "to report on the present resolution at its ninety-first session" in page


def test_it_says_when_no_deadline_is_coming_up(client):
    cast = Cast()
    cast.entry(WorkflowState.DRAFT)
    client.force_login(cast["member"])

    page = client.get(reverse("states:dashboard")).content.decode()

    assert "No reporting deadline falls due in the next 90 days." in page
