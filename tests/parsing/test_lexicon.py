"""The lexicon is data: JSON defaults, a dict round trip, validation, and it drives parsing."""

import dataclasses

import pytest

from commitments.parsing import (
    ActorEntry,
    Lexicon,
    TopicEntry,
    VerbEntry,
    load_default_lexicon,
    load_sdg_targets,
    parse_resolution,
)

TEXT = (
    "The General Assembly,\nRecalling its resolutions,\n"
    "1. Salutes the Guild of Sailors for its work for the welfare of sailors."
)


def test_the_default_lexicon_covers_the_un_operative_vocabulary(lexicon):
    forms = {form for verb in lexicon.verbs for form in verb.forms}
    for form in [
        "accepts",
        "adopts",
        "affirms",
        "approves",
        "authorizes",
        "calls upon",
        "condemns",
        "confirms",
        "considers",
        "declares",
        "decides",
        "demands",
        "deplores",
        "designates",
        "draws attention",
        "emphasizes",
        "encourages",
        "endorses",
        "expresses",
        "invites",
        "notes",
        "proclaims",
        "reaffirms",
        "recommends",
        "reiterates",
        "reminds",
        "requests",
        "resolves",
        "stresses",
        "supports",
        "takes note",
        "transmits",
        "trusts",
        "underlines",
        "urges",
        "welcomes",
        "acknowledges",
        "appeals",
        "commends",
        "recognizes",
        "recalls",
    ]:
        assert form in forms
    assert {"strongly", "also", "further"} <= set(lexicon.adverbs)


def test_the_default_lexicon_names_the_usual_addressees(lexicon):
    aliases = {alias for actor in lexicon.actors for alias in actor.aliases}
    for alias in [
        "Governments",
        "States",
        "Member States",
        "States parties",
        "States Members of the United Nations",
        "Secretary-General",
        "Office of the United Nations High Commissioner for Human Rights",
        "United Nations Office on Drugs and Crime",
        "UNODC",
        "Special Rapporteur",
        "United Nations system",
        "United Nations agencies, funds and programmes",
        "intergovernmental organizations",
        "non-governmental organizations",
        "civil society",
        "private sector",
        "business sector",
        "regional organizations",
        "national human rights institutions",
        "parliaments",
        "international financial institutions",
        "mass media",
    ]:
        assert alias in aliases


def test_topics_follow_the_field_frame_and_cite_sdg_targets(lexicon):
    topics = {topic.slug: topic for topic in lexicon.topics}
    assert {
        "prevention",
        "protection",
        "prosecution",
        "partnership",
        "ratification",
        "data-research",
        "training",
        "awareness",
        "demand-reduction",
        "funding",
        "un-mechanisms",
    } <= set(topics)
    assert topics["non-punishment"].parent == "protection"
    assert topics["criminalization"].parent == "prosecution"
    assert topics["private-sector"].parent == "partnership"
    assert {"5.2", "8.7", "16.2"} <= set(topics["prevention"].sdg_targets)
    targets = load_sdg_targets()
    assert all(code in targets for topic in lexicon.topics for code in topic.sdg_targets)


def test_a_lexicon_survives_a_round_trip_through_a_dict(lexicon):
    assert Lexicon.from_dict(lexicon.to_dict()) == lexicon


def test_fields_the_database_does_not_hold_default_to_the_bundled_data(lexicon):
    built = Lexicon(
        verbs=lexicon.verbs,
        adverbs=lexicon.adverbs,
        verb_complements=lexicon.verb_complements,
        preambular_openers=lexicon.preambular_openers,
        actors=lexicon.actors,
        topics=lexicon.topics,
    )
    assert built.noise_patterns == lexicon.noise_patterns
    assert (
        parse_resolution(TEXT.replace("Salutes", "Urges"), built).operative[0].strength == "strong"
    )


def test_the_parser_takes_its_vocabulary_from_the_lexicon(lexicon):
    default = parse_resolution(TEXT).operative[0]
    assert default.canonical_verb is None and "unknown_verb" in default.flags

    extended = dataclasses.replace(
        lexicon,
        verbs=(*lexicon.verbs, VerbEntry("salute", ("salutes",), "declaratory", False)),
        actors=(
            *lexicon.actors,
            ActorEntry("Guild of Sailors", "civil_society", ("Guild of Sailors",)),
        ),
        topics=(*lexicon.topics, TopicEntry("seafaring", "Seafaring", None, ("sailor*",))),
    )
    item = parse_resolution(TEXT, extended).operative[0]
    assert (item.verb, item.canonical_verb, item.flags) == ("Salutes", "salute", [])
    assert "seafaring" in item.topics


def test_compiled_patterns_are_cached_on_the_lexicon(lexicon):
    assert lexicon.compiled is lexicon.compiled
    assert load_default_lexicon() is load_default_lexicon()


@pytest.mark.parametrize(
    "build",
    [
        lambda: VerbEntry("urge", ("urges",), "very strong", True),
        lambda: ActorEntry("States", "countries", ("States",)),
        lambda: dataclasses.replace(load_default_lexicon(), noise_patterns=("(unclosed",)),
    ],
)
def test_invalid_entries_are_refused(build):
    with pytest.raises(ValueError):
        build()
