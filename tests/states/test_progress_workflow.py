import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from states.choices import ImplementationStatus, WorkflowState
from states.models import ProgressEntry, StaleEntryError, TransitionError
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return ProgressEntryFactory()


@pytest.fixture
def owner(entry):
    """The contributor who wrote the entry, a member of its organization."""
    return entry.created_by


@pytest.fixture
def member(entry):
    return UserFactory(role="Contributors", organizations=[entry.organization])


@pytest.fixture
def outsider():
    return UserFactory(role="Contributors", organizations=[OrganizationFactory()])


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


def test_it_walks_an_entry_from_draft_to_approval(entry, owner, reviewer):
    entry.transition("submit", owner)
    entry.transition("approve", reviewer, comment="Well sourced.")

    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.APPROVED
    assert (entry.decided_by, entry.review_comment) == (reviewer, "Well sourced.")
    assert entry.submitted_at and entry.decided_at
    assert list(ProgressEntry.objects.approved()) == [entry]


def test_it_lets_a_contributor_resubmit_an_entry_sent_back(entry, member, reviewer):
    entry.transition("submit", member)
    entry.transition("request_changes", reviewer, comment="Add the law's citation.")
    assert entry.can_edit(member)

    entry.edit(member, summary="The law was adopted; citation added.")
    entry.transition("submit", member)

    assert entry.workflow_state == WorkflowState.SUBMITTED


@pytest.mark.parametrize(
    ("actor", "action", "allowed"),
    [
        ("owner", "submit", True),
        ("member", "submit", True),
        ("outsider", "submit", False),
        ("reviewer", "submit", False),
        ("owner", "withdraw", True),
        ("outsider", "withdraw", False),
    ],
)
def test_it_lets_only_the_organizations_members_submit_or_withdraw(
    request, entry, actor, action, allowed
):
    user = request.getfixturevalue(actor)
    assert entry.can(action, user) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            entry.transition(action, user)


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_it_lets_only_reviewers_decide(entry, owner, member, outsider, reviewer, action):
    entry.transition("submit", owner)
    for user in (owner, member, outsider):
        assert not entry.can(action, user)
    assert entry.can(action, reviewer)


def test_it_stops_reviewers_approving_their_own_entries(entry, owner):
    owner.groups.add(*UserFactory(role="Reviewers").groups.all())
    owner = type(owner).objects.get(pk=owner.pk)  # drop the cached permissions
    entry.transition("submit", owner)

    with pytest.raises(PermissionDenied):
        entry.transition("approve", owner)


def test_it_refuses_steps_the_workflow_does_not_allow(entry, reviewer):
    with pytest.raises(TransitionError, match="draft cannot be approved"):
        entry.transition("approve", reviewer)
    entry.transition("withdraw", entry.created_by)
    with pytest.raises(TransitionError, match="withdrawn cannot be submitted"):
        entry.transition("submit", entry.created_by)


def test_it_lets_one_of_two_concurrent_reviewers_win_and_tells_the_other(entry, owner, reviewer):
    entry.transition("submit", owner)
    other_reviewer = UserFactory(role="Reviewers")
    first_view = ProgressEntry.objects.get(pk=entry.pk)
    second_view = ProgressEntry.objects.get(pk=entry.pk)

    first_view.transition("approve", reviewer, comment="Approved.")
    with pytest.raises(StaleEntryError, match="Someone else changed this entry"):
        second_view.transition("reject", other_reviewer, comment="Rejected.")

    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.APPROVED
    assert entry.review_comment == "Approved."


def test_it_refuses_an_edit_based_on_a_stale_copy(entry, owner, member):
    stale = ProgressEntry.objects.get(pk=entry.pk)
    entry.edit(owner, summary="First edit.")

    with pytest.raises(StaleEntryError):
        stale.edit(member, summary="Second edit, made without seeing the first.")

    entry.refresh_from_db()
    assert entry.summary == "First edit."


def test_it_records_who_changed_what_in_the_history(entry, owner, reviewer):
    entry.edit(owner, status=ImplementationStatus.IMPLEMENTED)
    entry.transition("submit", owner)
    entry.transition("approve", reviewer, comment="Fine.")

    records = list(entry.history.order_by("history_date"))
    assert [r.workflow_state for r in records] == ["draft", "draft", "submitted", "approved"]
    assert [r.history_user for r in records[1:]] == [owner, owner, reviewer]
    assert records[-1].history_change_reason == "approve: Fine."
    changed = records[1].diff_against(records[0]).changed_fields
    assert "status" in changed


def test_it_requires_exactly_one_subject(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressEntryFactory(state=None, subject_organization=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressEntryFactory(subject_organization=OrganizationFactory())


def test_it_shows_each_user_only_the_entries_they_may_see(
    entry, owner, outsider, reviewer, django_user_model
):
    from django.contrib.auth.models import AnonymousUser

    submitted = ProgressEntryFactory(organization=entry.organization)
    submitted.transition("submit", submitted.created_by)
    approved = ProgressEntryFactory()
    approved.transition("submit", approved.created_by)
    approved.transition("approve", reviewer)

    def visible(user):
        return set(ProgressEntry.objects.restrict(user))

    assert visible(AnonymousUser()) == {approved}
    assert visible(outsider) == {approved}
    assert visible(owner) == {entry, submitted, approved}
    assert visible(reviewer) == {submitted, approved}
