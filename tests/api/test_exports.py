"""Bulk exports: approved entries and commitments as streamed CSV and JSON Lines, filtered."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from api.exports import CommitmentExport, EntryExport
from commitments.choices import ActorKind
from commitments.models import Commitment, CommitmentActor
from states.choices import ImplementationStatus, WorkflowState
from states.models import ProgressEntry, State
from tests.api.matrix import sign_in
from tests.factories.commitments import ActorFactory, CommitmentFactory, TopicFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, StateFactory
from tests.files import pdf_upload
from tests.permissions import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def download(api, path, **params):
    response = api.get(path, params)
    assert response.status_code == 200, response.content
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode()


def csv_rows(api, path, **params):
    _, text = download(api, path, **params)
    return list(csv.DictReader(io.StringIO(text)))


def jsonl_records(api, path, **params):
    _, text = download(api, path, **params)
    return [json.loads(line) for line in text.splitlines()]


def approved_with_evidence(cast, **fields):
    author = cast["reviewer_author"]
    entry = cast.entry(**fields)
    with_file = entry.add_evidence(author, citation="Gazette No. 17", file=pdf_upload())
    with_url = entry.add_evidence(author, url="https://example.org/report", description="NGO")
    gone = entry.add_evidence(author, citation="Withdrawn source")
    entry.remove_evidence(author, gone)
    entry.transition("submit", author)
    entry.transition("approve", cast["reviewer"])
    return entry, with_file, with_url


def test_it_exports_approved_entries_only_with_commitment_subject_and_evidence(api, cast):
    entry, with_file, with_url = approved_with_evidence(
        cast, state=State.objects.get(iso3="KEN"), fact_date=datetime.date(2024, 2, 29)
    )
    for workflow_state in (WorkflowState.DRAFT, WorkflowState.SUBMITTED, WorkflowState.REJECTED):
        cast.entry(workflow_state)
    sign_in(api, cast["reviewer_author"])  # who sees every other entry too

    response, _ = download(api, "/api/v1/exports/entries.csv")
    rows = csv_rows(api, "/api/v1/exports/entries.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="progress-entries-')
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(entry.pk)
    assert row["web_url"] == f"http://testserver/progress/{entry.pk}/"
    assert row["resolution_symbol"] == entry.commitment.resolution.symbol
    assert row["paragraph"] == entry.commitment.paragraph.label
    assert (row["subject_kind"], row["state_iso3"], row["region"]) == ("state", "KEN", "Africa")
    assert row["organization"] == cast.organization.slug
    assert row["fact_date"] == "2024-02-29"
    assert row["summary"] == entry.summary
    assert row["evidence_count"] == "2"
    assert row["evidence_urls"] == "https://example.org/report"
    assert row["evidence_citations"] == "Gazette No. 17"
    download_url = reverse("states:evidence_file", args=[with_file.pk])
    assert row["evidence_files"] == f"http://testserver{download_url}"


def test_it_exports_entries_as_json_lines_with_nested_evidence(api, cast):
    entry, with_file, with_url = approved_with_evidence(cast)
    subject_entry = cast.entry(
        WorkflowState.APPROVED, state=None, subject_organization=OrganizationFactory()
    )

    response, _ = download(api, "/api/v1/exports/entries.jsonl")
    records = {r["id"]: r for r in jsonl_records(api, "/api/v1/exports/entries.jsonl")}

    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert set(records) == {entry.pk, subject_entry.pk}
    record = records[entry.pk]
    assert record["commitment"]["id"] == entry.commitment_id
    assert record["subject"]["iso3"] == entry.state.iso3
    assert [(e["id"], e["kind"]) for e in record["evidence"]] == [
        (with_file.pk, "file"),
        (with_url.pk, "url"),
    ]
    assert record["evidence"][0]["content_type"] == "application/pdf"
    assert record["evidence"][0]["sha256"] == with_file.sha256
    assert record["evidence"][1]["file"] is None
    assert record["evidence"][1]["description"] == "NGO"
    assert records[subject_entry.pk]["subject"] == {
        "kind": "organization",
        "slug": subject_entry.subject_organization.slug,
        "name": subject_entry.subject_organization.name,
    }
    assert records[subject_entry.pk]["evidence"] == []


def test_it_exports_entries_with_the_lists_filters(api, cast):
    kenya = cast.entry(
        WorkflowState.APPROVED,
        state=State.objects.get(iso3="KEN"),
        status=ImplementationStatus.PARTIAL,
        fact_date=datetime.date(2023, 1, 1),
    )
    cast.entry(
        WorkflowState.APPROVED,
        state=State.objects.get(iso3="FRA"),
        status=ImplementationStatus.IMPLEMENTED,
        fact_date=datetime.date(2019, 1, 1),
    )

    def exported(**params):
        return [int(r["id"]) for r in csv_rows(api, "/api/v1/exports/entries.csv", **params)]

    assert exported(region="002") == [kenya.pk]
    assert exported(status="partial") == [kenya.pk]
    assert exported(fact_date_after="2020-01-01") == [kenya.pk]
    assert exported(state="KEN", status="implemented") == []
    # A filter on the workflow cannot reach past approved entries.
    assert exported(workflow_state="draft") == []


def test_it_keeps_spreadsheet_formulas_inert_in_csv_but_exact_in_json_lines(api, cast):
    cast.entry(WorkflowState.APPROVED, summary='=HYPERLINK("http://evil.example","x")')

    row = csv_rows(api, "/api/v1/exports/entries.csv")[0]
    record = jsonl_records(api, "/api/v1/exports/entries.jsonl")[0]

    assert row["summary"] == '\'=HYPERLINK("http://evil.example","x")'
    assert record["summary"] == '=HYPERLINK("http://evil.example","x")'


def test_it_exports_commitments_with_addressees_and_topics(api):
    unodc = ActorFactory(name="UNODC", kind="un_system")
    states = ActorFactory(name="States", kind="states")
    topics = [TopicFactory(slug="b-topic"), TopicFactory(slug="a-topic")]
    commitment = CommitmentFactory(actors=[states, unodc], topics=topics, actor_kind="mixed")
    other = CommitmentFactory(strength="moderate")

    rows = {int(r["id"]): r for r in csv_rows(api, "/api/v1/exports/commitments.csv")}
    records = {r["id"]: r for r in jsonl_records(api, "/api/v1/exports/commitments.jsonl")}

    assert set(rows) == set(records) == {commitment.pk, other.pk}
    row = rows[commitment.pk]
    assert row["actors"] == "States; UNODC"
    assert row["topics"] == "a-topic; b-topic"
    assert row["text"] == commitment.paragraph.text
    assert row["resolution_symbol"] == commitment.resolution.symbol
    assert records[commitment.pk]["addressees"] == [
        {"text": "States", "kind": "states", "actor": "States"},
        {"text": "UNODC", "kind": "un_system", "actor": "UNODC"},
    ]
    assert records[commitment.pk]["topics"] == ["a-topic", "b-topic"]
    assert records[commitment.pk]["is_trackable"] is True


def test_it_exports_commitments_with_the_lists_filters(api):
    strong = CommitmentFactory()
    moderate = CommitmentFactory(strength="moderate")

    def exported(path, **params):
        return (
            [int(r["id"]) for r in csv_rows(api, path, **params)]
            if path.endswith("csv")
            else [r["id"] for r in jsonl_records(api, path, **params)]
        )

    assert exported("/api/v1/exports/commitments.csv", strength="moderate") == [moderate.pk]
    assert exported("/api/v1/exports/commitments.jsonl", resolution=strong.resolution_id) == [
        strong.pk
    ]


def test_it_streams_an_export_in_pieces(api, cast, monkeypatch):
    monkeypatch.setattr("api.exports.BATCH_ROWS", 2)
    for _ in range(5):
        cast.entry(WorkflowState.APPROVED)

    response = api.get("/api/v1/exports/entries.jsonl")
    pieces = list(response.streaming_content)

    assert [piece.count(b"\n") for piece in pieces] == [2, 2, 1]


def test_it_answers_an_export_in_its_own_format_whatever_the_client_accepts(api):
    CommitmentFactory()

    response = api.get("/api/v1/exports/commitments.csv", HTTP_ACCEPT="application/xml")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"id,web_url,")


# --- PostgreSQL writes the lines: the same bytes as Python ---------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL writes the lines itself"
)

TRICKY_TEXTS = [
    "Plain text",
    'Commas, "quotes" and\nnew lines\r\nof both kinds',
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturned",
    "'Quoted already",
    "Unicode é – ✓ 😀, a line separator \u2028, a control \x01 and a backslash \\",
]
PARAGRAPH_SUBS = ["", "a", "b-i", "-c--d-", "---"]


def tricky_entries(cast):
    """Approved entries with every kind of value the two ways could write differently."""
    author = cast["reviewer_author"]
    for number, text in enumerate(TRICKY_TEXTS):
        commitment = CommitmentFactory(
            paragraph__sub=PARAGRAPH_SUBS[number % len(PARAGRAPH_SUBS)],
            paragraph__resolution__symbol=f"A/RES/{number}, {text}"[:64],
        )
        if number % 2:
            subject = {"state": None, "subject_organization": OrganizationFactory(name=text)}
        else:
            subject = {"state": StateFactory(name=f"Testland, {text}")}
        entry = cast.entry(commitment=commitment, summary=text, **subject)
        if number:  # the first has no evidence at all
            entry.add_evidence(author, url=f"https://example.org/{number}?q=a,b", citation=text)
            entry.add_evidence(author, citation=text, description=text)
            entry.add_evidence(author, file=pdf_upload(f'Report {number}, "final".pdf'))
            entry.add_evidence(author, citation="Confidential", confidential=True)
            gone = entry.add_evidence(author, citation="Withdrawn")
            entry.remove_evidence(author, gone)
        entry.transition("submit", author)
        entry.transition("approve", cast["reviewer"])
        # Whole seconds, trailing zeros, any fraction: isoformat() writes each differently.
        moment = timezone.now() + datetime.timedelta(days=1)
        microsecond = [0, 120000, moment.microsecond][number % 3]
        ProgressEntry.objects.filter(pk=entry.pk).update(
            decided_at=moment.replace(microsecond=microsecond), updated=moment
        )
    other = OrganizationFactory(name='=Reporting, "organization"')
    ProgressEntryFactory(
        organization=other,
        workflow_state=WorkflowState.APPROVED,
        decided_by=cast["reviewer"],
        decided_at=timezone.now(),
    )


@postgresql_only
@pytest.mark.parametrize("path", ["/api/v1/exports/entries.csv", "/api/v1/exports/entries.jsonl"])
def test_it_writes_the_same_bytes_in_postgresql_as_in_python(api, cast, monkeypatch, path):
    tricky_entries(cast)
    assert EntryExport(ProgressEntry.objects.all(), RequestFactory().get("/")).in_database()

    _, in_postgresql = download(api, path)
    monkeypatch.setattr(EntryExport, "lines_in_database", False)
    _, in_python = download(api, path)

    assert in_postgresql == in_python
    if path.endswith("csv"):
        rows = list(csv.DictReader(io.StringIO(in_python, newline="")))
        assert len(rows) == len(TRICKY_TEXTS) + 1
    else:
        records = [json.loads(line) for line in in_python.split("\n") if line]
        assert {record["summary"] for record in records} >= set(TRICKY_TEXTS)


def test_it_reads_one_line_per_row_from_postgresql_and_values_elsewhere():
    request = RequestFactory().get("/")
    export = EntryExport(ProgressEntry.objects.all(), request)

    sql = str(export.select("csv").query)

    assert ("CONCAT(" in sql) == (connection.vendor == "postgresql")
    assert not CommitmentExport(Commitment.objects.all(), request).in_database()


def test_it_keeps_formulas_inert_in_a_commitments_csv(api):
    commitment = CommitmentFactory(action="=cmd", sub_lead="+sum", paragraph__text="-1, then more")
    # An actor's name is edited in the admin: a spreadsheet must not run it either.
    commitment.actor_links.all().delete()
    CommitmentActor.objects.create(
        commitment=commitment,
        actor=ActorFactory(name="@SUM(A1)"),
        text="@SUM(A1)",
        kind=ActorKind.OTHER,
    )

    row = csv_rows(api, "/api/v1/exports/commitments.csv")[0]
    record = jsonl_records(api, "/api/v1/exports/commitments.jsonl")[0]

    assert (row["action"], row["sub_lead"], row["text"]) == ("'=cmd", "'+sum", "'-1, then more")
    assert (row["actors"], row["addressees"]) == ("'@SUM(A1)", "'@SUM(A1)")
    assert (record["action"], record["sub_lead"]) == ("=cmd", "+sum")
    assert record["addressees"][0]["actor"] == "@SUM(A1)"
