"""The reviewers' queue: what awaits review, filtered, paginated, own entries marked."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from commitments.choices import Body
from states.choices import ImplementationStatus, WorkflowState
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("states:review_queue")


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def submitted(**fields):
    entry = ProgressEntryFactory(**fields)
    entry.transition("submit", entry.created_by)
    return entry


def listed(response):
    return list(response.context["entries"])


def test_it_shows_entries_awaiting_review_by_default_oldest_first(reviewer_client, reviewer):
    first, second = submitted(), submitted()
    ProgressEntryFactory()  # a draft: not for reviewers
    decided = submitted()
    decided.transition("approve", reviewer)

    response = reviewer_client.get(QUEUE_URL)

    assert listed(response) == [first, second]
    assert response.context["filter"].form["workflow_state"].value() == "submitted"


def test_it_shows_every_entry_a_reviewer_may_see_when_asked_for_any_state(
    reviewer_client, reviewer
):
    waiting = submitted()
    decided = submitted()
    decided.transition("reject", reviewer, comment="No source.")
    ProgressEntryFactory()  # drafts stay with their organization

    assert set(listed(reviewer_client.get(QUEUE_URL, {"workflow_state": ""}))) == {
        waiting,
        decided,
    }
    assert listed(reviewer_client.get(QUEUE_URL, {"workflow_state": "draft"})) == []


def test_it_filters_by_status_state_region_and_organization(reviewer_client):
    kenya, france = State.objects.get(iso3="KEN"), State.objects.get(iso3="FRA")
    ngo = OrganizationFactory()
    in_kenya = submitted(state=kenya, status=ImplementationStatus.IMPLEMENTED, organization=ngo)
    submitted(state=france, status=ImplementationStatus.IMPLEMENTED)
    regressed_in_kenya = submitted(state=kenya, status=ImplementationStatus.REGRESSED)

    assert listed(
        reviewer_client.get(
            QUEUE_URL, {"status": "implemented", "state": "KEN", "organization": ngo.pk}
        )
    ) == [in_kenya]
    assert listed(reviewer_client.get(QUEUE_URL, {"region": kenya.region_id})) == [
        in_kenya,
        regressed_in_kenya,
    ]


def test_it_filters_by_resolution_and_adopting_body(reviewer_client):
    council = ResolutionFactory(body=Body.HUMAN_RIGHTS_COUNCIL)
    on_council = submitted(commitment=CommitmentFactory(paragraph__resolution=council))
    submitted()  # General Assembly

    assert listed(reviewer_client.get(QUEUE_URL, {"resolution": council.pk})) == [on_council]
    assert listed(reviewer_client.get(QUEUE_URL, {"body": "HRC"})) == [on_council]


def test_it_filters_by_submission_date_and_summary_words(reviewer_client):
    old = submitted(summary="The anti-trafficking unit was given a budget.")
    old.submitted_at = timezone.make_aware(datetime.datetime(2024, 1, 15, 12))
    old.save()
    recent = submitted(summary="The unit's budget was cut by half.")

    in_january = reviewer_client.get(
        QUEUE_URL, {"submitted_after": "2024-01-01", "submitted_before": "2024-01-31"}
    )
    searched = reviewer_client.get(QUEUE_URL, {"q": "budget CUT"})

    assert listed(in_january) == [old]
    assert listed(searched) == [recent]


def test_it_explains_invalid_filters_instead_of_failing(reviewer_client):
    submitted()

    response = reviewer_client.get(
        QUEUE_URL,
        {
            "workflow_state": "bogus",
            "state": "ZZZ",
            "region": "not-a-number",
            "submitted_after": "yesterday",
        },
    )

    assert response.status_code == 200
    assert listed(response) == []
    errors = response.context["filter"].form.errors
    assert set(errors) == {"workflow_state", "state", "region", "submitted"}
    assert "Select a valid choice" in response.content.decode()
    assert "Enter a valid date." in response.content.decode()


def test_it_marks_the_reviewers_own_entries(client):
    organization = OrganizationFactory()
    author = UserFactory(role="Contributors", organizations=[organization])
    author.groups.add(Group.objects.get(name="Reviewers"))
    own = submitted(created_by=author, organization=organization)
    other = submitted()
    client.force_login(author)

    response = client.get(QUEUE_URL)

    rows = response.content.decode().split("<tr")
    marked = [row for row in rows if "yours — another reviewer must decide" in row]
    assert len(marked) == 1 and own.get_absolute_url() in marked[0]
    assert other in listed(response)


def test_it_pages_through_a_long_queue_keeping_the_filters(reviewer_client):
    for _ in range(27):
        submitted(status=ImplementationStatus.PARTIAL)

    first = reviewer_client.get(QUEUE_URL, {"status": "partial"})
    second = reviewer_client.get(QUEUE_URL, {"status": "partial", "page": 2})

    assert len(listed(first)) == 25 and len(listed(second)) == 2
    assert "status=partial&amp;page=2" in first.content.decode()
    assert not set(listed(first)) & set(listed(second))


def test_it_counts_evidence_per_entry_in_the_queue(reviewer_client):
    entry = ProgressEntryFactory()
    entry.add_evidence(entry.created_by, citation="One")
    gone = entry.add_evidence(entry.created_by, citation="Two")
    entry.remove_evidence(entry.created_by, gone)
    entry.add_evidence(entry.created_by, url="https://example.org/three")
    entry.transition("submit", entry.created_by)

    response = reviewer_client.get(QUEUE_URL)

    assert [e.evidence_count for e in listed(response)] == [2]
    assert listed(response)[0].workflow_state == WorkflowState.SUBMITTED


# --- what each row says -----------------------------------------------------------------------

KENYA_SUMMARY = "The labour inspectorate was given powers to enter farms and fishing boats."


def approved(reviewer, **fields):
    entry = submitted(**fields)
    entry.transition("approve", reviewer)
    return entry


def row_of(response, entry):
    """The queue's table row of `entry`, as HTML."""
    content = response.content.decode()
    start = content.index(f'id="entry-{entry.pk}"')
    return content[start : content.index("</tr>", start)]


def test_it_says_when_each_entry_was_submitted_and_what_it_reports(reviewer_client):
    commitment = CommitmentFactory(paragraph__number="7")
    entry = submitted(
        state=State.objects.get(iso3="KEN"),
        commitment=commitment,
        status=ImplementationStatus.IN_PROGRESS,
        summary=KENYA_SUMMARY,
    )
    entry.submitted_at = timezone.make_aware(datetime.datetime(2026, 3, 14, 9, 5))
    entry.save()

    row = row_of(reviewer_client.get(QUEUE_URL), entry)

    symbol = commitment.resolution.display_symbol
    assert '<time datetime="2026-03-14T09:05:00+00:00">14 Mar 2026, 09:05</time>' in row
    assert (
        f'<a href="{entry.get_absolute_url()}?queue=">Kenya</a> <span class="muted">on</span> '
        f'<a href="{commitment.get_absolute_url()}">{symbol} OP 7</a>'
    ) in row
    assert (
        '<p class="queue-summary"><span class="badge status status-in_progress">In progress'
        f"</span> {KENYA_SUMMARY}</p>"
    ) in row
    assert "Resubmitted" not in row


def test_it_cuts_a_long_summary_to_one_line(reviewer_client):
    entry = submitted(summary="Shelters " * 40)

    row = row_of(reviewer_client.get(QUEUE_URL), entry)

    # 120 characters in all, the last an ellipsis.
    assert f"</span> {('Shelters ' * 14)[:119]}…</p>" in row


def test_it_says_what_approving_each_entry_would_change(reviewer_client, reviewer):
    kenya, france = State.objects.get(iso3="KEN"), State.objects.get(iso3="FRA")
    commitment = CommitmentFactory()
    march, may = datetime.date(2026, 3, 1), datetime.date(2026, 5, 1)
    approved(reviewer, state=kenya, commitment=commitment, status="not_started", fact_date=march)
    approved(reviewer, state=france, commitment=commitment, status="partial", fact_date=may)
    news = submitted(state=kenya, commitment=commitment, status="in_progress", fact_date=may)
    same = submitted(state=france, commitment=commitment, status="partial", fact_date=may)
    older = submitted(state=france, commitment=commitment, status="implemented", fact_date=march)
    first = submitted(commitment=CommitmentFactory(), status="implemented")

    response = reviewer_client.get(QUEUE_URL)

    effects = {
        entry.pk: (
            entry.if_approved.current_label,
            entry.if_approved.label,
            entry.if_approved.changes,
            entry.if_approved.outdated,
        )
        for entry in listed(response)
    }
    assert effects == {
        news.pk: ("Not started", "In progress", True, False),
        same.pk: ("Partially implemented", "Partially implemented", False, False),
        older.pk: ("Partially implemented", "Partially implemented", False, True),
        first.pk: ("Not assessed", "Implemented", True, False),
    }
    assert (
        '<strong>Would change</strong> <span class="badge status status-not_started">Not started'
        '</span> → <span class="badge status status-in_progress">In progress</span>'
    ) in row_of(response, news)
    assert (
        'Same as the approved status <span class="badge status status-partial">'
        "Partially implemented</span>"
    ) in row_of(response, same)
    assert (
        'Would not change the approved <span class="badge status status-partial">Partially '
        "implemented</span>: it is as of 1 May 2026, later than this entry's 1 Mar 2026"
    ) in row_of(response, older)
    assert (
        '<strong>Would change</strong> <span class="badge status status-none">Not assessed'
        '</span> → <span class="badge status status-implemented">Implemented</span>'
    ) in row_of(response, first)


def test_it_says_on_the_same_fact_date_the_new_decision_would_win(reviewer_client, reviewer):
    kenya, commitment, day = (
        State.objects.get(iso3="KEN"),
        CommitmentFactory(),
        datetime.date(2026, 3, 1),
    )
    approved(reviewer, state=kenya, commitment=commitment, status="not_started", fact_date=day)
    entry = submitted(state=kenya, commitment=commitment, status="regressed", fact_date=day)

    (row,) = listed(reviewer_client.get(QUEUE_URL))

    assert row == entry
    assert (row.if_approved.current_label, row.if_approved.label) == ("Not started", "Regressed")
    assert row.if_approved.changes


def test_it_shows_what_a_resubmission_changed_since_it_was_sent_back(reviewer_client, reviewer):
    entry = ProgressEntryFactory(status="not_started", summary="A bill was drafted.")
    author = entry.created_by
    entry.add_evidence(author, citation="Draft bill, first reading")
    leaflet = entry.add_evidence(author, citation="Campaign leaflet")
    entry.transition("submit", author)
    entry.transition("request_changes", reviewer, "Cite the act, not the leaflet.")
    entry.refresh_from_db()
    entry.edit(author, status="implemented", summary="The act was adopted.")
    entry.remove_evidence(author, leaflet)
    entry.add_evidence(author, citation="Act No. 4 of 2026")
    entry.transition("submit", author)
    unchanged = submitted()
    unchanged.transition("request_changes", reviewer, "Please check the date.")
    unchanged.refresh_from_db()
    unchanged.transition("submit", unchanged.created_by)

    response = reviewer_client.get(QUEUE_URL)

    rows = {row.pk: row for row in listed(response)}
    change = rows[entry.pk].resubmission
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("Status", "Not started", "Implemented"),
        ("Summary", "A bill was drafted.", "The act was adopted."),
    ]
    assert [record.citation for record in change.evidence_added] == ["Act No. 4 of 2026"]
    assert [record.citation for record in change.evidence_removed] == ["Campaign leaflet"]
    assert change.requested_by == reviewer
    row = row_of(response, entry)
    assert '<span class="badge muted-badge resubmitted">Resubmitted</span>' in row
    for line in (
        "<li>Status: Not started → Implemented</li>",
        "<li>Summary rewritten</li>",
        "<li>Evidence added: Act No. 4 of 2026</li>",
        "<li>Evidence removed: Campaign leaflet</li>",
    ):
        assert line in row, line
    assert rows[unchanged.pk].resubmission.unchanged
    assert "Resubmitted unchanged since changes were requested on" in row_of(response, unchanged)


def test_it_offers_a_checkbox_only_on_entries_the_reviewer_may_decide(client):
    organization = OrganizationFactory()
    author = UserFactory(role="Contributors", organizations=[organization])
    author.groups.add(Group.objects.get(name="Reviewers"))
    own = submitted(created_by=author, organization=organization)
    other = submitted()
    client.force_login(author)

    response = client.get(QUEUE_URL)

    assert f'name="entries" value="{other.pk}"' in row_of(response, other)
    assert f'name="revision-{other.pk}" value="{other.revision}"' in row_of(response, other)
    assert 'name="entries"' not in row_of(response, own)
