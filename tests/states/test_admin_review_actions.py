import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from states.choices import WorkflowState
from states.models import ProgressEntry
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:states_progressentry_changelist")
REVIEW_ACTIONS = ["approve_selected", "request_changes_on_selected", "reject_selected"]


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers", is_staff=True)


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def submitted_entry(**kwargs):
    entry = ProgressEntryFactory(**kwargs)
    entry.transition("submit", entry.created_by)
    return entry


def choose(client, action, entries):
    """Pick an action for `entries` on the change list, as the action bar does."""
    return client.post(
        CHANGELIST,
        {"action": action, "index": 0, "_selected_action": [entry.pk for entry in entries]},
    )


def confirm(client, action, entries, comment="", shown=None):
    """
    Send the confirmation page's form, with the revisions the page showed: `shown`
    ({entry: revision}), by default each entry's revision now, as a page shown just now has.
    """
    if shown is None:
        shown = {entry: ProgressEntry.objects.get(pk=entry.pk).revision for entry in entries}
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [entry.pk for entry in entries],
            **{f"revision-{entry.pk}": revision for entry, revision in shown.items()},
            "comment": comment,
            "apply": "Confirm",
        },
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def states_of(entries):
    for entry in entries:
        entry.refresh_from_db()
    return [entry.workflow_state for entry in entries]


def test_it_asks_for_confirmation_before_approving(reviewer_client):
    entries = [submitted_entry(), submitted_entry()]

    response = choose(reviewer_client, "approve_selected", entries)

    content = response.content.decode()
    assert response.status_code == 200
    assert "admin/states/progressentry/review_confirmation.html" in [
        template.name for template in response.templates
    ]
    assert all(f"#{entry.pk}</a>" in content for entry in entries)
    assert content.count("Will be approved") == 2
    assert 'name="comment"' in content
    assert states_of(entries) == [WorkflowState.SUBMITTED] * 2


def test_it_approves_several_submitted_entries_at_once(reviewer_client, reviewer):
    entries = [submitted_entry(), submitted_entry(), submitted_entry()]

    response = confirm(reviewer_client, "approve_selected", entries)

    assert response.redirect_chain[-1][0].endswith(CHANGELIST)
    assert messages_of(response) == ["Approved 3 entries."]
    assert states_of(entries) == [WorkflowState.APPROVED] * 3
    assert {(entry.decided_by, entry.review_comment) for entry in entries} == {(reviewer, "")}


def test_it_skips_and_reports_the_reviewers_own_entries(client):
    reviewer = UserFactory(role="Reviewers", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Contributors"))
    own = submitted_entry(created_by=reviewer)
    other = submitted_entry()
    client.force_login(reviewer)

    page = choose(client, "approve_selected", [own, other])
    response = confirm(client, "approve_selected", [own, other], comment="Checked the gazette.")

    reason = "own entry: reviewers cannot approve their own entries"
    assert f"Skipped: {reason}" in page.content.decode()
    assert messages_of(response) == ["Approved 1 entry.", f"Skipped #{own.pk} ({own}): {reason}."]
    assert states_of([own, other]) == [WorkflowState.SUBMITTED, WorkflowState.APPROVED]
    assert own.decided_by is None


def test_it_skips_entries_that_are_not_awaiting_review(reviewer_client, reviewer):
    draft = ProgressEntryFactory()
    approved = submitted_entry()
    approved.transition("approve", UserFactory(role="Reviewers"))
    withdrawn = submitted_entry()
    withdrawn.transition("withdraw", withdrawn.created_by)
    pending = submitted_entry()

    response = confirm(
        reviewer_client,
        "reject_selected",
        [draft, approved, withdrawn, pending],
        comment="The source does not support the claim.",
    )

    # A draft is private to its organization: the admin does not even list it to reviewers.
    assert messages_of(response) == [
        "Rejected 1 entry.",
        f"Skipped #{approved.pk} ({approved}): already approved.",
        f"Skipped #{withdrawn.pk} ({withdrawn}): withdrawn by its contributors.",
    ]
    assert states_of([draft, approved, withdrawn, pending]) == [
        WorkflowState.DRAFT,
        WorkflowState.APPROVED,
        WorkflowState.WITHDRAWN,
        WorkflowState.REJECTED,
    ]
    assert pending.review_comment == "The source does not support the claim."


def test_it_skips_an_entry_changed_after_the_confirmation_page_showed_it(reviewer_client, reviewer):
    corrected, unchanged = submitted_entry(), submitted_entry()
    page = choose(reviewer_client, "approve_selected", [corrected, unchanged])
    shown = {corrected: corrected.revision, unchanged: unchanged.revision}
    coordinator = UserFactory(role="Administrators", is_staff=True)
    corrected.summary = "Corrected after the reviewer looked."
    corrected.correct(coordinator, corrected.revision)

    response = confirm(reviewer_client, "approve_selected", [corrected, unchanged], shown=shown)

    content = page.content.decode()
    assert f'name="revision-{corrected.pk}" value="{shown[corrected]}"' in content
    assert messages_of(response) == [
        "Approved 1 entry.",
        f"Skipped #{corrected.pk} ({corrected}): someone else changed it meanwhile; "
        "reload and try again.",
    ]
    assert states_of([corrected, unchanged]) == [WorkflowState.SUBMITTED, WorkflowState.APPROVED]


def test_it_decides_nothing_the_confirmation_page_did_not_show(reviewer_client):
    shown, unshown = submitted_entry(), submitted_entry()

    response = confirm(
        reviewer_client, "approve_selected", [shown, unshown], shown={shown: shown.revision}
    )

    assert messages_of(response) == [
        "Approved 1 entry.",
        f"Skipped #{unshown.pk} ({unshown}): not shown on the confirmation page; choose it again.",
    ]
    assert states_of([shown, unshown]) == [WorkflowState.APPROVED, WorkflowState.SUBMITTED]


def test_it_says_so_when_no_entry_could_be_decided(reviewer_client):
    draft = ProgressEntryFactory()

    response = confirm(reviewer_client, "approve_selected", [draft])

    assert messages_of(response)[0] == "No entries were approved."
    assert states_of([draft]) == [WorkflowState.DRAFT]


@pytest.mark.parametrize(
    ("action", "error"),
    [
        ("request_changes_on_selected", "Say what the contributors should change."),
        ("reject_selected", "Say why the entries are rejected."),
    ],
)
def test_it_requires_a_comment_to_reject_or_request_changes(reviewer_client, action, error):
    entries = [submitted_entry(), submitted_entry()]

    response = confirm(reviewer_client, action, entries, comment="   ")

    assert response.status_code == 200
    assert not response.redirect_chain
    assert error in response.content.decode()
    assert all(f'value="{entry.pk}"' in response.content.decode() for entry in entries)
    assert states_of(entries) == [WorkflowState.SUBMITTED] * 2


def test_it_sends_entries_back_with_the_reviewers_comment(reviewer_client, reviewer):
    entries = [submitted_entry(), submitted_entry()]

    response = confirm(
        reviewer_client, "request_changes_on_selected", entries, comment="Cite the law's number."
    )

    assert messages_of(response) == ["Sent back for changes 2 entries."]
    assert states_of(entries) == [WorkflowState.CHANGES_REQUESTED] * 2
    assert {entry.review_comment for entry in entries} == {"Cite the law's number."}
    assert all(entry.can_edit(entry.created_by) for entry in entries)


def test_it_records_the_reviewer_in_each_entrys_history(reviewer_client, reviewer):
    entries = [submitted_entry(), submitted_entry()]

    confirm(reviewer_client, "approve_selected", entries, comment="Matches the gazette.")

    for entry in entries:
        latest, before = entry.history.order_by("-history_date", "-history_id")[:2]
        assert (latest.workflow_state, before.workflow_state) == ("approved", "submitted")
        assert latest.history_user == reviewer
        assert latest.history_change_reason == "approve: Matches the gazette."
        assert before.history_user == entry.created_by


def test_it_offers_the_review_actions_only_to_reviewers(client, reviewer):
    entry = submitted_entry()
    contributor = UserFactory(
        role="Contributors", is_staff=True, organizations=[entry.organization]
    )
    client.force_login(contributor)
    as_contributor = client.get(CHANGELIST)
    client.force_login(reviewer)
    as_reviewer = client.get(CHANGELIST)

    def choices(response):
        form = response.context["action_form"]  # None when the user has no action at all
        return [name for name, _ in form.fields["action"].choices] if form else []

    assert entry in as_contributor.context["cl"].result_list
    assert not set(REVIEW_ACTIONS) & set(choices(as_contributor))
    assert set(REVIEW_ACTIONS) <= set(choices(as_reviewer))
    assert "Request changes on selected entries" in as_reviewer.content.decode()


def test_it_ignores_a_forged_review_request_from_a_non_reviewer(client):
    contributor = UserFactory(role="Contributors", is_staff=True)
    entry = submitted_entry()
    client.force_login(contributor)

    chosen = choose(client, "approve_selected", [entry])
    response = confirm(client, "approve_selected", [entry], comment="Looks right to me.")

    for answer in (chosen, response):
        templates = [template.name for template in answer.templates]
        assert "admin/change_list.html" in templates
        assert "admin/states/progressentry/review_confirmation.html" not in templates
    assert states_of([entry]) == [WorkflowState.SUBMITTED]
    assert entry.history.filter(history_user=contributor).count() == 0


def test_it_keeps_other_organizations_drafts_out_of_the_reviewers_admin(reviewer_client):
    draft = ProgressEntryFactory(summary="Unpublished draft finding.")
    pending = submitted_entry()

    page = reviewer_client.get(reverse("admin:states_progressentry_changelist")).content.decode()

    assert f"/admin/states/progressentry/{pending.pk}/change/" in page
    assert f"/admin/states/progressentry/{draft.pk}/change/" not in page
    response = reviewer_client.get(reverse("admin:states_progressentry_change", args=[draft.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect, nothing shown
