"""
Two contributors of one organization, each with the data a real account gathers: entries
recorded through the model's own workflow (so their history names who acted), evidence with
a file, reminder subscriptions, an API token, a job. The colleague also edits the first
contributor's entry, so every export and erasure test can check nothing of hers leaks in.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from knox.models import AuthToken

from jobs.choices import JobKind
from jobs.models import Job
from states.choices import ImplementationStatus
from states.models import ProgressEntry, State
from tests.factories.commitments import CommitmentFactory, DeadlineSubscriptionFactory
from tests.factories.states import OrganizationFactory, UserFactory
from tests.files import pdf_upload

PASSWORD = "a-long-demo-passphrase"  # UserFactory's


def record_progress(user, organization, summary):
    """A draft started, given evidence, corrected and submitted by `user`, as the pages do."""
    entry = ProgressEntry.start(
        user,
        organization,
        commitment=CommitmentFactory(),
        state=State.objects.get(iso3="KEN"),
        status=ImplementationStatus.IN_PROGRESS,
        fact_date=datetime.date(2024, 3, 1),
        summary=summary,
    )
    entry.add_evidence(user, url="https://example.org/gazette", citation="Gazette No. 12")
    entry.add_evidence(user, file=pdf_upload("gazette.pdf"), description="The law as published")
    entry.edit(user, summary=f"{summary} (corrected)")
    return entry


@pytest.fixture
def organization():
    return OrganizationFactory(name="Coast Rights Forum")


@pytest.fixture
def alice(organization):
    user = UserFactory(
        username="alice",
        first_name="Alice",
        last_name="Wanjiru",
        email="alice@example.org",
        role="Contributors",
        organizations=[organization],
    )
    entry = record_progress(user, organization, "Alice's report on the new law")
    entry.transition("submit", user)
    DeadlineSubscriptionFactory(user=user)
    AuthToken.objects.create(user=user)
    Job.objects.create(kind=JobKind.REPORT_PDF, title="PDF progress report: Kenya", created_by=user)
    return user


@pytest.fixture
def bob(organization, alice, reviewer):
    """
    A colleague with an entry of his own, who also corrects Alice's entry after a reviewer
    sent it back: her entry's history then names three people.
    """
    user = UserFactory(
        username="bob",
        first_name="Bob",
        last_name="Otieno",
        email="bob@example.org",
        role="Contributors",
        organizations=[organization],
    )
    record_progress(user, organization, "Bob's report on shelters")
    hers = ProgressEntry.objects.get(created_by=alice)
    hers.transition("request_changes", reviewer, "Which article of the law?")
    hers.edit(user, summary="Alice's report on the new law, article 4")
    DeadlineSubscriptionFactory(user=user)
    AuthToken.objects.create(user=user)
    return user


@pytest.fixture
def reviewer():
    return UserFactory(username="rhoda", role="Reviewers")


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def staff_with(username, *codenames):
    """A staff member (not a superuser) holding the given auth permissions."""
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__in=codenames)
    )
    return user


@pytest.fixture
def account_admin():
    """Staff who administer accounts (auth.change_user) without being superusers."""
    return staff_with("coordinator", "view_user", "change_user")


@pytest.fixture
def user_viewer():
    """Staff who may look at accounts but not change them."""
    return staff_with("helpdesk", "view_user")
