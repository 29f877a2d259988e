"""Evidence items: sources of three kinds, files checked by content, nothing ever deleted."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from states.choices import WorkflowState
from states.models import Evidence
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from tests.files import (
    HTML_PAGE,
    WINDOWS_EXECUTABLE,
    docx_bytes,
    elf_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def entry():
    return ProgressEntryFactory()


@pytest.fixture
def owner(entry):
    return entry.created_by


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("report.pdf", pdf_bytes(), "application/pdf", "pdf"),
        ("photo of the decree.png", png_bytes(), "image/png", "png"),
        (
            "circular.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        ("notes", "Témoignage recueilli le 3 mai.\n".encode(), "text/plain", "txt"),
    ],
)
def test_it_keeps_a_file_by_its_content_under_a_generated_name(
    entry, owner, media_root, name, content, content_type, extension
):
    evidence = entry.add_evidence(owner, file=upload(name, content, "application/octet-stream"))

    evidence.refresh_from_db()
    assert evidence.content_type == content_type
    assert evidence.original_name == name
    assert evidence.size == len(content)
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(media_root)
    assert stored.suffix == f".{extension}"
    assert name.split(".")[0] not in stored.name
    assert stored.read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", WINDOWS_EXECUTABLE),
        ("report.pdf", elf_bytes()),
        ("report.pdf", HTML_PAGE),
        ("image.png", b"<svg></svg>"),
    ],
)
def test_it_refuses_a_file_whose_content_is_not_an_allowed_kind(
    entry, owner, media_root, name, content
):
    with pytest.raises(ValidationError, match="not a kind of file that can be attached"):
        entry.add_evidence(owner, file=upload(name, content))

    assert not Evidence.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_it_refuses_an_oversized_or_empty_file(entry, owner, settings):
    settings.EVIDENCE_UPLOAD_MAX_BYTES = 100

    with pytest.raises(ValidationError, match="files of up to 100"):
        entry.add_evidence(owner, file=upload("big.pdf", pdf_bytes()))
    with pytest.raises(ValidationError, match="empty"):
        entry.add_evidence(owner, file=upload("empty.pdf", b""))
    assert not Evidence.objects.exists()


def test_it_needs_a_url_a_citation_or_a_file(entry, owner):
    with pytest.raises(ValidationError, match="source URL, a citation or a file"):
        entry.add_evidence(owner, description="Trust me")

    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(entry=entry, added_by=owner, description="no source")


def test_it_adds_evidence_only_to_entries_the_user_can_edit(entry, owner):
    outsider = UserFactory(role="Contributors", organizations=[OrganizationFactory()])
    with pytest.raises(PermissionDenied):
        entry.add_evidence(outsider, url="https://example.org/law")

    entry.transition("submit", owner)
    with pytest.raises(PermissionDenied):
        entry.add_evidence(owner, url="https://example.org/law")
    assert not Evidence.objects.exists()


def test_it_moves_the_entry_revision_so_a_stale_decision_is_caught(entry, owner):
    seen_revision = entry.revision
    entry.add_evidence(owner, citation="Penal Code, art. 301")

    entry.refresh_from_db()
    assert entry.revision == seen_revision + 1


def test_it_removes_evidence_softly_and_keeps_its_history(entry, owner):
    evidence = entry.add_evidence(owner, url="https://example.org/gazette/2024-17")

    entry.remove_evidence(owner, evidence)

    assert list(Evidence.objects.shown()) == []
    assert Evidence.objects.get().removed
    changes = list(evidence.history.order_by("history_date"))
    assert [(c.history_change_reason, c.history_user) for c in changes] == [
        ("add", owner),
        ("remove", owner),
    ]


def test_it_shows_evidence_only_with_the_entries_a_user_may_see(entry, owner):
    entry.add_evidence(owner, citation="A/HRC/35/37, para. 12")
    outsider = UserFactory(role="Contributors", organizations=[OrganizationFactory()])

    assert Evidence.objects.restrict(owner).count() == 1
    assert Evidence.objects.restrict(outsider).count() == 0

    entry.transition("submit", owner)
    entry.transition("approve", UserFactory(role="Reviewers"))
    assert entry.workflow_state == WorkflowState.APPROVED
    assert Evidence.objects.restrict(outsider).count() == 1
