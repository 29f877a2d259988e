"""
The classes of renewal the linker follows (commitments/lineage/asks.py, matching.py), what it
says of each link, and reviewers' decisions kept through them.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.choices import ActorKind, AddresseeKind, Strength
from commitments.lineage.asks import action_of, normalize, object_similarity
from commitments.lineage.linking import link_all, link_resolution
from commitments.models import CommitmentLink
from tests.factories.commitments import (
    ActorFactory,
    CommitmentFactory,
    ParagraphFactory,
    ResolutionFactory,
)
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db
Status = CommitmentLink.Status

CONSULT = (
    "Encourages Governments to hold national consultations on the protection of older "
    "persons and to report thereon to the General Assembly at its sixty-third session;"
)
CONSULT_AGAIN = (
    "Invites Member States to hold national consultations on the protection of older "
    "persons and to report thereon to the General Assembly at its sixty-fifth session;"
)


def resolution(adopted_on, title="Older persons", **fields):
    return ResolutionFactory(
        adopted_on=datetime.date.fromisoformat(adopted_on), title=title, **fields
    )


def ask(of, text, verb, *, sub="", parent=None):
    paragraph = ParagraphFactory(resolution=of, opener=verb, text=text, sub=sub, parent=parent)
    return CommitmentFactory(
        paragraph=paragraph,
        verb_phrase=verb,
        strength=Strength.MODERATE,
        actor_kind=AddresseeKind.STATES,
        actors=[ActorFactory(name="States", kind=ActorKind.STATES)],
    )


def decision(of, text, *, sub="", parent=None):
    """A paragraph in which the adopting body decides for itself: not tracked."""
    paragraph = ParagraphFactory(resolution=of, opener="Decides", text=text, sub=sub, parent=parent)
    return CommitmentFactory(
        paragraph=paragraph,
        verb_phrase="Decides",
        strength=Strength.DECLARATORY,
        actor_kind=AddresseeKind.SELF,
        actors=[],
    )


def test_it_writes_what_only_moves_as_one_token():
    assert normalize("the Government of Belarus at its forty-first session on 9 August 2020") == (
        "states at session on date"
    )
    assert normalize("the Belarusian authorities in 2021") == "states in year"
    assert action_of(", in accordance with the mandate, to cooperate fully with") == "cooperat"
    assert object_similarity("to criminalize trafficking", "criminalization of trafficking") == 1


def test_it_links_and_explains_a_renewal_whose_verb_addressees_and_session_moved(client):
    earlier = ask(resolution("2008-12-18"), CONSULT, "Encourages")
    later = ask(resolution("2010-12-21"), CONSULT_AGAIN, "Invites")

    link_resolution(later.resolution)

    link = CommitmentLink.objects.get()
    assert (link.earlier, link.later, link.kind) == (earlier, later, CommitmentLink.Kind.RENEWED)
    assert link.explanation["rule"] == "wording"
    assert link.explanation_changed == [
        "the verb: “Encourages” became “Invites”",
        "the session: its sixty-third session became its sixty-fifth session",
        "the name of the States addressed: Governments became Member States",
    ]
    assert link.explanation_matched[:2] == [
        "the same kind of addressee (States)",
        "the same action (“hold”)",
    ]
    html = client.get(later.get_absolute_url()).content.decode()
    assert "Found by the wording of the two asks." in html
    assert "the verb: “Encourages” became “Invites”" in html


def test_it_follows_a_mandate_renewal_and_its_lettered_items():
    extend = (
        "to extend the mandate of the Special Rapporteur on the rights of older persons for a "
        "period of three years, with the following mandate:"
    )
    first, second = resolution("2020-07-16"), resolution("2023-07-12")
    old = decision(first, extend)
    old_item = decision(
        first, "To raise awareness of the rights of older persons;", sub="a", parent=old.paragraph
    )
    new = decision(second, extend.replace("three years", "three years, under a new title"))
    new_item = decision(
        second,
        "To raise awareness of the rights of older persons and their families;",
        sub="a",
        parent=new.paragraph,
    )

    link_resolution(second)

    links = {(link.earlier, link.later): link for link in CommitmentLink.objects.all()}
    assert set(links) == {(old, new), (old_item, new_item)}
    assert links[(old, new)].explanation["rule"] == "mandate"
    assert links[(old, new)].explanation_rule.startswith("A mandate renewed")


def test_it_links_an_ask_split_in_two_paragraphs_and_never_suggests_a_rejected_part_again():
    whole = ask(
        resolution("2018-12-18"),
        "to hold national consultations on the protection of older persons, and to adopt "
        "national action plans on ageing with the participation of older persons;",
        "Encourages",
    )
    later = resolution("2022-12-18")
    first_part = ask(
        later,
        "to hold national consultations on the protection of older persons, and to adopt "
        "national action plans on ageing;",
        "Encourages",
    )
    second_part = ask(
        later, "to adopt national action plans on ageing with older persons;", "Encourages"
    )

    link_resolution(later)

    links = {link.later: link for link in CommitmentLink.objects.all()}
    assert set(links) == {first_part, second_part}
    assert {link.earlier for link in links.values()} == {whole}
    assert links[second_part].explanation["rule"] == "split"
    links[second_part].decide(Status.REJECTED, UserFactory(role="Reviewers"), timezone.now())

    link_all(rebuild=True)
    link_resolution(later)

    assert set(CommitmentLink.objects.values_list("later_id", "status")) == {
        (first_part.pk, Status.SUGGESTED),
        (second_part.pk, Status.REJECTED),
    }


def test_it_links_asks_of_other_subjects_only_when_worded_nearly_alike():
    resources = (
        "to provide the Special Rapporteur with the assistance and resources necessary to "
        "fulfil the mandate, and to report on the situation to the Council;"
    )
    cooperate = "to cooperate fully with the Special Rapporteur and to accept visits;"
    belarus = resolution("2019-07-11", title="Situation of human rights in Belarus")
    ask(belarus, resources, "Urges")
    old_cooperate = ask(belarus, cooperate, "Urges")
    ask(belarus, "to release all persons detained for taking part in elections;", "Urges")
    ask(belarus, "to reform the electoral legal framework and its practices;", "Urges")
    ask(belarus, "to abolish the death penalty and commute sentences of prisoners;", "Urges")
    ask(belarus, "to establish an independent national institution in Minsk;", "Urges")
    leprosy = resolution("2020-07-16", title="Elimination of discrimination against leprosy")
    ask(
        leprosy,
        "to provide the Special Rapporteur with all the human, technical and financial "
        "resources necessary for the effective fulfilment of the mandate;",
        "Urges",
    )
    new_cooperate = ask(leprosy, cooperate, "Urges")
    ask(leprosy, "to combat stigma against persons affected by Hansen's disease;", "Urges")
    ask(leprosy, "to disseminate the principles and guidelines on leprosy widely;", "Urges")
    ask(leprosy, "to repeal laws segregating patients in colonies and sanatoriums;", "Urges")
    ask(leprosy, "to ensure early diagnosis, treatment and care by health workers;", "Urges")

    link_resolution(leprosy)

    assert list(CommitmentLink.objects.values_list("earlier", "later")) == [
        (old_cooperate.pk, new_cooperate.pk)
    ]


def test_it_shows_why_a_link_was_suggested_in_the_admin(client):
    earlier = ask(resolution("2008-12-18"), CONSULT, "Encourages")
    later = ask(resolution("2010-12-21"), CONSULT_AGAIN, "Invites")
    link_resolution(later.resolution)
    client.force_login(UserFactory(role="Reviewers", is_staff=True))

    html = client.get(
        reverse("admin:commitments_commitmentlink_change", args=[earlier.later_links.get().pk])
    ).content.decode()

    assert "Why the linker suggested it" in html
    assert "the verb: “Encourages” became “Invites”" in html


def test_it_links_a_paragraph_renewed_as_a_lettered_item_and_says_so():
    earlier = ask(
        resolution("1999-08-25"),
        "to take special measures to protect children, in particular girls, from rape and "
        "other forms of sexual abuse and gender-based violence in situations of armed conflict;",
        "Urges",
    )
    later_resolution = resolution("2001-11-20")
    chapeau = ParagraphFactory(resolution=later_resolution, opener="Urges", text="Urges States:")
    item = ask(
        later_resolution,
        "Take special measures to protect girls affected by armed conflict from rape and other "
        "forms of sexual violence and gender-based violence;",
        "Urges",
        sub="a",
        parent=chapeau,
    )

    link_resolution(later_resolution)

    link = CommitmentLink.objects.get()
    assert (link.earlier, link.later) == (earlier, item)
    assert "a paragraph became a lettered item" in link.explanation_changed


def test_it_links_an_ask_whose_addressee_was_not_placed_when_worded_nearly_alike():
    release = (
        "the immediate and unconditional release of all persons arbitrarily detained, "
        "including political prisoners, journalists and human rights defenders;"
    )
    earlier_paragraph = ParagraphFactory(
        resolution=resolution("2021-07-13"), opener="Demands", text=release
    )
    earlier = CommitmentFactory(
        paragraph=earlier_paragraph,
        verb_phrase="Demands",
        strength=Strength.STRONG,
        actor_kind=AddresseeKind.OTHER,
        actors=[ActorFactory(name="persons", kind=ActorKind.OTHER)],
    )
    later = ask(
        resolution("2022-07-08"), release.replace("journalists", "media workers"), "Demands"
    )

    link_resolution(later.resolution)

    assert list(CommitmentLink.objects.values_list("earlier", "later")) == [(earlier.pk, later.pk)]
