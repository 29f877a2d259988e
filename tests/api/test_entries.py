"""
Progress entries through the API: who sees which, who may write what (the same rules as the
pages, because the API calls the same model methods), and the answers when a write fails.
"""

import datetime
import json

import pytest
from django.urls import reverse

from commitments.choices import AddresseeKind, Strength
from states.choices import ImplementationStatus, WorkflowState
from states.models import Evidence, ProgressEntry, State
from tests.api.matrix import (
    CONFLICT,
    CREATED,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    UNAUTHORIZED,
    check_api_matrix,
    row,
    sign_in,
)
from tests.factories.commitments import CommitmentFactory, ResolutionFactory, chapeau_with_subs
from tests.factories.states import OrganizationFactory
from tests.files import pdf_upload
from tests.permissions import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def entry_url(entry, suffix=""):
    return f"/api/v1/entries/{entry.pk}/{suffix}"


def body(response):
    return json.loads(response.content)


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("workflow_state", "expected"),
    [
        (
            WorkflowState.DRAFT,
            row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
        ),
        (WorkflowState.SUBMITTED, row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (WorkflowState.REJECTED, row(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
        (WorkflowState.APPROVED, row(OK, OK, OK, OK, OK, OK, OK)),
    ],
)
def test_it_shows_an_entry_to_those_who_may_see_it(api, cast, workflow_state, expected):
    def after(entry, actor, response):
        assert body(response)["summary"] == entry.summary

    check_api_matrix(
        api,
        cast,
        expected,
        make=lambda: cast.entry(workflow_state),
        send=lambda api, entry: api.get(entry_url(entry)),
        after=after,
    )


def test_it_lists_only_the_entries_each_user_may_see(api, cast):
    draft = cast.entry(WorkflowState.DRAFT)
    submitted = cast.entry(WorkflowState.SUBMITTED)
    approved = cast.entry(WorkflowState.APPROVED)
    seen = {}

    def send(api, _):
        response = api.get("/api/v1/entries/")
        seen[len(seen)] = {item["id"] for item in body(response)["results"]}
        return response

    check_api_matrix(api, cast, row(*[OK] * 7), send=send)
    everything = {draft.pk, submitted.pk, approved.pk}
    # anonymous, no role, member, outsider, reviewer, author, administrator
    assert list(seen.values()) == [
        {approved.pk},
        {approved.pk},
        everything,
        {approved.pk},
        {submitted.pk, approved.pk},
        everything,
        {submitted.pk, approved.pk},
    ]


def test_it_gives_an_entry_with_its_shown_evidence_and_file_links(api, cast):
    entry = cast.entry()
    author = cast["reviewer_author"]
    kept = entry.add_evidence(author, file=pdf_upload(), citation="Gazette No. 17")
    gone = entry.add_evidence(author, url="https://example.org/withdrawn-report")
    entry.remove_evidence(author, gone)
    entry.transition("submit", author)
    entry.transition("approve", cast["reviewer"])

    data = body(api.get(entry_url(entry)))

    assert [item["id"] for item in data["evidence"]] == [kept.pk]
    item = data["evidence"][0]
    assert item["kind"] == "file"
    assert item["citation"] == "Gazette No. 17"
    assert item["content_type"] == "application/pdf"
    download = reverse("states:evidence_file", args=[kept.pk])
    assert item["file"] == f"http://testserver{download}"
    # The link is the permission-checked download, and it serves the file.
    response = api.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_it_shows_review_comments_only_to_users_who_may_read_reviews(api, cast):
    entry = cast.entry(WorkflowState.SUBMITTED)
    entry.transition("approve", cast["reviewer"], comment="Checked against the gazette.")

    anonymous = body(api.get(entry_url(entry)))
    sign_in(api, cast["member"])
    member = body(api.get(entry_url(entry)))

    assert anonymous["review_comment"] == ""
    assert member["review_comment"] == "Checked against the gazette."


def approved(cast, **fields):
    return cast.entry(WorkflowState.APPROVED, **fields)


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in body(response)["results"]}


def test_it_filters_entries_by_state_region_status_and_fact_date(api, cast):
    france = approved(
        cast,
        state=State.objects.get(iso3="FRA"),
        status=ImplementationStatus.IMPLEMENTED,
        fact_date=datetime.date(2024, 5, 1),
    )
    kenya = approved(
        cast,
        state=State.objects.get(iso3="KEN"),
        status=ImplementationStatus.PARTIAL,
        fact_date=datetime.date(2022, 1, 10),
    )
    peru = approved(
        cast,
        state=State.objects.get(iso3="PER"),
        status=ImplementationStatus.NOT_STARTED,
        fact_date=datetime.date(2020, 3, 3),
    )

    def get(**params):
        return ids(api.get("/api/v1/entries/", params))

    assert get(state="FRA") == {france.pk}
    assert get(region="002") == {kenya.pk}  # Africa
    assert get(region="014") == {kenya.pk}  # Eastern Africa, a sub-region
    assert get(region="419") == {peru.pk}  # Latin America and the Caribbean, intermediate
    assert get(status=["implemented", "partial"]) == {france.pk, kenya.pk}
    assert get(fact_date_after="2021-01-01") == {france.pk, kenya.pk}
    assert get(fact_date_after="2021-01-01", fact_date_before="2023-12-31") == {kenya.pk}


def test_it_filters_entries_by_their_commitment(api, cast):
    strong = approved(cast)
    moderate = approved(
        cast,
        commitment=CommitmentFactory(
            strength=Strength.MODERATE,
            actor_kind=AddresseeKind.MIXED,
            paragraph__resolution__adopted_on=datetime.date(2011, 3, 1),
        ),
    )
    resolution = moderate.commitment.resolution

    def get(**params):
        return ids(api.get("/api/v1/entries/", params))

    assert get(strength="moderate") == {moderate.pk}
    assert get(actor_kind="states") == {strong.pk}
    assert get(resolution=resolution.pk) == {moderate.pk}
    assert get(commitment=strong.commitment_id) == {strong.pk}
    assert get(year=2011) == {moderate.pk}
    assert get(body="GA") == {strong.pk, moderate.pk}
    assert get(body="SC") == set()


def test_it_filters_entries_by_topic_including_sub_topics(api, cast):
    from commitments.models import Topic

    parent = Topic.objects.filter(children__isnull=False).distinct().first()
    child = parent.children.first()
    tagged = approved(cast, commitment=CommitmentFactory(topics=[child]))
    approved(cast)

    assert ids(api.get("/api/v1/entries/", {"topic": parent.slug})) == {tagged.pk}
    assert ids(api.get("/api/v1/entries/", {"topic": child.slug})) == {tagged.pk}


def test_it_gives_entries_changed_since_a_time(api, cast):
    old = approved(cast)
    ProgressEntry.objects.filter(pk=old.pk).update(
        updated=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    recent = approved(cast)

    assert ids(api.get("/api/v1/entries/", {"updated_since": "2021-01-01T00:00:00Z"})) == {
        recent.pk
    }
    assert ids(api.get("/api/v1/entries/", {"updated_since": "2019-06-01"})) == {
        old.pk,
        recent.pk,
    }


def test_it_pages_entries_by_cursor_in_the_order_asked(api, cast):
    made = [approved(cast, fact_date=datetime.date(2020, 1, day)) for day in (5, 1, 9, 3, 7)]
    by_fact_date = [e.pk for e in sorted(made, key=lambda e: (e.fact_date, e.pk))]

    first = body(api.get("/api/v1/entries/", {"ordering": "fact_date", "page_size": 2}))
    second = body(api.get(first["next"]))
    third = body(api.get(second["next"]))

    pages = [first, second, third]
    assert [item["id"] for page in pages for item in page["results"]] == by_fact_date
    assert third["next"] is None
    assert "cursor=" in first["next"]
    assert "count" not in first


# --- writing ----------------------------------------------------------------------------------


def new_entry_data(cast, commitment, **changes):
    data = {
        "commitment": commitment.pk,
        "state": "FRA",
        "organization": cast.organization.slug,
        "status": "in_progress",
        "fact_date": "2025-03-01",
        "summary": "The law was passed.",
        "confidence": "high",
    }
    return {**data, **changes}


def test_it_lets_only_members_record_entries_for_their_organization(api, cast):
    commitment = cast.entry().commitment

    def after(_, actor, response):
        created = ProgressEntry.objects.get(pk=body(response)["id"])
        assert created.created_by == cast[actor]
        assert created.organization == cast.organization
        assert created.workflow_state == WorkflowState.DRAFT
        assert created.state.iso3 == "FRA"
        assert body(response)["revision"] == created.revision

    check_api_matrix(
        api,
        cast,
        row(UNAUTHORIZED, FORBIDDEN, CREATED, FORBIDDEN, FORBIDDEN, CREATED, FORBIDDEN),
        send=lambda api, _: api.post("/api/v1/entries/", new_entry_data(cast, commitment)),
        after=after,
        writes=True,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"state": None}, "state", "Give the state"),
        ({"subject_organization": "SLUG"}, "subject_organization", "not both"),
        ({"fact_date": "1 March"}, "fact_date", "Date has wrong format"),
        ({"status": "finished"}, "status", "is not a valid choice"),
        ({"state": "XXZ"}, "state", "does not exist"),
        ({"summary": ""}, "summary", "may not be blank"),
    ],
)
def test_it_refuses_an_invalid_entry_with_field_errors(api, cast, changes, field, message):
    commitment = cast.entry().commitment
    other = OrganizationFactory()
    changes = {k: other.slug if v == "SLUG" else v for k, v in changes.items()}
    sign_in(api, cast["member"])
    before = ProgressEntry.objects.count()

    response = api.post("/api/v1/entries/", new_entry_data(cast, commitment, **changes))

    assert response.status_code == 400
    data = body(response)
    assert data["code"] == "invalid"
    assert message in " ".join(data["errors"][field])
    assert ProgressEntry.objects.count() == before


def test_it_refuses_an_entry_on_a_commitment_that_is_not_tracked(api, cast):
    declaratory = CommitmentFactory(strength=Strength.DECLARATORY)
    sign_in(api, cast["member"])

    response = api.post("/api/v1/entries/", new_entry_data(cast, declaratory))

    assert response.status_code == 400
    assert "commitment" in body(response)["errors"]


def test_it_refuses_an_entry_on_a_chapeau_saying_where_to_record_it(api, cast):
    chapeau, _ = chapeau_with_subs(resolution=ResolutionFactory(symbol="A/RES/98/7"), subs="ab")
    sign_in(api, cast["member"])

    response = api.post("/api/v1/entries/", new_entry_data(cast, chapeau))

    assert response.status_code == 400
    assert body(response)["errors"]["commitment"] == [
        "A/RES/98/7 OP 2 introduces sub-paragraphs (a)–(b); record progress on one of them."
    ]
    assert not ProgressEntry.objects.filter(commitment=chapeau).exists()


@pytest.mark.parametrize(
    ("workflow_state", "expected"),
    [
        (
            WorkflowState.DRAFT,
            row(UNAUTHORIZED, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
        ),
        (
            WorkflowState.CHANGES_REQUESTED,
            row(UNAUTHORIZED, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        ),
        (
            WorkflowState.SUBMITTED,
            row(UNAUTHORIZED, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        ),
        (
            WorkflowState.APPROVED,
            row(UNAUTHORIZED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        ),
    ],
)
def test_it_saves_an_edit_only_from_members_of_an_editable_entry(
    api, cast, workflow_state, expected
):
    def send(api, entry):
        return api.patch(
            entry_url(entry),
            {"revision": entry.revision, "summary": "Rewritten through the API."},
        )

    def after(entry, actor, response):
        entry.refresh_from_db()
        assert entry.summary == "Rewritten through the API."
        assert body(response)["revision"] == entry.revision
        assert entry.history.latest().history_user == cast[actor]

    check_api_matrix(
        api,
        cast,
        expected,
        make=lambda: cast.entry(workflow_state),
        send=send,
        after=after,
        writes=True,
    )


def test_it_refuses_a_stale_edit_with_409_and_keeps_the_other_change(api, cast):
    entry = cast.entry()
    sign_in(api, cast["member"])
    read = body(api.get(entry_url(entry)))
    # Someone else saves first.
    ProgressEntry.objects.get(pk=entry.pk).edit(cast["reviewer_author"], summary="Theirs.")

    response = api.patch(entry_url(entry), {"revision": read["revision"], "summary": "Mine."})

    assert response.status_code == 409
    assert body(response)["code"] == "stale_revision"
    assert "Someone else changed this entry" in body(response)["detail"]
    entry.refresh_from_db()
    assert entry.summary == "Theirs."
    # With the current revision, the change goes through.
    current = body(api.get(entry_url(entry)))["revision"]
    response = api.patch(entry_url(entry), {"revision": current, "summary": "Mine."})
    assert response.status_code == 200
    assert body(response)["summary"] == "Mine."


def test_it_needs_the_revision_to_change_an_entry(api, cast):
    entry = cast.entry()
    sign_in(api, cast["member"])

    response = api.patch(entry_url(entry), {"summary": "No revision given."})

    assert response.status_code == 400
    assert "revision" in body(response)["errors"]
    entry.refresh_from_db()
    assert entry.summary != "No revision given."


def test_it_keeps_the_reporting_organization_of_an_entry(api, cast):
    entry = cast.entry()
    other = OrganizationFactory()
    cast["member"].memberships.create(organization=other)
    sign_in(api, cast["member"])

    response = api.patch(entry_url(entry), {"revision": entry.revision, "organization": other.slug})

    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.organization == cast.organization


def transition(action, comment="Checked against the gazette."):
    def send(api, entry):
        return api.post(
            entry_url(entry, "transition/"),
            {"action": action, "revision": entry.revision, "comment": comment},
        )

    return send


def now_in(workflow_state):
    def after(entry, actor, response):
        entry.refresh_from_db()
        assert entry.workflow_state == workflow_state
        assert body(response)["workflow_state"] == workflow_state

    return after


@pytest.mark.parametrize(
    ("action", "workflow_state", "expected", "result"),
    [
        (
            "submit",
            WorkflowState.DRAFT,
            row(UNAUTHORIZED, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
            WorkflowState.SUBMITTED,
        ),
        (
            "withdraw",
            WorkflowState.SUBMITTED,
            row(UNAUTHORIZED, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
            WorkflowState.WITHDRAWN,
        ),
        (
            "approve",
            WorkflowState.SUBMITTED,
            row(UNAUTHORIZED, NOT_FOUND, FORBIDDEN, NOT_FOUND, OK, FORBIDDEN, OK),
            WorkflowState.APPROVED,
        ),
        (
            "request_changes",
            WorkflowState.SUBMITTED,
            row(UNAUTHORIZED, NOT_FOUND, FORBIDDEN, NOT_FOUND, OK, FORBIDDEN, OK),
            WorkflowState.CHANGES_REQUESTED,
        ),
        (
            # Visible to everyone once approved, but no step leads on from there.
            "reject",
            WorkflowState.APPROVED,
            row(UNAUTHORIZED, *[CONFLICT] * 6),
            None,
        ),
    ],
)
def test_it_lets_each_user_take_only_their_workflow_steps(
    api, cast, action, workflow_state, expected, result
):
    check_api_matrix(
        api,
        cast,
        expected,
        make=lambda: cast.entry(workflow_state),
        send=transition(action),
        after=now_in(result),
        writes=True,
    )


def test_it_refuses_a_decision_on_an_entry_changed_meanwhile(api, cast):
    entry = cast.entry(WorkflowState.SUBMITTED)
    read_revision = entry.revision
    ProgressEntry.objects.get(pk=entry.pk).transition("withdraw", cast["reviewer_author"])
    sign_in(api, cast["reviewer"])

    response = api.post(
        entry_url(entry, "transition/"), {"action": "approve", "revision": read_revision}
    )

    assert response.status_code == 409
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.WITHDRAWN


def test_it_refuses_a_stale_revision_even_in_the_same_state(api, cast):
    entry = cast.entry(WorkflowState.SUBMITTED)
    stale = entry.revision
    entry.refresh_from_db()
    ProgressEntry.objects.filter(pk=entry.pk).update(revision=stale + 1)
    sign_in(api, cast["reviewer"])

    response = api.post(entry_url(entry, "transition/"), {"action": "approve", "revision": stale})

    assert response.status_code == 409
    assert body(response)["code"] == "stale_revision"
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED


def test_it_refuses_an_unknown_workflow_step(api, cast):
    entry = cast.entry()
    sign_in(api, cast["member"])

    response = api.post(
        entry_url(entry, "transition/"), {"action": "publish", "revision": entry.revision}
    )

    assert response.status_code == 400
    assert "action" in body(response)["errors"]


def test_it_attaches_evidence_with_a_file_to_an_editable_entry(api, cast):
    entry = cast.entry()
    sign_in(api, cast["member"])

    response = api.post(
        entry_url(entry, "evidence/"),
        {"revision": entry.revision, "citation": "Gazette No. 17", "file": pdf_upload()},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get(entry=entry)
    assert evidence.content_type == "application/pdf"
    assert evidence.added_by == cast["member"]
    assert body(response)["file"].endswith(reverse("states:evidence_file", args=[evidence.pk]))
    entry.refresh_from_db()
    assert entry.revision == evidence.entry.revision


def test_it_refuses_evidence_without_a_source_or_of_a_forbidden_kind(api, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    entry = cast.entry()
    sign_in(api, cast["member"])

    empty = api.post(entry_url(entry, "evidence/"), {"revision": entry.revision})
    html = api.post(
        entry_url(entry, "evidence/"),
        {
            "revision": entry.revision,
            "file": SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>"),
        },
        format="multipart",
    )

    assert empty.status_code == 400
    assert "Give a source URL" in body(empty)["errors"]["non_field_errors"][0]
    assert html.status_code == 400
    assert "file" in body(html)["errors"]
    assert not Evidence.objects.filter(entry=entry).exists()


def test_it_refuses_evidence_on_an_entry_under_review(api, cast):
    entry = cast.entry(WorkflowState.SUBMITTED)
    sign_in(api, cast["member"])

    response = api.post(
        entry_url(entry, "evidence/"),
        {"revision": entry.revision, "url": "https://example.org/report"},
    )

    assert response.status_code == 403
    assert not Evidence.objects.filter(entry=entry).exists()


def test_it_offers_no_way_to_delete_an_entry(api, cast):
    entry = cast.entry()
    sign_in(api, cast["member"])

    response = api.delete(entry_url(entry))

    assert response.status_code == 405
    assert body(response)["code"] == "method_not_allowed"
    assert ProgressEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_it_refuses_to_send_back_or_reject_without_a_comment(api, cast, action):
    entry = cast.entry(WorkflowState.SUBMITTED)
    sign_in(api, cast["reviewer"])

    response = api.post(
        entry_url(entry, "transition/"), {"action": action, "revision": entry.revision}
    )

    assert response.status_code == 400
    assert body(response)["errors"]["comment"] == [ProgressEntry.ACTIONS_NEEDING_A_COMMENT[action]]
    entry.refresh_from_db()
    assert (entry.workflow_state, entry.review_comment) == (WorkflowState.SUBMITTED, "")


def test_it_gives_every_row_of_a_page_its_own_addresses(api, cast):
    """Addresses are filled in from one reversed route: each must still be its own row's."""
    entries = {approved(cast).pk: None for _ in range(12)}
    for slug in ("un", "unodc-1", "x12"):
        OrganizationFactory(slug=slug)

    rows = body(api.get("/api/v1/entries/"))["results"]
    organizations = body(api.get("/api/v1/organizations/"))["results"]

    assert {item["id"] for item in rows} == set(entries)
    for item in rows:
        entry = ProgressEntry.objects.get(pk=item["id"])
        assert item["url"] == "http://testserver" + entry_url(entry)
        assert item["web_url"] == "http://testserver" + entry.get_absolute_url()
        state = reverse("api:state-detail", kwargs={"iso3": entry.state.iso3})
        assert item["state"]["url"] == "http://testserver" + state
    assert len(organizations) >= 3
    for organization in organizations:
        own = reverse("api:organization-detail", kwargs={"slug": organization["slug"]})
        assert organization["url"] == "http://testserver" + own
