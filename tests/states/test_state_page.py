"""The state page leads with what is assessed; its list filters; it says where the state stands."""

import datetime

import pytest
from django.urls import reverse

from states.choices import ImplementationStatus as Status
from states.choices import WorkflowState
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory, TopicFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


def approve(reviewer, **fields):
    entry = ProgressEntryFactory(**fields)
    entry.transition("submit", entry.created_by)
    entry.transition("approve", reviewer)
    return entry


def page(client, state, **params):
    response = client.get(reverse("states:state_detail", args=[state.slug]), params)
    assert response.status_code == 200
    return response


def test_it_leads_with_what_is_assessed_and_the_latest_approved_progress(client, reviewer, kenya):
    assessed = CommitmentFactory(named_states=["KEN"])
    CommitmentFactory()  # not assessed
    approve(
        reviewer,
        commitment=assessed,
        state=kenya,
        status=Status.PARTIAL,
        fact_date=datetime.date(2025, 3, 1),
        summary="Kenya opened two shelters for survivors in Mombasa.",
    )
    submitted = ProgressEntryFactory(state=kenya, summary="Not yet reviewed.")
    submitted.transition("submit", submitted.created_by)

    response = page(client, kenya)

    html = response.content.decode()
    assert [c.pk for c in response.context["leading_assessed"]] == [assessed.pk]
    assert html.index('id="assessed-heading"') < html.index('id="commitments-heading"')
    assert "Kenya's latest approved status on each commitment it has one on (1)." in html
    lead = html[html.index('id="assessed-commitments"') : html.index('id="latest-heading"')]
    assert "Partially implemented" in lead and "1 Mar 2025" in lead
    assert "Addressed to this state by name</span>" in lead
    assert "Kenya opened two shelters for survivors in Mombasa." in html
    assert "Not yet reviewed." not in html


def test_it_says_when_nothing_is_assessed(client, kenya):
    CommitmentFactory()

    html = page(client, kenya).content.decode()

    assert "Kenya has no approved assessment yet" in html
    assert "No approved progress on Kenya yet." in html
    assert "Kenya has no approved progress yet on the 1 commitment addressed to states." in html


def test_it_filters_the_list_by_resolution_topic_and_status(client, reviewer, kenya):
    topic = TopicFactory(name="Victim protection")
    first = ResolutionFactory()
    implemented = CommitmentFactory(paragraph__resolution=first, topics=[topic])
    unassessed = CommitmentFactory(paragraph__resolution=first)
    elsewhere = CommitmentFactory(topics=[topic])
    approve(reviewer, commitment=implemented, state=kenya, status=Status.IMPLEMENTED)
    approve(reviewer, commitment=elsewhere, state=kenya, status=Status.NOT_STARTED)

    def listed(**params):
        return {c.pk for c in page(client, kenya, **params).context["commitments"]}

    assert listed() == {implemented.pk, unassessed.pk, elsewhere.pk}
    assert listed(resolution=first.pk) == {implemented.pk, unassessed.pk}
    assert listed(topic=topic.pk) == {implemented.pk, elsewhere.pk}
    assert listed(status="implemented") == {implemented.pk}
    assert listed(status="none") == {unassessed.pk}
    assert listed(resolution=first.pk, status="not_started") == set()
    assert listed(assessed="1", topic=topic.pk) == {implemented.pk, elsewhere.pk}
    html = page(client, kenya, resolution=first.pk, status="not_started").content.decode()
    assert "No commitment matches these filters." in html


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"resolution": "abc"}, {"topic": "0"}])
def test_it_shows_filter_errors_instead_of_a_list(client, kenya, params):
    CommitmentFactory()

    response = page(client, kenya, **params)

    assert list(response.context["commitments"]) == []
    html = response.content.decode()
    assert "Some filters are not valid; fix them to see the commitments." in html
    assert "Fix the filters to see the commitments." in html


def test_it_says_where_the_state_stands_among_its_neighbours(client, reviewer, kenya):
    commitments = [CommitmentFactory() for _ in range(4)]
    uganda, tanzania = State.objects.get(iso3="UGA"), State.objects.get(iso3="TZA")
    organization = OrganizationFactory()
    for state, count in ((kenya, 2), (uganda, 3), (tanzania, 1)):
        for commitment in commitments[:count]:
            approve(reviewer, commitment=commitment, state=state, organization=organization)
    neighbours = State.objects.members().filter(intermediate_region=kenya.intermediate_region)

    html = page(client, kenya).content.decode()

    assert kenya.intermediate_region.name == "Eastern Africa"
    assert (
        '<p class="standing" id="standing">Kenya has approved progress on 50% of the 4 '
        "commitments addressed to states (2); 2nd of "
        f"{neighbours.count()} states in Eastern Africa.</p>"
    ) in html


def test_it_offers_the_states_data_to_download(client, kenya):
    html = page(client, kenya).content.decode()

    assert (
        '<a class="download-link" href="/downloads/?dataset=statuses&amp;state=KEN">'
        "current status on each commitment</a>"
    ) in html
    assert '<a href="/downloads/?state=KEN">progress entries</a>' in html


def test_it_gives_every_chart_of_the_profile_a_legend(client, kenya):
    html = page(client, kenya).content.decode()

    assert html.count('<ul class="legend" aria-label="Legend">') == 2
    assert (
        '<span class="status-swatch status-implemented" aria-hidden="true"></span>Implemented'
        in html
    )


def test_it_keeps_the_workflow_of_entries_out_of_the_lead(client, kenya):
    ProgressEntryFactory(state=kenya, workflow_state=WorkflowState.DRAFT, summary="A draft.")

    assert "A draft." not in page(client, kenya).content.decode()
