"""
A chapeau's status is the roll-up of its sub-paragraphs' current assessments, wherever it is
shown; progress recorded on it before the rule stays and is shown with a notice; no new
entry can be recorded on it.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from states.choices import ImplementationStatus as Status
from states.models import ProgressEntry, State
from states.rollups import Rollup, rollups_by_subject, rollups_for
from tests.factories.commitments import CommitmentFactory, ResolutionFactory, chapeau_with_subs
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTICE = (
    "This paragraph introduces sub-paragraphs (a)–(e); progress is now tracked on each of them. "
    "Entries recorded here are kept."
)


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def nigeria():
    return State.objects.get(iso3="NGA")


def approved(commitment, subject, status, reviewer):
    entry = ProgressEntryFactory(
        commitment=commitment, state=subject, status=status, fact_date=datetime.date(2025, 5, 1)
    )
    entry.transition("submit", entry.created_by)
    entry.transition("approve", reviewer)
    return entry


@pytest.fixture
def assessed(kenya, nigeria, reviewer):
    """OP 2 (a)–(e): Kenya has three implemented and one in progress, Nigeria one partial."""
    chapeau, subs = chapeau_with_subs(
        resolution=ResolutionFactory(symbol="A/RES/98/7"), subs="abcde"
    )
    for sub, status in zip(subs, [Status.IMPLEMENTED] * 3 + [Status.IN_PROGRESS], strict=False):
        approved(sub, kenya, status, reviewer)
    approved(subs[0], nigeria, Status.PARTIAL, reviewer)
    return chapeau, subs


def test_it_rolls_up_the_sub_paragraphs_assessments_in_words():
    assert str(Rollup(5, {Status.IMPLEMENTED: 3, Status.IN_PROGRESS: 1})) == (
        "3 of 5 sub-paragraphs implemented, 1 in progress, 1 not assessed"
    )
    assert str(Rollup(2, {Status.NO_INFORMATION: 1, Status.PARTIAL: 1})) == (
        "1 of 2 sub-paragraphs partially implemented, 1 with no information"
    )
    assert str(Rollup(1, {Status.REGRESSED: 1})) == "1 of 1 sub-paragraph regressed"
    assert str(Rollup(4)) == "4 sub-paragraphs, none assessed"


def test_it_rolls_up_a_chapeau_for_one_subject(assessed, kenya, nigeria):
    chapeau, _ = assessed
    other, _ = chapeau_with_subs(resolution=chapeau.resolution, number="3", subs="ab")

    kenyan = rollups_for([chapeau, other], state=kenya)
    assert (
        str(kenyan[chapeau.pk])
        == "3 of 5 sub-paragraphs implemented, 1 in progress, 1 not assessed"
    )
    assert str(kenyan[other.pk]) == "2 sub-paragraphs, none assessed"
    assert str(rollups_for([chapeau], state=nigeria)[chapeau.pk]) == (
        "1 of 5 sub-paragraphs partially implemented, 4 not assessed"
    )


def test_it_rolls_up_an_organizations_assessments(reviewer):
    chapeau, subs = chapeau_with_subs(subs="ab")
    watchers = OrganizationFactory(name="Anti-Slavery Watch")
    entry = ProgressEntryFactory(
        commitment=subs[1],
        state=None,
        subject_organization=watchers,
        status=Status.NOT_STARTED,
    )
    entry.transition("submit", entry.created_by)
    entry.transition("approve", reviewer)

    assert str(rollups_for([chapeau], organization=watchers)[chapeau.pk]) == (
        "1 of 2 sub-paragraphs not started, 1 not assessed"
    )
    assert [(row.name, str(row.rollup)) for row in rollups_by_subject(chapeau)] == [
        ("Anti-Slavery Watch", "1 of 2 sub-paragraphs not started, 1 not assessed")
    ]


def test_it_counts_nested_sub_paragraphs_and_not_the_chapeaux_between(kenya, reviewer):
    chapeau, (first, second) = chapeau_with_subs(subs="ab")
    second.paragraph.commitment.__class__.objects.filter(pk=second.pk).update(
        is_chapeau=True, is_trackable=False
    )
    nested = CommitmentFactory(
        paragraph__resolution=chapeau.resolution,
        paragraph__number=chapeau.paragraph.number,
        paragraph__sub="b-i",
        paragraph__parent=second.paragraph,
    )
    approved(nested, kenya, Status.IMPLEMENTED, reviewer)

    assert str(rollups_for([chapeau], state=kenya)[chapeau.pk]) == (
        "1 of 2 sub-paragraphs implemented, 1 not assessed"
    )


def test_it_rolls_up_any_number_of_chapeaux_in_two_queries(kenya, reviewer):
    few = [chapeau_with_subs(number=str(n), subs="ab")[0] for n in (1, 2)]
    many = few + [chapeau_with_subs(number=str(n), subs="abc")[0] for n in (3, 4, 5)]

    for chapeaux in (few, many):
        with CaptureQueriesContext(connection) as queries:
            rollups_for(chapeaux, state=kenya)
        assert len(queries) == 2


def test_it_shows_a_chapeaus_roll_up_by_state_on_its_page(client, assessed):
    chapeau, _ = assessed

    page = client.get(chapeau.get_absolute_url()).content.decode()

    assert "Sub-paragraphs by state" in page
    assert (
        f'<a href="{reverse("states:state_detail", args=["kenya"])}">Kenya</a>: '
        '<span class="rollup">3 of 5 sub-paragraphs implemented, 1 in progress, '
        "1 not assessed</span>"
    ) in page
    assert (
        'Nigeria</a>: <span class="rollup">1 of 5 sub-paragraphs partially implemented, 4 not'
        in page
    )
    assert "tracked in its sub-paragraphs" in page
    assert "Record progress" not in page


def test_it_keeps_a_chapeaus_page_to_one_state_as_the_matrix_asks(client, assessed):
    chapeau, _ = assessed

    page = client.get(chapeau.get_absolute_url() + "?state=nga").content.decode()

    assert "1 of 5 sub-paragraphs partially implemented, 4 not assessed" in page
    assert "3 of 5 sub-paragraphs implemented" not in page


def test_it_shows_the_progress_recorded_on_a_chapeau_with_a_notice(client, kenya, reviewer):
    chapeau, _ = chapeau_with_subs(subs="abcde")
    # Recorded before the rule, when a chapeau was tracked: written as that time did.
    chapeau.__class__.objects.filter(pk=chapeau.pk).update(is_chapeau=False, is_trackable=True)
    entry = approved(chapeau, kenya, Status.PARTIAL, reviewer)
    chapeau.__class__.objects.filter(pk=chapeau.pk).update(is_chapeau=True, is_trackable=False)

    commitment_page = client.get(chapeau.get_absolute_url()).content.decode()
    entry_page = client.get(reverse("states:entry_detail", args=[entry.pk])).content.decode()

    assert NOTICE in commitment_page
    assert reverse("states:entry_detail", args=[entry.pk]) in commitment_page
    assert NOTICE in entry_page


def test_it_shows_no_notice_on_a_paragraph_without_sub_paragraphs(client, kenya, reviewer):
    commitment = CommitmentFactory()
    entry = approved(commitment, kenya, Status.PARTIAL, reviewer)

    commitment_page = client.get(commitment.get_absolute_url()).content.decode()
    entry_page = client.get(reverse("states:entry_detail", args=[entry.pk])).content.decode()

    assert "introduces sub-paragraphs" not in commitment_page + entry_page
    assert "Sub-paragraphs by state" not in commitment_page


def test_it_shows_a_chapeaus_page_in_constant_queries(client, assessed, kenya, reviewer):
    chapeau, subs = assessed
    plain = CommitmentFactory(paragraph__resolution=chapeau.resolution, paragraph__number="9")
    approved(plain, kenya, Status.PARTIAL, reviewer)
    client.force_login(UserFactory(role="Contributors"))

    def measure(commitment):
        client.get(commitment.get_absolute_url())  # its figures cached, as for any reader
        with CaptureQueriesContext(connection) as queries:
            client.get(commitment.get_absolute_url())
        return len(queries)

    plain_queries, few = measure(plain), measure(chapeau)
    # More states assessed on more sub-paragraphs: the same queries.
    approved(subs[4], kenya, Status.REGRESSED, reviewer)
    for iso3 in ("BRA", "FRA", "IND"):
        approved(subs[1], State.objects.get(iso3=iso3), Status.PARTIAL, reviewer)
    many = measure(chapeau)

    assert few == many
    # The roll-up's two queries and the sub-paragraphs' labels, at most, over a plain page.
    assert few <= plain_queries + 3


def test_it_refuses_a_new_entry_on_a_chapeau_in_the_form(client):
    chapeau, subs = chapeau_with_subs(
        resolution=ResolutionFactory(symbol="A/RES/98/7"), subs="abcde"
    )
    organization = OrganizationFactory()
    client.force_login(UserFactory(role="Contributors", organizations=[organization]))

    choices = client.get(reverse("states:entry_create")).context["form"]["commitment"]
    response = client.post(
        reverse("states:entry_create"),
        {
            "commitment": chapeau.pk,
            "state": State.objects.get(iso3="KEN").pk,
            "organization": organization.pk,
            "status": "partial",
            "fact_date": "2025-06-30",
            "summary": "The law was passed.",
            "confidence": "high",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "10",
        },
    )

    assert [choice.data["value"] for choice in choices][1:] == [sub.pk for sub in subs]
    assert response.status_code == 200
    assert response.context["form"].errors["commitment"] == [
        "A/RES/98/7 OP 2 introduces sub-paragraphs (a)–(e); record progress on one of them."
    ]
    assert not ProgressEntry.objects.exists()


def test_it_says_where_to_record_when_the_entry_form_is_opened_on_a_chapeau(client):
    chapeau, _ = chapeau_with_subs(resolution=ResolutionFactory(symbol="A/RES/98/7"), subs="ab")
    client.force_login(UserFactory(role="Contributors", organizations=[OrganizationFactory()]))

    response = client.get(reverse("states:entry_create"), {"commitment": chapeau.pk})

    assert response.status_code == 200
    assert (
        '<p class="notice">A/RES/98/7 OP 2 introduces sub-paragraphs (a)–(b); record progress '
        "on one of them.</p>"
    ) in response.content.decode()
    assert response.context["form"]["commitment"].value() is None
