"""
The reviewers hear of a submitted spreadsheet import in one message each, however many
entries it submitted, however many chunks saved them; drafts are announced to nobody.
"""

import datetime

import pytest
from django.urls import reverse

from states.models import ProgressEntry
from states.spreadsheets import read_sheet, save_import, save_in_chunks, saving
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, UserFactory

from .sheets import csv_bytes, csv_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://tracker.example.org"
    settings.SITE_NAME = "Commitment Tracker"


@pytest.fixture
def organization():
    return OrganizationFactory(name="Gazette Watch")


@pytest.fixture
def contributor(organization):
    return UserFactory(
        username="importer",
        first_name="Amina",
        last_name="Otieno",
        role="Contributors",
        organizations=[organization],
        email="importer@example.org",
    )


@pytest.fixture
def reviewers():
    UserFactory(username="no-address", role="Reviewers", email="")
    UserFactory(username="retired", role="Reviewers", email="retired@example.org", is_active=False)
    return [
        UserFactory(username="first-reviewer", role="Reviewers", email="first@example.org"),
        UserFactory(username="second-reviewer", role="Reviewers", email="second@example.org"),
    ]


@pytest.fixture
def commitment():
    resolution = ResolutionFactory(symbol="A/RES/65/190", adopted_on=datetime.date(2010, 12, 21))
    return CommitmentFactory(paragraph__resolution=resolution, paragraph__number="17")


ROWS = [
    ["GW-1", "A/RES/65/190 OP 17", "Kenya", "In progress", "2025-03-31", "A bill.", ""],
    ["GW-2", "A/RES/65/190 OP 17", "Peru", "Implemented", "2025-01-15", "A law.", ""],
    ["GW-3", "A/RES/65/190 OP 17", "Chile", "Not started", "2024-12-01", "Nothing.", ""],
]


def dataset():
    return read_sheet(csv_bytes(ROWS), "gazette-watch-2025.csv")


def expected_body(organization):
    kenya, peru, chile = ProgressEntry.objects.order_by("pk")
    url = "https://tracker.example.org/progress/"
    return (
        "Amina Otieno of Gazette Watch submitted 3 progress entries for review, imported "
        "from the spreadsheet gazette-watch-2025.csv.\n"
        "\n"
        "- Kenya, A/RES/65/190 OP 17: In progress (as of 31 March 2025)\n"
        f"  {url}{kenya.pk}/\n"
        "- Peru, A/RES/65/190 OP 17: Implemented (as of 15 January 2025)\n"
        f"  {url}{peru.pk}/\n"
        "- Chile, A/RES/65/190 OP 17: Not started (as of 1 December 2024)\n"
        f"  {url}{chile.pk}/\n"
        "\n"
        "Review them in the queue: https://tracker.example.org"
        f"{reverse('states:review_queue')}?organization={organization.pk}\n"
    )


def assert_one_summary_each(mailoutbox, organization):
    assert sorted(message.to for message in mailoutbox) == [
        ["first@example.org"],
        ["second@example.org"],
    ]
    for message in mailoutbox:
        assert message.subject == (
            "[Commitment Tracker] For review: 3 progress entries imported by Gazette Watch"
        )
        assert message.body == expected_body(organization)


def test_it_sends_each_reviewer_one_summary_of_a_submitted_import(
    contributor, organization, commitment, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = save_import(
            dataset(),
            user=contributor,
            organization=organization,
            submit=True,
            source="gazette-watch-2025.csv",
        )

    assert report.saved
    assert len(report.submitted) == 3
    assert_one_summary_each(mailoutbox, organization)


def test_it_sends_one_summary_for_an_import_saved_in_chunks(
    contributor,
    organization,
    commitment,
    reviewers,
    mailoutbox,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(saving, "CHUNK_ROWS", 2)
    with django_capture_on_commit_callbacks(execute=True):
        report = save_in_chunks(
            dataset(),
            user=contributor,
            organization=organization,
            submit=True,
            source="gazette-watch-2025.csv",
        )

    assert report.saved
    assert_one_summary_each(mailoutbox, organization)


def test_it_lists_the_first_entries_and_counts_the_rest(
    contributor,
    organization,
    commitment,
    reviewers,
    mailoutbox,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from states import notifications

    monkeypatch.setattr(notifications, "IMPORT_LISTED", 1)
    with django_capture_on_commit_callbacks(execute=True):
        save_import(dataset(), user=contributor, organization=organization, submit=True)

    kenya = ProgressEntry.objects.order_by("pk").first()
    assert mailoutbox[0].body == (
        "Amina Otieno of Gazette Watch submitted 3 progress entries for review, imported "
        "from a spreadsheet.\n"
        "\n"
        "- Kenya, A/RES/65/190 OP 17: In progress (as of 31 March 2025)\n"
        f"  https://tracker.example.org/progress/{kenya.pk}/\n"
        "\n"
        "… and 2 more.\n"
        "\n"
        "Review them in the queue: https://tracker.example.org"
        f"{reverse('states:review_queue')}?organization={organization.pk}\n"
    )


def test_it_announces_drafts_to_nobody(
    contributor, organization, commitment, reviewers, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = save_import(dataset(), user=contributor, organization=organization)

    assert report.saved
    assert mailoutbox == []


def test_it_sends_the_summary_when_an_upload_is_confirmed(
    client,
    contributor,
    organization,
    commitment,
    reviewers,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(contributor)
    preview = client.post(
        reverse("states:import"),
        {
            "organization": organization.pk,
            "file": csv_upload(ROWS, name="gazette-watch-2025.csv"),
            "save_as": "submit",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("states:import_confirm"), {"token": preview.context["token"]})

    assert_one_summary_each(mailoutbox, organization)


def test_it_writes_large_counts_with_thousands_separators(
    contributor, organization, reviewers, mailoutbox
):
    from states.notifications import notify_import_submitted

    # Entries no longer there are counted, not listed.
    sent = notify_import_submitted(list(range(10**6, 10**6 + 1234)), contributor, organization)

    assert sent == 2
    message = mailoutbox[0]
    assert message.subject == (
        "[Commitment Tracker] For review: 1,234 progress entries imported by Gazette Watch"
    )
    assert message.body.startswith(
        "Amina Otieno of Gazette Watch submitted 1,234 progress entries for review, imported "
        "from a spreadsheet.\n\n\n… and 1,234 more.\n"
    )
