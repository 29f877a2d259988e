import datetime

import pytest

from commitments.choices import ActorKind, AddresseeKind, Strength
from tests.factories.commitments import (
    ActorFactory,
    CommitmentFactory,
    ParagraphFactory,
    ResolutionFactory,
)

CRIMINALIZE = (
    "Calls upon all Governments to criminalize all forms of trafficking in persons, and to "
    "bring to justice and punish the offenders and intermediaries involved;"
)
NON_PUNISHMENT = (
    "Urges Governments to take all appropriate measures to ensure that victims of trafficking "
    "are not penalized or prosecuted for acts committed as a direct result of being trafficked;"
)
TRUST_FUND = (
    "Invites States to contribute to the United Nations Voluntary Trust Fund for Victims of "
    "Trafficking in Persons, Especially Women and Children;"
)


@pytest.fixture
def make_resolution():
    def make(adopted_on, symbol=None):
        return ResolutionFactory(
            adopted_on=adopted_on
            if adopted_on is None
            else datetime.date.fromisoformat(adopted_on),
            **({"symbol": symbol} if symbol else {}),
        )

    return make


@pytest.fixture
def make_ask():
    """A trackable commitment of `resolution` with the given wording (verb phrase first)."""

    def make(resolution, text, *, verb="Calls upon", strength=Strength.STRONG, actors=None):
        paragraph = ParagraphFactory(resolution=resolution, opener=verb, text=text)
        if actors is None:
            actors = [ActorFactory(name="Governments", kind=ActorKind.STATES)]
        kinds = {actor.kind for actor in actors}
        actor_kind = (
            AddresseeKind.STATES
            if kinds == {ActorKind.STATES}
            else AddresseeKind.UN_SYSTEM
            if kinds == {ActorKind.UN_SYSTEM}
            else AddresseeKind.MIXED
        )
        return CommitmentFactory(
            paragraph=paragraph,
            verb_phrase=verb,
            strength=strength,
            actor_kind=actor_kind,
            actors=actors,
        )

    return make
