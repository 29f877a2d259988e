"""Recording and editing progress through the entry form, with evidence files."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from states.choices import WorkflowState
from states.models import Evidence, ProgressEntry, State
from tests.factories.commitments import CommitmentFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from tests.files import HTML_PAGE, MINIMAL_PDF, elf_bytes, pdf_upload, png_bytes, upload

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("states:entry_create")
SUMMARY = "Parliament adopted Law 17/2025 criminalizing forced labour; the gazette is attached."


@pytest.fixture
def organization():
    return OrganizationFactory(name="Gazette Watch")


@pytest.fixture
def contributor(organization):
    return UserFactory(role="Contributors", organizations=[organization])


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def commitment():
    return CommitmentFactory()


@pytest.fixture
def france():
    return State.objects.get(iso3="FRA")


def entry_data(commitment, subject_state, organization, **overrides):
    data = {
        "commitment": commitment.pk,
        "state": subject_state.pk if subject_state else "",
        "subject_organization": "",
        "organization": organization.pk,
        "status": "partial",
        "fact_date": "2025-06-30",
        "summary": SUMMARY,
        "confidence": "high",
        "evidence-TOTAL_FORMS": "3",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "10",
    }
    return {**data, **overrides}


def test_it_preselects_the_commitment_state_and_only_organization(
    contributor_client, commitment, organization, france
):
    response = contributor_client.get(CREATE_URL, {"commitment": commitment.pk, "state": "fra"})

    form = response.context["form"]
    assert form.initial == {
        "commitment": commitment.pk,
        "state": france.pk,
        "organization": organization.pk,
    }
    assert b'enctype="multipart/form-data"' in response.content
    assert commitment.paragraph.text.encode() in response.content


@pytest.mark.parametrize("code", ["\x00", "f\x00a", "FRANCE"])
def test_it_preselects_no_state_for_a_state_that_is_no_code(contributor_client, organization, code):
    response = contributor_client.get(CREATE_URL, {"state": code})

    assert response.status_code == 200
    assert response.context["form"].initial == {"organization": organization.pk}


def test_it_offers_only_the_users_own_organizations(contributor_client, organization):
    OrganizationFactory(name="Someone Else's NGO")

    response = contributor_client.get(CREATE_URL)

    assert list(response.context["form"].fields["organization"].queryset) == [organization]


def test_it_saves_a_draft_with_its_evidence_in_one_step(
    contributor_client, contributor, commitment, organization, france
):
    data = entry_data(
        commitment,
        france,
        organization,
        **{
            "evidence-0-url": "https://www.legifrance.gouv.fr/loi-17-2025",
            "evidence-1-citation": "JORF n° 0150, 30 June 2025",
            "evidence-1-description": "Official journal",
            "evidence-2-file": pdf_upload("Journal officiel.pdf"),
            "save": "Save draft",
        },
    )

    response = contributor_client.post(CREATE_URL, data)

    entry = ProgressEntry.objects.get()
    assert response.status_code == 302
    assert response.url == entry.get_absolute_url()
    assert (entry.workflow_state, entry.created_by, entry.state) == (
        WorkflowState.DRAFT,
        contributor,
        france,
    )
    assert entry.fact_date == datetime.date(2025, 6, 30)
    assert sorted(e.kind for e in entry.evidence.all()) == ["citation", "file", "url"]


def test_it_saves_and_submits_when_asked(contributor_client, commitment, organization, france):
    data = entry_data(
        commitment, france, organization, **{"evidence-0-citation": "A/HRC/35/37", "submit": "1"}
    )

    contributor_client.post(CREATE_URL, data)

    entry = ProgressEntry.objects.get()
    assert entry.workflow_state == WorkflowState.SUBMITTED
    assert [r.history_change_reason for r in entry.history.order_by("history_date")] == [
        "create",
        "submit",
    ]


def test_it_records_progress_of_an_organization_instead_of_a_state(
    contributor_client, commitment, organization
):
    unodc = OrganizationFactory(name="UNODC")
    data = entry_data(commitment, None, organization, subject_organization=unodc.pk)

    contributor_client.post(CREATE_URL, data)

    entry = ProgressEntry.objects.get()
    assert (entry.state, entry.subject_organization) == (None, unodc)


@pytest.mark.parametrize(
    ("state", "subject_organization", "field", "message"),
    [
        (True, True, "subject_organization", "Choose a state or an organization, not both."),
        (False, False, "state", "Choose the state this entry is about (or an organization)."),
    ],
)
def test_it_asks_for_exactly_one_subject(
    contributor_client,
    commitment,
    organization,
    france,
    state,
    subject_organization,
    field,
    message,
):
    data = entry_data(
        commitment,
        france,
        organization,
        state=france.pk if state else "",
        subject_organization=OrganizationFactory().pk if subject_organization else "",
    )

    response = contributor_client.post(CREATE_URL, data)

    form = response.context["form"]
    assert form.errors[field] == [message]
    assert form.non_field_errors() == []  # said once, at the field, not again as a constraint
    assert not ProgressEntry.objects.exists()


def test_it_needs_a_source_in_each_evidence_item_filled_in(
    contributor_client, commitment, organization, france
):
    data = entry_data(commitment, france, organization, **{"evidence-1-description": "A photo"})

    response = contributor_client.post(CREATE_URL, data)

    assert response.context["formset"].forms[1].non_field_errors() == [
        "Give a source URL, a citation or a file."
    ]
    assert not ProgressEntry.objects.exists()


BAD_FILES = {
    "executable": (
        lambda: upload("gazette.pdf", elf_bytes()),
        "“gazette.pdf” is not a kind of file that can be attached (its content is "
        "application/x-executable). Allowed: PDF, images",
    ),
    "html": (
        lambda: upload("gazette.pdf", HTML_PAGE),
        "“gazette.pdf” is not a kind of file that can be attached (its content is text/html).",
    ),
    "empty": (lambda: upload("gazette.pdf", b""), "The file is empty."),
    "oversize": (
        lambda: upload("gazette.pdf", MINIMAL_PDF + b"\n%" + b"x" * 2048),
        "; files of up to 1.0\xa0KB can be attached.",
    ),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_it_refuses_a_bad_file_at_its_field_and_keeps_everything_else(
    contributor_client, commitment, organization, france, settings, media_root, kind
):
    settings.EVIDENCE_UPLOAD_MAX_BYTES = 1024
    make_file, message = BAD_FILES[kind]
    data = entry_data(
        commitment,
        france,
        organization,
        **{
            "evidence-0-url": "https://gazette.example.org/17-2025",
            "evidence-0-citation": "Gazette No. 17 of 2025",
            "evidence-1-file": make_file(),
            "evidence-1-description": "Scanned gazette page",
            "submit": "1",
        },
    )

    response = contributor_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert not ProgressEntry.objects.exists()
    assert not Evidence.objects.exists()
    assert not list(Path(media_root).rglob("*.*")), "nothing is stored"
    errors = response.context["formset"].forms[1].errors["file"]
    assert len(errors) == 1 and message in errors[0]
    content = response.content.decode()
    # What the user typed is all there, and they are asked to choose the file again.
    assert SUMMARY in content
    assert 'value="https://gazette.example.org/17-2025"' in content
    assert 'value="Gazette No. 17 of 2025"' in content
    assert 'value="Scanned gazette page"' in content
    assert f'<option value="{france.pk}" selected>' in content
    assert '<option value="partial" selected>' in content
    assert 'value="2025-06-30"' in content
    assert "Choose another file" in content
    assert "a browser cannot keep a chosen file" in content


def test_it_asks_for_a_good_file_again_when_another_field_is_wrong(
    contributor_client, commitment, organization, france
):
    data = entry_data(
        commitment, france, organization, summary="", **{"evidence-0-file": pdf_upload("law.pdf")}
    )

    response = contributor_client.post(CREATE_URL, data)

    assert not ProgressEntry.objects.exists()
    assert "You had chosen “law.pdf”: choose it again" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("Journal officiel 30-06.pdf", MINIMAL_PDF, "application/pdf", ".pdf"),
        ("../../photo of the notice.png", png_bytes(), "image/png", ".png"),
        ("scan.pdf", png_bytes(), "image/png", ".png"),  # named .pdf, but a PNG by content
    ],
)
def test_it_stores_a_good_file_under_a_generated_name(
    contributor_client,
    commitment,
    organization,
    france,
    media_root,
    name,
    content,
    content_type,
    extension,
):
    data = entry_data(
        commitment, france, organization, **{"evidence-0-file": upload(name, content)}
    )

    contributor_client.post(CREATE_URL, data)

    evidence = Evidence.objects.get()
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(media_root)
    assert stored.read_bytes() == content
    assert stored.suffix == extension
    assert Path(name).stem not in stored.name
    assert evidence.original_name == Path(name).name
    assert evidence.content_type == content_type


@pytest.fixture
def draft(contributor, organization, france):
    return ProgressEntryFactory(
        created_by=contributor, organization=organization, state=france, summary="First words."
    )


def edit_data(entry, **overrides):
    fields = {
        "status": entry.status,
        "fact_date": entry.fact_date.isoformat(),
        "summary": entry.summary,
        "confidence": entry.confidence,
        "revision": entry.revision,
    }
    return entry_data(entry.commitment, entry.state, entry.organization, **{**fields, **overrides})


def test_it_edits_an_entry_and_its_evidence_in_one_step(contributor_client, contributor, draft):
    kept = draft.add_evidence(contributor, citation="Kept citation")
    dropped = draft.add_evidence(contributor, url="https://example.org/wrong-link")
    draft.refresh_from_db()

    response = contributor_client.post(
        reverse("states:entry_edit", args=[draft.pk]),
        edit_data(
            draft,
            summary="Better words.",
            remove=[dropped.pk],
            **{"evidence-0-citation": "New citation", "submit": "1"},
        ),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Better words."
    assert draft.workflow_state == WorkflowState.SUBMITTED
    assert sorted(e.citation or e.url for e in draft.evidence.shown()) == [
        "Kept citation",
        "New citation",
    ]
    dropped.refresh_from_db()
    assert dropped.removed and kept.pk in [e.pk for e in draft.evidence.shown()]


def test_it_lists_existing_evidence_with_a_remove_box_on_the_edit_page(
    contributor_client, contributor, draft
):
    evidence = draft.add_evidence(contributor, citation="Penal Code, art. 225-4-1")

    response = contributor_client.get(reverse("states:entry_edit", args=[draft.pk]))

    content = response.content.decode()
    assert "Penal Code, art. 225-4-1" in content
    assert f'name="remove" value="{evidence.pk}"' in content
    assert f'name="revision" value="{draft.revision}"' in content  # moved on by the addition


def test_it_refuses_a_stale_edit_and_keeps_the_users_input(
    client, contributor, organization, draft
):
    colleague = UserFactory(role="Contributors", organizations=[organization])
    edit_url = reverse("states:entry_edit", args=[draft.pk])
    client.force_login(contributor)
    mine = client.get(edit_url).context["form"]
    client.force_login(colleague)
    theirs = client.get(edit_url).context["form"]

    client.force_login(colleague)
    client.post(edit_url, edit_data(draft, summary="The colleague's words."))
    client.force_login(contributor)
    response = client.post(
        edit_url,
        edit_data(
            draft,
            revision=mine.initial["revision"],
            summary="My words, typed at the same time.",
            **{"evidence-0-citation": "My citation"},
        ),
    )

    assert theirs.initial["revision"] == mine.initial["revision"]
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else changed this entry while you were editing it." in content
    assert "My words, typed at the same time." in content
    assert 'value="My citation"' in content
    assert "The colleague&#x27;s words." in content  # shown as the entry now reads
    draft.refresh_from_db()
    assert draft.summary == "The colleague's words."
    assert not draft.evidence.exists()
    # The page now carries the current revision: saving again applies the user's version.
    assert f'name="revision" value="{draft.revision}"' in content
    client.post(edit_url, edit_data(draft, summary="My words, typed at the same time."))
    draft.refresh_from_db()
    assert draft.summary == "My words, typed at the same time."


def test_it_keeps_the_input_when_a_colleague_submitted_the_entry_meanwhile(
    client, contributor, organization, draft
):
    colleague = UserFactory(role="Contributors", organizations=[organization])
    client.force_login(contributor)
    shown = client.get(reverse("states:entry_edit", args=[draft.pk])).context["form"]
    draft.transition("submit", colleague)

    response = client.post(
        reverse("states:entry_edit", args=[draft.pk]),
        edit_data(draft, revision=shown.initial["revision"], summary="Typed before it left."),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else changed this entry while you were editing it." in content
    assert "it can no longer be edited here" in content
    assert "Typed before it left." in content
    assert "Save and submit for review" not in content
    draft.refresh_from_db()
    assert draft.summary == "First words."
