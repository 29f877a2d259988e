"""The kind of change between two versions of an ask (rules in commitments/lineage/linking.py)."""

import pytest

from commitments.choices import ActorKind, Strength
from commitments.lineage.linking import Ask, classify
from commitments.lineage.models import SIMILAR_ENOUGH
from commitments.models import CommitmentLink

Kind = CommitmentLink.Kind
STATES = frozenset({ActorKind.STATES})
ASK = (
    "Governments to criminalize all forms of trafficking in persons and to bring to justice "
    "and punish the offenders and intermediaries involved in trafficking in persons;"
)


def ask(text=ASK, *, verb="Calls upon", strength=Strength.STRONG, addressees=STATES):
    return Ask(1, 1, 1, verb, strength, text, ActorKind.STATES, addressees)


@pytest.mark.parametrize(
    ("earlier", "later", "kind"),
    [
        (ask(verb="Encourages", strength=Strength.MODERATE), ask(verb="Urges"), Kind.STRENGTHENED),
        (ask(verb="Urges"), ask(verb="Invites", strength=Strength.MODERATE), Kind.WEAKENED),
        (ask(verb="Encourages"), ask(verb="Strongly encourages"), Kind.STRENGTHENED),
        (ask(ASK.replace("to criminalize", "to consider criminalizing")), ask(), Kind.STRENGTHENED),
        (ask(), ask(ASK.replace("involved", "involved, as appropriate")), Kind.WEAKENED),
        (ask(), ask(addressees=STATES | {"civil society"}), Kind.BROADENED),
        (ask(addressees=STATES | {"civil society"}), ask(), Kind.NARROWED),
        (ask(), ask(), Kind.RENEWED),
        (ask(), ask(ASK.replace("Governments", "States")), Kind.RENEWED),
        (
            ask(),
            ask(
                ASK[:-1] + ", including public officials, whether local or foreign, as well as "
                "persons in authority found guilty of assaulting victims;"
            ),
            Kind.BROADENED,
        ),
        (
            ask(),
            ask("Governments to criminalize all forms of trafficking in persons;"),
            Kind.NARROWED,
        ),
        (
            ask(),
            ask(
                "Governments to prevent trafficking in persons through public awareness "
                "campaigns and to protect and assist the victims of trafficking with full "
                "respect for their human rights;"
            ),
            Kind.REWORDED,
        ),
    ],
    ids=[
        "verb-rank-rose",
        "verb-rank-fell",
        "strongly-added",
        "hedge-dropped",
        "hedge-added",
        "addressees-added",
        "addressees-dropped",
        "unchanged",
        "editorial",
        "clause-added",
        "clause-dropped",
        "changed-both-ways",
    ],
)
def test_it_names_the_kind_of_change(earlier, later, kind):
    assert classify(earlier, later) == kind


def test_it_reads_the_verb_before_the_addressees():
    earlier = ask(verb="Encourages", strength=Strength.MODERATE)
    later = ask(verb="Urges", addressees=STATES | {"civil society"})
    assert classify(earlier, later) == Kind.STRENGTHENED


@pytest.mark.parametrize(
    ("score", "kind"),
    [(0.449, Kind.RELATED), (0.45, Kind.STRENGTHENED), (0.451, Kind.STRENGTHENED)],
    ids=["below", "at", "above"],
)
def test_it_names_a_change_only_on_wording_similar_enough(score, kind):
    earlier = ask(verb="Encourages", strength=Strength.MODERATE)

    assert SIMILAR_ENOUGH == 0.45
    assert classify(earlier, ask(verb="Urges"), score) == kind


@pytest.mark.parametrize(
    "later",
    [
        ask(verb="Invites", strength=Strength.MODERATE),
        ask(addressees=STATES | {"civil society"}),
        ask(),
        ask("Governments to criminalize all forms of trafficking in persons;"),
    ],
    ids=["weakened", "broadened", "renewed", "narrowed"],
)
def test_it_calls_every_loosely_similar_pair_related(later):
    assert classify(ask(verb="Urges"), later, 0.3) == Kind.RELATED
    assert classify(ask(verb="Urges"), later, 0.9) != Kind.RELATED
