"""
Who may do what on the progress pages, for every kind of user: what they may not see is a
404 (never a 403, which would tell them it exists), what they see but may not change is a
403, anonymous users are sent to log in, and a refusal changes nothing.
"""

import pytest
from django.urls import reverse

from states.choices import WorkflowState
from states.models import Evidence, ProgressEntry, State
from tests.files import pdf_upload
from tests.permissions import (
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REFUSED,
    Cast,
    check_matrix,
    row,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def get(url_name):
    return lambda client, entry: client.get(reverse(url_name, args=[entry.pk]))


def transition(action, comment="Checked against the gazette."):
    def send(client, entry):
        return client.post(
            reverse("states:entry_transition", args=[entry.pk, action]),
            {"revision": entry.revision, "comment": comment},
        )

    return send


def now_in(workflow_state):
    def after(entry, actor):
        entry.refresh_from_db()
        assert entry.workflow_state == workflow_state, f"entry is {entry.workflow_state}"

    return after


def entry_form_data(entry, **changes):
    data = {
        "commitment": entry.commitment_id,
        "state": entry.state_id,
        "subject_organization": "",
        "organization": entry.organization_id,
        "status": entry.status,
        "fact_date": entry.fact_date.isoformat(),
        "summary": entry.summary,
        "confidence": entry.confidence,
        "revision": entry.revision,
        "evidence-TOTAL_FORMS": 3,
        "evidence-INITIAL_FORMS": 0,
    }
    return {**data, **changes}


def test_it_shows_the_dashboard_to_signed_in_users_only(client, cast):
    check_matrix(
        client,
        cast,
        row(LOGIN, OK, OK, OK, OK, OK, OK),
        send=lambda client, _: client.get(reverse("states:dashboard")),
    )


def test_it_offers_the_entry_form_to_contributors_with_an_organization(client, cast):
    check_matrix(
        client,
        cast,
        row(LOGIN, FORBIDDEN, OK, OK, FORBIDDEN, OK, FORBIDDEN),
        send=lambda client, _: client.get(reverse("states:entry_create")),
    )


def test_it_lets_only_members_record_progress_for_their_organization(client, cast):
    commitment = cast.entry().commitment

    def send(client, _):
        return client.post(
            reverse("states:entry_create"),
            {
                "commitment": commitment.pk,
                "state": State.objects.get(iso3="FRA").pk,
                "organization": cast.organization.pk,
                "status": "in_progress",
                "fact_date": "2025-03-01",
                "summary": "The law was passed.",
                "confidence": "high",
                "evidence-TOTAL_FORMS": 3,
                "evidence-INITIAL_FORMS": 0,
            },
        )

    def after(_, actor):
        created = ProgressEntry.objects.filter(summary="The law was passed.").latest("pk")
        assert created.created_by == cast[actor]
        assert created.organization == cast.organization

    # The outsider's form comes back: the organization is not one of theirs.
    check_matrix(
        client,
        cast,
        row(LOGIN, FORBIDDEN, DONE, OK, FORBIDDEN, DONE, FORBIDDEN),
        send=send,
        after=after,
    )


@pytest.mark.parametrize(
    ("workflow_state", "expected"),
    [
        (WorkflowState.DRAFT, row(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND)),
        (WorkflowState.SUBMITTED, row(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (WorkflowState.CHANGES_REQUESTED, row(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (WorkflowState.REJECTED, row(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (WorkflowState.WITHDRAWN, row(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (WorkflowState.APPROVED, row(OK, OK, OK, OK, OK, OK, OK)),
    ],
)
def test_it_shows_an_entry_page_to_those_who_may_see_the_entry(
    client, cast, workflow_state, expected
):
    check_matrix(
        client,
        cast,
        expected,
        make=lambda: cast.entry(workflow_state),
        send=get("states:entry_detail"),
    )


@pytest.mark.parametrize(
    ("workflow_state", "expected"),
    [
        (WorkflowState.DRAFT, row(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND)),
        (
            WorkflowState.CHANGES_REQUESTED,
            row(LOGIN, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        ),
        (
            WorkflowState.SUBMITTED,
            row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        ),
        (
            WorkflowState.APPROVED,
            row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        ),
    ],
)
def test_it_offers_the_edit_form_only_while_the_entry_is_editable(
    client, cast, workflow_state, expected
):
    check_matrix(
        client,
        cast,
        expected,
        make=lambda: cast.entry(workflow_state),
        send=get("states:entry_edit"),
    )


@pytest.mark.parametrize(
    ("workflow_state", "expected"),
    [
        (WorkflowState.DRAFT, row(LOGIN, NOT_FOUND, DONE, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND)),
        (
            WorkflowState.SUBMITTED,
            row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        ),
        (
            WorkflowState.APPROVED,
            row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        ),
    ],
)
def test_it_saves_an_edit_only_from_members_of_an_editable_entry(
    client, cast, workflow_state, expected
):
    def send(client, entry):
        return client.post(
            reverse("states:entry_edit", args=[entry.pk]),
            entry_form_data(entry, summary="Rewritten by whoever got through."),
        )

    def after(entry, actor):
        entry.refresh_from_db()
        assert entry.summary == "Rewritten by whoever got through."

    check_matrix(
        client,
        cast,
        expected,
        make=lambda: cast.entry(workflow_state),
        send=send,
        after=after,
    )


@pytest.mark.parametrize(
    ("action", "workflow_state", "expected", "result"),
    [
        (
            "submit",
            WorkflowState.DRAFT,
            row(LOGIN, NOT_FOUND, DONE, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND),
            WorkflowState.SUBMITTED,
        ),
        (
            "submit",
            WorkflowState.CHANGES_REQUESTED,
            row(LOGIN, NOT_FOUND, DONE, NOT_FOUND, FORBIDDEN, DONE, FORBIDDEN),
            WorkflowState.SUBMITTED,
        ),
        (
            "withdraw",
            WorkflowState.DRAFT,
            row(LOGIN, NOT_FOUND, DONE, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND),
            WorkflowState.WITHDRAWN,
        ),
        (
            "withdraw",
            WorkflowState.SUBMITTED,
            row(LOGIN, NOT_FOUND, DONE, NOT_FOUND, FORBIDDEN, DONE, FORBIDDEN),
            WorkflowState.WITHDRAWN,
        ),
        (
            "approve",
            WorkflowState.SUBMITTED,
            row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, DONE, FORBIDDEN, DONE),
            WorkflowState.APPROVED,
        ),
        (
            "request_changes",
            WorkflowState.SUBMITTED,
            row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, DONE, FORBIDDEN, DONE),
            WorkflowState.CHANGES_REQUESTED,
        ),
        (
            "reject",
            WorkflowState.SUBMITTED,
            row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, DONE, FORBIDDEN, DONE),
            WorkflowState.REJECTED,
        ),
        (
            # Visible to everyone once approved, but no step leads on from there.
            "reject",
            WorkflowState.APPROVED,
            row(LOGIN, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED),
            None,
        ),
        (
            "approve",
            WorkflowState.DRAFT,
            row(LOGIN, NOT_FOUND, REFUSED, NOT_FOUND, NOT_FOUND, REFUSED, NOT_FOUND),
            None,
        ),
    ],
)
def test_it_lets_each_user_take_only_their_workflow_steps(
    client, cast, action, workflow_state, expected, result
):
    check_matrix(
        client,
        cast,
        expected,
        make=lambda: cast.entry(workflow_state),
        send=transition(action),
        after=now_in(result),
    )


def test_it_takes_workflow_steps_by_post_only(client, cast):
    check_matrix(
        client,
        cast,
        row(LOGIN, *[NOT_ALLOWED] * 6),
        make=lambda: cast.entry(WorkflowState.SUBMITTED),
        send=lambda client, entry: client.get(
            reverse("states:entry_transition", args=[entry.pk, "approve"])
        ),
    )


def test_it_opens_the_review_queue_to_reviewers_only(client, cast):
    cast.entry(WorkflowState.SUBMITTED, summary="Awaiting a decision on the new law.")

    def send(client, _):
        return client.get(reverse("states:review_queue"))

    check_matrix(client, cast, row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK), send=send)
    client.force_login(cast["reviewer"])
    assert [e.summary for e in send(client, None).context["entries"]] == [
        "Awaiting a decision on the new law."
    ]


def file_evidence(cast, workflow_state, removed=False):
    """An entry with one uploaded file, optionally removed before the entry moved on."""

    def make():
        entry = cast.entry()
        author = cast["reviewer_author"]
        evidence = entry.add_evidence(author, file=pdf_upload(), citation="Gazette No. 17")
        if removed:
            entry.remove_evidence(author, evidence)
        if workflow_state != WorkflowState.DRAFT:
            entry.transition("submit", author)
        if workflow_state == WorkflowState.APPROVED:
            entry.transition("approve", cast["reviewer"])
        return ProgressEntry.objects.get(pk=entry.pk)

    return make


def download(client, entry):
    evidence = Evidence.objects.get(entry=entry)
    return client.get(reverse("states:evidence_file", args=[evidence.pk]))


@pytest.mark.parametrize(
    ("workflow_state", "removed", "expected"),
    [
        (
            WorkflowState.DRAFT,
            False,
            row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
        ),
        (WorkflowState.SUBMITTED, False, row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (WorkflowState.APPROVED, False, row(OK, OK, OK, OK, OK, OK, OK)),
        (
            WorkflowState.APPROVED,
            True,
            row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK),
        ),
    ],
)
def test_it_serves_evidence_files_to_those_who_may_see_the_entry(
    client, cast, workflow_state, removed, expected
):
    check_matrix(
        client,
        cast,
        expected,
        make=file_evidence(cast, workflow_state, removed),
        send=download,
    )


@pytest.mark.parametrize("url_name", ["states:state_list", "reports:commitment_detail"])
def test_it_shows_the_public_pages_to_everyone(client, cast, url_name):
    entry = cast.entry(WorkflowState.APPROVED)

    def send(client, _):
        args = [entry.commitment_id] if url_name.endswith("commitment_detail") else []
        return client.get(reverse(url_name, args=args))

    check_matrix(client, cast, row(*[OK] * 7), send=send)


def test_it_shows_the_state_page_to_everyone_with_only_the_entries_each_may_see(client, cast):
    draft = cast.entry(summary="A draft on Chad nobody outside may read.")
    state_url = reverse("states:state_detail", args=[draft.state.slug])
    seen = []

    def send(client, _):
        response = client.get(state_url)
        seen.append(draft in response.context["entries"])
        return response

    check_matrix(client, cast, row(*[OK] * 7), send=send)
    # anonymous, no role, member, outsider, reviewer, author, administrator
    assert seen == [False, False, True, False, False, True, False]
