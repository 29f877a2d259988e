from io import StringIO

import pytest
from django.core.management import call_command

from commitments.choices import Strength
from commitments.lexicon import lexicon_from_db
from commitments.models import OperativeVerb, VerbForm
from commitments.parsing import load_default_lexicon, parse_resolution

pytestmark = pytest.mark.django_db

TEXT = """The General Assembly,

Recalling its previous resolutions,

1. Implores Governments to criminalize trafficking in persons;

2. Urges States to protect victims.
"""


def test_it_seeds_the_bundled_lexicon_into_the_tables(seed_texts):
    database, bundled = lexicon_from_db(), load_default_lexicon()

    for name in ("verbs", "adverbs", "verb_complements", "preambular_openers", "actors", "topics"):
        assert len(getattr(database, name)) == len(getattr(bundled, name)), name
    for text in seed_texts.values():
        assert (
            parse_resolution(text, database).to_dict() == parse_resolution(text, bundled).to_dict()
        )


def test_it_parses_with_what_curators_add_in_the_admin():
    before = parse_resolution(TEXT, lexicon_from_db()).operative[0]
    verb = OperativeVerb.objects.create(canonical="implore", strength=Strength.STRONG)
    VerbForm.objects.create(verb=verb, form="implores")

    after = parse_resolution(TEXT, lexicon_from_db()).operative[0]

    assert before.canonical_verb != "implore"
    assert (after.verb, after.canonical_verb, after.strength) == ("Implores", "implore", "strong")


def test_it_reuses_the_compiled_lexicon_while_the_tables_are_unchanged():
    first = lexicon_from_db()
    compiled = first.compiled

    assert lexicon_from_db() is first
    assert lexicon_from_db().compiled is compiled

    VerbForm.objects.create(verb=OperativeVerb.objects.get(canonical="urge"), form="urgently asks")
    changed = lexicon_from_db()

    assert changed is not first
    assert "urgently asks" in next(verb for verb in changed.verbs if verb.canonical == "urge").forms


def test_it_adds_bundled_entries_missing_from_the_tables_and_keeps_edits():
    VerbForm.objects.filter(form__iexact="urges").delete()
    urge = OperativeVerb.objects.get(canonical="urge")
    urge.strength = Strength.BINDING
    urge.save()

    call_command("seed_lexicon", stdout=StringIO())

    assert VerbForm.objects.filter(form__iexact="urges", verb=urge).exists()
    urge.refresh_from_db()
    assert urge.strength == Strength.BINDING


@pytest.mark.django_db
def test_it_seeds_the_un_entity_registry_and_the_non_state_kind():
    """Migration 0008: the registry of UN system entities is in the admin's actor table."""
    from commitments.models import Actor, ActorAlias

    outer_space = ActorAlias.objects.get(alias="Committee on the Peaceful Uses of Outer Space")
    assert outer_space.actor.kind == "un_system"
    assert ActorAlias.objects.get(alias="MONUC").actor.kind == "un_system"
    assert Actor.objects.get(name="parties to armed conflict").kind == "non_state"
    assert Actor.objects.get(name="IOM").kind == "intergovernmental"
