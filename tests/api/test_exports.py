"""Bulk exports: approved entries and commitments as streamed CSV and JSON Lines, filtered."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.choices import ActorKind
from commitments.models import Commitment, CommitmentActor
from reports.exports import EXPORTS, Export
from states.choices import ImplementationStatus, WorkflowState
from states.models import Organization, ProgressEntry, State
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
    monkeypatch.setattr("reports.exports.BATCH_ROWS", 2)
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


# --- The same bytes whoever writes them ------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL writes the exports itself"
)
DECIDED = datetime.datetime(2024, 3, 1, 12, 0, 0, 120000, tzinfo=datetime.UTC)
UPDATED = datetime.datetime(2024, 3, 2, 8, 30, tzinfo=datetime.UTC)

TRICKY_TEXTS = [
    "Plain text",
    'Commas, "quotes" and\nnew lines\r\nof both kinds',
    "A lone\rcarriage return",
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturned",
    "'Quoted already",
    "\\.",
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
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/exports/entries.csv",
        "/api/v1/exports/entries.jsonl",
        "/api/v1/exports/commitments.csv",
        "/api/v1/exports/commitments.jsonl",
    ],
)
def test_it_writes_the_same_bytes_with_python_as_postgresql_writes(api, cast, monkeypatch, path):
    tricky_entries(cast)
    commitment = Commitment.objects.first()
    for position, text in enumerate(TRICKY_TEXTS, start=10):
        CommitmentActor.objects.create(
            commitment=commitment, text=text, kind=ActorKind.OTHER, position=position
        )
    commitment.topics.add(TopicFactory(slug="a-b"), TopicFactory(slug="ab"), TopicFactory(slug="a"))
    Commitment.objects.filter(pk=commitment.pk).update(action=TRICKY_TEXTS[2], retired=True)

    _, by_postgresql = download(api, path)
    monkeypatch.setattr(Export, "in_postgresql", lambda export: False)
    _, by_python = download(api, path)

    assert by_postgresql == by_python
    if path.endswith("entries.csv"):
        rows = list(csv.DictReader(io.StringIO(by_python, newline="")))
        assert len(rows) == len(TRICKY_TEXTS) + 1
        assert {row["summary"] for row in rows} >= {"\\.", "A lone\rcarriage return"}
    elif path.endswith("entries.jsonl"):
        records = [json.loads(line) for line in by_python.split("\n") if line]
        assert {record["summary"] for record in records} >= set(TRICKY_TEXTS)
    elif path.endswith("commitments.jsonl"):
        records = [json.loads(line) for line in by_python.split("\n") if line]
        assert next(r for r in records if r["id"] == commitment.pk)["topics"] == ["a", "a-b", "ab"]


def test_it_has_postgresql_copy_a_csv_and_python_write_it_elsewhere(api):
    CommitmentFactory()

    with CaptureQueriesContext(connection) as queries:
        download(api, "/api/v1/exports/commitments.csv")

    statements = [query["sql"] for query in queries.captured_queries]
    copies = [sql for sql in statements if sql.startswith("COPY (SELECT ")]
    assert len(copies) == (1 if connection.vendor == "postgresql" else 0)


def exact_entry(cast):
    """An approved entry of known values, with evidence of each kind."""
    Organization.objects.filter(pk=cast.organization.pk).update(
        name='=Reporting, "NGO"', slug="reporting-ngo"
    )
    commitment = CommitmentFactory(
        paragraph__resolution__symbol="A/RES/78/1", paragraph__number="7", paragraph__sub="b-i"
    )
    entry = cast.entry(
        commitment=commitment,
        state=State.objects.get(iso3="KEN"),
        status=ImplementationStatus.PARTIAL,
        fact_date=datetime.date(2024, 2, 29),
        summary='=SUM(A1), "quoted"\r\nnext line',
    )
    author = cast["reviewer_author"]
    with_url = entry.add_evidence(author, url="https://example.org/a?q=1", description="NGO")
    with_citation = entry.add_evidence(author, citation="Gazette\rNo. 17")
    with_file = entry.add_evidence(author, file=pdf_upload("Report.pdf"))
    entry.add_evidence(author, citation="Confidential", confidential=True)
    entry.transition("submit", author)
    entry.transition("approve", cast["reviewer"])
    ProgressEntry.objects.filter(pk=entry.pk).update(
        submitted_at=DECIDED, decided_at=DECIDED, updated=UPDATED
    )
    return entry, with_url, with_citation, with_file


def test_it_writes_an_entry_to_the_byte(api, cast):
    entry, with_url, with_citation, with_file = exact_entry(cast)
    commitment = entry.commitment
    file = "http://testserver" + reverse("states:evidence_file", args=[with_file.pk])

    _, text = download(api, "/api/v1/exports/entries.csv")
    _, jsonl = download(api, "/api/v1/exports/entries.jsonl")

    assert text == (
        "id,web_url,commitment_id,resolution_id,resolution_symbol,body,paragraph,part,strength,"
        "actor_kind,subject_kind,state_iso3,state_name,region,subregion,subject_organization,"
        "subject_organization_name,organization,organization_name,status,fact_date,confidence,"
        "summary,decided_at,updated,evidence_count,evidence_urls,evidence_citations,"
        "evidence_files\n"
        f"{entry.pk},http://testserver/progress/{entry.pk}/,{commitment.pk},"
        f"{commitment.resolution_id},A/RES/78/1,GA,7(b)(i),,strong,states,state,KEN,Kenya,"
        'Africa,Sub-Saharan Africa,,,reporting-ngo,"\'=Reporting, ""NGO""",partial,'
        '2024-02-29,medium,"\'=SUM(A1), ""quoted""\r\nnext line",'
        "2024-03-01T12:00:00.120000+00:00,2024-03-02T08:30:00+00:00,3,"
        f'https://example.org/a?q=1,"Gazette\rNo. 17",{file}\n'
    )
    assert jsonl == (
        f'{{"id" : {entry.pk}, "web_url" : "http://testserver/progress/{entry.pk}/", '
        f'"commitment" : {{"id" : {commitment.pk}, "resolution_id" : {commitment.resolution_id}, '
        '"resolution_symbol" : "A/RES/78/1", "body" : "GA", "paragraph" : "7(b)(i)", '
        '"part" : null, "strength" : "strong", "actor_kind" : "states"}, '
        '"subject" : {"kind" : "state", "iso3" : "KEN", "name" : "Kenya", "region" : "Africa", '
        '"subregion" : "Sub-Saharan Africa"}, '
        '"organization" : {"slug" : "reporting-ngo", "name" : "=Reporting, \\"NGO\\""}, '
        '"status" : "partial", "fact_date" : "2024-02-29", "confidence" : "medium", '
        '"summary" : "=SUM(A1), \\"quoted\\"\\r\\nnext line", '
        '"decided_at" : "2024-03-01T12:00:00.120000+00:00", '
        '"updated" : "2024-03-02T08:30:00+00:00", "evidence" : ['
        f'{{"id" : {with_url.pk}, "kind" : "url", "url" : "https://example.org/a?q=1", '
        '"citation" : "", "description" : "NGO", "file" : null, "original_name" : "", '
        '"content_type" : "", "sha256" : ""}, '
        f'{{"id" : {with_citation.pk}, "kind" : "citation", "url" : "", '
        '"citation" : "Gazette\\rNo. 17", "description" : "", "file" : null, '
        '"original_name" : "", "content_type" : "", "sha256" : ""}, '
        f'{{"id" : {with_file.pk}, "kind" : "file", "url" : "", "citation" : "", '
        f'"description" : "", "file" : "{file}", "original_name" : "Report.pdf", '
        f'"content_type" : "application/pdf", "sha256" : "{with_file.sha256}"}}]}}\n'
    )


def test_it_writes_a_commitment_to_the_byte(api):
    states, unodc = (
        ActorFactory(name="States", kind="states"),
        ActorFactory(name="UNODC", kind="un_system"),
    )
    commitment = CommitmentFactory(
        actors=[states, unodc],
        topics=[TopicFactory(slug="b-topic"), TopicFactory(slug="a-topic")],
        actor_kind="mixed",
        action="=cmd",
        sub_lead="",
        paragraph__number="3",
        paragraph__sub="a",
        paragraph__position=3,
        paragraph__text="-1, then\rmore",
        paragraph__resolution__symbol="A/RES/78/2",
        paragraph__resolution__adopted_on=datetime.date(2023, 12, 19),
    )
    CommitmentActor.objects.create(
        commitment=commitment, actor=states, text="all States", kind="states", position=2
    )
    Commitment.objects.filter(pk=commitment.pk).update(updated=UPDATED)
    url = "http://testserver" + commitment.get_absolute_url()

    _, text = download(api, "/api/v1/exports/commitments.csv")
    _, jsonl = download(api, "/api/v1/exports/commitments.jsonl")

    assert text == (
        "id,web_url,resolution_id,resolution_symbol,body,adopted_on,paragraph,part,position,"
        "verb_phrase,canonical_verb,strength,action,sub_lead,actor_kind,actors,addressees,"
        "topics,is_trackable,retired,text,updated\n"
        f"{commitment.pk},{url},{commitment.resolution_id},A/RES/78/2,GA,2023-12-19,3(a),,3,"
        "Calls upon,call upon,strong,'=cmd,,mixed,States; UNODC,States; UNODC; all States,"
        'a-topic; b-topic,True,False,"\'-1, then\rmore",2024-03-02T08:30:00+00:00\n'
    )
    assert jsonl == (
        f'{{"id" : {commitment.pk}, "web_url" : "{url}", '
        f'"resolution_id" : {commitment.resolution_id}, "resolution_symbol" : "A/RES/78/2", '
        '"body" : "GA", "adopted_on" : "2023-12-19", "paragraph" : "3(a)", "part" : null, '
        '"position" : 3, '
        '"verb_phrase" : "Calls upon", "canonical_verb" : "call upon", "strength" : "strong", '
        '"action" : "=cmd", "sub_lead" : "", "actor_kind" : "mixed", "addressees" : ['
        '{"text" : "States", "kind" : "states", "actor" : "States"}, '
        '{"text" : "UNODC", "kind" : "un_system", "actor" : "UNODC"}, '
        '{"text" : "all States", "kind" : "states", "actor" : "States"}], '
        '"topics" : ["a-topic", "b-topic"], "is_trackable" : true, "retired" : false, '
        '"text" : "-1, then\\rmore", "updated" : "2024-03-02T08:30:00+00:00"}\n'
    )


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


def test_it_leaves_the_connection_usable_when_a_download_stops_halfway(cast, monkeypatch):
    monkeypatch.setattr("reports.exports.PIECE_BYTES", 1)  # a piece a row from COPY
    monkeypatch.setattr("reports.exports.BATCH_ROWS", 1)  # and from Python
    for _ in range(3):
        cast.entry(WorkflowState.APPROVED)
    entries = ProgressEntry.objects.approved()

    stream = EXPORTS["entries"].export(entries, RequestFactory().get("/")).csv_stream()
    header, first = next(stream), next(stream)
    stream.close()  # the client went away

    assert header.startswith(b"id,web_url,") and first.count(b"\n") == 1
    assert entries.count() == 3
