"""The progress pages' content: dashboard, entry page and its history, states, commitments."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from commitments.choices import AddresseeKind, Strength
from states.choices import ImplementationStatus, WorkflowState
from states.models import ProgressEntry, State
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory(name="Coast Rights Forum")


@pytest.fixture
def contributor(organization):
    return UserFactory(username="amina", role="Contributors", organizations=[organization])


@pytest.fixture
def reviewer():
    return UserFactory(username="bruno", role="Reviewers")


def entry_of(organization, workflow_state=WorkflowState.DRAFT, reviewer=None, **fields):
    entry = ProgressEntryFactory(organization=organization, **fields)
    if workflow_state != WorkflowState.DRAFT:
        entry.transition("submit", entry.created_by)
    if workflow_state in (WorkflowState.APPROVED, WorkflowState.CHANGES_REQUESTED):
        action = "approve" if workflow_state == WorkflowState.APPROVED else "request_changes"
        entry.transition(action, reviewer or UserFactory(role="Reviewers"), comment="Noted.")
    return ProgressEntry.objects.get(pk=entry.pk)


def test_it_sorts_the_dashboard_into_drafts_returned_awaiting_and_approved(
    client, contributor, organization
):
    draft = entry_of(organization)
    returned = entry_of(organization, WorkflowState.CHANGES_REQUESTED)
    waiting = entry_of(organization, WorkflowState.SUBMITTED)
    approved = [entry_of(organization, WorkflowState.APPROVED) for _ in range(12)]
    entry_of(OrganizationFactory())  # another organization's draft
    client.force_login(contributor)

    context = client.get(reverse("states:dashboard")).context

    assert context["drafts"] == [draft]
    assert context["sent_back"] == [returned]
    assert context["awaiting"] == [waiting]
    assert (
        context["recently_approved"]
        == sorted(approved, key=lambda e: (e.decided_at, e.pk), reverse=True)[:10]
    )
    assert "review_count" not in context


def test_it_shows_reviewers_how_many_entries_await_them(client, organization, reviewer):
    entry_of(organization, WorkflowState.SUBMITTED)
    entry_of(organization, WorkflowState.SUBMITTED)
    entry_of(organization)
    client.force_login(reviewer)

    response = client.get(reverse("states:dashboard"))

    assert response.context["review_count"] == 2
    assert f'href="{reverse("states:review_queue")}"' in response.content.decode()


def test_it_tells_a_user_without_an_organization_why_the_dashboard_is_empty(client):
    client.force_login(UserFactory(role="Contributors"))

    response = client.get(reverse("states:dashboard"))

    assert "You do not belong to any organization yet" in response.content.decode()


def test_it_offers_each_role_its_links_in_the_navigation(client, contributor, reviewer):
    def nav(user=None):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(reverse("states:state_list")).content.decode()
        return html[html.index('<nav aria-label="Main">') : html.index("</nav>")]

    dashboard = f'href="{reverse("states:dashboard")}"'
    queue = f'href="{reverse("states:review_queue")}"'
    states = f'href="{reverse("states:state_list")}"'
    anonymous, as_contributor, as_reviewer = nav(), nav(contributor), nav(reviewer)
    assert states in anonymous and dashboard not in anonymous and queue not in anonymous
    assert dashboard in as_contributor and queue not in as_contributor
    assert queue in as_reviewer and dashboard not in as_reviewer


def form_values(form):
    """What a browser would send back for a form as rendered."""
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def post_entry(client, commitment, organization, **extra):
    data = {
        "commitment": commitment.pk,
        "state": State.objects.get(iso3="KEN").pk,
        "organization": organization.pk,
        "status": "in_progress",
        "fact_date": "2025-02-01",
        "summary": "A draft bill was tabled.",
        "confidence": "medium",
        "evidence-TOTAL_FORMS": 3,
        "evidence-INITIAL_FORMS": 0,
        **extra,
    }
    return client.post(reverse("states:entry_create"), data)


def test_it_lists_every_change_with_who_made_it_and_what_changed(
    contributor, organization, reviewer
):
    author, checker = Client(), Client()
    author.force_login(contributor)
    checker.force_login(reviewer)
    commitment = CommitmentFactory()
    post_entry(author, commitment, organization)
    entry = ProgressEntry.objects.get()
    edit_url = reverse("states:entry_edit", args=[entry.pk])
    form = author.get(edit_url).context["form"]
    edited = author.post(
        edit_url,
        {
            **form_values(form),
            "fact_date": "2025-05-20",
            "status": "implemented",
            "summary": "The bill was adopted as Act No. 4 of 2025.",
            "evidence-TOTAL_FORMS": 3,
            "evidence-INITIAL_FORMS": 0,
        },
    )
    assert edited.status_code == 302, edited.context["form"].errors
    form = author.get(edit_url).context["form"]
    author.post(
        edit_url,
        {
            **form_values(form),
            "evidence-TOTAL_FORMS": 3,
            "evidence-INITIAL_FORMS": 0,
            "evidence-0-citation": "Kenya Gazette Supplement No. 31",
        },
    )
    entry.refresh_from_db()
    author.post(
        reverse("states:entry_transition", args=[entry.pk, "submit"]),
        {"revision": entry.revision},
    )
    entry.refresh_from_db()
    checker.post(
        reverse("states:entry_transition", args=[entry.pk, "approve"]),
        {"revision": entry.revision, "comment": "Gazette checked."},
    )

    response = checker.get(entry.get_absolute_url())

    history = response.context["history"]
    assert [(item.title, item.user.username, item.reason) for item in history] == [
        ("Approved", "bruno", "approve: Gazette checked."),
        ("Submitted for review", "amina", "submit"),
        ("Evidence added", "amina", "add"),
        ("Changed", "amina", "edit"),
        ("Created", "amina", "create"),
    ]
    changed = {c.label: (c.old, c.new) for c in history[3].changes}
    assert changed == {
        "As of": (datetime.date(2025, 2, 1), datetime.date(2025, 5, 20)),
        "Status": ("In progress", "Implemented"),
        "Summary": ("A draft bill was tabled.", "The bill was adopted as Act No. 4 of 2025."),
    }
    approved = {c.label: (c.old, c.new) for c in history[0].changes}
    # The title says where the step took the entry and the comment is said once, in words
    # (tests/states/test_history_words.py): neither again as a changed field.
    assert "Workflow" not in approved and "Review comment" not in approved
    assert (history[0].comment_lead, history[0].comment) == (
        "The reviewer's comment",
        "Gazette checked.",
    )
    content = response.content.decode()
    assert "<del>In progress</del> → <ins>Implemented</ins>" in content
    assert "Kenya Gazette Supplement No. 31" in content
    assert content.index("Approved</strong>") < content.index("Created</strong>")


def test_it_names_the_states_and_organizations_a_change_moved_the_entry_between(
    client, contributor, organization
):
    entry = entry_of(organization, created_by=contributor, state=State.objects.get(iso3="KEN"))
    entry.edit(contributor, state=State.objects.get(iso3="TZA"))
    client.force_login(contributor)

    history = client.get(entry.get_absolute_url()).context["history"]

    (state_change,) = history[0].changes
    assert (state_change.label, str(state_change.old), str(state_change.new)) == (
        "State",
        "Kenya",
        "United Republic of Tanzania",
    )


def test_it_keeps_the_history_for_signed_in_roles_and_review_comments_for_the_organization(
    client, organization, contributor
):
    entry = entry_of(organization, WorkflowState.APPROVED, summary="Shelters opened in Kilifi.")
    heading = '<h2 id="history-heading">History</h2>'
    comment = '<div class="review-comment">'

    public = client.get(entry.get_absolute_url())
    client.force_login(UserFactory(role="Contributors", organizations=[OrganizationFactory()]))
    outsider = client.get(entry.get_absolute_url())
    client.force_login(contributor)
    member = client.get(entry.get_absolute_url())

    assert public.context["history"] == []
    assert heading not in public.content.decode() and comment not in public.content.decode()
    # Another organization reads the approved version only, with no reviewer's comment.
    (approved,) = outsider.context["history"]
    assert (approved.title, approved.reason) == ("Approved", "")
    assert ("Summary", "Shelters opened in Kilifi.") in [(c.label, c.new) for c in approved.changes]
    assert heading in outsider.content.decode() and comment not in outsider.content.decode()
    titles = [item.title for item in member.context["history"]]
    assert titles == ["Approved", "Submitted for review", "Created"]
    assert member.context["history"][0].reason == "approve: Noted."
    # An approval's comment is in the history only: shown once, not again in a box.
    assert comment not in member.content.decode()
    assert member.content.decode().count("Noted.") == 1


def test_it_lists_states_by_region_with_their_assessed_commitment_count(client, organization):
    kenya = State.objects.get(iso3="KEN")
    entry_of(organization, WorkflowState.APPROVED, state=kenya)
    entry_of(organization, WorkflowState.APPROVED, state=kenya)
    retired = entry_of(organization, WorkflowState.APPROVED, state=kenya)
    retired.commitment.retired = True
    retired.commitment.save()
    entry_of(organization, WorkflowState.SUBMITTED, state=kenya)

    response = client.get(reverse("states:state_list"))

    states = {state.iso3: state for state in response.context["states"]}
    assert len(states) == 195
    assert states["KEN"].assessed_count == 2
    assert states["FRA"].assessed_count == 0
    regions = [state.region.name for state in response.context["states"]]
    assert regions == sorted(regions)
    assert '<h2 id="region-002">Africa' in response.content.decode()


def test_it_shows_each_commitment_with_the_states_current_assessment(client, organization):
    kenya = State.objects.get(iso3="KEN")
    assessed = CommitmentFactory()
    older = entry_of(
        organization,
        WorkflowState.APPROVED,
        commitment=assessed,
        state=kenya,
        status=ImplementationStatus.IN_PROGRESS,
        fact_date=datetime.date(2023, 1, 1),
    )
    latest = ProgressEntryFactory(
        organization=organization,
        commitment=assessed,
        state=kenya,
        status=ImplementationStatus.IMPLEMENTED,
        fact_date=datetime.date(2025, 3, 1),
    )
    latest.add_evidence(latest.created_by, citation="Act No. 4 of 2025")
    latest.add_evidence(latest.created_by, url="https://kenyalaw.example.org/act-4")
    latest.transition("submit", latest.created_by)
    latest.transition("approve", UserFactory(role="Reviewers"))
    unassessed = CommitmentFactory()
    CommitmentFactory(strength=Strength.DECLARATORY)  # not trackable
    CommitmentFactory(actor_kind=AddresseeKind.UN_SYSTEM, actors=[])  # not for states

    response = client.get(reverse("states:state_detail", args=[kenya.slug]))

    rows = {c.pk: c for c in response.context["commitments"]}
    assert set(rows) == {assessed.pk, unassessed.pk, older.commitment_id} - {None}
    row = rows[assessed.pk]
    assert (row.assessment_status, row.assessment_fact_date, row.assessment_entry_id) == (
        "implemented",
        datetime.date(2025, 3, 1),
        latest.pk,
    )
    assert row.assessment_evidence_count == 2
    assert rows[unassessed.pk].assessment_status is None
    assert 'class="badge status status-implemented">Implemented</span>' in (
        response.content.decode()
    )
    only_assessed = client.get(reverse("states:state_detail", args=[kenya.slug]), {"assessed": "1"})
    assert [c.pk for c in only_assessed.context["commitments"]] == [assessed.pk]


def test_it_pages_the_state_commitments_newest_resolution_first_in_document_order(
    client, organization
):
    kenya = State.objects.get(iso3="KEN")
    resolutions = [
        ResolutionFactory(adopted_on=datetime.date(2020 + year, 6, 1)) for year in (1, 4, 2)
    ]
    made = []
    for resolution in resolutions:
        # Created last paragraph first, so that key order and document order disagree.
        for position in range(9, 0, -1):
            paragraph = ParagraphFactory(resolution=resolution, position=position)
            made.append(CommitmentFactory(paragraph=paragraph))
    expected = [
        c.pk
        for c in sorted(
            made, key=lambda c: (-c.resolution.adopted_on.toordinal(), c.paragraph.position)
        )
    ]
    assessed = [made[0], made[13], made[26]]
    for commitment in assessed:
        entry_of(organization, WorkflowState.APPROVED, commitment=commitment, state=kenya)
    entry_of(
        organization,
        WorkflowState.APPROVED,
        commitment=made[5],
        state=State.objects.get(iso3="UGA"),
    )
    url = reverse("states:state_detail", args=[kenya.slug])

    first, second = client.get(url), client.get(url, {"page": "2"})

    shown = [c.pk for page in (first, second) for c in page.context["commitments"]]
    assert shown == expected
    assert len(first.context["commitments"]) == 25
    assert (first.context["paginator"].count, first.context["assessed_count"]) == (27, 3)
    html = second.content.decode()
    assert "all commitments (27)</a>" in html and "assessed (3)</a>" in html
    oldest = resolutions[0]
    assert f"{oldest.symbol} OP 9</a>" in html and "Calls upon all Governments" in html
    only_assessed = client.get(url, {"assessed": "1"})
    assert [c.pk for c in only_assessed.context["commitments"]] == [
        pk for pk in expected if pk in {c.pk for c in assessed}
    ]
    assert only_assessed.context["paginator"].count == 3
    assert client.get(url, {"assessed": "1", "page": "2"}).status_code == 404


def test_it_lists_on_the_state_page_what_the_structure_became_since_it_was_last_read(
    client, organization
):
    """The listed commitments' keys are cached: a change of structure must reach them."""
    kenya = State.objects.get(iso3="KEN")
    kept, retired = CommitmentFactory(), CommitmentFactory()
    url = reverse("states:state_detail", args=[kenya.slug])
    assert {c.pk for c in client.get(url).context["commitments"]} == {kept.pk, retired.pk}

    retired.retired = True
    retired.save()
    added = CommitmentFactory()
    kept.resolution.adopted_on = datetime.date(2030, 1, 1)  # now the newest resolution
    kept.resolution.save()
    entry_of(organization, WorkflowState.APPROVED, commitment=added, state=kenya)
    response = client.get(url)

    assert [c.pk for c in response.context["commitments"]] == [kept.pk, added.pk]
    assert (response.context["paginator"].count, response.context["assessed_count"]) == (2, 1)
    assessed = client.get(url, {"assessed": "1"})
    assert [c.pk for c in assessed.context["commitments"]] == [added.pk]


def test_it_offers_contributors_to_record_progress_from_the_state_page(client, contributor):
    commitment = CommitmentFactory()
    client.force_login(contributor)

    response = client.get(reverse("states:state_detail", args=["kenya"]))

    url = reverse("states:entry_create") + f"?commitment={commitment.pk}&amp;state=KEN"
    assert url in response.content.decode()


def test_it_answers_404_for_an_unknown_state(client):
    assert client.get(reverse("states:state_detail", args=["atlantis"])).status_code == 404


def test_it_shows_progress_by_state_on_the_commitment_page(client, organization, contributor):
    commitment = CommitmentFactory()
    kenya, peru = State.objects.get(iso3="KEN"), State.objects.get(iso3="PER")
    approved = entry_of(organization, WorkflowState.APPROVED, commitment=commitment, state=kenya)
    draft = entry_of(organization, commitment=commitment, state=peru)
    other = entry_of(OrganizationFactory(), commitment=commitment, state=peru)  # hidden draft

    public = client.get(commitment.get_absolute_url())
    client.force_login(contributor)
    member = client.get(commitment.get_absolute_url())

    assert [(p.name, p.entries) for p in public.context["progress"]] == [("Kenya", [approved])]
    assert public.context["progress"][0].assessment.entry_id == approved.pk
    assert [(p.name, p.entries, p.assessment) for p in member.context["progress"]] == [
        ("Kenya", [approved], public.context["progress"][0].assessment),
        ("Peru", [draft], None),
    ]
    assert other not in member.context["progress"][1].entries
    content = member.content.decode()
    assert reverse("states:entry_create") + f"?commitment={commitment.pk}" in content
    assert reverse("states:entry_create") not in public.content.decode()


def test_it_keeps_the_commitment_page_to_one_state_when_the_matrix_asks(client, organization):
    commitment = CommitmentFactory()
    kenya, peru = State.objects.get(iso3="KEN"), State.objects.get(iso3="PER")
    entry_of(organization, WorkflowState.APPROVED, commitment=commitment, state=kenya)
    on_peru = entry_of(organization, WorkflowState.APPROVED, commitment=commitment, state=peru)

    response = client.get(commitment.get_absolute_url() + "?state=per")

    assert [(p.name, p.entries) for p in response.context["progress"]] == [("Peru", [on_peru])]
    content = response.content.decode()
    assert "Showing Peru only." in content
    assert f'href="{commitment.get_absolute_url()}#progress-heading">Show every state' in content


@pytest.mark.parametrize("code", ["\x00", "p\x00r", "PERU", "99"])
def test_it_shows_every_state_when_the_state_asked_for_is_no_code(client, organization, code):
    commitment = CommitmentFactory()
    peru = State.objects.get(iso3="PER")
    on_peru = entry_of(organization, WorkflowState.APPROVED, commitment=commitment, state=peru)

    response = client.get(commitment.get_absolute_url(), {"state": code})

    assert response.status_code == 200
    assert [(p.name, p.entries) for p in response.context["progress"]] == [("Peru", [on_peru])]
    assert "Showing Peru only." not in response.content.decode()


def test_it_pages_the_progress_by_state_of_a_commitment_many_states_report_on(client, organization):
    commitment = CommitmentFactory()
    states = list(State.objects.members().order_by("name")[:27])
    for state in states:
        entry_of(organization, WorkflowState.APPROVED, commitment=commitment, state=state)
    url = commitment.get_absolute_url()

    first, second = client.get(url), client.get(url + "?page=2")

    assert len(first.context["progress"]) == 25 and len(second.context["progress"]) == 2
    shown = {p.name for p in first.context["progress"]} | {
        p.name for p in second.context["progress"]
    }
    assert shown == {state.name for state in states}
    assert "27 states or organizations with progress you can see; 1–25 below." in (
        first.content.decode()
    )
    assert 'href="?page=2#progress-heading" rel="next"' in first.content.decode()
    # A page number out of range or not a number shows a page, never an error.
    assert len(client.get(url + "?page=9").context["progress"]) == 2
    assert len(client.get(url + "?page=x").context["progress"]) == 25


def test_it_marks_and_lists_the_commitments_addressed_to_the_state_by_name(client, organization):
    kenya = State.objects.get(iso3="KEN")
    named = CommitmentFactory(named_states=["KEN"])
    other = CommitmentFactory(named_states=["UGA"])
    general = CommitmentFactory()
    url = reverse("states:state_detail", args=[kenya.slug])

    everything = client.get(url)
    only_named = client.get(url, {"named": "1"})

    rows = {c.pk: c.names_state for c in everything.context["commitments"]}
    assert rows == {named.pk: True, other.pk: False, general.pk: False}
    assert everything.content.decode().count("Addressed to this state by name</span>") == 1
    assert [c.pk for c in only_named.context["commitments"]] == [named.pk]
    assert "addressed to Kenya by name (1)" in only_named.content.decode()
