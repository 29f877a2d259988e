"""Downloading evidence files: always an attachment, typed by content, to allowed users only."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.http import content_disposition_header
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories.states import ProgressEntryFactory, UserFactory
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


# --- API clients, with their token --------------------------------------------------------


def with_token(user=None, token=None):
    """An API client sending `user`'s new token (or the `token` given), with no session."""
    api = APIClient()
    token = token or AuthToken.objects.create(user=user)[1]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def test_it_sends_the_file_to_a_token_whose_user_may_see_it(entry, author):
    evidence = entry.add_evidence(author, file=pdf_upload("Official Gazette 2026-12.pdf"))
    url = reverse("states:evidence_file", args=[evidence.pk])
    assert APIClient().get(url).status_code == 404  # a draft: hidden from anonymous clients

    response = with_token(author).get(url)

    assert response.status_code == 200
    assert body(response) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == content_disposition_header(
        True, "Official Gazette 2026-12.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "Authorization" in response["Vary"]


def test_it_answers_404_to_a_token_whose_user_may_not_see_the_file(entry, author):
    evidence = entry.add_evidence(author, file=pdf_upload())
    stranger = UserFactory(role="Contributors")

    response = with_token(stranger).get(reverse("states:evidence_file", args=[evidence.pk]))

    assert response.status_code == 404
    assert MINIMAL_PDF not in response.content


def test_it_answers_the_token_not_the_session_when_both_are_sent(client, entry, author):
    evidence = entry.add_evidence(author, file=pdf_upload())
    url = reverse("states:evidence_file", args=[evidence.pk])
    api = with_token(UserFactory(role="Contributors"))
    api.force_login(author)  # the author's session cookie travels with the stranger's token

    assert api.get(url).status_code == 404


@pytest.mark.parametrize(
    "header",
    [
        "Token 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "Token",
        "Token two parts",
        "Token \u00e9t\u00e9",
    ],
)
def test_it_refuses_a_wrong_token_with_401_and_never_the_file(entry, author, header):
    evidence = entry.add_evidence(author, file=pdf_upload())
    approve(entry)  # public now: even so, a wrong token is not taken for anonymous
    url = reverse("states:evidence_file", args=[evidence.pk])
    api = APIClient()
    assert api.get(url).status_code == 200
    api.credentials(HTTP_AUTHORIZATION=header)

    response = api.get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "authentication_failed"


def test_it_refuses_a_revoked_token(entry, author):
    evidence = entry.add_evidence(author, file=pdf_upload())
    instance, token = AuthToken.objects.create(user=author)
    instance.delete()

    response = with_token(token=token).get(reverse("states:evidence_file", args=[evidence.pk]))

    assert response.status_code == 401
