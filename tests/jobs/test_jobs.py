"""Background jobs through the real queue: queued on commit, run by `db_worker`."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from commitments.models import CommitmentLink, Resolution
from jobs.choices import JobKind, JobStatus
from jobs.models import Job
from states.models import State
from tests.factories.states import UserFactory
from tests.files import HOSTILE_WORD_FILES, REFUSED_BEFORE_QUEUEING

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def monitor():
    return UserFactory(username="monitor", role="Contributors")


@pytest.fixture
def importer():
    return UserFactory(username="importer", role="Administrators")


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """
    The worker recycles database connections between tasks, which would close the test's
    own (it runs inside the test's transaction here); everything else is the real worker.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def work_off_the_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def test_it_builds_a_state_report_in_the_background(
    client, monitor, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:report"), {"report": "state", "key": "kenya"})
    job = Job.objects.get()
    assert response.url == "/jobs/report/?report=state&key=kenya"
    assert (job.status, job.created_by) == (JobStatus.QUEUED, monitor)
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page

    work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.percent) == (JobStatus.SUCCEEDED, 100)
    assert job.result_name.startswith("progress-report-kenya-")
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    text = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()
    assert "Progress report: Kenya" in " ".join(text.split())
    assert "refresh" not in client.get(job.get_absolute_url()).content.decode()


def test_it_says_why_a_job_failed_and_can_try_again(monitor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = Job.start(JobKind.REPORT_PDF, monitor, "PDF", {"report": "state", "key": "kenya"})
    State.objects.filter(slug="kenya").update(slug="kenya-renamed")

    work_off_the_queue()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The report's subject (state “kenya”) no longer exists."
    State.objects.filter(slug="kenya-renamed").update(slug="kenya")
    with django_capture_on_commit_callbacks(execute=True):
        assert job.retry()
    work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")


def test_it_imports_many_files_and_reports_each(
    client, importer, seed_texts, django_capture_on_commit_callbacks
):
    client.force_login(importer)
    files = [
        SimpleUploadedFile(name, text.encode(), content_type="text/plain")
        for name, text in list(seed_texts.items())[:2]
    ] + [SimpleUploadedFile("notes.txt", b"Shopping list: milk, eggs.", "text/plain")]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:batch_import"), {"files": files})
    work_off_the_queue()

    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    assert job.message == "2 imported, 1 not imported"
    assert (job.progress, job.total) == (4, 4)  # a step a file, and one for the links
    assert Resolution.objects.count() == 2
    report = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    assert b"notes.txt: not imported:" in report
    assert b"A/RES/65/190" in report or b"A/HRC/RES/14/2" in report
    # The two resolutions (14/2 of June 2010, 65/190 of December) are linked to each other.
    links = CommitmentLink.objects.count()
    assert links and f"Lineage: {links} links suggested".encode() in report
    assert not CommitmentLink.objects.exclude(
        earlier__resolution__symbol="A/HRC/RES/14/2", later__resolution__symbol="A/RES/65/190"
    ).exists()


def test_it_links_an_interrupted_batch_when_tried_again(
    importer, seed_texts, monkeypatch, django_capture_on_commit_callbacks
):
    texts = [{"name": name, "text": text} for name, text in list(seed_texts.items())[:2]]
    with django_capture_on_commit_callbacks(execute=True):
        job = Job.start(JobKind.IMPORT_RESOLUTIONS, importer, "Import", {"texts": texts})

    def lost(resolutions):
        raise ConnectionError("server closed the connection")

    with monkeypatch.context() as patch:
        patch.setattr("commitments.ingest.link_resolutions", lost)
        work_off_the_queue()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "(ConnectionError)" in job.error
    assert job.message == "Linking the lineage of 2 resolutions"
    # Each text was stored in its own transaction; the links were never made.
    assert Resolution.objects.count() == 2
    assert not CommitmentLink.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert job.retry()
    work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == (
        JobStatus.SUCCEEDED,
        2,
        "2 imported, 0 not imported",
    )
    assert Resolution.objects.count() == 2
    assert CommitmentLink.objects.exists()
    report = job.result.read().decode()
    assert report.count("this text was already imported; nothing changed.") == 2
    assert f"Lineage: {CommitmentLink.objects.count()} links suggested" in report


def test_it_refuses_files_it_cannot_read_before_queueing_anything(client, importer):
    client.force_login(importer)
    binary = SimpleUploadedFile("scan.txt", b"\x00\x01\x02\xff" * 50, "text/plain")

    response = client.post(reverse("jobs:batch_import"), {"files": [binary]})

    assert response.status_code == 200
    assert "scan.txt:" in response.content.decode()
    assert not Job.objects.exists()


def test_it_shows_a_job_only_to_the_person_who_started_it(client, monitor):
    job = Job.objects.create(kind=JobKind.REPORT_PDF, title="PDF", created_by=monitor)
    client.force_login(UserFactory(role="Reviewers"))

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302  # to the login page


def test_it_needs_the_import_permission_for_batch_imports(client, monitor):
    client.force_login(monitor)

    assert client.get(reverse("jobs:batch_import")).status_code == 403


@pytest.mark.parametrize("kind", REFUSED_BEFORE_QUEUEING)
def test_it_refuses_a_word_bomb_or_a_broken_package_before_queueing_anything(
    client, importer, media_root, kind
):
    build, message = HOSTILE_WORD_FILES[kind]
    client.force_login(importer)
    upload = SimpleUploadedFile("hostile.docx", build())

    response = client.post(reverse("jobs:batch_import"), {"files": [upload]})

    assert response.status_code == 200
    assert response.context["form"].errors["files"][0].startswith(f"hostile.docx: {message}")
    assert not Job.objects.exists()
    assert not (media_root / "jobs").exists()


def test_it_stores_the_uploaded_files_and_reads_them_in_the_worker(
    client, importer, media_root, seed_texts, django_capture_on_commit_callbacks
):
    client.force_login(importer)
    name, text = next(iter(seed_texts.items()))
    found_by_the_worker = [
        kind for kind in HOSTILE_WORD_FILES if kind not in REFUSED_BEFORE_QUEUEING
    ]
    uploads = {name: text.encode()} | {
        f"{kind}.docx": HOSTILE_WORD_FILES[kind][0]() for kind in found_by_the_worker
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("jobs:batch_import"),
            {"files": [SimpleUploadedFile(name, data) for name, data in uploads.items()]},
        )

    # The job row names the files; their bytes wait, as uploaded, in the media storage.
    job = Job.objects.get()
    assert [item["name"] for item in job.params["files"]] == list(uploads)
    assert list(job.params) == ["files"]
    stored = [media_root / item["file"] for item in job.params["files"]]
    assert [path.read_bytes() for path in stored] == list(uploads.values())

    work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.SUCCEEDED, "1 imported, 3 not imported")
    report = job.result.read().decode().splitlines()
    for kind, line in zip(found_by_the_worker, report[1:4], strict=True):
        assert line.startswith(f"{kind}.docx: not imported: {HOSTILE_WORD_FILES[kind][1]}")
    assert Resolution.objects.count() == 1
    assert not any(path.exists() for path in stored)  # read and done with


def test_it_keeps_the_files_of_a_failed_import_to_try_again(
    client, importer, media_root, django_capture_on_commit_callbacks
):
    client.force_login(importer)
    build, message = HOSTILE_WORD_FILES["broken document.xml"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("jobs:batch_import"), {"files": [SimpleUploadedFile("broken.docx", build())]}
        )
    work_off_the_queue()

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith(
        f"None of the texts could be imported:\nbroken.docx: not imported: {message}"
    )
    assert (media_root / job.params["files"][0]["file"]).exists()
