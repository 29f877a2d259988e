"""
Confidential evidence through the API: in entries (detail and list) for reviewers and the
reporting organization's members only, flagged `confidential`; set on creation under the
rules of the pages; never in the exports or the resolution document, whoever downloads them.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from states.choices import WorkflowState
from states.models import Evidence
from tests.api.matrix import (
    CREATED,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    UNAUTHORIZED,
    ApiOutcome,
    check_api_matrix,
    row,
    sign_in,
)
from tests.confidential import (
    NOBODY,
    PUBLIC_CITATION,
    READERS,
    SECRET_CITATION,
    SECRETS,
    SHOWN,
    check_disclosure,
    entry_with_secret,
    page_text,
)
from tests.permissions import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def body(response):
    return json.loads(response.content)


def evidence_check(expected):
    """An `after` for check_api_matrix: the entry's evidence as `expected` says for the actor."""

    def after(entry, actor, response):
        data = body(response)
        (found,) = [item for item in data.get("results", [data]) if item["id"] == entry.pk]
        items = {item["citation"]: item["confidential"] for item in found["evidence"]}
        if expected[actor] == SHOWN:
            assert items == {PUBLIC_CITATION: False, SECRET_CITATION: True}
        else:
            assert items == {PUBLIC_CITATION: False}
            leaked = [secret for secret in SECRETS if secret.encode() in response.content]
            assert not leaked, f"leaks {leaked}"

    return after


def test_it_gives_confidential_evidence_in_an_entry_to_readers_only(api, cast):
    check_api_matrix(
        api,
        cast,
        row(*[OK] * 7),
        make=lambda: entry_with_secret(cast),
        send=lambda api, entry: api.get(f"/api/v1/entries/{entry.pk}/"),
        after=evidence_check(READERS),
    )


def test_it_lists_entries_with_confidential_evidence_for_readers_only(api, cast):
    check_api_matrix(
        api,
        cast,
        row(*[OK] * 7),
        make=lambda: entry_with_secret(cast),
        send=lambda api, entry: api.get("/api/v1/entries/", {"ordering": "-id"}),
        after=evidence_check(READERS),
    )


def test_it_links_a_confidential_file_that_only_readers_can_download(api, cast, client):
    entry = entry_with_secret(cast)
    sign_in(api, cast["member"])
    (secret,) = [
        item for item in body(api.get(f"/api/v1/entries/{entry.pk}/"))["evidence"] if item["file"]
    ]

    path = reverse("states:evidence_file", args=[secret["id"]])
    assert secret["file"].endswith(path)
    client.force_login(cast["member"])
    assert client.get(path).status_code == 200
    client.force_login(cast["outsider"])
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("workflow_state", "expected"),
    [
        (WorkflowState.APPROVED, row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (WorkflowState.SUBMITTED, row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (
            WorkflowState.DRAFT,
            row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
        ),
    ],
)
def test_it_serves_a_confidential_file_to_a_readers_token_and_404_to_everyone_elses(
    api, cast, workflow_state, expected
):
    """The API links files to the site's download, which takes the same token."""
    entry = entry_with_secret(cast, workflow_state)
    secret = entry.evidence.get(confidential=True)
    path = reverse("states:evidence_file", args=[secret.pk])

    got = {}
    for actor in expected:
        sign_in(api, cast[actor])  # a token only (None: anonymous), no session
        response = api.get(path)
        got[actor] = ApiOutcome(response.status_code)
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == secret.file.open("rb").read()

    assert got == expected


@pytest.mark.parametrize(
    ("workflow_state", "expected"),
    [
        (
            WorkflowState.DRAFT,
            row(UNAUTHORIZED, NOT_FOUND, CREATED, NOT_FOUND, NOT_FOUND, CREATED, NOT_FOUND),
        ),
        (
            WorkflowState.SUBMITTED,
            row(UNAUTHORIZED, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        ),
    ],
)
def test_it_takes_confidential_on_creation_from_those_who_may_add_evidence(
    api, cast, workflow_state, expected
):
    def after(entry, actor, response):
        assert body(response)["confidential"] is True
        item = Evidence.objects.get(pk=body(response)["id"])
        assert (item.confidential, item.added_by) == (True, cast[actor])
        assert item.history.latest().confidential

    check_api_matrix(
        api,
        cast,
        expected,
        make=lambda: entry_with_secret(cast, workflow_state),
        send=lambda api, entry: api.post(
            f"/api/v1/entries/{entry.pk}/evidence/",
            {"revision": entry.revision, "citation": "Source in confidence", "confidential": True},
            format="json",
        ),
        after=after,
        writes=True,
    )


def test_it_adds_public_evidence_unless_told_and_refuses_a_non_boolean(api, cast):
    entry = cast.entry()
    sign_in(api, cast["member"])
    url = f"/api/v1/entries/{entry.pk}/evidence/"

    plain = api.post(url, {"revision": entry.revision, "citation": "Gazette"}, format="json")
    entry.refresh_from_db()
    bad = api.post(
        url, {"revision": entry.revision, "citation": "x", "confidential": "perhaps"}, format="json"
    )

    assert plain.status_code == 201
    assert body(plain)["confidential"] is False
    assert bad.status_code == 400
    assert "confidential" in body(bad)["errors"]


def test_it_documents_confidential_and_the_no_victim_details_rule_in_the_schema(api):
    schema = api.get("/api/schema/", {"format": "json"})
    components = body(schema)["components"]["schemas"]

    evidence_write = components["EvidenceWriteRequest"]["properties"]
    assert evidence_write["confidential"]["type"] == "boolean"
    assert "personal details of victims" in evidence_write["description"]["description"]
    entry_write = components["ProgressEntryWriteRequest"]["properties"]
    assert "personal details of victims" in entry_write["summary"]["description"]
    assert "confidential" in components["Evidence"]["properties"]


# --- exports: documents, for nobody ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/exports/entries.csv", "/api/v1/exports/entries.jsonl"])
def test_it_never_exports_confidential_evidence(api, cast, path):
    entry_with_secret(cast)

    check_disclosure(
        api, cast, NOBODY, lambda api: page_text(api.get(path)), badge=False, sign_in=sign_in
    )


def test_it_does_not_count_confidential_evidence_in_an_export(api, cast):
    entry = entry_with_secret(cast)
    sign_in(api, cast["reviewer"])

    response = api.get("/api/v1/exports/entries.csv")
    (line,) = csv.DictReader(io.StringIO(page_text(response)))
    record = json.loads(page_text(api.get("/api/v1/exports/entries.jsonl")))

    assert (line["id"], line["evidence_count"]) == (str(entry.pk), "1")
    assert [item["citation"] for item in record["evidence"]] == [PUBLIC_CITATION]


def test_it_keeps_evidence_out_of_the_resolution_document(api, cast):
    entry = entry_with_secret(cast)
    path = reverse("api:resolution-document", args=[entry.commitment.resolution_id])

    check_disclosure(
        api,
        cast,
        NOBODY,
        lambda api: page_text(api.get(path)),
        public=None,
        badge=False,
        sign_in=sign_in,
    )


def test_it_lists_entries_with_confidential_evidence_in_constant_queries(
    api, cast, django_assert_max_num_queries
):
    """The readable evidence is one prefetch, however many entries and items."""
    sign_in(api, cast["outsider"])

    def measure():
        with django_assert_max_num_queries(50) as captured:
            assert api.get("/api/v1/entries/").status_code == 200
        return len(captured.captured_queries)

    entry_with_secret(cast)
    small = measure()
    for _ in range(4):
        entry_with_secret(cast)
    assert measure() == small
