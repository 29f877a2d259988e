"""
A report leads with its summary (figures, status breakdown, the newest approved progress);
the commitments nobody has reported on are a short table (symbol, paragraph, one line of
text, a sub-paragraph's lead-in kept) or left out, as the reader chooses, on the page and in
its PDF; no cover page: the first page carries the summary and the detail begins there.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from commitments.models import Topic
from jobs.models import Job
from states.choices import ImplementationStatus as Status
from states.models import State
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db

SHORT_TABLE = (
    '<tr><td class="nowrap" data-label="Resolution">A/RES/98/7</td>'
    '<td class="nowrap" data-label="Para."><a href="/resolutions/commitments/{pk}/">{label}</a>'
    '</td><td class="one-line" data-label="Text">{text}</td></tr>'
)
# A sub-paragraph's line: its lead-in (cut to six words), then its own text (cut to eight).
SUB_LINE = (
    '<span class="lead-in">Calls upon all States, in accordance …</span> '
    '<span class="sub-label">(a)</span> To establish national referral mechanisms for the '
    "identification …"
)
LATEST_ROW = (
    '<tr><td class="nowrap" data-label="As of">{date}</td><td data-label="Commitment">'
    '<span class="nowrap">A/RES/98/7</span>, para. {label}</td>{subject}'
    '<td data-label="Status">{status}</td>'
    '<td data-label="What was done" dir="auto">{summary}</td></tr>'
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def data(approve, kenya):
    resolution = ResolutionFactory(symbol="A/RES/98/7", adopted_on=datetime.date(2023, 12, 1))
    topic = Topic.objects.get(slug="criminalization")
    assessed = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__number="3",
        paragraph__position=3,
        paragraph__text="Calls upon all Governments to criminalize trafficking in persons;",
        topics=[topic],
    )
    identified = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__number="4",
        paragraph__position=4,
        paragraph__text="Urges States to identify victims early;",
        topics=[topic],
    )
    unassessed = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__number="5",
        paragraph__position=5,
        paragraph__text="Urges States to act on matter 5;",
        topics=[topic],
    )
    chapeau = ParagraphFactory(
        resolution=resolution,
        number="6",
        position=6,
        text="Calls upon all States, in accordance with their obligations under international law:",
    )
    sub = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__parent=chapeau,
        paragraph__number="6",
        paragraph__sub="a",
        paragraph__position=7,
        paragraph__text=(
            "To establish national referral mechanisms for the identification of victims and "
            "their referral to assistance;"
        ),
        topics=[topic],
    )
    approve(
        ProgressEntryFactory(
            commitment=assessed,
            state=kenya,
            status=Status.IMPLEMENTED,
            fact_date=datetime.date(2024, 3, 1),
            summary="Parliament adopted the Act.",
        )
    )
    approve(
        ProgressEntryFactory(
            commitment=identified,
            state=kenya,
            status=Status.IN_PROGRESS,
            fact_date=datetime.date(2025, 6, 7),
            summary="Screening guidelines are being drafted.",
        )
    )
    return {
        "resolution": resolution,
        "topic": topic,
        "assessed": assessed,
        "identified": identified,
        "unassessed": unassessed,
        "sub": sub,
    }


def page(client, query="", kind="state", key="kenya"):
    url = reverse(f"reports:{kind}_report", args=[key])
    return client.get(url + query).content.decode()


def short_rows(data):
    return [
        SHORT_TABLE.format(
            pk=data["unassessed"].pk, label="5", text="Urges States to act on matter 5;"
        ),
        SHORT_TABLE.format(pk=data["sub"].pk, label="6(a)", text=SUB_LINE),
    ]


def test_it_leads_with_the_summary_and_the_newest_approved_progress(client, data):
    html = page(client)

    assert (
        html.index('<h2 id="summary-heading">Summary</h2>')
        < html.index("<div><dt>Without approved progress</dt><dd>2</dd></div>")
        < html.index('<tr><th scope="row">Implemented</th><td class="num">1</td>')
        < html.index('<h3 id="latest-heading">Latest approved progress</h3>')
        # The newest fact first.
        < html.index(
            LATEST_ROW.format(
                date="7 Jun 2025",
                label="4",
                subject="",
                status="In progress",
                summary="Screening guidelines are being drafted.",
            )
        )
        < html.index(
            LATEST_ROW.format(
                date="1 Mar 2024",
                label="3",
                subject="",
                status="Implemented",
                summary="Parliament adopted the Act.",
            )
        )
        < html.index("<h2>Commitments with approved progress</h2>")
        < html.index('<h2 id="unassessed-heading">')
    )
    assert 'class="cover"' not in html


@pytest.mark.parametrize("kind", ["state", "resolution", "topic"])
def test_it_lists_the_unassessed_in_a_short_table_with_their_lead_ins(client, data, kind):
    key = {"state": "kenya", "resolution": data["resolution"].pk, "topic": "criminalization"}
    html = page(client, kind=kind, key=key[kind])
    unassessed = html.split('<h2 id="unassessed-heading">')[1]

    first, second = short_rows(data)
    assert unassessed.index(first) < unassessed.index(second)
    assert "2 commitments in this report's scope have no approved entry yet:" in unassessed
    assert "No approved entry" not in html
    assert "Not assessed" not in html
    assert (
        '<p class="report-choice">Commitments without progress: <strong aria-current="page">'
        "short table</strong> / "
        f'<a href="/reports/{"states" if kind == "state" else kind + "s"}/{key[kind]}/'
        '?unassessed=omit">leave out</a></p>'
    ) in html
    if kind != "state":  # every subject's latest approved progress, each named
        assert (
            LATEST_ROW.format(
                date="7 Jun 2025",
                label="4",
                subject='<td data-label="Subject">Kenya</td>',
                status="In progress",
                summary="Screening guidelines are being drafted.",
            )
            in html
        )


def test_it_leaves_the_unassessed_out_when_the_reader_asks(client, data):
    html = page(client, "?unassessed=omit&drafts=1")

    assert "Urges States to act on matter 5;" not in html
    assert "To establish national referral mechanisms" not in html
    assert (
        "2 commitments without approved progress are left out of this report "
        '(<a href="/reports/states/kenya/?drafts=1">list them</a>).'
    ) in html
    assert "Parliament adopted the Act." in html
    assert (
        '<p class="report-choice">Commitments without progress: '
        '<a href="/reports/states/kenya/?drafts=1">short table</a> / '
        '<strong aria-current="page">leave out</strong></p>'
    ) in html
    # The PDF asked for from this page, and the drafts choice, keep the reader's choice.
    assert (
        '<input type="hidden" name="unassessed" value="omit"><input type="hidden" '
        'name="drafts" value="1"><button type="submit">Download PDF</button>'
    ) in html
    assert (
        '<form method="get" class="inline report-options"><input type="hidden" '
        'name="unassessed" value="omit">'
    ) in html


def test_it_prints_a_sub_paragraphs_lead_in_wherever_it_prints_its_text(
    client, data, approve, kenya
):
    """In full among the commitments with progress, cut to a line in the short table."""
    approve(ProgressEntryFactory(commitment=data["sub"], state=kenya))
    html = page(client)

    assert (
        '<blockquote class="paragraph-text"><span class="lead-in">Calls upon all States, in '
        "accordance with their obligations under international law: …</span> "
        '<span class="sub-label">(a)</span> To establish national referral mechanisms for the '
        "identification of victims and their referral to assistance;</blockquote>"
    ) in html
    assert SUB_LINE not in html  # no longer without progress


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
    # No cover page: the title, the summary and the start of the detail on page one.
    assert full[0].index("Progress report: Kenya") < full[0].index("Summary")
    assert "Implemented 1 50%" in full[0]
    assert "Latest approved progress" in full[0]
    assert "7 Jun 2025 A/RES/98/7, para. 4 In progress Screening guidelines" in full[0]
    assert "Commitments with approved progress" in full[0]
    everything = " ".join(full)
    assert "A/RES/98/7 5 Urges States to act on matter 5;" in everything
    assert (
        "A/RES/98/7 6(a) Calls upon all States, in accordance … (a) To establish "
        "national referral mechanisms"
    ) in everything
    assert "Urges States to act on matter 5;" not in " ".join(left_out)
    assert "2 commitments without approved progress are left out of this report." in (
        " ".join(left_out)
    )
    assert Job.objects.get(params__unassessed="omit").title == (
        "PDF progress report: Kenya, without commitments lacking progress"
    )
    assert Job.objects.count() == 2  # each choice its own build, neither forgotten


@pytest.mark.parametrize("kind", ["resolution", "topic"])
def test_it_prints_the_summary_and_the_short_table_in_queries_that_do_not_grow(
    client, data, approve, kenya, kind
):
    key = {"resolution": data["resolution"].pk, "topic": "criminalization"}[kind]
    url = reverse(f"reports:{kind}_report", args=[key])

    def count():
        client.get(url)  # the report's size counted and kept for these figures
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured.captured_queries)

    few = count()
    chapeau = data["sub"].paragraph.parent
    for position, letter in enumerate("bcdef", start=8):
        CommitmentFactory(
            paragraph__resolution=data["resolution"],
            paragraph__parent=chapeau,
            paragraph__number="6",
            paragraph__sub=letter,
            paragraph__position=position,
            topics=[data["topic"]],
        )
        approve(ProgressEntryFactory(commitment=data["identified"], state=kenya))
    many = count()

    assert few == many
    assert "7 commitments in this report's scope have no approved entry yet:" in page(
        client, kind=kind, key=key
    )


def test_it_draws_the_status_summary_as_bars_beside_names_the_pdf_can_shape(client, data):
    """Status names are the table's text: SVG text would print Arabic letters apart."""
    html = client.get(
        reverse("reports:state_report", args=["kenya"]), headers={"Accept-Language": "ar"}
    ).content.decode()
    table = html[html.index('<table class="summary-table"') : html.index("</table>")]

    assert '<tr><th scope="row">منفَّذ</th><td class="num">1</td><td class="num">50%</td>' in table
    assert table.count('<svg class="summary-bar"') == 6
    assert "<text" not in table
