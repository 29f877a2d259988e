"""
The page of a report's PDF built in the background: it says the PDF is being prepared and
how far the job has got (the steps it records), refreshes itself without a script, then
offers the file, or says why it failed; one reader's PDF is never another's.
"""

import datetime

import pytest
from django.urls import reverse

from jobs.choices import JobStatus
from jobs.models import Job
from reports.delivery import ReportRequest
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

JOB_PAGE = "/jobs/report/?report=state&key=kenya&drafts=1"
REFRESH = (
    '<meta http-equiv="refresh" content="2; url=/jobs/report/?report=state&amp;key=kenya'
    '&amp;drafts=1&amp;view=status">'
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def data(approve, kenya):
    commitment = CommitmentFactory(
        paragraph__resolution=ResolutionFactory(
            symbol="A/RES/98/7", adopted_on=datetime.date(2023, 12, 1)
        ),
        paragraph__text="Calls upon all Governments to criminalize trafficking in persons;",
    )
    return approve(
        ProgressEntryFactory(
            commitment=commitment, state=kenya, summary="Parliament adopted the Act."
        )
    )


@pytest.fixture
def job(data, kenya):
    """The job of the visitors' Kenya report with drafts, as its page's button starts it."""
    return Job.start_report(ReportRequest.of("state", kenya, None, drafts=True), None)


def status_line(html):
    start = html.index('<p class="job-status')
    return html[start : html.index("</p>", start) + 4]


def test_it_says_the_pdf_waits_for_the_worker_and_refreshes_itself(client, job):
    html = client.get(JOB_PAGE).content.decode()

    assert status_line(html) == (
        '<p class="job-status job-queued" role="status">The PDF is being prepared: waiting for '
        "the background worker to start it.</p>"
    )
    assert REFRESH in html
    assert "It counts in the commitments of draft resolutions." in html
    assert "<script" not in html.split("<main")[1]


def test_it_shows_the_step_the_running_job_has_reached(client, job):
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=2, total=4, message="laying out the pages"
    )

    html = client.get(JOB_PAGE + "&view=status").content.decode()

    assert status_line(html) == (
        '<p class="job-status job-running" role="status">The PDF is being prepared: step 3 of 4, '
        "laying out the pages.</p>"
    )
    assert '<progress max="100" value="50" aria-label="Progress">50%</progress>' in html
    assert REFRESH in html


def test_it_says_why_the_pdf_failed_and_offers_to_try_again(client, job):
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error="The report's subject (state “kenya”) no longer exists."
    )

    html = client.get(JOB_PAGE + "&view=status").content.decode()

    assert (
        '<div class="message message-error" role="alert"><p><strong>Preparing the PDF failed.'
        "</strong></p><p>The report&#x27;s subject (state “kenya”) no longer exists.</p></div>"
    ) in html
    assert (
        '<input type="hidden" name="report" value="state"><input type="hidden" name="key" '
        'value="kenya"><input type="hidden" name="drafts" value="1"><button type="submit">'
        "Try again</button>"
    ) in html
    assert "http-equiv" not in html


def test_it_records_each_step_and_then_offers_the_file(client, data, monkeypatch, prepare):
    steps = []
    record = Job.report

    def report(job, progress, total=None, message=""):
        steps.append((progress, total, message))
        record(job, progress, total, message)

    monkeypatch.setattr(Job, "report", report)
    address = prepare(client)
    html = client.get(address + "&view=status").content.decode()

    assert steps[:3] == [
        (0, 4, "reading the approved entries"),
        (1, 4, "writing the report"),
        (2, 4, "laying out the pages"),
    ]
    assert steps[3] in [(3, 4, "writing the PDF (1 page)"), (3, 4, "writing the PDF (2 pages)")]
    assert status_line(html).startswith(
        '<p class="job-status job-succeeded" role="status">The PDF is ready (Progress report: '
        "Kenya: "
    )
    assert (
        '<a class="button" href="/jobs/report/?report=state&amp;key=kenya" '
        'download="progress-report-kenya-'
    ) in html
    assert client.get(address)["Content-Type"] == "application/pdf"


def test_it_never_gives_one_readers_pdf_to_another(client, data, prepare):
    """A signed-in reader's PDF names them: theirs alone, by its page or by its job."""
    owner, other = UserFactory(), UserFactory()
    client.force_login(owner)
    address = prepare(client)
    job = Job.objects.get(created_by=owner)
    assert client.get(address)["Content-Type"] == "application/pdf"

    client.force_login(other)
    offered = client.get(address).content.decode()
    assert ">Prepare the PDF</button>" in offered
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404

    client.logout()
    assert ">Prepare the PDF</button>" in client.get(address).content.decode()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert (download.status_code, download.url.split("?")[0]) == (302, "/accounts/login/")


def test_it_names_a_resolutions_pdf_by_its_symbol(client, data):
    resolution = data.commitment.resolution
    resolution.title = "Trafficking in persons, especially women and children: " * 4
    resolution.save()

    client.post(reverse("jobs:report"), {"report": "resolution", "key": resolution.pk})
    html = client.get(f"/jobs/report/?report=resolution&key={resolution.pk}").content.decode()

    assert Job.objects.get().title == "PDF progress report: A/RES/98/7"
    assert "<h1>PDF progress report: A/RES/98/7</h1>" in html
