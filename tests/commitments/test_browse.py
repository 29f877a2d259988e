import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.choices import AddresseeKind, Body, ParagraphKind, Strength
from tests.factories.commitments import (
    ActorFactory,
    CommitmentFactory,
    ParagraphFactory,
    ResolutionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("commitments:resolution_list")


def build_resolution(operative=3, preambular=2, **kwargs):
    """A resolution with `preambular` context paragraphs and `operative` commitments."""
    resolution = ResolutionFactory(**kwargs)
    for position in range(1, preambular + 1):
        ParagraphFactory(
            resolution=resolution,
            kind=ParagraphKind.PREAMBULAR,
            position=position,
            opener="Recalling",
            text=f"Recalling preambular paragraph {position},",
        )
    for number in range(1, operative + 1):
        CommitmentFactory(
            paragraph__resolution=resolution,
            paragraph__position=preambular + number,
            paragraph__number=str(number),
            paragraph__text=f"Urges Governments to act on matter {number};",
            paragraph__opener="Urges",
            verb_phrase="Urges",
        )
    return resolution


def test_it_lists_resolutions_with_their_commitment_counts(client):
    build_resolution(operative=3, symbol="A/RES/65/190", title="Trafficking in women and girls")
    declaratory = build_resolution(operative=1, symbol="A/HRC/RES/14/2")
    CommitmentFactory(
        paragraph__resolution=declaratory,
        paragraph__position=10,
        paragraph__number="2",
        strength=Strength.DECLARATORY,
        actor_kind=AddresseeKind.SELF,
    )

    response = client.get(LIST_URL)

    rows = {r.symbol: r for r in response.context["resolutions"]}
    assert rows["A/RES/65/190"].commitment_count == 3
    assert rows["A/RES/65/190"].trackable_count == 3
    assert rows["A/HRC/RES/14/2"].commitment_count == 2
    assert rows["A/HRC/RES/14/2"].trackable_count == 1
    assert b"Trafficking in women and girls" in response.content


def test_it_filters_resolutions_by_body_and_year(client):
    ResolutionFactory(
        symbol="A/RES/1", body=Body.GENERAL_ASSEMBLY, adopted_on=datetime.date(2010, 12, 21)
    )
    ResolutionFactory(
        symbol="A/HRC/RES/2", body=Body.HUMAN_RIGHTS_COUNCIL, adopted_on=datetime.date(2010, 6, 17)
    )
    ResolutionFactory(
        symbol="A/HRC/RES/3", body=Body.HUMAN_RIGHTS_COUNCIL, adopted_on=datetime.date(2016, 6, 30)
    )

    response = client.get(LIST_URL, {"body": "HRC", "year": "2010"})

    assert [r.symbol for r in response.context["resolutions"]] == ["A/HRC/RES/2"]


def test_it_filters_resolutions_by_topic_including_sub_topics(client):
    protection = TopicFactory(slug="protection", name="Protection")
    non_punishment = TopicFactory(slug="non-punishment", name="Non-punishment", parent=protection)
    tagged = CommitmentFactory(topics=[non_punishment]).resolution
    CommitmentFactory()

    response = client.get(LIST_URL, {"topic": protection.pk})

    assert list(response.context["resolutions"]) == [tagged]


def test_it_explains_an_invalid_filter_instead_of_failing(client):
    ResolutionFactory()

    response = client.get(LIST_URL, {"year": "last-year", "body": "NOPE"})

    next_year = timezone.localdate().year + 1
    assert response.status_code == 200
    assert f"Enter a year from 1945 to {next_year}.".encode() in response.content
    assert b"Select a valid choice" in response.content
    assert list(response.context["resolutions"]) == []


@pytest.mark.parametrize("year", ["0", "-1", "99999", str(10**30), "abc", "1e5", "2010.5"])
def test_it_refuses_a_year_outside_the_calendar_of_resolutions(client, year):
    ResolutionFactory(symbol="A/RES/70/1", adopted_on=datetime.date(2015, 9, 25))

    response = client.get(LIST_URL, {"year": year})

    next_year = timezone.localdate().year + 1
    assert response.status_code == 200
    assert f"Enter a year from 1945 to {next_year}.".encode() in response.content
    assert list(response.context["resolutions"]) == []


def test_it_offers_the_years_resolutions_can_have_been_adopted_in(client):
    ResolutionFactory(symbol="A/RES/1/1", adopted_on=datetime.date(1946, 1, 24))

    response = client.get(LIST_URL, {"year": "1946"})

    next_year = timezone.localdate().year + 1
    assert [r.symbol for r in response.context["resolutions"]] == ["A/RES/1/1"]
    assert f'min="1945" max="{next_year}"'.encode() in response.content


def test_it_lists_resolutions_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        build_resolution(operative=2)
    with django_assert_max_num_queries(4) as small:
        client.get(LIST_URL)
    for _ in range(12):
        build_resolution(operative=4)
    # 1 count for the paginator, 1 page of resolutions with annotated counts, 1 topic choices.
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(LIST_URL)


def test_it_shows_preamble_and_every_commitment_with_verb_actors_topics_strength(client):
    resolution = ResolutionFactory(symbol="A/RES/65/190", title="Trafficking in women and girls")
    ParagraphFactory(
        resolution=resolution,
        kind=ParagraphKind.PREAMBULAR,
        position=1,
        opener="Reaffirming",
        text="Reaffirming its previous resolutions on trafficking,",
    )
    topic = TopicFactory(slug="criminalization", name="Criminalization")
    secretary_general = ActorFactory(name="Secretary-General", kind="un_system")
    CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__position=2,
        paragraph__number="1",
        paragraph__opener="Also calls upon",
        paragraph__text="Also calls upon all Governments to criminalize trafficking;",
        verb_phrase="Also calls upon",
        topics=[topic],
    )
    CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__position=3,
        paragraph__number="2",
        paragraph__opener="Requests",
        paragraph__text="Requests the Secretary-General to report;",
        verb_phrase="Requests",
        strength=Strength.MODERATE,
        actor_kind=AddresseeKind.UN_SYSTEM,
        action="report",
        actors=[secretary_general],
    )

    response = client.get(resolution.get_absolute_url())

    content = response.content.decode()
    assert "<em>Reaffirming</em> its previous resolutions on trafficking," in content
    assert "<em>Also calls upon</em> all Governments to criminalize trafficking;" in content
    assert 'class="badge strength-strong"' in content
    assert 'class="badge strength-moderate"' in content
    assert "Criminalization" in content
    assert 'class="actor kind-states"' in content
    assert ">Secretary-General</span>" in content
    assert "→ report" in content
    assert [p.label for p in response.context["operative"]] == ["1", "2"]


def test_it_shows_a_resolution_in_a_constant_number_of_queries(client, django_assert_num_queries):
    small = build_resolution(operative=2, preambular=1)
    large = build_resolution(operative=40, preambular=25)
    # resolution (with the one that adopted a draft it recommends), paragraphs joined with
    # commitments, their actor links, their topics, the drafts it adopted on another organ's
    # recommendation, the reporting requests, its texts in other languages; the session's auth
    # lookups are absent for an anonymous visitor.
    with django_assert_num_queries(7):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(7):
        client.get(large.get_absolute_url())


def test_it_answers_404_for_an_unknown_resolution(client):
    assert client.get(reverse("commitments:resolution_detail", args=[999999])).status_code == 404
