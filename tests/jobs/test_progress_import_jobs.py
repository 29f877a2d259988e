"""A large spreadsheet of progress is imported by a background job, a chunk of rows at a time."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from jobs.choices import JobKind, JobStatus
from jobs.models import Job
from states.choices import WorkflowState
from states.models import Membership, ProgressEntry
from states.spreadsheets import saving
from states.views import imports as import_views
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, UserFactory
from tests.states.sheets import xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """The worker would close the test's own connection between tasks (see test_jobs.py)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def small_files_are_large(monkeypatch):
    """Five rows count as a large file here, saved two rows a transaction."""
    monkeypatch.setattr(import_views, "LARGE_FILE_ROWS", 4)
    monkeypatch.setattr(saving, "CHUNK_ROWS", 2)


@pytest.fixture
def organization():
    return OrganizationFactory(name="Gazette Watch", slug="gazette-watch")


@pytest.fixture
def contributor(organization):
    return UserFactory(username="importer", role="Contributors", organizations=[organization])


@pytest.fixture(autouse=True)
def commitment():
    resolution = ResolutionFactory(symbol="A/RES/65/190", adopted_on=datetime.date(2010, 12, 21))
    return CommitmentFactory(paragraph__resolution=resolution, paragraph__number="17")


STATES = ["Kenya", "France", "Brazil", "India", "Japan"]


def rows():
    return [
        [f"GW-{n}", "A/RES/65/190 OP 17", state, "In progress", "2025-03-31", f"Fact {n}.", ""]
        for n, state in enumerate(STATES, start=1)
    ]


def work_off_the_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def start_job(client, organization, django_capture_on_commit_callbacks):
    response = client.post(
        reverse("states:import"),
        {"organization": organization.pk, "file": xlsx_upload(rows()), "save_as": "submit"},
    )
    assert response.context["confirm_url"] == reverse("jobs:progress_import")
    assert "it is imported in the background" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:progress_import"), {"token": response.context["token"]}
        )
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    return job


def test_it_imports_a_large_file_in_the_background_with_its_progress(
    client, contributor, organization, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    job = start_job(client, organization, django_capture_on_commit_callbacks)
    assert (job.kind, job.status, job.title) == (
        JobKind.PROGRESS_IMPORT,
        JobStatus.QUEUED,
        "Progress import: progress.xlsx (5 rows)",
    )
    stored = job.params["file"]
    assert default_storage.exists(stored)
    assert not ProgressEntry.objects.exists()

    work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.progress, job.total) == (JobStatus.SUCCEEDED, 5, 5)
    assert job.message == (
        "5 rows: 5 new entries submitted, 0 changed, 0 already imported, 0 not valid"
    )
    entries = ProgressEntry.objects.order_by("external_reference")
    assert [(e.external_reference, e.state.name, e.workflow_state) for e in entries] == [
        (f"GW-{n}", state, WorkflowState.SUBMITTED) for n, state in enumerate(STATES, start=1)
    ]
    assert entries[0].history.latest().history_user == contributor
    assert not default_storage.exists(stored)  # the upload goes once it is imported
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<progress max="100" value="100"' in page
    # The same file again: every row is imported already; there is nothing to confirm.
    again = client.post(
        reverse("states:import"),
        {"organization": organization.pk, "file": xlsx_upload(rows()), "save_as": "submit"},
    )
    assert (again.context["report"].counts["unchanged"], again.context["token"]) == (5, "")


def test_a_failed_import_says_why_and_can_be_tried_again(
    client, contributor, organization, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    job = start_job(client, organization, django_capture_on_commit_callbacks)
    Membership.objects.filter(user=contributor).delete()  # removed meanwhile

    work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.error) == (
        JobStatus.FAILED,
        "You can only import progress for an organization you belong to.",
    )
    assert not ProgressEntry.objects.exists()
    assert default_storage.exists(job.params["file"])  # kept, to be tried again
    Membership.objects.create(user=contributor, organization=organization)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.attempts, ProgressEntry.objects.count()) == (
        JobStatus.SUCCEEDED,
        2,
        5,
    )


def test_a_job_interrupted_after_some_chunks_saves_the_rest_when_tried_again(
    client, contributor, organization, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    job = start_job(client, organization, django_capture_on_commit_callbacks)
    real_save = saving.save_import
    calls = []

    def crash_on_the_second_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ConnectionError("database went away")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(saving, "save_import", crash_on_the_second_chunk)
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "An unexpected error stopped the job (ConnectionError). Try again; if it fails again, "
        "tell an administrator."
    )
    assert ProgressEntry.objects.count() == 2  # the first chunk, whole

    monkeypatch.setattr(saving, "save_import", real_save)
    with django_capture_on_commit_callbacks(execute=True):
        assert job.retry()
    work_off_the_queue()
    job.refresh_from_db()
    assert job.message == (
        "5 rows: 3 new entries submitted, 0 changed, 2 already imported, 0 not valid"
    )
    assert ProgressEntry.objects.count() == 5


def test_it_refuses_to_start_a_job_for_an_unknown_upload(client, contributor):
    client.force_login(contributor)
    response = client.post(reverse("jobs:progress_import"), {"token": "forged"})
    assert response.url == reverse("states:import")
    assert not Job.objects.exists()
    client.logout()
    assert client.post(reverse("jobs:progress_import"), {"token": "forged"}).status_code == 302
