import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from states.choices import WorkflowState
from states.demo import DEMO_PASSWORD, USERS, load_demo_progress
from states.models import Evidence, Membership, Organization, ProgressEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    """The demo data as `make run` loads it, and what the command printed."""
    call_command("load_demo_data")
    return capsys.readouterr().out


def test_it_records_entries_in_every_workflow_state_across_many_states(demo):
    entries = ProgressEntry.objects.select_related("state")

    assert {entry.workflow_state for entry in entries} == set(WorkflowState.values)
    assert len({entry.state.iso3 for entry in entries}) >= 8
    assert len({entry.status for entry in entries}) >= 4
    assert Organization.objects.filter(country__isnull=True).count() >= 1
    assert {"ngo", "nhri"} <= set(Organization.objects.values_list("kind", flat=True))
    assert f"Demo progress entries: {entries.count()} across" in demo


def test_it_cites_sources_for_the_entries_that_have_any(demo):
    entries = ProgressEntry.objects.annotate(sources=Count("evidence"))

    assert not entries.filter(status="no_information", sources__gt=0).exists()
    assert not entries.exclude(status="no_information").filter(sources=0).exists()
    assert Evidence.objects.exclude(url="").exists()
    assert all(item.added_by == item.entry.created_by for item in Evidence.objects.all())


def test_it_dates_facts_over_the_last_few_years(demo):
    today = timezone.localdate()
    dates = ProgressEntry.objects.values_list("fact_date", flat=True)

    assert max(dates) <= today
    assert min(dates) >= today - datetime.timedelta(days=4 * 365)
    assert max(dates).year - min(dates).year >= 2


def test_it_lets_each_demo_user_log_in_with_the_documented_password(demo, client):
    for username in [user.username for user in USERS] + ["admin"]:
        response = client.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.context["user"].username == username
        client.logout()


def test_it_gives_each_demo_user_their_role_and_organizations(demo):
    users = get_user_model().objects

    for demo_user in USERS:
        user = users.get(username=demo_user.username)
        assert list(user.groups.values_list("name", flat=True)) == [demo_user.role]
        assert set(user.memberships.values_list("organization__slug", flat=True)) == set(
            demo_user.organizations
        )
        assert user.is_staff == demo_user.is_staff
    assert users.get(username="reviewer").has_perm("states.review_progressentry")
    assert not users.get(username="contributor").has_perm("states.review_progressentry")


def test_it_has_entries_written_by_members_and_decided_by_the_reviewer(demo):
    reviewer = get_user_model().objects.get(username="reviewer")
    decided = [WorkflowState.APPROVED, WorkflowState.CHANGES_REQUESTED, WorkflowState.REJECTED]

    for entry in ProgressEntry.objects.all():
        assert entry.is_member(entry.created_by)
        records = list(entry.history.order_by("history_date", "history_id"))
        assert (records[0].workflow_state, records[0].history_user) == ("draft", entry.created_by)
        if entry.workflow_state in decided:
            assert entry.decided_by == reviewer
            assert records[-1].history_user == reviewer
        else:
            assert entry.decided_by is None
            assert records[-1].history_user == entry.created_by


def test_it_shows_an_approval_after_requested_changes_in_the_history(demo):
    walks = [
        [record.history_change_reason.split(":")[0] for record in entry.history.order_by("pk")]
        for entry in ProgressEntry.objects.approved()
    ]

    assert ["create", "submit", "request_changes", "edit", "submit", "approve"] in walks


def test_it_changes_nothing_when_run_twice(demo, capsys):
    def counts():
        return (
            get_user_model().objects.count(),
            Organization.objects.count(),
            Membership.objects.count(),
            ProgressEntry.objects.count(),
            ProgressEntry.history.count(),
        )

    before = counts()
    call_command("load_demo_data")

    assert counts() == before
    assert "Demo progress entries: already there; nothing changed" in capsys.readouterr().out


def test_it_records_no_progress_without_commitments_to_record_it_on():
    outcome = load_demo_progress()

    assert ProgressEntry.objects.count() == 0
    assert "import resolutions first" in outcome.lines[-1]
    assert get_user_model().objects.filter(username="reviewer").exists()
