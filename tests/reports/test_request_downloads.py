"""
The reporting requests on the "Download data" page: what the resolutions ask to be reported or
reviewed and by when, as CSV or XLSX in English columns a person reads, filtered by the API's
own FilterSet, drafts' requests only when asked for, in a fixed number of queries.
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from commitments.choices import Body, DueBasis, RequestKind
from commitments.filtersets import ReportingRequestFilterSet
from reports.filtersets import RequestDownloadFilterSet
from tests.factories.commitments import (
    CommitmentFactory,
    ParagraphFactory,
    ReportingRequestFactory,
    ResolutionFactory,
)
from tests.reports.downloaded import content, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

URL = "/downloads/"
DATASET = "reporting-requests"
TODAY = datetime.date(2026, 3, 1)
HEADERS = [
    "Resolution",
    "Paragraph",
    "Kind",
    "Asked of",
    "What is asked",
    "Due date",
    "Due date is",
    "Session",
    "Recurs",
    "Next due",
    "Fulfilment",
    "Fulfilled on",
    "Fulfilment note",
    "Link",
]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The download's day: 1 March 2026 (what is overdue and when a periodic ask next falls)."""
    localdate = timezone.localdate

    def fixed(value=None, timezone=None):
        return TODAY if value is None else localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", fixed)
    return TODAY


def commitment_in(resolution, number, sub=""):
    paragraph = ParagraphFactory(
        resolution=resolution,
        number=number,
        sub=sub,
        position=int(number) * 10 + len(sub),
        text=f"Paragraph {number}{sub} of {resolution.symbol}",
    )
    return CommitmentFactory(paragraph=paragraph, actors=[])


@pytest.fixture
def assembly():
    return ResolutionFactory(
        symbol="A/RES/79/120", body=Body.GENERAL_ASSEMBLY, adopted_on=datetime.date(2024, 12, 17)
    )


@pytest.fixture
def council():
    return ResolutionFactory(
        symbol="A/HRC/RES/54/3",
        body=Body.HUMAN_RIGHTS_COUNCIL,
        adopted_on=datetime.date(2023, 10, 11),
    )


@pytest.fixture
def requests(assembly, council):
    """Five requests: periodic, fulfilled, overdue, due by a session, and undated."""
    return {
        "session": ReportingRequestFactory(
            commitment=commitment_in(assembly, "17"),
            kind=RequestKind.REPORT,
            requested_of="Secretary-General",
            source_text="to submit to the General Assembly at its eighty-first session a report",
            due_body=Body.GENERAL_ASSEMBLY,
            due_session=81,
            due_date=datetime.date(2026, 9, 8),
            is_estimate=True,
            basis=DueBasis.SESSION,
        ),
        "periodic": ReportingRequestFactory(
            commitment=commitment_in(council, "2", "a"),
            kind=RequestKind.REVIEW,
            requested_of="High Commissioner",
            source_text="to report to the Council every two years",
            due_body=Body.HUMAN_RIGHTS_COUNCIL,
            due_session=57,
            due_date=datetime.date(2024, 9, 9),
            is_estimate=False,
            basis=DueBasis.PERIOD,
            period_months=24,
        ),
        "fulfilled": ReportingRequestFactory(
            commitment=commitment_in(assembly, "18"),
            requested_of="Secretary-General",
            source_text="to report by 30 June 2025",
            due_body="",
            due_session=None,
            due_date=datetime.date(2025, 6, 30),
            is_estimate=False,
            basis=DueBasis.DATE,
            fulfilled_on=datetime.date(2025, 7, 2),
            fulfilment_note="A/80/123",
        ),
        "overdue": ReportingRequestFactory(
            commitment=commitment_in(assembly, "19"),
            kind=RequestKind.MEETING,
            requested_of="President of the General Assembly",
            source_text="to convene a high-level meeting before the end of 2025",
            due_body=Body.GENERAL_ASSEMBLY,
            due_session=None,
            due_date=datetime.date(2025, 12, 31),
            is_estimate=False,
            basis=DueBasis.DATE,
        ),
        "undated": ReportingRequestFactory(
            commitment=commitment_in(council, "5"),
            kind=RequestKind.CONSIDERATION,
            requested_of="",
            source_text="to remain seized of the matter",
            due_body=Body.HUMAN_RIGHTS_COUNCIL,
            due_session=None,
            due_date=None,
            is_estimate=False,
            basis=DueBasis.NONE,
        ),
    }


def link(request):
    return f"http://testserver{request.commitment.get_absolute_url()}"


def expected_rows(requests):
    """The five requests' rows, soonest due first and the undated one last."""
    return [
        HEADERS,
        [
            "A/HRC/RES/54/3",
            "2(a)",
            "Review",
            "High Commissioner",
            "to report to the Council every two years",
            "2024-09-09",
            "Printed",
            "Human Rights Council, 57th session",
            "every two years",
            "2026-09-09",
            "Open",
            "",
            "",
            link(requests["periodic"]),
        ],
        [
            "A/RES/79/120",
            "18",
            "Report",
            "Secretary-General",
            "to report by 30 June 2025",
            "2025-06-30",
            "Printed",
            "",
            "",
            "",
            "Fulfilled",
            "2025-07-02",
            "A/80/123",
            link(requests["fulfilled"]),
        ],
        [
            "A/RES/79/120",
            "19",
            "Meeting",
            "President of the General Assembly",
            "to convene a high-level meeting before the end of 2025",
            "2025-12-31",
            "Printed",
            "General Assembly",
            "",
            "",
            "Overdue",
            "",
            "",
            link(requests["overdue"]),
        ],
        [
            "A/RES/79/120",
            "17",
            "Report",
            "Secretary-General",
            "to submit to the General Assembly at its eighty-first session a report",
            "2026-09-08",
            "Estimated",
            "General Assembly, 81st session",
            "",
            "",
            "Open",
            "",
            "",
            link(requests["session"]),
        ],
        [
            "A/HRC/RES/54/3",
            "5",
            "Consideration of the question",
            "",
            "to remain seized of the matter",
            "",
            "",
            "Human Rights Council",
            "",
            "",
            "Open",
            "",
            "",
            link(requests["undated"]),
        ],
    ]


def download(client, file_format="csv", **params):
    response = client.get(URL, {"dataset": DATASET, **params, "format": file_format})
    return csv_rows(response) if file_format == "csv" else xlsx_rows(response)


def asked_of(client, **params):
    return [row[3] for row in download(client, **params)[1:]]


def test_it_offers_reporting_requests_on_the_download_page(client, requests):
    text = client.get(URL).content.decode()
    assert (
        '<input type="radio" name="dataset" value="reporting-requests"> Reporting requests: what '
        "the resolutions ask to be reported or reviewed, and by when</label>"
    ) in text

    response = client.get(URL, {"dataset": DATASET})

    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="reporting-requests" checked>' in text
    assert "<strong>5</strong> rows match these choices (reporting requests)." in text
    for name in ("resolution", "body", "due_body", "fulfilment", "periodic"):
        assert f'<select name="{name}"' in text, name
    for name in ("requested_of", "due_after", "due_before"):
        assert f'name="{name}"' in text, name
    assert '<option value="true">Periodic</option>' in text
    assert '<option value="overdue">Overdue: open, and its due date has passed</option>' in text
    for header in HEADERS:
        assert f"<dt>{header}</dt>" in text
    # The progress entries' filters are not the requests'.
    assert 'name="state"' not in text
    assert 'name="fact_date_after"' not in text


def test_it_writes_csv_in_readable_english_columns(client, requests):
    response = client.get(URL, {"dataset": DATASET, "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="reporting-requests-2026-03-01\.csv"',
        response["Content-Disposition"],
    )
    assert csv_rows(response) == expected_rows(requests)


def test_it_writes_the_same_cells_to_an_xlsx_workbook(client, requests):
    response = client.get(URL, {"dataset": DATASET, "format": "xlsx"})

    assert 'filename="reporting-requests-2026-03-01.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    sheet = workbook.active
    assert sheet.title == "Reporting requests"
    assert sheet.freeze_panes == "A2"
    assert sheet["F2"].value == datetime.datetime(2024, 9, 9)  # a date cell, not text
    assert sheet["J2"].value == datetime.datetime(2026, 9, 9)
    assert sheet["F2"].number_format == "yyyy-mm-dd"
    assert download(client, "xlsx") == expected_rows(requests)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_writes_english_whatever_the_readers_language(client, requests, file_format):
    client.cookies["django_language"] = "fr"
    assert "Télécharger" in client.get(URL).content.decode()  # the page itself is in French

    assert download(client, file_format) == expected_rows(requests)


def test_it_filters_with_the_apis_filterset(client, requests, assembly, council):
    assert asked_of(client, body="HRC") == ["High Commissioner", ""]
    assert asked_of(client, due_body="GA") == [
        "President of the General Assembly",
        "Secretary-General",
    ]
    assert asked_of(client, requested_of="secretary") == ["Secretary-General"] * 2
    assert asked_of(client, resolution=council.pk) == ["High Commissioner", ""]
    assert asked_of(client, due_after="2025-01-01", due_before="2025-12-31") == [
        "Secretary-General",
        "President of the General Assembly",
    ]
    assert asked_of(client, fulfilment="fulfilled") == ["Secretary-General"]
    assert asked_of(client, fulfilment="overdue") == ["President of the General Assembly"]
    assert len(asked_of(client, fulfilment="open")) == 4
    assert asked_of(client, periodic="true") == ["High Commissioner"]
    assert len(asked_of(client, periodic="false")) == 4


def test_it_is_the_apis_filterset_narrowed_to_the_pages_form():
    assert issubclass(RequestDownloadFilterSet, ReportingRequestFilterSet)
    for method in ("filter_fulfilment", "filter_periodic"):
        assert getattr(RequestDownloadFilterSet, method) is getattr(
            ReportingRequestFilterSet, method
        )
    assert list(RequestDownloadFilterSet.base_filters) == [
        "resolution",
        "body",
        "due_body",
        "requested_of",
        "due",
        "fulfilment",
        "periodic",
    ]


def test_it_leaves_out_drafts_unless_asked_and_retired_paragraphs_always(client, requests):
    draft = ResolutionFactory(symbol="44/…", adopted_on=None)
    ReportingRequestFactory(commitment=commitment_in(draft, "3"), requested_of="Draft's addressee")
    retired = ReportingRequestFactory(
        commitment=commitment_in(requests["session"].resolution, "30"),
        requested_of="Retired paragraph's addressee",
    )
    retired.commitment.retired = True
    retired.commitment.save()

    assert "Draft's addressee" not in asked_of(client)
    assert "Draft's addressee" in asked_of(client, drafts="1")
    assert "Retired paragraph's addressee" not in asked_of(client, drafts="1")
    assert len(asked_of(client)) == 5


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_defangs_cells_a_spreadsheet_would_run_as_formulas(client, file_format):
    ReportingRequestFactory(requested_of="=HYPERLINK(1)", fulfilment_note="+A/80/1")

    (_, row) = download(client, file_format)

    assert row[3] == "'=HYPERLINK(1)"
    assert row[12] == "'+A/80/1"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"due_after": "not-a-date"}, "Enter a valid date."),
        ({"periodic": "sometimes"}, "Give true or false."),
        ({"fulfilment": "done"}, "Select a valid choice. done is not one of the available"),
        ({"body": "UNICEF"}, "Select a valid choice. UNICEF is not one of the available"),
        ({"resolution": "999999"}, "Select a valid choice."),
        ({"dataset": "deadlines"}, "Choose progress entries, current status or reporting"),
    ],
)
def test_it_explains_an_invalid_choice_instead_of_downloading(client, params, message):
    response = client.get(URL, {"dataset": DATASET, "format": "csv", **params})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "Some choices are not valid; fix them to download." in text
    assert message in text


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_reads_a_download_in_queries_that_do_not_grow_with_its_rows(
    client, file_format, django_assert_max_num_queries
):
    ReportingRequestFactory()
    # The count that decides whether the file is written now or in the background, the rows.
    with django_assert_max_num_queries(2):
        assert len(download(client, file_format)) == 2
    for _ in range(5):
        ReportingRequestFactory(period_months=12)
    with django_assert_max_num_queries(2):
        assert len(download(client, file_format)) == 7


def test_it_renders_the_page_in_queries_that_do_not_grow_with_the_data(
    client, django_assert_max_num_queries
):
    ReportingRequestFactory()
    with django_assert_max_num_queries(2):  # the resolutions to choose from, the count
        client.get(URL, {"dataset": DATASET})
    for _ in range(4):
        ReportingRequestFactory()
    with django_assert_max_num_queries(2):
        assert client.get(URL, {"dataset": DATASET}).status_code == 200
