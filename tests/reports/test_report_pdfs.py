"""
No PDF is laid out on a request, and no report too large for it (REPORTS_INLINE_MAX_ITEMS)
is built there: the ".pdf" address, the page of a large report and the report page's button
lead to the page of a background job, which offers the PDF, shows its progress and serves
the file. One job a build of the report (its parameters and its figures), shared by
visitors, its file served until an entry or evidence it prints changes.
"""

import io
from pathlib import Path

import pytest
import weasyprint
from django.urls import reverse
from pypdf import PdfReader

from jobs.choices import JobKind, JobStatus
from jobs.models import Job, JobQuerySet
from reports import printable
from reports.delivery import ReportRequest
from states.choices import ImplementationStatus as Status
from states.models import State
from tests.confidential import PUBLIC_CITATION, SECRETS, entry_with_secret
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory, UserFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db

JOB_PAGE = "/jobs/report/?report=state&key=kenya"
ASK = {"report": "state", "key": "kenya"}


def refuse_to_build(monkeypatch):
    """From here on, building a report or laying out a PDF fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a report was built on the request")

    for kind in printable.BUILDERS:
        monkeypatch.setitem(printable.BUILDERS, kind, refuse)
    monkeypatch.setattr(weasyprint.HTML, "render", refuse)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", refuse)


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def data(approve, kenya):
    resolution = ResolutionFactory(symbol="A/RES/98/7")
    criminalize = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__text="Calls upon all Governments to criminalize trafficking in persons;",
    )
    identify = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__text="Urges States to identify victims of trafficking early;",
    )
    other = CommitmentFactory(paragraph__text="Invites States to fund shelters;")
    entry = approve(
        ProgressEntryFactory(
            commitment=criminalize,
            state=kenya,
            status=Status.IMPLEMENTED,
            summary="Parliament adopted the Counter-Trafficking in Persons Act.",
        )
    )
    return {
        "resolution": resolution,
        "criminalize": criminalize,
        "identify": identify,
        "other": other,
        "entry": entry,
    }


@pytest.fixture
def new_entry(data):
    """
    Another entry of the same organization and author: a new organization is a change of
    structure, which would make every figure stale.
    """

    def make(**fields):
        first = data["entry"]
        return ProgressEntryFactory(
            organization=first.organization, created_by=first.created_by, **fields
        )

    return make


def ask(client, **extra):
    return client.post(reverse("jobs:report"), ASK, **extra)


def is_page(response):
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_it_never_lays_out_a_pdf_on_the_request(
    client, data, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as patched:
        refuse_to_build(patched)
        pdf = client.get("/reports/states/kenya.pdf")
        offer = client.get(JOB_PAGE)
        with django_capture_on_commit_callbacks(execute=True):
            started = ask(client)
        progress = client.get(JOB_PAGE)

    assert (pdf.status_code, pdf.url) == (302, JOB_PAGE)
    assert is_page(offer)
    assert ">Prepare the PDF</button>" in offer.content.decode()
    assert '<a href="/reports/states/kenya/">Read the report as a web page</a>' in (
        offer.content.decode()
    )
    job = Job.objects.get()
    assert (job.kind, job.status, job.created_by) == (JobKind.REPORT_PDF, JobStatus.QUEUED, None)
    assert job.params == {
        "report": "state",
        "key": "kenya",
        "audience": "public",
        "language": "en",
    }
    assert started.url == JOB_PAGE
    assert (
        '<meta http-equiv="refresh" content="2; url=/jobs/report/?report=state&amp;key=kenya'
        '&amp;view=status">'
    ) in progress.content.decode()
    assert (
        '<p class="job-status job-queued" role="status">The PDF is being prepared: waiting for '
        "the background worker to start it.</p>"
    ) in progress.content.decode()


def test_it_never_prints_a_large_report_on_the_request(client, settings, data, monkeypatch):
    settings.REPORTS_INLINE_MAX_ITEMS = 4
    assert is_page(client.get("/reports/states/kenya/"))  # 4 items: 3 commitments, 1 entry

    settings.REPORTS_INLINE_MAX_ITEMS = 3
    with monkeypatch.context() as patched:
        refuse_to_build(patched)
        page = client.get("/reports/states/kenya/")
        offer = client.get(JOB_PAGE)

    assert (page.status_code, page.url) == (302, JOB_PAGE)
    assert (
        "This report covers 4 items (commitments listed and approved entries cited): too many"
        in (offer.content.decode())
    )


@pytest.mark.parametrize(
    "query", ["report=planet&key=mars", "report=resolution&key=abc", "report=state&key=atlantis"]
)
def test_it_answers_an_unknown_report_with_not_found(client, query):
    assert client.get(f"/jobs/report/?{query}").status_code == 404
    report, key = (part.split("=")[1] for part in query.split("&"))
    assert client.post(reverse("jobs:report"), {"report": report, "key": key}).status_code == 404
    assert not Job.objects.exists()


def test_it_makes_one_job_for_the_same_report_however_many_ask(client, data):
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.1"):
        assert ask(client, REMOTE_ADDR=address).url == JOB_PAGE

    assert Job.objects.count() == 1

    # A signed-in reader's report names them: a job of their own, also made once.
    reader = UserFactory()
    client.force_login(reader)
    ask(client)
    ask(client)
    assert Job.objects.filter(created_by=reader).count() == 1
    assert Job.objects.count() == 2


def test_it_makes_one_job_when_two_requests_meet(monkeypatch, data, kenya):
    first = Job.start_report(ReportRequest.of("state", kenya, None), None)
    # The second request looked before the first had stored its job: its insert meets the
    # constraint, and it takes the first's job.
    looked = JobQuerySet.of_report_build
    answers = iter([None])
    monkeypatch.setattr(
        JobQuerySet, "of_report_build", lambda self, key: next(answers, None) or looked(self, key)
    )

    second = Job.start_report(ReportRequest.of("state", kenya, None), None)

    assert second == first
    assert Job.objects.count() == 1


def test_it_tries_a_failed_report_again_only_while_no_other_job_prepares_it(data, kenya):
    reader = UserFactory()
    failed = Job.start_report(ReportRequest.of("state", kenya, reader), reader)
    Job.objects.filter(pk=failed.pk).update(status=JobStatus.FAILED)
    again = Job.start_report(ReportRequest.of("state", kenya, reader), reader)
    failed.refresh_from_db()

    assert again != failed
    assert failed.retry() is False
    assert failed.status == JobStatus.FAILED


def test_it_serves_the_pdf_made_until_an_approval_for_its_subject(
    settings, client, data, approve, new_entry, kenya, monkeypatch, prepare
):
    prepare(client)
    built = Job.objects.get()
    assert built.status == JobStatus.SUCCEEDED

    with monkeypatch.context() as patched:
        refuse_to_build(patched)
        served = client.get(JOB_PAGE)
        # An approval elsewhere changes nothing this report prints.
        approve(new_entry(commitment=data["identify"], state=State.objects.get(iso3="PER")))
        served_again = client.get(JOB_PAGE)
    text = pdf_text(served)
    assert "Parliament adopted the Counter-Trafficking in Persons Act." in text
    assert 'filename="progress-report-kenya-' in served["Content-Disposition"]
    assert pdf_text(served_again) == text

    approve(
        new_entry(
            commitment=data["identify"], state=kenya, summary="A referral mechanism is in place."
        )
    )
    stale = client.get(JOB_PAGE)

    assert is_page(stale)
    assert ">Prepare the PDF</button>" in stale.content.decode()
    # The new build replaces the visitors' old one, file and all.
    prepare(client)
    assert "A referral mechanism is in place." in pdf_text(client.get(JOB_PAGE))
    (rebuilt,) = Job.objects.all()
    assert rebuilt.pk != built.pk
    stored = [path for path in Path(settings.MEDIA_ROOT, "jobs").rglob("*") if path.is_file()]
    assert stored == [Path(rebuilt.result.path)]


def test_it_serves_a_resolution_report_until_an_entry_on_its_commitments_changes(
    client, data, approve, new_entry, kenya, prepare
):
    page = f"/jobs/report/?report=resolution&key={data['resolution'].pk}"
    prepare(client, "resolution", data["resolution"].pk)
    approve(new_entry(commitment=data["other"], state=kenya))  # another resolution's commitment

    assert "Parliament adopted" in pdf_text(client.get(page))

    peru = State.objects.get(iso3="PER")
    approve(new_entry(commitment=data["identify"], state=peru, summary="Peru's action plan."))

    assert is_page(client.get(page))


def test_it_never_serves_a_pdf_made_before_its_evidence_was_made_confidential(client, prepare):
    cast = Cast()
    entry = entry_with_secret(cast, state=State.objects.get(iso3="KEN"))
    prepare(client)
    assert PUBLIC_CITATION in pdf_text(client.get(JOB_PAGE))

    public = entry.evidence.get(citation=PUBLIC_CITATION)
    entry.set_evidence_confidential(cast["reviewer"], public, True)

    assert is_page(client.get(JOB_PAGE))
    prepare(client)
    assert PUBLIC_CITATION not in pdf_text(client.get(JOB_PAGE))


def test_it_gives_visitors_approved_entries_and_public_evidence_only(client, prepare):
    cast = Cast()
    kenya = State.objects.get(iso3="KEN")
    entry_with_secret(cast, state=kenya)
    cast.entry(state=kenya, summary="A draft claim nobody has reviewed.")
    reviewer = cast["reviewer"]
    reviewer.first_name, reviewer.last_name = "Wanjiru", "Kamau-Odhiambo"
    reviewer.save()

    # A reviewer's own build comes first: it names them, and it is theirs alone.
    client.force_login(reviewer)
    prepare(client)
    assert "for Wanjiru Kamau-Odhiambo" in pdf_text(client.get(JOB_PAGE))
    client.logout()

    assert is_page(client.get(JOB_PAGE))
    prepare(client)
    text = pdf_text(client.get(JOB_PAGE))

    assert PUBLIC_CITATION in text
    assert "for a public visitor" in text
    assert "Wanjiru" not in text
    assert "A draft claim nobody has reviewed." not in text
    for secret in SECRETS:
        assert secret not in text


def test_it_answers_without_building_in_a_fixed_number_of_queries(
    client, settings, data, approve, new_entry, kenya, django_assert_num_queries
):
    settings.REPORTS_INLINE_MAX_ITEMS = 3
    ask(client)

    def count_them():
        client.get(JOB_PAGE)  # the report's size counted and kept for these figures
        # stalled jobs failed, the state, its figures tokens, the size kept for them, the job
        with django_assert_num_queries(5):
            client.get(JOB_PAGE)
        # the windows over deleted, the client's count, the state
        with django_assert_num_queries(3):
            client.get("/reports/states/kenya.pdf")
        # the state, its figures tokens, the size kept for them
        with django_assert_num_queries(3):
            client.get("/reports/states/kenya/")

    count_them()
    for _ in range(5):
        commitment = CommitmentFactory(paragraph__resolution=data["resolution"])
        approve(new_entry(commitment=commitment, state=kenya))
    count_them()
