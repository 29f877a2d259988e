"""
Confidential evidence on the model and the progress pages: read by reviewers and the
reporting organization's members only, a 404 (never a 403) for anyone else, left out of the
history and of every count they see; marking it is a recorded, permission-checked change.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from states.choices import WorkflowState
from states.history import entry_history
from states.models import NO_VICTIM_DETAILS, Evidence, Membership, StaleEntryError
from tests.confidential import (
    READERS,
    SECRET_CITATION,
    SECRET_DESCRIPTION,
    SHOWN,
    check_disclosure,
    entry_with_secret,
    force_login,
    page_text,
)
from tests.factories.states import OrganizationFactory, UserFactory
from tests.permissions import (
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Cast,
    check_matrix,
    row,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def secret_of(entry):
    return entry.evidence.get(confidential=True)


def public_of(entry):
    return entry.evidence.get(confidential=False)


def evidence_in(history):
    """The evidence records a history shows: changed ones, and those of approved versions."""
    changed = [item.evidence for item in history if item.evidence]
    return changed + [record for item in history for record in item.approved_evidence]


# --- the model --------------------------------------------------------------------------------


def test_it_gives_confidential_evidence_to_reviewers_and_members_only(cast):
    entry = entry_with_secret(cast)
    secret, public = secret_of(entry), public_of(entry)
    superuser = UserFactory(is_superuser=True)

    for actor, outcome in READERS.items():
        readable = set(Evidence.objects.restrict(cast[actor]))
        expected = {public, secret} if outcome == SHOWN else {public}
        assert readable == expected, actor
        assert entry.can_see_confidential(cast[actor] or AnonymousUser()) == (outcome == SHOWN)
    assert set(Evidence.objects.restrict(superuser)) == {public, secret}
    assert set(Evidence.objects.restrict(None)) == {public}


def test_it_restricts_evidence_in_one_query_with_exists_and_no_distinct(cast):
    entry = entry_with_secret(cast)
    outsider = cast["outsider"]
    # A member of many organizations: a join through memberships would repeat rows.
    for organization in OrganizationFactory.create_batch(3):
        Membership.objects.create(user=outsider, organization=organization)
    Membership.objects.create(user=outsider, organization=OrganizationFactory())
    outsider.has_perm("states.review_progressentry")  # permissions cached, as on a page

    with CaptureQueriesContext(connection) as captured:
        found = list(Evidence.objects.restrict(outsider).filter(entry=entry))

    assert found == [public_of(entry)]
    (query,) = captured.captured_queries
    assert "EXISTS" in query["sql"].upper()
    assert "DISTINCT" not in query["sql"].upper()
    Membership.objects.create(user=outsider, organization=entry.organization)
    assert Evidence.objects.restrict(outsider).filter(entry=entry).count() == 2


def test_it_records_a_change_of_confidentiality_with_who_and_why(cast):
    entry = entry_with_secret(cast, WorkflowState.DRAFT)
    public = public_of(entry)
    member = cast["member"]
    revision = entry.revision

    entry.set_evidence_confidential(member, public, confidential=True)

    public.refresh_from_db()
    assert public.confidential
    latest = public.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (member, "confidential")
    entry.refresh_from_db()
    assert entry.revision == revision + 1
    entry.set_evidence_confidential(member, public, confidential=False)
    assert public.history.latest().history_change_reason == "not confidential"
    titles = [item.title for item in entry_history(entry, member)]
    assert "Evidence marked confidential" in titles
    assert "Evidence no longer confidential" in titles


def test_it_lets_members_mark_evidence_only_while_they_may_edit_and_reviewers_always(cast):
    entry = entry_with_secret(cast)
    public = public_of(entry)

    with pytest.raises(PermissionDenied):
        entry.set_evidence_confidential(cast["member"], public, confidential=True)
    with pytest.raises(PermissionDenied):
        entry.set_evidence_confidential(cast["outsider"], public, confidential=True)
    entry.set_evidence_confidential(cast["reviewer"], public, confidential=True)

    public.refresh_from_db()
    assert public.confidential
    assert public.history.latest().history_user == cast["reviewer"]


def test_it_refuses_a_stale_change_and_evidence_of_another_entry(cast):
    entry = entry_with_secret(cast, WorkflowState.DRAFT)
    other = entry_with_secret(cast, WorkflowState.DRAFT)
    member = cast["member"]
    entry.revision -= 1

    with pytest.raises(StaleEntryError):
        entry.set_evidence_confidential(member, public_of(entry), confidential=True)
    entry.refresh_from_db()
    with pytest.raises(PermissionDenied):
        entry.set_evidence_confidential(member, public_of(other), confidential=True)
    assert (
        not Evidence.objects.filter(confidential=True)
        .exclude(pk__in=[secret_of(entry).pk, secret_of(other).pk])
        .exists()
    )


# --- the entry page, the file, the history --------------------------------------------------


def test_it_shows_confidential_evidence_on_the_entry_page_to_readers_only(client, cast):
    entry = entry_with_secret(cast)

    check_disclosure(
        client, cast, READERS, lambda client: page_text(client.get(entry.get_absolute_url()))
    )


def test_it_neither_lists_nor_counts_confidential_evidence_for_others(client, cast):
    entry = entry_with_secret(cast)

    for actor, outcome in READERS.items():
        force_login(client, cast[actor])
        response = client.get(entry.get_absolute_url())
        count = 2 if outcome == SHOWN else 1
        assert len(response.context["evidence_items"]) == count, actor
        assert f'Evidence <span class="muted">({count})</span>' in response.content.decode()
        if response.context["show_history"]:
            shown = {record.id for record in evidence_in(response.context["history"])}
            assert len(shown) == count, actor  # not even a placeholder row


@pytest.mark.parametrize(
    ("workflow_state", "expected"),
    [
        (WorkflowState.APPROVED, row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (
            WorkflowState.SUBMITTED,
            row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK),
        ),
        (
            WorkflowState.DRAFT,
            row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
        ),
    ],
)
def test_it_serves_a_confidential_file_to_readers_and_404_to_everyone_else(
    client, cast, workflow_state, expected
):
    check_matrix(
        client,
        cast,
        expected,
        make=lambda: entry_with_secret(cast, workflow_state),
        send=lambda client, entry: client.get(
            reverse("states:evidence_file", args=[secret_of(entry).pk])
        ),
    )


def test_it_serves_the_file_to_everyone_once_it_is_no_longer_confidential(client, cast):
    entry = entry_with_secret(cast)
    item = secret_of(entry)
    entry.set_evidence_confidential(cast["reviewer"], item, confidential=False)

    for actor in READERS:
        force_login(client, cast[actor])
        response = client.get(reverse("states:evidence_file", args=[item.pk]))
        assert response.status_code == 200, actor


def test_it_hides_every_record_of_an_item_marked_confidential_later(client, cast):
    entry = entry_with_secret(cast)
    public = public_of(entry)
    entry.set_evidence_confidential(cast["reviewer"], public, confidential=True)
    outsider = cast["outsider"]
    force_login(client, outsider)

    page = client.get(entry.get_absolute_url()).content.decode()

    assert "Kenya Gazette" not in page  # neither in the list nor in the history
    assert "example.org/gazette-77" not in page
    assert 'Evidence <span class="muted">(0)</span>' in page
    assert not evidence_in(entry_history(entry, outsider))
    entry.set_evidence_confidential(cast["reviewer"], public, confidential=False)
    assert "Kenya Gazette" in client.get(entry.get_absolute_url()).content.decode()


def test_it_marks_confidential_items_in_the_history_for_readers(client, cast):
    entry = entry_with_secret(cast)
    force_login(client, cast["member"])

    history = client.get(entry.get_absolute_url()).context["history"]

    marked = [item for item in history if item.confidential]
    assert [item.evidence.citation for item in marked] == [SECRET_CITATION]


def test_it_leaves_confidential_items_out_of_the_history_when_asked_for_nobody(cast):
    entry = entry_with_secret(cast)

    items = entry_history(entry)

    assert [record.citation for record in evidence_in(items)] == ["Kenya Gazette Supplement No. 77"]


# --- marking an item on the entry page ---------------------------------------------------------


def mark(client, evidence, confidential, revision=None):
    revision = evidence.entry.revision if revision is None else revision
    return client.post(
        reverse("states:evidence_confidentiality", args=[evidence.pk]),
        {"revision": revision, "confidential": "1" if confidential else "0"},
    )


@pytest.mark.parametrize(
    ("workflow_state", "which", "confidential", "expected"),
    [
        # Marking the public item of an approved entry: reviewers only.
        (
            WorkflowState.APPROVED,
            public_of,
            True,
            row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE, DONE, DONE),
        ),
        # Unmarking the confidential one: those who cannot read it do not learn it exists.
        (
            WorkflowState.APPROVED,
            secret_of,
            False,
            row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, DONE, DONE, DONE),
        ),
        # A draft: its organization's members, nobody else sees it.
        (
            WorkflowState.DRAFT,
            public_of,
            True,
            row(LOGIN, NOT_FOUND, DONE, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND),
        ),
    ],
)
def test_it_lets_the_right_users_change_confidentiality_from_the_page(
    client, cast, workflow_state, which, confidential, expected
):
    def make():
        entry = entry_with_secret(cast, workflow_state)
        entry.evidence_pk = which(entry).pk
        return entry

    def after(entry, actor):
        evidence = Evidence.objects.get(pk=entry.evidence_pk)
        assert evidence.confidential is confidential
        assert evidence.history.latest().history_user == cast[actor]

    check_matrix(
        client,
        cast,
        expected,
        make=make,
        send=lambda client, entry: mark(
            client, Evidence.objects.get(pk=entry.evidence_pk), confidential
        ),
        after=after,
    )


def test_it_offers_the_buttons_only_to_those_who_may_use_them(client, cast):
    entry = entry_with_secret(cast)
    action = reverse("states:evidence_confidentiality", args=[public_of(entry).pk])

    for actor, expected in {"member": False, "outsider": False, "reviewer": True}.items():
        force_login(client, cast[actor])
        page = client.get(entry.get_absolute_url()).content.decode()
        assert (action in page) is expected, actor
        assert ("Mark not confidential" in page) is expected, actor


def test_it_tells_of_a_stale_page_and_changes_nothing(client, cast):
    entry = entry_with_secret(cast, WorkflowState.DRAFT)
    public = public_of(entry)
    client.force_login(cast["member"])

    response = mark(client, public, True, revision=entry.revision - 1)

    assert response.status_code == 302
    public.refresh_from_db()
    assert not public.confidential
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Someone else changed this entry" in page


@pytest.mark.parametrize(
    "data",
    [{}, {"revision": "x", "confidential": "1"}, {"revision": "0", "confidential": "maybe"}],
)
def test_it_answers_bad_input_with_400_not_500(client, cast, data):
    entry = entry_with_secret(cast, WorkflowState.DRAFT)
    client.force_login(cast["member"])

    response = client.post(
        reverse("states:evidence_confidentiality", args=[public_of(entry).pk]), data
    )

    assert response.status_code == 400
    assert client.get(reverse("states:evidence_confidentiality", args=[1])).status_code == 405
    missing = client.post(reverse("states:evidence_confidentiality", args=[999999]), data)
    assert missing.status_code == 404


# --- the entry form -----------------------------------------------------------------------------


def test_it_records_a_confidential_item_from_the_entry_form(client, cast):
    entry = cast.entry()
    client.force_login(cast["member"])
    form = client.get(reverse("states:entry_edit", args=[entry.pk]))
    assert form.content.decode().count(str(NO_VICTIM_DETAILS)) == 1 + 3  # summary, each item

    response = client.post(
        reverse("states:entry_edit", args=[entry.pk]),
        {
            "revision": entry.revision,
            "commitment": entry.commitment_id,
            "state": entry.state_id,
            "organization": entry.organization_id,
            "status": entry.status,
            "fact_date": entry.fact_date.isoformat(),
            "summary": entry.summary,
            "confidence": entry.confidence,
            "evidence-TOTAL_FORMS": "3",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-citation": SECRET_CITATION,
            "evidence-0-description": SECRET_DESCRIPTION,
            "evidence-0-confidential": "on",
            "evidence-1-citation": "Kenya Gazette Supplement No. 77",
        },
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    items = {item.citation: item.confidential for item in entry.evidence.all()}
    assert items == {SECRET_CITATION: True, "Kenya Gazette Supplement No. 77": False}


# --- lists and counts ----------------------------------------------------------------------------


def test_it_counts_only_readable_evidence_on_the_state_and_commitment_pages(client, cast):
    entry = entry_with_secret(cast)
    state_url = reverse("states:state_detail", args=[entry.state.slug])

    for actor, outcome in READERS.items():
        force_login(client, cast[actor])
        count = 2 if outcome == SHOWN else 1
        state_page = client.get(state_url)
        (listed,) = [e for e in state_page.context["entries"] if e.pk == entry.pk]
        assert listed.evidence_count == count, actor
        (assessed,) = [
            c for c in state_page.context["commitments"] if c.assessment_entry_id == entry.pk
        ] or [None]
        if assessed is not None:
            assert assessed.assessment_evidence_count == count, actor
        commitment_page = client.get(entry.commitment.get_absolute_url())
        (progress,) = commitment_page.context["progress"]
        assert [e.evidence_count for e in progress.entries] == [count], actor


def test_it_counts_every_item_on_the_members_dashboard_and_the_review_queue(client, cast):
    entry = entry_with_secret(cast, WorkflowState.SUBMITTED)

    client.force_login(cast["member"])
    (awaiting,) = client.get(reverse("states:dashboard")).context["awaiting"]
    client.force_login(cast["reviewer"])
    (queued,) = client.get(reverse("states:review_queue")).context["entries"]

    assert (awaiting.pk, awaiting.evidence_count) == (entry.pk, 2)
    assert (queued.pk, queued.evidence_count) == (entry.pk, 2)


def test_it_shows_the_entry_page_in_the_same_queries_with_confidential_evidence(
    client, cast, django_assert_max_num_queries
):
    """Readers' counts do not move; others pay at most one membership check, never per item."""
    plain = cast.entry(WorkflowState.DRAFT)
    plain.add_evidence(cast["member"], citation="Kenya Gazette Supplement No. 77")
    plain.transition("submit", cast["reviewer_author"])
    plain.transition("approve", cast["reviewer"])
    secret = entry_with_secret(cast)
    for number in range(5):
        secret.refresh_from_db()
        secret.set_evidence_confidential(
            cast["reviewer"],
            Evidence.objects.create(
                entry=secret, citation=f"Note {number}", added_by=cast["member"]
            ),
            confidential=True,
        )

    def queries(actor, entry):
        force_login(client, cast[actor])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(entry.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    for actor in ("anonymous", "member", "outsider", "reviewer", "administrator"):
        assert queries(actor, secret) == queries(actor, plain), actor
    assert queries("no_role", secret) <= queries("no_role", plain) + 1


# --- the admin and the demo ------------------------------------------------------------------


def test_it_keeps_confidential_evidence_out_of_the_admin_for_other_organizations(client, cast):
    entry = entry_with_secret(cast)
    staff = UserFactory(role="Contributors", is_staff=True, organizations=[OrganizationFactory()])
    reviewer = UserFactory(role="Reviewers", is_staff=True)
    secret = secret_of(entry)
    change = reverse("admin:states_progressentry_change", args=[entry.pk])
    history = reverse("admin:states_evidence_history", args=[secret.pk])
    version = reverse(
        "admin:states_evidence_simple_history", args=[secret.pk, secret.history.latest().pk]
    )

    client.force_login(staff)
    page = client.get(change).content.decode()
    assert "Kenya Gazette Supplement No. 77" in page
    assert SECRET_CITATION not in page
    assert client.get(history).status_code == 404
    assert client.get(version).status_code == 404
    assert client.get(reverse("admin:states_evidence_history", args=["x"])).status_code == 404
    client.force_login(reviewer)
    assert SECRET_CITATION in client.get(change).content.decode()
    assert client.get(history).status_code == 200


def test_it_marks_some_demo_evidence_confidential(capsys):
    call_command("load_demo_data")

    secret = Evidence.objects.filter(confidential=True).select_related("entry__organization")
    assert {item.entry.organization.slug for item in secret} == {
        "coast-migrant-rights-forum",
        "global-trafficking-monitor",
    }
    assert all(item.entry.workflow_state == WorkflowState.APPROVED for item in secret)
    assert not Evidence.objects.restrict(None).filter(confidential=True).exists()
    call_command("load_demo_data")
    assert Evidence.objects.filter(confidential=True).count() == len(secret)
