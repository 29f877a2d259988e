"""
Search and confidential evidence, on whichever database the suite runs: a confidential item
finds its entry, and shows as a snippet with its badge, only for reviewers and members of the
reporting organization. For everyone else a word only it holds finds nothing at all.
"""

import pytest

from states.choices import WorkflowState
from tests.confidential import (
    READERS,
    SHOWN,
    check_disclosure,
    entry_with_secret,
    force_login,
    page_text,
)
from tests.permissions import Cast

from .conftest import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def test_it_finds_an_entry_by_confidential_evidence_for_readers_only(client, cast):
    # "Mombasa" and "referrals" are only in the confidential item.
    entry = entry_with_secret(cast, summary="The national referral mechanism started.")

    for actor, expected in READERS.items():
        force_login(client, cast[actor])
        response = search(client, "Mombasa", kind="evidence")
        found = {row.pk for row in response.context["results"]}
        counts = {tab["kind"]: tab["count"] for tab in response.context["tabs"]}
        if expected == SHOWN:
            assert found == {entry.pk}, actor
            assert counts["evidence"] == 1, actor
            (row,) = response.context["results"]
            assert [item.confidential for item in row.matching_evidence] == [True], actor
        else:
            assert found == set(), actor
            assert counts["evidence"] == 0, actor
            assert "shelter manager" not in page_text(response), actor


def test_it_shows_only_readable_evidence_under_an_entry_found_by_its_summary(client, cast):
    # Everyone finds the entry by its summary; the confidential citation matches too.
    entry_with_secret(cast, summary="Shelters in Mombasa now receive referred victims.")

    check_disclosure(
        client,
        cast,
        READERS,
        lambda client: page_text(search(client, "Mombasa", kind="evidence")),
        secrets=("Interview with a shelter manager", "the manager asked not to be named"),
        public="Shelters in",
    )


def test_it_keeps_a_draft_with_confidential_evidence_to_its_organization(client, cast):
    entry = entry_with_secret(cast, WorkflowState.DRAFT)

    for actor in ("member", "reviewer_author", "reviewer", "outsider", "anonymous"):
        force_login(client, cast[actor])
        found = {row.pk for row in search(client, "Mombasa", kind="evidence").context["results"]}
        assert found == ({entry.pk} if actor in ("member", "reviewer_author") else set()), actor


def test_it_still_shows_the_public_source_to_everyone(client, cast):
    entry_with_secret(cast)

    for actor in READERS:
        force_login(client, cast[actor])
        page = page_text(search(client, "Kenya", kind="evidence"))
        assert "Gazette Supplement" in page, actor  # PostgreSQL's snippet may end there
