"""
A worker killed in the middle of a job (SIGKILL, out of memory, a machine lost) leaves the job
"running" with nobody working on it. The heartbeat lets the app notice, show the job as failed
and let it be tried again; the real kill of a `db_worker` process is in tests/load/.
"""

import datetime
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jobs import handlers
from jobs.choices import JobKind, JobStatus
from jobs.models import INTERRUPTED, Job
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def job_timing(settings):
    settings.JOBS_HEARTBEAT_SECONDS = 10
    settings.JOBS_STALLED_AFTER_SECONDS = 120


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """As in test_jobs.py: the worker must not close the test's own connection."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def monitor():
    return UserFactory(username="monitor", role="Contributors")


def running_job(user, silent_for):
    """A job a worker claimed and then stopped beating for `silent_for` seconds."""
    then = timezone.now() - datetime.timedelta(seconds=silent_for)
    return Job.objects.create(
        kind=JobKind.REPORT_PDF,
        title="PDF progress report: Kenya",
        params={"report": "state", "key": "kenya"},
        created_by=user,
        status=JobStatus.RUNNING,
        attempts=1,
        progress=1,
        total=3,
        started=then,
        heartbeat=then,
    )


def test_it_shows_a_job_whose_worker_went_silent_as_interrupted_and_retryable(client, monitor):
    job = running_job(monitor, silent_for=121)
    client.force_login(monitor)

    page = client.get(job.get_absolute_url()).content.decode()

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, INTERRUPTED)
    assert job.finished is not None
    assert "The job was interrupted" in page
    assert reverse("jobs:retry", args=[job.pk]) in page
    assert 'http-equiv="refresh"' not in page
    assert str(JobStatus.FAILED.label) in client.get(reverse("jobs:list")).content.decode()


def test_it_leaves_a_job_whose_worker_still_beats_running(client, monitor):
    job = running_job(monitor, silent_for=100)
    client.force_login(monitor)

    page = client.get(job.get_absolute_url()).content.decode()

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert 'http-equiv="refresh"' in page


def test_it_reads_a_silent_job_without_heartbeat_by_its_start(monitor):
    """Jobs claimed before the heartbeat existed are judged by when they started."""
    job = running_job(monitor, silent_for=500)
    Job.objects.filter(pk=job.pk).update(heartbeat=None)

    assert list(Job.objects.stalled()) == [job]
    assert Job.objects.fail_stalled() == 1
    assert Job.objects.fail_stalled() == 0


def test_it_runs_an_interrupted_job_again_to_the_end(
    client, monitor, django_capture_on_commit_callbacks
):
    job = running_job(monitor, silent_for=300)
    client.force_login(monitor)
    client.get(job.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")
    assert job.result_name.startswith("progress-report-kenya-")


def test_it_lets_the_next_worker_notice_a_stalled_job(monitor, django_capture_on_commit_callbacks):
    stalled = running_job(monitor, silent_for=300)
    with django_capture_on_commit_callbacks(execute=True):
        fresh = Job.start(JobKind.REPORT_PDF, monitor, "PDF", {"report": "state", "key": "kenya"})

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    stalled.refresh_from_db()
    fresh.refresh_from_db()
    assert (stalled.status, fresh.status) == (JobStatus.FAILED, JobStatus.SUCCEEDED)


@pytest.mark.parametrize("outcome", ["succeeds", "fails"])
def test_it_never_lets_a_given_up_attempt_overwrite_the_job(monkeypatch, monitor, outcome):
    """A worker that was only slow finishes after its job was marked interrupted."""
    job = Job.objects.create(kind=JobKind.REPORT_PDF, title="PDF", created_by=monitor)

    def slow_handler(job):
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=INTERRUPTED)
        if outcome == "fails":
            raise handlers.JobFailed("Too late.")
        return "late.txt", b"late", "Done late"

    monkeypatch.setitem(handlers.HANDLERS, JobKind.REPORT_PDF, slow_handler)

    job.run()

    job.refresh_from_db()
    assert (job.status, job.error, job.result_name) == (JobStatus.FAILED, INTERRUPTED, "")


def test_it_stamps_the_heartbeat_when_progress_is_reported(monitor):
    job = running_job(monitor, silent_for=60)

    job.report(2, 3, "Saving the file")

    job.refresh_from_db()
    assert timezone.now() - job.heartbeat < datetime.timedelta(seconds=5)
    assert (job.progress, job.message) == (2, "Saving the file")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the beat uses a second connection")
def test_it_beats_while_a_long_step_runs(settings, monkeypatch, monitor):
    """No progress is reported for a while (a big PDF being laid out): the thread beats."""
    settings.JOBS_HEARTBEAT_SECONDS = 0.1
    job = Job.objects.create(kind=JobKind.REPORT_PDF, title="PDF", created_by=monitor)
    beats = []

    def long_step(job):
        for _ in range(8):
            time.sleep(0.1)
            beats.append(Job.objects.values_list("heartbeat", flat=True).get(pk=job.pk))
        return "report.pdf", None, "Done"

    monkeypatch.setitem(handlers.HANDLERS, JobKind.REPORT_PDF, long_step)

    job.run()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert len(set(beats)) >= 3  # the heartbeat moved on while the step ran
    assert not [t for t in threading.enumerate() if t.name.startswith(f"job-{job.pk}-")]
