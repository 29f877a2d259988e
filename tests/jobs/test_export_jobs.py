"""Large exports as background jobs: the API's rows and filters, written to a file."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from jobs.choices import JobKind, JobStatus
from jobs.models import Job
from states.choices import WorkflowState
from states.models import State
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """As in test_jobs.py: the worker must not close the test's own connection."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def monitor():
    return UserFactory(username="monitor", role="Contributors")


@pytest.fixture
def entries():
    """Kenya: one approved entry and one draft; Peru: one approved entry."""
    reviewer = UserFactory(role="Reviewers")
    kenya, peru = State.objects.get(iso3="KEN"), State.objects.get(iso3="PER")
    made = [
        ProgressEntryFactory(state=kenya, summary="Kenya's approved entry"),
        ProgressEntryFactory(state=peru, summary="Peru's approved entry"),
    ]
    for entry in made:
        entry.transition("submit", entry.created_by)
        entry.transition("approve", reviewer)
    made.append(ProgressEntryFactory(state=kenya, summary="Kenya's unpublished draft"))
    assert made[-1].workflow_state == WorkflowState.DRAFT
    return made


def work_off_the_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def download(client, job):
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content).decode()


def test_it_exports_the_filtered_approved_entries_in_the_background(
    client, monitor, entries, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:export"), {"dataset": "entries", "format": "csv", "state": "KEN"}
        )
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.params["filters"]) == (JobKind.EXPORT, "state=KEN")

    work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.percent, job.message) == (JobStatus.SUCCEEDED, 100, "1 rows")
    assert job.result_name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(download(client, job))))
    assert [row["summary"] for row in rows] == ["Kenya's approved entry"]
    assert rows[0]["web_url"] == settings.SITE_URL + entries[0].get_absolute_url()


def test_it_exports_commitments_as_json_lines(
    client, monitor, entries, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:export"), {"dataset": "commitments", "format": "jsonl"})
    work_off_the_queue()

    job = Job.objects.get()
    records = [json.loads(line) for line in download(client, job).splitlines()]
    assert sorted(record["id"] for record in records) == sorted(e.commitment_id for e in entries)


def test_it_refuses_invalid_filters_before_queueing_anything(client, monitor):
    client.force_login(monitor)

    response = client.post(
        reverse("jobs:export"), {"dataset": "entries", "format": "csv", "fact_date_after": "soon"}
    )

    assert response.status_code == 400
    assert "Some filters are not valid" in response.content.decode()
    assert not Job.objects.exists()


def test_it_refuses_an_unknown_format(client, monitor):
    client.force_login(monitor)

    response = client.post(reverse("jobs:export"), {"dataset": "entries", "format": "xlsx"})

    assert response.status_code == 400
    assert not Job.objects.exists()


def test_it_says_why_when_the_filters_no_longer_hold(
    monitor, entries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = Job.start(
            JobKind.EXPORT,
            monitor,
            "Export",
            {"dataset": "entries", "format": "csv", "filters": "organization=gone"},
        )
    work_off_the_queue()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("The export's filters are not valid: organization:")


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("jobs:export"))

    assert response.status_code == 302
    assert reverse("login") in response.url
