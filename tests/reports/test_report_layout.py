"""
A report leads with its summary; the commitments nobody has reported on are a short table by
resolution, or left out when the reader asks (on the page and in its PDF); no cover page.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from jobs.models import Job
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db

UNASSESSED_ROW = (
    '<tr><th scope="row">A/RES/98/7</th><td class="num">2</td><td>'
    '<a href="/resolutions/commitments/{first}/">4</a>, '
    '<a href="/resolutions/commitments/{second}/">5</a></td></tr>'
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def data(approve, kenya):
    resolution = ResolutionFactory(symbol="A/RES/98/7")
    assessed = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__number="3",
        paragraph__position=3,
        paragraph__text="Calls upon all Governments to criminalize trafficking in persons;",
    )
    unassessed = [
        CommitmentFactory(
            paragraph__resolution=resolution,
            paragraph__number=str(number),
            paragraph__position=number,
            paragraph__text=f"Urges States to act on matter {number};",
        )
        for number in (4, 5)
    ]
    approve(
        ProgressEntryFactory(
            commitment=assessed, state=kenya, summary="Parliament adopted the Act."
        )
    )
    return {"assessed": assessed, "unassessed": unassessed}


def page(client, query=""):
    return client.get(reverse("reports:state_report", args=["kenya"]) + query).content.decode()


def test_it_leads_with_the_summary_and_lists_the_unassessed_in_a_short_table(client, data):
    html = page(client)

    first, second = (c.pk for c in data["unassessed"])
    assert UNASSESSED_ROW.format(first=first, second=second) in html
    assert (
        "2 commitments in this report's scope have no approved entry yet. Their "
        "paragraphs, by resolution:"
    ) in html
    assert "Urges States to act on matter 4;" not in html
    assert "No approved entry" not in html
    assert (
        html.index('<h2 id="summary-heading">Summary</h2>')
        < html.index("<h2>Commitments with approved progress</h2>")
        < html.index('<h2 id="unassessed-heading">')
    )
    assert "<div><dt>Without approved progress</dt><dd>2</dd></div>" in html
    assert 'class="cover"' not in html


def test_it_leaves_the_unassessed_out_when_the_reader_asks(client, data):
    html = page(client, "?unassessed=omit")

    assert '<a href="/resolutions/commitments/' not in html.split("unassessed-heading")[1]
    assert (
        "2 commitments without approved progress are left out of this report "
        '(<a href="?">list them</a>).'
    ) in html
    assert "Parliament adopted the Act." in html
    assert (
        '<input type="checkbox" name="unassessed" value="omit" checked> Leave out commitments '
        "without approved progress"
    ) in html
    assert '<input type="hidden" name="unassessed" value="omit"><button type="submit">' in html


def pdf_pages(response):
    content = b"".join(response.streaming_content)
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]


def test_it_prints_the_summary_on_the_pdfs_first_page_and_leaves_out_on_request(
    client, data, prepare, django_capture_on_commit_callbacks
):
    full = pdf_pages(client.get(prepare(client)))
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            reverse("jobs:report"), {"report": "state", "key": "kenya", "unassessed": "omit"}
        )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    left_out = pdf_pages(client.get(asked.url))

    assert asked.url == "/jobs/report/?report=state&key=kenya&unassessed=omit"
    assert "Progress report: Kenya" in full[0] and "Summary" in full[0]
    assert "In progress 1" in full[0]
    assert "A/RES/98/7 2 4, 5" in " ".join(full)
    assert "A/RES/98/7 2 4, 5" not in " ".join(left_out)
    assert "2 commitments without approved progress are left out of this report." in (
        " ".join(left_out)
    )
    assert Job.objects.get(params__unassessed="omit").title == (
        "PDF progress report: Kenya, without commitments lacking progress"
    )
    assert Job.objects.count() == 2  # each choice its own build, neither forgotten


def test_it_offers_the_finished_pdf_on_the_pages_status_view(client, data, prepare):
    address = prepare(client)

    status = client.get(address + "&view=status").content.decode()

    assert (
        '<p class="job-status job-succeeded" role="status">The PDF is ready (Progress report: '
        "Kenya: "
    ) in status
    assert (
        '<a class="button" href="/jobs/report/?report=state&amp;key=kenya" '
        'download="progress-report-kenya-'
    ) in status
    assert "http-equiv" not in status
    assert client.get(address)["Content-Type"] == "application/pdf"
