"""
The "Download data" page: progress entries, or each subject's current status, as CSV (UTF-8
with a byte-order mark, for Excel) or XLSX, in columns a person reads; filtered in plain
words, approved rows for visitors, no confidential evidence for anyone, a fixed number of
queries, and reached from the lists with their filters.
"""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.choices import ActorKind
from states.choices import ImplementationStatus, WorkflowState
from states.models import Region, State
from tests.confidential import NOBODY, check_disclosure, entry_with_secret
from tests.factories.commitments import (
    ActorFactory,
    CommitmentFactory,
    ParagraphFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from tests.permissions import Cast
from tests.reports.downloaded import BOM, content, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

URL = "/downloads/"
HEADERS = [
    "Resolution",
    "Resolution title",
    "Paragraph",
    "Commitment",
    "Verb",
    "Addressees",
    "Topics",
    "State or organization",
    "ISO3 code",
    "Region",
    "Status",
    "As of",
    "Summary",
    "Sources",
    "Reported by",
    "Link",
]
SUMMARY = "Le plan national contre la traite a été adopté ; budget voté « en entier »."


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def france():
    return State.objects.get(iso3="FRA")


@pytest.fixture
def forum():
    return OrganizationFactory(name="Coast Migrant Rights Forum")


@pytest.fixture
def draft_resolution():
    """A draft with a placeholder symbol: "44/…" is not ASCII, as Excel must read it."""
    return ResolutionFactory(
        symbol="44/…", title="Traite des êtres humains : coopération régionale", adopted_on=None
    )


@pytest.fixture
def sub_paragraph(draft_resolution):
    """Paragraph 2(a), read after its lead-in "Calls upon all States:"."""
    chapeau = ParagraphFactory(
        resolution=draft_resolution, number="2", position=2, text="Calls upon all States:"
    )
    return CommitmentFactory(
        paragraph__resolution=draft_resolution,
        paragraph__parent=chapeau,
        paragraph__number="2",
        paragraph__sub="a",
        paragraph__position=3,
        paragraph__text="To establish national referral mechanisms;",
        verb_phrase="Calls upon",
        actors=[
            ActorFactory(name="all States", kind=ActorKind.STATES),
            ActorFactory(name="civil society", kind=ActorKind.CIVIL_SOCIETY),
        ],
        topics=[TopicFactory(name="Protection of victims"), TopicFactory(name="Prevention")],
    )


@pytest.fixture
def known_entry(sub_paragraph, kenya, forum, approve):
    entry = ProgressEntryFactory(
        commitment=sub_paragraph,
        state=kenya,
        organization=forum,
        status=ImplementationStatus.IMPLEMENTED,
        fact_date=datetime.date(2024, 2, 29),
        summary=SUMMARY,
    )
    author = entry.created_by
    entry.add_evidence(
        author, citation="Kenya Gazette Supplement No. 77", url="https://example.org/gazette-77"
    )
    entry.add_evidence(author, url="https://example.org/press")
    entry.add_evidence(author, citation="Withdrawn source")
    entry.remove_evidence(author, entry.evidence.get(citation="Withdrawn source"))
    entry.add_evidence(author, citation="Secret note", confidential=True)
    return approve(entry)


def known_row(entry):
    return [
        "44/…",
        "Traite des êtres humains : coopération régionale",
        "2(a)",
        "Calls upon all States: … (a) To establish national referral mechanisms;",
        "Calls upon",
        "all States; civil society",
        "Prevention; Protection of victims",
        "Kenya",
        "KEN",
        "Africa",
        "Implemented",
        "2024-02-29",
        SUMMARY,
        "Kenya Gazette Supplement No. 77 (https://example.org/gazette-77) | "
        "https://example.org/press",
        "Coast Migrant Rights Forum",
        f"http://testserver/progress/{entry.pk}/",
    ]


def download(client, file_format="csv", **params):
    response = client.get(URL, {**params, "format": file_format})
    return csv_rows(response) if file_format == "csv" else xlsx_rows(response)


def test_it_writes_csv_in_utf8_with_a_byte_order_mark_and_readable_columns(client, known_entry):
    response = client.get(URL, {"format": "csv", "drafts": "1"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="progress-entries-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    data = content(response)
    assert data.startswith(BOM + b"Resolution,Resolution title,Paragraph,")
    assert "44/…".encode() in data  # UTF-8, not a code page
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [HEADERS, known_row(known_entry)]


def test_it_writes_the_same_cells_to_an_xlsx_workbook(client, known_entry):
    response = client.get(URL, {"format": "xlsx", "drafts": "1"})

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert re.search(
        r'filename="progress-entries-\d{4}-\d{2}-\d{2}\.xlsx"', response["Content-Disposition"]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    sheet = workbook.active
    assert sheet.title == "Progress entries"
    assert sheet.freeze_panes == "A2"
    assert sheet["L2"].value == datetime.datetime(2024, 2, 29)  # a date cell, not text
    assert sheet["L2"].number_format == "yyyy-mm-dd"
    assert download(client, "xlsx", drafts="1") == [HEADERS, known_row(known_entry)]


def test_it_leaves_out_drafts_unless_asked(client, known_entry):
    assert download(client) == [HEADERS]
    assert len(download(client, drafts="1")) == 2


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_defangs_cells_a_spreadsheet_would_run_as_formulas(client, approve, file_format):
    entry = approve(
        ProgressEntryFactory(
            summary='=HYPERLINK("https://evil.example","Click")',
            state=None,
            subject_organization=OrganizationFactory(name="+Plus organization"),
        )
    )
    entry.commitment.paragraph.text = "-1 to all States"
    entry.commitment.paragraph.save()

    (_, row) = download(client, file_format)

    assert row[12] == '\'=HYPERLINK("https://evil.example","Click")'
    assert row[7] == "'+Plus organization"
    assert row[8] == ""  # an organization has no ISO code
    assert row[3] == "'-1 to all States"


def test_it_drops_characters_xlsx_cannot_hold(client, approve):
    approve(ProgressEntryFactory(summary="Bell\x07 and form feed\x0c gone"))

    (_, row) = download(client, "xlsx")

    assert row[12] == "Bell and form feed gone"


def test_it_applies_the_filters(client, approve, kenya, france):
    topic = TopicFactory(name="Prosecution")
    on_topic = CommitmentFactory(topics=[topic])
    other = CommitmentFactory()

    def entry(commitment, state, status, day):
        return approve(
            ProgressEntryFactory(
                commitment=commitment,
                state=state,
                status=status,
                fact_date=datetime.date(2024, 1, day),
                summary=f"{state.iso3} {status} {day}",
            )
        )

    entry(on_topic, kenya, ImplementationStatus.IMPLEMENTED, 5)
    entry(on_topic, france, ImplementationStatus.IMPLEMENTED, 6)
    entry(other, kenya, ImplementationStatus.IN_PROGRESS, 20)

    def summaries(**params):
        return sorted(row[12] for row in download(client, **params)[1:])

    assert summaries(state="KEN") == ["KEN implemented 5", "KEN in_progress 20"]
    assert summaries(topic=topic.pk) == ["FRA implemented 6", "KEN implemented 5"]
    assert summaries(resolution=other.resolution_id) == ["KEN in_progress 20"]
    assert summaries(region=kenya.region_id) == ["KEN implemented 5", "KEN in_progress 20"]
    assert summaries(status=["implemented"]) == ["FRA implemented 6", "KEN implemented 5"]
    assert summaries(fact_date_after="2024-01-06", fact_date_before="2024-01-19") == [
        "FRA implemented 6"
    ]


def test_it_gives_each_subjects_current_status_once(client, approve, kenya):
    commitment = CommitmentFactory()
    for day, status in (
        (1, ImplementationStatus.IN_PROGRESS),
        (9, ImplementationStatus.IMPLEMENTED),
    ):
        approve(
            ProgressEntryFactory(
                commitment=commitment,
                state=kenya,
                status=status,
                fact_date=datetime.date(2024, 3, day),
            )
        )

    response = client.get(URL, {"format": "csv", "dataset": "statuses", "state": "KEN"})

    assert 'filename="current-status-' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [(row[8], row[10], row[11]) for row in rows[1:]] == [
        ("KEN", "Implemented", "2024-03-09")
    ]


def test_it_gives_visitors_approved_entries_only(client):
    cast = Cast()
    approved = cast.entry(WorkflowState.APPROVED, summary="Approved and public")
    for workflow_state in (WorkflowState.DRAFT, WorkflowState.SUBMITTED, WorkflowState.REJECTED):
        cast.entry(workflow_state, commitment=approved.commitment)

    for params in ({}, {"pending": "1"}):
        rows = download(client, **params)
        assert rows[0] == HEADERS  # no review stage column
        assert [row[12] for row in rows[1:]] == ["Approved and public"]


def test_it_adds_the_entries_not_yet_approved_a_signed_in_user_may_see(client):
    cast = Cast()
    approved = cast.entry(WorkflowState.APPROVED, summary="Approved and public")
    cast.entry(WorkflowState.DRAFT, commitment=approved.commitment, summary="Our own draft")
    other = ProgressEntryFactory(commitment=approved.commitment, summary="Another's draft")
    assert other.workflow_state == WorkflowState.DRAFT
    client.force_login(cast["member"])

    assert [row[12] for row in download(client)[1:]] == ["Approved and public"]
    rows = download(client, pending="1")
    assert rows[0] == [*HEADERS, "Review stage"]
    assert sorted((row[12], row[16]) for row in rows[1:]) == [
        ("Approved and public", "Approved"),
        ("Our own draft", "Draft"),
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("dataset", ["entries", "statuses"])
def test_it_never_puts_confidential_evidence_in_a_download(client, file_format, dataset):
    cast = Cast()
    entry_with_secret(cast)

    def read(client):
        rows = download(client, file_format, dataset=dataset, pending="1")
        return "\n".join(" ".join(str(cell) for cell in row) for row in rows)

    check_disclosure(client, cast, NOBODY, read, badge=False)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"fact_date_after": "not-a-date"}, "Enter a valid date."),
        ({"state": "ZZZ"}, "Select a valid choice."),
        ({"year": "99999"}, "Enter a year from 1945 to"),
        ({"status": "finished"}, "Select a valid choice. finished is not one of the available"),
        (
            {"dataset": "everything"},
            "Choose progress entries, current status or reporting requests.",
        ),
        ({"format": "pdf"}, "Choose CSV or Excel (XLSX)."),
    ],
)
def test_it_explains_an_invalid_choice_instead_of_downloading(client, params, message):
    response = client.get(URL, {"format": "csv", **params})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "Some choices are not valid; fix them to download." in text
    assert message in text


def test_it_shows_how_many_rows_match(client, approve, kenya):
    for _ in range(3):
        approve(ProgressEntryFactory(state=kenya))
    approve(ProgressEntryFactory(state=State.objects.get(iso3="FRA")))

    response = client.get(URL, {"state": "KEN"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "<strong>3</strong> rows match these choices (progress entries)." in text
    assert '<option value="KEN" selected>Kenya</option>' in text


def count_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        download(client, **params)
    return len(queries)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_reads_a_download_in_queries_that_do_not_grow_with_its_rows(
    client, approve, file_format
):
    def entry():
        made = ProgressEntryFactory(commitment=CommitmentFactory(topics=[TopicFactory()]))
        made.add_evidence(made.created_by, citation="Gazette", url="https://example.org/g")
        approve(made)

    entry()
    few = count_queries(client, file_format=file_format)
    for _ in range(5):
        entry()
    # The count that decides whether the file is written now or in the background, the rows.
    assert count_queries(client, file_format=file_format) == few == 2


def test_it_renders_the_page_in_queries_that_do_not_grow_with_the_data(
    client, approve, django_assert_num_queries
):
    approve(ProgressEntryFactory())
    with django_assert_num_queries(5):  # four lists of choices, one count
        client.get(URL)
    for _ in range(4):
        approve(ProgressEntryFactory())
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200


def test_it_is_linked_from_the_lists_with_their_filters(client, kenya):
    region = Region.objects.get(name="Africa")
    topic = TopicFactory(name="Prosecution")
    resolution = ResolutionFactory()

    matrix = client.get(
        "/dashboard/matrix/",
        {"region": region.pk, "status": "implemented", "columns": "commitment", "drafts": "1"},
    ).content.decode()
    resolutions = client.get("/resolutions/", {"topic": topic.pk, "q": "traffic"}).content.decode()
    state = client.get("/states/kenya/").content.decode()
    resolution_page = client.get(resolution.get_absolute_url()).content.decode()
    overview = client.get("/dashboard/", {"drafts": "1"}).content.decode()

    assert (
        f'href="/downloads/?region={region.pk}&amp;status=implemented&amp;drafts=1'
        '&amp;dataset=statuses">Download these rows</a>'
    ) in matrix
    assert f'href="/downloads/?topic={topic.pk}&amp;drafts=1">' in resolutions
    assert "the search words are not applied" in resolutions
    assert 'href="/downloads/?dataset=statuses&amp;state=KEN">' in state
    assert 'href="/downloads/?state=KEN">' in state
    assert f'href="/downloads/?dataset=statuses&amp;resolution={resolution.pk}">' in resolution_page
    assert 'href="/downloads/?drafts=1">Download the data behind these figures' in overview
    for page in ("/states/", "/reports/", "/search/"):
        assert 'href="/downloads/"' in client.get(page).content.decode()


def test_it_downloads_what_the_matrix_link_names(client, approve, kenya, france):
    for state in (kenya, france):
        approve(ProgressEntryFactory(state=state, status=ImplementationStatus.IMPLEMENTED))
    region = Region.objects.get(name="Africa")

    rows = download(client, dataset="statuses", region=region.pk, status="implemented")

    assert [row[8] for row in rows[1:]] == ["KEN"]


def test_it_puts_the_page_in_the_header_for_a_visitor_and_the_footer_for_everyone(client):
    coordinator = UserFactory(role="Administrators")
    text = client.get("/resolutions/").content.decode()
    assert '<li><a href="/downloads/">Data</a></li>' in text
    assert '· <a href="/downloads/">Download data</a> ·' in text
    client.force_login(coordinator)
    text = client.get("/resolutions/").content.decode()
    assert '<a href="/downloads/">Download data</a>' in text
