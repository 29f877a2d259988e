"""Downloading evidence files: always an attachment, typed by content, to allowed users only."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.http import content_disposition_header

from states.factories import ProgressEntryFactory, UserFactory
from tests.files import MINIMAL_PDF, pdf_upload, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return ProgressEntryFactory()


@pytest.fixture
def author(entry):
    return entry.created_by


def approve(entry):
    entry.transition("submit", entry.created_by)
    entry.transition("approve", UserFactory(role="Reviewers"))


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Journal officiel n° 150.pdf", MINIMAL_PDF, "application/pdf"),
        ("notice.png", png_bytes(), "image/png"),
    ],
)
def test_it_sends_the_file_as_an_attachment_with_its_name_and_checked_type(
    client, entry, author, name, content, content_type
):
    evidence = entry.add_evidence(author, file=upload(name, content, "text/html"))
    client.force_login(author)

    response = client.get(reverse("states:evidence_file", args=[evidence.pk]))

    assert response.status_code == 200
    assert body(response) == content
    assert response["Content-Type"] == content_type  # not what the sender claimed
    assert response["Content-Disposition"] == content_disposition_header(True, name)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_it_keeps_the_uploaded_name_for_the_download_but_not_on_disk(client, entry, author):
    evidence = entry.add_evidence(author, file=pdf_upload("<script>.pdf"))
    client.force_login(author)

    response = client.get(reverse("states:evidence_file", args=[evidence.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="<script>.pdf"'
    assert "script" not in Path(evidence.file.name).name


def test_it_links_files_from_the_entry_page_to_the_download(client, entry, author):
    evidence = entry.add_evidence(author, file=pdf_upload("gazette.pdf"))
    approve(entry)

    response = client.get(entry.get_absolute_url())

    url = reverse("states:evidence_file", args=[evidence.pk])
    assert f'href="{url}"' in response.content.decode()
    assert evidence.file.url not in response.content.decode()  # never the media path


def test_it_answers_404_when_the_stored_file_is_gone(client, entry, author):
    evidence = entry.add_evidence(author, file=pdf_upload())
    Path(evidence.file.path).unlink()
    client.force_login(author)

    response = client.get(reverse("states:evidence_file", args=[evidence.pk]))

    assert response.status_code == 404


def test_it_answers_404_for_evidence_without_a_file(client, entry, author):
    evidence = entry.add_evidence(author, url="https://example.org/law")
    client.force_login(author)

    assert client.get(reverse("states:evidence_file", args=[evidence.pk])).status_code == 404


def test_it_hides_removed_evidence_from_the_entry_page_but_keeps_it_in_the_history(
    client, entry, author
):
    kept = entry.add_evidence(author, citation="Kept: the law's citation")
    removed = entry.add_evidence(author, file=pdf_upload("wrong-country.pdf"))
    entry.remove_evidence(author, removed)
    client.force_login(author)

    response = client.get(entry.get_absolute_url())

    assert [item.pk for item in response.context["evidence_items"]] == [kept.pk]
    titles = [item.title for item in response.context["history"]]
    assert titles.count("Evidence removed") == 1
    assert "wrong-country.pdf" in response.content.decode()  # named in the history
