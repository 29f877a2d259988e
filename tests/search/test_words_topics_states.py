"""
Words in any order, without regard to case or accents; commitments found by their topics;
the search narrowed to a State. On whichever database the suite runs (PostgreSQL's full-text
search there, the fallback on SQLite): both must find the same things here.
"""

import pytest

from commitments.choices import ActorKind, AddresseeKind
from states.choices import WorkflowState
from states.models import State
from tests.factories.commitments import (
    ActorFactory,
    CommitmentFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.factories.states import ProgressEntryFactory

from .conftest import search

pytestmark = pytest.mark.django_db


def pks(response):
    return {row.pk for row in response.context["results"]}


def tab_counts(response):
    return {tab["kind"]: tab["count"] for tab in response.context["tabs"]}


@pytest.fixture
def trafficking_in_women():
    resolution = ResolutionFactory(symbol="A/RES/65/190", title="Trafficking in women and girls")
    ResolutionFactory(title="Global Plan of Action to Combat Trafficking in Persons")
    ResolutionFactory(title="Violence against women migrant workers")
    commitment = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__text="Urges Governments to combat trafficking in women and girls;",
    )
    CommitmentFactory(paragraph__text="Urges Governments to combat trafficking in persons;")
    CommitmentFactory(paragraph__text="Urges Governments to protect women migrant workers;")
    return resolution, commitment


@pytest.mark.parametrize(
    "query",
    ["trafficking women", "women trafficking", "Trafficking Women", "WOMEN   trafficking girls"],
)
def test_it_finds_every_word_in_any_order(client, trafficking_in_women, query):
    resolution, commitment = trafficking_in_women

    assert pks(search(client, query, kind="resolutions")) == {resolution.pk}
    assert pks(search(client, query, kind="commitments")) == {commitment.pk}


def test_it_still_reads_a_quoted_phrase_as_written(client, trafficking_in_women):
    resolution, commitment = trafficking_in_women

    assert pks(search(client, '"trafficking in women"', kind="commitments")) == {commitment.pk}
    assert pks(search(client, '"women trafficking"', kind="commitments")) == set()


@pytest.mark.parametrize(
    "query", ["seminaire regional", "SÉMINAIRE Régional", "régional séminaire"]
)
def test_it_leaves_accents_and_case_aside(client, approve, query):
    entry = approve(
        ProgressEntryFactory(summary="Séminaire régional held in Abidjan with the police.")
    )
    approve(ProgressEntryFactory(summary="A national seminar was held."))

    response = search(client, query, kind="evidence")

    assert pks(response) == {entry.pk}
    snippet = str(response.context["results"][0].snippets["summary"])
    assert "<mark>Séminaire</mark>" in snippet and "<mark>régional</mark>" in snippet


@pytest.fixture
def human_trafficking():
    topic = TopicFactory(slug="human-trafficking", name="Human trafficking")
    sub_topic = TopicFactory(slug="forced-labour", name="Forced labour", parent=topic)
    tagged = CommitmentFactory(
        paragraph__text="Calls upon States to protect migrant domestic workers;", topics=[topic]
    )
    tagged_below = CommitmentFactory(
        paragraph__text="Calls upon States to inspect farms and factories;", topics=[sub_topic]
    )
    CommitmentFactory(
        paragraph__text="Calls upon States to protect children online;",
        topics=[TopicFactory(slug="online", name="Online safety")],
    )
    in_words = CommitmentFactory(
        paragraph__text="Urges States to end human trafficking in all its forms;"
    )
    return tagged, tagged_below, in_words


@pytest.mark.parametrize("query", ["human trafficking", "Trafficking HUMAN"])
def test_it_finds_commitments_tagged_with_the_topic_searched(client, human_trafficking, query):
    tagged, tagged_below, in_words = human_trafficking

    response = search(client, query, kind="commitments")

    assert pks(response) == {tagged.pk, tagged_below.pk, in_words.pk}
    # The paragraph that has the words ranks first; the others say which topic found them.
    rows = response.context["results"]
    assert rows[0].pk == in_words.pk and rows[0].searched_topic is None
    assert {row.searched_topic for row in rows[1:]} == {"Human trafficking"}
    assert b"Tagged with the topic Human trafficking" in response.content


def test_it_needs_every_word_of_the_query_in_the_topic_name(client, human_trafficking):
    tagged, tagged_below, in_words = human_trafficking

    assert pks(search(client, "human trafficking online", kind="commitments")) == set()
    assert pks(search(client, "labour", kind="commitments")) == {tagged_below.pk}


def test_it_leaves_out_a_topic_hit_whose_paragraph_has_an_excluded_word(client, human_trafficking):
    tagged, tagged_below, in_words = human_trafficking

    response = search(client, "human trafficking -migrant", kind="commitments")

    assert pks(response) == {tagged_below.pk, in_words.pk}


@pytest.fixture
def france_and_kenya(approve):
    france, kenya = State.objects.get(iso3="FRA"), State.objects.get(iso3="KEN")
    resolution = ResolutionFactory(title="Shelters for survivors")
    to_states = CommitmentFactory(
        paragraph__resolution=resolution, paragraph__text="Urges States to fund shelters;"
    )
    secretariat = ActorFactory(name="Secretary-General", kind=ActorKind.UN_SYSTEM)
    to_secretariat = CommitmentFactory(
        paragraph__resolution=ResolutionFactory(title="Shelters report"),
        paragraph__text="Requests the Secretary-General to report on shelters;",
        actor_kind=AddresseeKind.UN_SYSTEM,
        actors=[secretariat],
    )
    naming_kenya = CommitmentFactory(
        paragraph__resolution=ResolutionFactory(title="Shelters in Kenya"),
        paragraph__text="Requests the Secretary-General to assist Kenya with shelters;",
        actor_kind=AddresseeKind.UN_SYSTEM,
        actors=[secretariat],
        named_states=["KEN"],
    )
    in_france = approve(
        ProgressEntryFactory(commitment=to_states, state=france, summary="Shelters opened.")
    )
    in_kenya = approve(
        ProgressEntryFactory(commitment=to_states, state=kenya, summary="Shelters planned.")
    )
    draft_in_france = ProgressEntryFactory(
        commitment=to_states, state=france, summary="Shelters drafted."
    )
    assert draft_in_france.workflow_state == WorkflowState.DRAFT
    return {
        "france": france,
        "kenya": kenya,
        "to_states": to_states,
        "to_secretariat": to_secretariat,
        "naming_kenya": naming_kenya,
        "in_france": in_france,
        "in_kenya": in_kenya,
        "draft_in_france": draft_in_france,
    }


def test_it_narrows_every_kind_to_a_state(client, france_and_kenya):
    data = france_and_kenya

    def found(**filters):
        return {
            kind: pks(search(client, "shelters", kind=kind, **filters))
            for kind in ("resolutions", "commitments", "evidence")
        }

    assert found() == {
        "resolutions": {
            data["to_states"].resolution_id,
            data["to_secretariat"].resolution_id,
            data["naming_kenya"].resolution_id,
        },
        "commitments": {
            data["to_states"].pk,
            data["to_secretariat"].pk,
            data["naming_kenya"].pk,
        },
        "evidence": {data["in_france"].pk, data["in_kenya"].pk},
    }
    assert found(state="france") == {
        "resolutions": {data["to_states"].resolution_id},
        "commitments": {data["to_states"].pk},
        "evidence": {data["in_france"].pk},
    }
    assert found(state="kenya") == {
        "resolutions": {data["to_states"].resolution_id, data["naming_kenya"].resolution_id},
        "commitments": {data["to_states"].pk, data["naming_kenya"].pk},
        "evidence": {data["in_kenya"].pk},
    }


def test_it_shows_a_member_the_drafts_of_the_state_too(client, france_and_kenya):
    data = france_and_kenya
    client.force_login(data["draft_in_france"].created_by)

    response = search(client, "shelters", kind="evidence", state="france")

    assert pks(response) == {data["in_france"].pk, data["draft_in_france"].pk}


def test_it_leaves_out_commitments_of_drafts_from_a_state(client):
    draft = ResolutionFactory(symbol=None, adopted_on=None, title="Shelters draft")
    CommitmentFactory(paragraph__resolution=draft, paragraph__text="Urges States to fund shelters;")

    response = search(client, "shelters", kind="commitments", state="france")

    assert pks(response) == set()
    assert pks(search(client, "shelters", kind="commitments")) != set()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"state": "atlantis"}, "Select a valid choice."),
        ({"state": "' OR 1=1 --"}, "Select a valid choice."),
        ({"topic": "not-a-number"}, "Select a valid choice."),
        ({"topic": str(10**30)}, "Select a valid choice."),
        ({"body": "parliament"}, "Select a valid choice."),
        ({"year": "twenty"}, "Enter a year from 1945"),
    ],
)
def test_it_explains_a_filter_value_it_cannot_use(client, params, message):
    CommitmentFactory(paragraph__text="Urges States to fund shelters;")

    response = search(client, "shelters", **params)

    assert response.status_code == 200
    assert response.context["searched"] is False
    assert b"Some filters are not valid" in response.content
    assert message.encode() in response.content


@pytest.mark.parametrize(
    ("kind", "limit"),
    # Counts of the three kinds, the open tab's page, the topics and the States of the form,
    # the State chosen; for progress, the matching evidence of the page's entries.
    [("resolutions", 7), ("commitments", 7), ("evidence", 8)],
)
def test_it_reads_a_constant_number_of_queries_narrowed_to_a_state_and_by_topic(
    client, approve, django_assert_max_num_queries, kind, limit
):
    france = State.objects.get(iso3="FRA")
    topic = TopicFactory(slug="shelter-topic", name="Shelters")

    def build(count):
        for _ in range(count):
            commitment = CommitmentFactory(
                paragraph__resolution=ResolutionFactory(title="Shelters for survivors"),
                paragraph__text="Urges States to fund shelters;",
                topics=[topic],
            )
            CommitmentFactory(paragraph__text="Urges States to train judges;", topics=[topic])
            entry = ProgressEntryFactory(
                commitment=commitment, state=france, summary="Shelters opened."
            )
            entry.add_evidence(entry.created_by, citation="Shelters census")
            approve(entry)

    def measure():
        with django_assert_max_num_queries(limit) as captured:
            response = search(client, "shelters", kind=kind, state="france")
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.context["results"])

    build(1)
    small, shown_small = measure()
    build(6)
    large, shown_large = measure()

    expected = (2, 14) if kind == "commitments" else (1, 7)
    assert (shown_small, shown_large) == expected
    assert small == large == limit
