"""Printable progress reports: HTML print view and PDF, approved entries only."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from commitments.models import CommitmentActor, Topic
from reports import printable
from states.choices import ImplementationStatus as Status
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory, chapeau_with_subs
from tests.factories.states import ProgressEntryFactory
from tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def data(approve, kenya):
    resolution = ResolutionFactory(symbol="A/RES/98/7", title="Trafficking in persons")
    topic = Topic.objects.get(slug="criminalization")
    criminalize = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__text="Calls upon all Governments to criminalize trafficking in persons;",
        topics=[topic],
    )
    identify = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__text="Urges States to identify victims of trafficking early;",
    )
    entry = ProgressEntryFactory(
        commitment=criminalize,
        state=kenya,
        status=Status.IMPLEMENTED,
        summary="Parliament adopted the Counter-Trafficking in Persons Act.",
    )
    entry.add_evidence(entry.created_by, citation="Kenya Gazette Supplement No. 77 (Acts No. 8)")
    entry.add_evidence(
        entry.created_by,
        url="https://example.org/kenya/ctip-act",
        description="Text of the Act",
    )
    entry.add_evidence(entry.created_by, file=upload("act.pdf", pdf_bytes()))
    approve(entry)
    hidden = ProgressEntryFactory(
        commitment=identify, state=kenya, summary="Draft claim nobody reviewed yet."
    )
    return {
        "resolution": resolution,
        "topic": topic,
        "criminalize": criminalize,
        "identify": identify,
        "entry": entry,
        "hidden": hidden,
    }


def test_it_reports_a_state_with_numbered_sources_and_only_approved_entries(data, kenya):
    report = printable.state_report(kenya)

    assert report.title == "Progress report: Kenya"
    (section,) = report.assessed_sections
    assert section.commitment == data["criminalize"]
    assert section.assessment.status == Status.IMPLEMENTED
    assert [s.number for s in section.entries[0].sources] == [1, 2, 3]
    assert [s.text for s in report.sources] == [
        "Kenya Gazette Supplement No. 77 (Acts No. 8)",
        "Text of the Act",
        "file “act.pdf”",
    ]
    assert data["identify"] in [s.commitment for s in report.unassessed_sections]
    assert report.entry_count == 1
    assert {s.status: s.count for s in report.summary}[Status.IMPLEMENTED] == 1


def test_it_prints_the_state_report_as_a_web_page(client, data, kenya):
    page = client.get(reverse("reports:state_report", args=[kenya.slug])).content.decode()

    assert "<h1>Progress report: Kenya</h1>" in page
    assert "Parliament adopted the Counter-Trafficking in Persons Act." in page
    assert '<sup class="cite">[3]</sup>' in page
    assert "https://example.org/kenya/ctip-act" in page
    assert "Draft claim nobody reviewed yet." not in page
    assert (
        '<input type="hidden" name="report" value="state"><input type="hidden" name="key" '
        'value="kenya"><button type="submit">Download PDF</button>'
    ) in page


def test_it_makes_a_pdf_with_the_state_its_commitments_and_sources(client, data, kenya, prepare):
    response = client.get(prepare(client))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="progress-report-kenya-' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Progress report: Kenya" in text
    assert "criminalize trafficking in persons" in text
    assert "Parliament adopted the Counter-Trafficking in Persons Act." in text
    assert "Kenya Gazette Supplement No. 77 (Acts No. 8)" in text
    assert "https://example.org/kenya/ctip-act" in text
    assert "Draft claim nobody reviewed yet." not in text


def test_it_reports_a_resolution_with_every_subject_assessed(client, data, approve, kenya):
    approve(
        ProgressEntryFactory(
            commitment=data["criminalize"],
            state=State.objects.get(iso3="PER"),
            status=Status.PARTIAL,
        )
    )

    report = printable.resolution_report(data["resolution"])

    section = report.sections[0]
    assert [(a.state.name, a.status) for a in section.assessments] == [
        ("Kenya", Status.IMPLEMENTED),
        ("Peru", Status.PARTIAL),
    ]
    page = client.get(reverse("reports:resolution_report", args=[data["resolution"].pk]))
    assert "Progress report: A/RES/98/7" in page.content.decode()


def test_it_reports_a_topic_with_its_sub_topics(data):
    report = printable.topic_report(Topic.objects.get(slug="prosecution"))

    assert [s.commitment for s in report.sections] == [data["criminalize"]]


def test_it_refuses_unknown_formats_and_subjects(client, kenya):
    assert client.get(f"/reports/states/{kenya.slug}.docx").status_code == 404
    assert client.get("/reports/states/atlantis/").status_code == 404


def test_it_builds_a_report_in_a_fixed_number_of_queries(
    client, data, approve, kenya, django_assert_num_queries
):
    url = reverse("reports:state_report", args=[kenya.slug])
    # the state, its figures tokens, its size for these figures (not kept yet: read, two
    # counts, kept in five statements; reports/delivery.py), commitments in scope,
    # assessments, the States named as addressees, approved entries, their evidence, the
    # status summary
    with django_assert_num_queries(16):
        client.get(url)
    for _ in range(5):
        entry = ProgressEntryFactory(commitment=data["identify"], state=kenya)
        entry.add_evidence(entry.created_by, citation="Annual report")
        approve(entry)
    with django_assert_num_queries(16):
        client.get(url)


def name(commitment, text, code):
    CommitmentActor.objects.create(
        commitment=commitment, text=text, kind="states", state_code=code, position=9
    )


def test_a_state_report_marks_the_commitments_that_name_its_state(client, data, kenya):
    name(data["criminalize"], "the Government of Kenya", "KEN")
    name(data["identify"], "the Government of Chile", "CHL")

    report = printable.state_report(kenya)
    content = client.get(reverse("reports:state_report", args=[kenya.slug])).content.decode()

    assert report.named_count == 1
    assert "<div><dt>Addressed to this State by name</dt><dd>1</dd></div>" in content
    assert (
        content.count('<span class="badge named-state">Addressed to this State by name</span>') == 1
    )
    assert f"{data['identify'].paragraph.label}</a> (addressed by name)" not in content


def test_a_resolution_report_marks_each_state_named_in_its_assessments(client, data, kenya):
    name(data["criminalize"], "the Government of Kenya", "KEN")

    content = client.get(
        reverse("reports:resolution_report", args=[data["resolution"].pk])
    ).content.decode()

    assert '<tr><td>Kenya <span class="badge named-state">named</span></td>' in content


def test_a_state_report_gives_each_chapeaus_roll_up_under_its_sub_paragraphs(
    client, approve, kenya, django_assert_num_queries
):
    chapeau, subs = chapeau_with_subs(
        resolution=ResolutionFactory(symbol="A/RES/98/7"), number="2", subs="abc"
    )
    for sub, status in zip(subs, [Status.IMPLEMENTED, Status.IN_PROGRESS], strict=False):
        approve(ProgressEntryFactory(commitment=sub, state=kenya, status=status))
    rollup = "1 of 3 sub-paragraphs implemented, 1 in progress, 1 not assessed"

    report = printable.state_report(kenya)
    url = reverse("reports:state_report", args=[kenya.slug])
    # The chapeaux of the sub-paragraphs and their roll-ups: three queries more, however many.
    with django_assert_num_queries(16 + 3):
        content = client.get(url).content.decode()

    assert [
        (s.commitment.label, [(label, str(r)) for label, r in s.lead_in_rollups])
        for s in report.assessed_sections
    ] == [("2(a)", [("2", rollup)]), ("2(b)", [("2", rollup)])]
    assert f'<p class="rollup">Para. 2 as a whole: {rollup}.</p>' in content
    _, more = chapeau_with_subs(resolution=chapeau.resolution, number="3", subs="ab")
    approve(ProgressEntryFactory(commitment=more[0], state=kenya, status=Status.PARTIAL))
    with django_assert_num_queries(16 + 3):
        client.get(url)
