"""
The "Download data" page's large files as background jobs: past the row limit of its format a
file is offered to be prepared in the background, for the signed-in user who asks and no one
else, with the very rows the page would have written while its reader waited.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from jobs.choices import JobKind, JobStatus
from jobs.models import Job
from states.choices import WorkflowState
from states.models import State
from tests.factories.commitments import ReportingRequestFactory
from tests.factories.states import ProgressEntryFactory, UserFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db

URL = "/downloads/"


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch):
    """As in test_jobs.py: the worker must not close the test's own connection."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def limits(settings):
    """Two rows written while the reader waits, in either format; links on the test host."""
    settings.DOWNLOADS_XLSX_INLINE_MAX_ROWS = 2
    settings.DOWNLOADS_CSV_INLINE_MAX_ROWS = 2
    settings.SITE_URL = "http://testserver"
    return settings


@pytest.fixture
def cast():
    """Kenya: three approved entries; one draft of the cast's organization, one of another."""
    cast = Cast()
    kenya = State.objects.get(iso3="KEN")
    first = cast.entry(
        WorkflowState.APPROVED,
        state=kenya,
        summary="Approved 1",
        fact_date=datetime.date(2024, 1, 1),
    )
    for day in (2, 3):
        cast.entry(
            WorkflowState.APPROVED,
            commitment=first.commitment,
            state=kenya,
            summary=f"Approved {day}",
            fact_date=datetime.date(2024, 1, day),
        )
    cast.entry(
        WorkflowState.DRAFT,
        commitment=first.commitment,
        state=kenya,
        summary="Our own draft",
        fact_date=datetime.date(2024, 1, 4),
    )
    ProgressEntryFactory(commitment=first.commitment, state=kenya, summary="Another's draft")
    return cast


def work_off_the_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def file_rows(data: bytes, file_format: str) -> list[list[str]]:
    if file_format == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [
        [
            value.date().isoformat() if isinstance(value, datetime.datetime) else value or ""
            for value in row
        ]
        for row in workbook.active.iter_rows(values_only=True)
    ]


def prepare(client, django_capture_on_commit_callbacks, **params):
    """Ask for the file on the page, press "Prepare", have the worker make it."""
    page = client.get(URL, params)
    assert page.status_code == 200
    query = page.context["query"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:data_download"), {"query": query})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    work_off_the_queue()
    job.refresh_from_db()
    return job


def fetch(client, job) -> bytes:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_writes_a_file_within_the_limit_while_the_reader_waits(client, cast, file_format):
    client.force_login(cast["member"])

    response = client.get(URL, {"format": file_format, "fact_date_before": "2024-01-02"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = file_rows(b"".join(response.streaming_content), file_format)
    assert [row[12] for row in rows[1:]] == ["Approved 1", "Approved 2"]
    assert not Job.objects.exists()


@pytest.mark.parametrize(("file_format", "label"), [("csv", "CSV"), ("xlsx", "Excel (XLSX)")])
def test_it_offers_a_file_past_the_limit_of_its_format_to_be_prepared(
    client, cast, limits, file_format, label
):
    setting = f"DOWNLOADS_{file_format.upper()}_INLINE_MAX_ROWS"
    other = (
        "DOWNLOADS_CSV_INLINE_MAX_ROWS"
        if file_format == "xlsx"
        else ("DOWNLOADS_XLSX_INLINE_MAX_ROWS")
    )
    setattr(limits, other, 100)  # the other format's limit plays no part
    client.force_login(cast["member"])

    response = client.get(URL, {"format": file_format})

    assert response.status_code == 200
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert (
        f"These choices match 3 rows: more than the 2 rows written while you wait in {label}."
        in page
    )
    assert f'action="{reverse("jobs:data_download")}"' in page
    assert f"Prepare the {label} file" in page
    assert response.context["query"] == f"format={file_format}"
    assert not Job.objects.exists()  # asking is not preparing: nothing queued by a GET

    setattr(limits, setting, 3)
    assert client.get(URL, {"format": file_format})["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_prepares_reporting_requests_past_the_limit_as_the_page_writes_them(
    client, cast, limits, file_format, django_capture_on_commit_callbacks
):
    for name in ("Secretary-General", "High Commissioner", "Special Rapporteur"):
        ReportingRequestFactory(requested_of=name, source_text=f"to report, by {name}")
    client.force_login(cast["member"])
    params = {"format": file_format, "dataset": "reporting-requests"}

    job = prepare(client, django_capture_on_commit_callbacks, **params)

    label = "CSV" if file_format == "csv" else "Excel (XLSX)"
    assert job.title == f"Download: reporting requests, {label} (3 rows)"
    assert (job.status, job.message) == (JobStatus.SUCCEEDED, "3 rows")
    assert job.result_name.startswith("reporting-requests-")
    prepared = file_rows(fetch(client, job), file_format)
    assert prepared[0][:4] == ["Resolution", "Paragraph", "Kind", "Asked of"]
    assert sorted(row[3] for row in prepared[1:]) == [
        "High Commissioner",
        "Secretary-General",
        "Special Rapporteur",
    ]
    setattr(limits, f"DOWNLOADS_{file_format.upper()}_INLINE_MAX_ROWS", 10)
    response = client.get(URL, params)
    assert prepared == file_rows(b"".join(response.streaming_content), file_format)


def test_it_says_nothing_of_the_background_when_only_counting(client, cast):
    client.force_login(cast["member"])

    page = client.get(URL).content.decode()

    assert "prepared in the background" not in page
    assert "Prepare the" not in page


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_prepares_the_rows_the_page_would_have_written(
    client, cast, limits, file_format, django_capture_on_commit_callbacks
):
    client.force_login(cast["member"])
    params = {"format": file_format, "pending": "1", "state": "KEN"}

    job = prepare(client, django_capture_on_commit_callbacks, **params)

    assert job.kind == JobKind.DOWNLOAD
    assert job.created_by == cast["member"]
    label = "CSV" if file_format == "csv" else "Excel (XLSX)"
    assert job.title == f"Download: progress entries, {label} (4 rows)"
    assert (job.status, job.percent, job.message, job.error) == (
        JobStatus.SUCCEEDED,
        100,
        "4 rows",
        "",
    )
    assert job.result_name.endswith(f".{file_format}")
    assert job.result_name.startswith("progress-entries-")
    prepared = file_rows(fetch(client, job), file_format)
    # The drafts the owner may see, not another organization's.
    assert [(row[12], row[16]) for row in prepared[1:]] == [
        ("Approved 1", "Approved"),
        ("Approved 2", "Approved"),
        ("Approved 3", "Approved"),
        ("Our own draft", "Draft"),
    ]
    setattr(limits, f"DOWNLOADS_{file_format.upper()}_INLINE_MAX_ROWS", 10)
    response = client.get(URL, params)
    assert prepared == file_rows(b"".join(response.streaming_content), file_format)


def test_it_reports_progress_as_it_writes(
    client, cast, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import downloads

    monkeypatch.setattr(downloads, "PROGRESS_ROWS", 2)
    seen = []
    report = Job.report

    def recording(job, progress, total=None, message=""):
        seen.append((progress, total, message))
        report(job, progress, total, message)

    monkeypatch.setattr(Job, "report", recording)
    client.force_login(cast["member"])

    prepare(client, django_capture_on_commit_callbacks, format="xlsx")

    assert seen == [(0, 3, "Writing 3 rows"), (2, 3, "2 of 3 rows written")]


def test_it_prepares_a_file_for_its_owner_alone(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast["member"])
    job = prepare(client, django_capture_on_commit_callbacks, format="xlsx")
    assert job.status == JobStatus.SUCCEEDED

    for someone in (UserFactory(role="Contributors"), UserFactory(role="Reviewers")):
        client.force_login(someone)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 302  # sign in


def test_it_asks_a_visitor_to_sign_in_for_a_file_past_the_limit(client, cast):
    response = client.get(URL, {"format": "xlsx", "state": "KEN"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "These choices match 3 rows" in page
    assert "to have it prepared in the background, or choose fewer rows below." in page
    assert f'href="{reverse("login")}?next=/downloads/%3Fformat%3Dxlsx%26state%3DKEN"' in page
    assert reverse("jobs:data_download") not in page
    assert "A CSV file of these rows is written while you wait" not in page  # CSV's limit is 2

    response = client.post(reverse("jobs:data_download"), {"query": "format=xlsx"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Job.objects.exists()


def test_it_sends_invalid_choices_back_to_the_page(client, cast):
    client.force_login(cast["member"])

    response = client.post(reverse("jobs:data_download"), {"query": "format=pdf&state=XXX"})

    assert response.status_code == 302
    assert response.url == "/downloads/?format=pdf&state=XXX"
    assert not Job.objects.exists()


def test_it_says_why_when_the_choices_no_longer_hold(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = Job.start(
            JobKind.DOWNLOAD, cast["member"], "Download", {"query": "format=xlsx&region=999999"}
        )
    work_off_the_queue()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith(
        "The download's choices are no longer valid; choose again on the Download data page.\n"
        "region: Select a valid choice."
    )
    assert not job.result


def test_it_points_a_visitor_to_the_csv_file_when_it_fits(client, cast, limits):
    limits.DOWNLOADS_CSV_INLINE_MAX_ROWS = 3

    page = client.get(URL, {"format": "xlsx", "state": "KEN"}).content.decode()

    assert (
        'A CSV file of these rows is written while you wait: <a href="?format=csv&amp;state=KEN">'
        "download it as CSV</a>." in page
    )
