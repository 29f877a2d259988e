"""Resolutions, commitments, actors, topics, states and organizations: public, filtered lists."""

import datetime
import json

import pytest

from commitments.choices import ActorKind, AddresseeKind, Body, Strength
from commitments.models import Commitment, Resolution, Topic
from states.models import State
from tests.api.matrix import OK, check_api_matrix, row
from tests.factories.commitments import (
    ActorFactory,
    CommitmentFactory,
    ParagraphFactory,
    ResolutionFactory,
    chapeau_with_subs,
)
from tests.factories.states import OrganizationFactory, UserFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db


def get(api, path, **params):
    response = api.get(path, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def ids(api, path, key="id", **params):
    return {item[key] for item in get(api, path, **params)["results"]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/resolutions/",
        "/api/v1/commitments/",
        "/api/v1/actors/",
        "/api/v1/topics/",
        "/api/v1/states/",
        "/api/v1/organizations/",
        "/api/v1/assessments/",
    ],
)
def test_it_shows_the_reference_lists_to_everyone(api, path):
    cast = Cast()
    cast.entry("approved")
    counts = []

    def send(api, _):
        response = api.get(path)
        counts.append(len(json.loads(response.content)["results"]))
        return response

    check_api_matrix(api, cast, row(*[OK] * 7), send=send)
    assert len(set(counts)) == 1 and counts[0] > 0


def test_it_refuses_writes_to_reference_data(api):
    api.force_authenticate(UserFactory(is_superuser=True))

    response = api.post("/api/v1/resolutions/", {"symbol": "A/RES/1/1"})

    assert response.status_code == 405
    assert not Resolution.objects.filter(symbol="A/RES/1/1").exists()


def test_it_gives_a_resolution_with_its_current_paragraphs_in_order(api):
    commitment = CommitmentFactory(paragraph__position=2, paragraph__number="1")
    resolution = commitment.resolution
    ParagraphFactory(
        resolution=resolution, kind="preambular", position=1, number="", text="Recalling…"
    )
    ParagraphFactory(resolution=resolution, position=None, number="9", retired=True)

    data = get(api, f"/api/v1/resolutions/{resolution.pk}/")

    assert data["symbol"] == resolution.symbol
    assert data["trackable_count"] == 1
    assert [(p["kind"], p["label"], p["commitment"]) for p in data["paragraphs"]] == [
        ("preambular", "PP1", None),
        ("operative", "1", commitment.pk),
    ]
    assert data["document_url"].endswith(f"/api/v1/resolutions/{resolution.pk}/document.json")


def test_it_filters_resolutions_by_body_year_topic_and_text(api):
    topic = Topic.objects.filter(parent__isnull=False).first()
    ga = CommitmentFactory(
        topics=[topic], paragraph__resolution__adopted_on=datetime.date(2010, 7, 30)
    ).resolution
    hrc = ResolutionFactory(
        body=Body.HUMAN_RIGHTS_COUNCIL, adopted_on=datetime.date(2014, 6, 26), title="Slavery"
    )

    assert ids(api, "/api/v1/resolutions/", body="HRC") == {hrc.pk}
    assert ids(api, "/api/v1/resolutions/", year=2010) == {ga.pk}
    assert ids(api, "/api/v1/resolutions/", topic=topic.parent.slug) == {ga.pk}
    assert ids(api, "/api/v1/resolutions/", q="slaver") == {hrc.pk}
    assert ids(api, "/api/v1/resolutions/", symbol=ga.symbol) == {ga.pk}


def test_it_filters_commitments_by_their_attributes(api):
    un = ActorFactory(name="UNODC", kind=ActorKind.UN_SYSTEM)
    strong = CommitmentFactory()
    moderate_un = CommitmentFactory(
        strength=Strength.MODERATE, actor_kind=AddresseeKind.UN_SYSTEM, actors=[un]
    )
    declaratory = CommitmentFactory(strength=Strength.DECLARATORY, actor_kind=AddresseeKind.SELF)
    retired = CommitmentFactory(retired=True)
    path = "/api/v1/commitments/"

    assert ids(api, path, strength="moderate") == {moderate_un.pk}
    assert ids(api, path, strength=["strong", "moderate"]) == {
        strong.pk,
        moderate_un.pk,
        retired.pk,
    }
    assert ids(api, path, actor_kind="un_system") == {moderate_un.pk}
    assert ids(api, path, addressee_kind="un_system") == {moderate_un.pk}
    assert ids(api, path, actor=un.pk) == {moderate_un.pk}
    assert ids(api, path, trackable="false") == {declaratory.pk}
    assert ids(api, path, retired="true") == {retired.pk}
    assert ids(api, path, resolution=strong.resolution_id) == {strong.pk}


def test_it_gives_commitments_with_addressees_topics_and_paragraph(api):
    topic = Topic.objects.first()
    commitment = CommitmentFactory(topics=[topic])

    data = get(api, f"/api/v1/commitments/{commitment.pk}/")

    assert data["label"] == commitment.paragraph.label
    assert data["text"] == commitment.paragraph.text
    assert data["resolution"]["symbol"] == commitment.resolution.symbol
    assert data["actors"] == [
        {
            "text": "States",
            "kind": "states",
            "actor": commitment.actors.get().pk,
            "actor_name": "States",
        }
    ]
    assert data["topics"] == [{"slug": topic.slug, "name": topic.name}]


def test_it_says_a_chapeau_is_tracked_in_its_sub_paragraphs(api):
    chapeau, (sub,) = chapeau_with_subs(subs="a")

    data = get(api, f"/api/v1/commitments/{chapeau.pk}/")
    sub_data = get(api, f"/api/v1/commitments/{sub.pk}/")

    assert (data["is_chapeau"], data["is_trackable"]) == (True, False)
    assert (sub_data["is_chapeau"], sub_data["is_trackable"]) == (False, True)


def test_it_pages_commitments_by_cursor(api):
    made = [CommitmentFactory().pk for _ in range(5)]

    first = get(api, "/api/v1/commitments/", page_size=3)
    second = json.loads(api.get(first["next"]).content)

    assert [c["id"] for c in first["results"] + second["results"]] == sorted(made)
    assert second["next"] is None


def test_it_finds_states_by_iso_code_and_region_at_any_tier(api):
    france = get(api, "/api/v1/states/FRA/")
    western_africa = ids(api, "/api/v1/states/", key="iso3", region="011", page_size=200)
    africa = ids(api, "/api/v1/states/", key="iso3", region="002", page_size=200)

    assert france["region"]["name"] == "Europe"
    assert france["subregion"]["m49_code"] == "155"
    assert "NGA" in western_africa and "KEN" not in western_africa
    assert western_africa < africa
    assert "KEN" in africa
    assert len(ids(api, "/api/v1/states/", key="iso3", page_size=200)) == State.objects.count()


def test_it_pages_the_reference_lists_by_number(api):
    first = get(api, "/api/v1/states/", page_size=50)
    last = get(api, "/api/v1/states/", page_size=50, page=4)

    assert first["count"] == State.objects.count()
    assert len(first["results"]) == 50
    assert last["next"] is None
    assert len(last["results"]) == State.objects.count() - 150


def test_it_filters_organizations_by_kind_and_country(api):
    kenyan = OrganizationFactory(country=State.objects.get(iso3="KEN"), kind="nhri")
    OrganizationFactory()

    assert ids(api, "/api/v1/organizations/", key="slug", country="KEN") == {kenyan.slug}
    assert ids(api, "/api/v1/organizations/", key="slug", kind="nhri") == {kenyan.slug}
    assert get(api, f"/api/v1/organizations/{kenyan.slug}/")["country"] == "KEN"


def test_it_lists_topics_with_their_parent_and_sdg_targets(api):
    child = Topic.objects.filter(parent__isnull=False).first()

    children = ids(api, "/api/v1/topics/", key="slug", parent=child.parent.slug)
    top = ids(api, "/api/v1/topics/", key="slug", top_level="true")
    data = get(api, f"/api/v1/topics/{child.slug}/")

    assert child.slug in children
    assert child.slug not in top and child.parent.slug in top
    assert data["parent"] == child.parent.slug
    assert data["sdg_targets"] == sorted(t.code for t in child.sdg_targets.all())


def test_it_counts_each_actors_current_commitments(api):
    actor = ActorFactory(name="INTERPOL", kind=ActorKind.INTERGOVERNMENTAL)
    CommitmentFactory(actors=[actor])
    CommitmentFactory(actors=[actor], retired=True)

    data = get(api, f"/api/v1/actors/{actor.pk}/")

    assert data["commitment_count"] == 1
    assert ids(api, "/api/v1/actors/", q="interp") == {actor.pk}
    assert Commitment.objects.filter(actors=actor).count() == 2


def test_it_filters_resolutions_and_commitments_by_change_time(api):
    old = CommitmentFactory()
    Resolution.objects.filter(pk=old.resolution_id).update(
        updated=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    Commitment.objects.filter(pk=old.pk).update(
        updated=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    new = CommitmentFactory()

    since = "2021-01-01T00:00:00Z"
    assert ids(api, "/api/v1/resolutions/", updated_since=since) == {new.resolution_id}
    assert ids(api, "/api/v1/commitments/", updated_since=since) == {new.pk}


def test_it_filters_commitments_by_resolution_body_year_and_topic(api):
    topic = Topic.objects.filter(parent__isnull=False).first()
    tagged = CommitmentFactory(
        topics=[topic],
        paragraph__resolution__body=Body.ECOSOC,
        paragraph__resolution__adopted_on=datetime.date(2004, 7, 21),
    )
    CommitmentFactory(paragraph__resolution__adopted_on=datetime.date(2016, 12, 19))
    path = "/api/v1/commitments/"

    assert ids(api, path, body="ECOSOC") == {tagged.pk}
    assert ids(api, path, year=2004) == {tagged.pk}
    assert ids(api, path, topic=topic.slug) == {tagged.pk}
    assert ids(api, path, topic=topic.parent.slug) == {tagged.pk}


def test_it_filters_states_by_un_status_and_name(api):
    observers = ids(api, "/api/v1/states/", key="iso3", un_status="observer")

    assert observers == set(State.objects.observers().values_list("iso3", flat=True))
    assert len(observers) == 2
    assert ids(api, "/api/v1/states/", key="iso3", q="kenya") == {"KEN"}


def test_it_filters_commitments_that_address_a_state_by_name(api):
    named = CommitmentFactory(named_states=["KEN"])
    CommitmentFactory(named_states=["UGA"])
    CommitmentFactory()

    assert ids(api, "/api/v1/commitments/", named_state="KEN") == {named.pk}
