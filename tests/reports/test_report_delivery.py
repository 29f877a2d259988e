"""
A small report's PDF is made on the request once and kept until something it prints changes
(reports/delivery.py), for its audience only; requests for PDFs are limited per client,
counted in the database for every process (reports/ratelimit.py).
"""

import io

import pytest
import weasyprint
from django.urls import reverse
from pypdf import PdfReader

from commitments.factories import CommitmentFactory, ResolutionFactory
from jobs.models import Job
from reports.models import RequestCount
from states.choices import ImplementationStatus as Status
from states.factories import ProgressEntryFactory, UserFactory
from states.models import State

pytestmark = pytest.mark.django_db

PDF = "/reports/states/kenya.pdf"


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


@pytest.fixture
def layouts(monkeypatch):
    """How many PDFs were laid out."""
    made = []
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self, *args, **kwargs):
        made.append(self)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    return made


@pytest.fixture
def fake_layout(monkeypatch):
    """PDFs laid out in no time, for tests about how many are asked for."""
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, **kwargs: b"%PDF-1.7 fake")


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_it_makes_a_small_pdf_once_until_an_approval_for_its_subject(
    client, data, approve, new_entry, kenya, layouts
):
    first = client.get(PDF)
    again = client.get(PDF)
    approve(new_entry(commitment=data["identify"], state=State.objects.get(iso3="PER")))
    elsewhere = client.get(PDF)

    assert len(layouts) == 1
    assert again.content == elsewhere.content == first.content
    assert "Parliament adopted the Counter-Trafficking in Persons Act." in pdf_text(first)

    approve(
        new_entry(
            commitment=data["identify"], state=kenya, summary="A referral mechanism is in place."
        )
    )
    changed = client.get(PDF)

    assert len(layouts) == 2
    assert "A referral mechanism is in place." in pdf_text(changed)


def test_it_keeps_a_resolution_report_until_an_entry_on_its_commitments_changes(
    client, data, approve, new_entry, kenya, layouts
):
    url = reverse("reports:resolution_report_file", args=[data["resolution"].pk, "pdf"])
    client.get(url)
    approve(new_entry(commitment=data["other"], state=kenya))  # another resolution's commitment
    client.get(url)

    assert len(layouts) == 1

    peru = State.objects.get(iso3="PER")
    approve(new_entry(commitment=data["identify"], state=peru, summary="Peru's action plan."))

    assert "Peru's action plan." in pdf_text(client.get(url))
    assert len(layouts) == 2


def test_it_never_gives_a_signed_in_readers_pdf_to_anyone_else(client, data, layouts):
    reader = UserFactory(first_name="Wanjiru", last_name="Kamau-Odhiambo")
    client.force_login(reader)
    theirs = pdf_text(client.get(PDF))
    client.logout()
    public = pdf_text(client.get(PDF))

    assert "for Wanjiru Kamau-Odhiambo" in theirs
    assert "for a public visitor" in public
    assert "Wanjiru" not in public
    assert len(layouts) == 2


def test_it_refuses_more_pdf_requests_than_the_rate_per_client(client, settings, data, fake_layout):
    settings.REPORTS_PDF_RATE = "2/minute"

    allowed = [client.get(PDF).status_code for _ in range(2)]
    refused = client.get(PDF)

    assert allowed == [200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert "<h1>Too many report requests</h1>" in page
    assert "You have asked for more than 2 PDF reports within 60 seconds" in page
    # Asking for one to be prepared in the background counts too; nothing is queued.
    asked = client.post(reverse("jobs:report"), {"report": "state", "key": "kenya"})
    assert asked.status_code == 429
    assert not Job.objects.exists()
    # Another address is another client; the count is kept under a keyed hash of each.
    assert client.get(PDF, REMOTE_ADDR="203.0.113.9").status_code == 200
    clients = RequestCount.objects.filter(scope="reports-pdf").values_list("client", "count")
    assert sorted(count for _, count in clients) == [1, 4]
    assert all(len(client) == 64 and "127.0.0.1" not in client for client, _ in clients)


def test_it_counts_a_signed_in_reader_by_account_wherever_they_connect(
    client, settings, data, fake_layout
):
    settings.REPORTS_PDF_RATE = "2/minute"
    client.force_login(UserFactory())

    statuses = [
        client.get(PDF, REMOTE_ADDR=f"203.0.113.{number}").status_code for number in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_it_serves_a_kept_pdf_in_a_fixed_number_of_queries(
    client, data, approve, new_entry, kenya, fake_layout, django_assert_num_queries
):
    client.get(PDF)

    # the windows over deleted, the client's count, the state, its figures tokens, the size
    # and the PDF kept for them
    with django_assert_num_queries(6):
        assert client.get(PDF).status_code == 200
    for _ in range(5):
        commitment = CommitmentFactory(paragraph__resolution=data["resolution"])
        approve(new_entry(commitment=commitment, state=kenya))
    client.get(PDF)
    with django_assert_num_queries(6):
        assert client.get(PDF).status_code == 200
