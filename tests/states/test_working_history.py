"""
An approved entry's working history (its drafts, evidence removed before approval, reviewers'
comments) is its organization's and the reviewers': on the entry page, in its history and in
the admin. Everyone else reads the versions that were approved, with the evidence they were
approved with.
"""

import pytest
from django.urls import reverse

from states.history import entry_history
from states.models import Evidence
from tests.confidential import force_login, page_text
from tests.factories.states import OrganizationFactory, UserFactory
from tests.permissions import Cast
from tests.working_history import (
    APPROVAL_COMMENT,
    APPROVED_SUMMARY,
    DRAFT_SUMMARY,
    KEPT_CITATION,
    REMOVED_CITATION,
    REQUEST_COMMENT,
    WORKING,
    WORKING_READERS,
    approved_after_changes,
    check_working_history,
)

pytestmark = pytest.mark.django_db

HISTORY_HEADING = '<h2 id="history-heading">History</h2>'


@pytest.fixture
def cast():
    return Cast()


@pytest.fixture
def entry(cast):
    return approved_after_changes(cast)


def history_section(text):
    """The page from its history's heading on (the history is the page's last section)."""
    assert HISTORY_HEADING in text
    return text[text.index(HISTORY_HEADING) :]


def test_it_shows_the_working_history_on_the_entry_page_to_the_organization_and_reviewers(
    client, cast, entry
):
    check_working_history(
        client, cast, lambda client: page_text(client.get(entry.get_absolute_url()))
    )


def test_it_shows_other_organizations_the_approved_version_with_its_evidence(client, cast, entry):
    force_login(client, cast["outsider"])

    response = client.get(entry.get_absolute_url())

    (approved,) = response.context["history"]
    assert (approved.title, approved.user, approved.reason) == ("Approved", cast["reviewer"], "")
    values = {change.label: (change.old, change.new) for change in approved.changes}
    assert values["Summary"] == (None, APPROVED_SUMMARY)
    assert "Review comment" not in values and "Workflow" not in values
    assert [record.citation for record in approved.approved_evidence] == [KEPT_CITATION]
    history = history_section(page_text(response))
    assert APPROVED_SUMMARY in history and KEPT_CITATION in history
    assert not [part for part in WORKING if part in history]


def test_it_keeps_the_whole_history_for_the_organization_and_reviewers(client, cast, entry):
    for actor in ("member", "reviewer", "administrator"):
        force_login(client, cast[actor])

        history = client.get(entry.get_absolute_url()).context["history"]

        assert [item.title for item in history] == [
            "Approved",
            "Submitted for review",
            "Changed",
            "Evidence removed",
            "Changes requested",
            "Submitted for review",
            "Evidence added",
            "Evidence added",
            "Created",
        ], actor
        assert history[4].reason == f"request_changes: {REQUEST_COMMENT}", actor
        summary = {c.label: (c.old, c.new) for c in history[2].changes}["Summary"]
        assert summary == (DRAFT_SUMMARY, APPROVED_SUMMARY), actor


def test_it_gives_the_public_the_approved_history_and_no_history_section(client, cast, entry):
    outsider_history = entry_history(entry, cast["outsider"])

    page = page_text(client.get(entry.get_absolute_url()))

    assert HISTORY_HEADING not in page
    assert APPROVED_SUMMARY in page and KEPT_CITATION in page
    assert not [part for part in WORKING if part in page]
    public = entry_history(entry)
    assert [(item.title, item.changes, item.approved_evidence) for item in public] == [
        (item.title, item.changes, item.approved_evidence) for item in outsider_history
    ]


def test_it_keeps_a_correction_made_after_approval_and_leaves_the_review_fields_out(cast, entry):
    """An administrator may correct an approved entry: a new approved version, its change."""
    entry.summary = "A shelter for trafficked children opened in Mombasa in April."
    entry.review_comment = "Corrected the month after a call with the shelter."
    entry.save()

    corrected, approved = entry_history(entry, cast["outsider"])

    assert corrected.title == "Changed"
    assert [(c.label, c.old, c.new) for c in corrected.changes] == [
        ("Summary", APPROVED_SUMMARY, entry.summary)
    ]
    assert corrected.approved_evidence == []  # unchanged since the version before
    assert approved.title == "Approved"


def test_it_leaves_a_draft_out_of_the_history_until_it_is_approved(cast):
    entry = cast.entry()
    entry.edit(cast["member"], summary=DRAFT_SUMMARY)

    assert entry_history(entry, cast["outsider"]) == []
    assert entry_history(entry) == []
    assert len(entry_history(entry, cast["member"])) == 2


def test_it_shows_the_review_comment_to_the_organization_and_reviewers_only(client, cast, entry):
    for actor, expected in WORKING_READERS.items():
        force_login(client, cast[actor])
        response = client.get(entry.get_absolute_url())
        assert response.context["working_history"] == (expected == "shown"), actor
        assert (APPROVAL_COMMENT in page_text(response)) == (expected == "shown"), actor


def test_it_serves_a_removed_file_to_the_organization_and_reviewers_only(client, cast, entry):
    removed = Evidence.objects.get(entry=entry, removed=True)
    url = reverse("states:evidence_file", args=[removed.pk])

    for actor, expected in WORKING_READERS.items():
        force_login(client, cast[actor])
        status = client.get(url).status_code
        assert status == (200 if expected == "shown" else 404), actor


# --- the admin --------------------------------------------------------------------------------


def admin_text(client, name, *args):
    response = client.get(reverse(f"admin:states_{name}", args=args))
    return response.status_code, response.content.decode()


def test_it_keeps_the_working_history_out_of_the_admin_for_other_organizations(client, entry):
    outsider = UserFactory(
        role="Contributors", is_staff=True, organizations=[OrganizationFactory()]
    )
    removed = Evidence.objects.get(entry=entry, removed=True)
    kept = Evidence.objects.get(entry=entry, removed=False)
    draft = entry.history.earliest("history_date")
    client.force_login(outsider)

    status, change = admin_text(client, "progressentry_change", entry.pk)
    assert status == 200 and KEPT_CITATION in change and APPROVED_SUMMARY in change
    assert not [part for part in WORKING if part in change]
    assert admin_text(client, "progressentry_history", entry.pk)[0] == 403
    assert admin_text(client, "progressentry_simple_history", entry.pk, draft.pk)[0] == 403
    status, evidence_list = admin_text(client, "evidence_changelist")
    assert status == 200 and KEPT_CITATION in evidence_list
    assert REMOVED_CITATION not in evidence_list
    assert admin_text(client, "evidence_change", removed.pk)[0] == 302  # "does not exist"
    assert admin_text(client, "evidence_history", removed.pk)[0] == 404
    assert admin_text(client, "evidence_history", kept.pk)[0] == 403


@pytest.mark.parametrize("role", ["Contributors", "Reviewers"])
def test_it_keeps_the_admin_history_for_the_organization_and_reviewers(client, cast, entry, role):
    staff = UserFactory(role=role, is_staff=True)
    if role == "Contributors":
        staff.memberships.create(organization=cast.organization)
    removed = Evidence.objects.get(entry=entry, removed=True)
    draft = entry.history.earliest("history_date")
    client.force_login(staff)

    status, history = admin_text(client, "progressentry_history", entry.pk)
    assert status == 200 and REQUEST_COMMENT in history and DRAFT_SUMMARY in history
    status, version = admin_text(client, "progressentry_simple_history", entry.pk, draft.pk)
    assert status == 200 and DRAFT_SUMMARY in version
    status, change = admin_text(client, "progressentry_change", entry.pk)
    assert APPROVAL_COMMENT in change and REMOVED_CITATION in change
    assert admin_text(client, "evidence_history", removed.pk)[0] == 200
