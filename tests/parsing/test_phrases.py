"""Verb phrases, addressees, actions, sub-paragraph leads and topics of operative paragraphs."""

import pytest

from commitments.parsing.phrases import ParagraphReader


@pytest.fixture(scope="module")
def reader(lexicon):
    return ParagraphReader(lexicon.compiled)


@pytest.mark.parametrize(
    ("text", "verb", "canonical", "strength"),
    [
        ("Also calls upon Governments to act;", "Also calls upon", "call upon", "strong"),
        ("Calls on States to act;", "Calls on", "call upon", "strong"),
        (
            "Takes note with appreciation of the report;",
            "Takes note with appreciation",
            "take note",
            "declaratory",
        ),
        ("Reiterates its concern at:", "Reiterates its concern", "reiterate", "declaratory"),
        ("Reiterates the importance of coordination;", "Reiterates", "reiterate", "declaratory"),
        (
            "Underlines the importance that the Special Rapporteur continue;",
            "Underlines",
            "underline",
            "declaratory",
        ),
        ("Stresses the need for data;", "Stresses", "stress", "declaratory"),
        (
            "Strongly encourages Governments to refer;",
            "Strongly encourages",
            "encourage",
            "moderate",
        ),
        ("Decides also that all States shall:", "Decides also", "decide", "binding"),
        ("Demands that all parties immediately cease;", "Demands", "demand", "binding"),
        (
            "Expresses its deep concern at the situation;",
            "Expresses its deep concern",
            "express",
            "declaratory",
        ),
        ("Welcomes further briefings by UNODC;", "Welcomes", "welcome", "declaratory"),
        ("Once again urges States to act;", "Once again urges", "urge", "strong"),
        (
            "Reiterates its call upon all States to ratify;",
            "Reiterates its call upon",
            "reiterate call upon",
            "strong",
        ),
        (
            "Notes with concern the rise in trafficking;",
            "Notes with concern",
            "note",
            "declaratory",
        ),
    ],
)
def test_it_reads_the_verb_phrase_as_un_editors_italicize_it(
    reader, text, verb, canonical, strength
):
    reading = reader.read(text)
    assert (reading.verb, reading.canonical_verb, reading.strength) == (verb, canonical, strength)
    assert "unknown_verb" not in reading.flags


def test_an_unknown_verb_is_flagged_and_kept_as_printed(reader):
    reading = reader.read("Salutes the efforts of States;")
    assert (reading.verb, reading.canonical_verb, reading.strength) == (
        "Salutes",
        None,
        "declaratory",
    )
    assert "unknown_verb" in reading.flags


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Urges Member States that have not yet done so to consider ratifying;", ["Member States"]),
        (
            "Invites States parties to the Convention on the Rights of the Child, the "
            "Convention on the Elimination of All Forms of Discrimination against Women and the "
            "Covenants to include information;",
            ["States parties"],
        ),
        (
            "Calls upon Governments, the international community and all other organizations "
            "and entities that deal with conflict, post-conflict, disaster and other emergency "
            "situations to address the vulnerability;",
            ["Governments", "international community", "organizations and entities"],
        ),
        (
            "Urges Member States, the United Nations and other international, regional and "
            "subregional organizations, as well as civil society, including non-governmental "
            "organizations, the private sector and the media, to implement the Plan;",
            [
                "Member States",
                "United Nations",
                "international, regional and subregional organizations",
                "civil society",
                "non-governmental organizations",
                "private sector",
                "media",
            ],
        ),
        (
            "Invites Governments, United Nations bodies, agencies and special mechanisms, "
            "intergovernmental and non-governmental organizations and the private sector to "
            "undertake research;",
            [
                "Governments",
                "United Nations bodies, agencies and special mechanisms",
                "intergovernmental and non-governmental organizations",
                "private sector",
            ],
        ),
        (
            "Invites relevant United Nations agencies, funds and programmes, international "
            "organizations and humanitarian actors to take into account the recommendations;",
            [
                "relevant United Nations agencies, funds and programmes",
                "international organizations",
                "humanitarian actors",
            ],
        ),
        (
            "Invites Governments, with the support of the United Nations, when necessary, and "
            "other intergovernmental organizations, taking into account best practices, to "
            "formulate manuals;",
            ["Governments"],
        ),
        (
            "Also urges Governments, in cooperation with intergovernmental and non-governmental "
            "organizations, to support preventive action;",
            ["Governments"],
        ),
        (
            "Invites the business sector, in particular the tourism, travel and telecommunications "
            "industries, including mass media organizations, to cooperate with Governments;",
            [
                "business sector",
                "tourism, travel and telecommunications industries",
                "mass media organizations",
            ],
        ),
        (
            "Also invites Governments to encourage media providers, including Internet service "
            "providers, to adopt self-regulatory measures;",
            ["Governments"],
        ),
        ("Calls upon concerned Governments to allocate resources;", ["concerned Governments"]),
        (
            "Invites States and other interested parties to make contributions;",
            ["States", "interested parties"],
        ),
        (
            "Requests the Counter-Terrorism Committee Executive Directorate (CTED), in close "
            "collaboration with UNODC, to continue its work;",
            ["Counter-Terrorism Committee Executive Directorate"],
        ),
        ("Decides that all States shall:", ["States"]),
        (
            "Demands that all parties to armed conflict immediately cease all acts of violence;",
            ["parties to armed conflict"],
        ),
        ("Urges all Member States:", ["Member States"]),
    ],
)
def test_it_finds_and_splits_addressees_as_the_gold_readme_prescribes(reader, text, actors):
    assert [actor.text for actor in reader.read(text).actors] == actors


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Urges Member States that have not yet done so to consider ratifying the "
            "Convention, and urges States parties to those instruments to implement them fully;",
            ["Member States", "States parties"],
        ),
        (
            "Calls upon Governments to consider signing and ratifying, as a matter of "
            "priority, and for States parties to implement relevant instruments;",
            ["Governments", "States parties"],
        ),
        (
            "Urges Governments to consider signing and ratifying and States parties to "
            "implement the Convention;",
            ["Governments", "States parties"],
        ),
        (
            "Welcomes the efforts of Governments, United Nations bodies and agencies and "
            "intergovernmental and non-governmental organizations to address the problem, and "
            "encourages them to further enhance their efforts;",
            [
                "Governments",
                "United Nations bodies and agencies",
                "intergovernmental and non-governmental organizations",
            ],
        ),
        (
            "Stresses the need for the systematic collection of data, and encourages "
            "Governments to enhance information-sharing;",
            ["Governments"],
        ),
        (
            "Calls upon concerned Governments to allocate resources, including by taking "
            "measures to cooperate with intergovernmental and non-governmental organizations to "
            "provide care;",
            ["concerned Governments"],
        ),
    ],
)
def test_it_finds_addressees_of_a_second_directive_clause(reader, text, actors):
    assert [actor.text for actor in reader.read(text).actors] == actors


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Urges Governments to act;", "states"),
        ("Requests the Office of the High Commissioner to continue;", "un_system"),
        ("Requests the Secretary-General to report;", "un_system"),
        ("Invites Governments and relevant United Nations bodies to act;", "mixed"),
        ("Invites the business sector to cooperate;", "other"),
        ("Invites States and other interested parties to contribute;", "mixed"),
        (
            "Takes note with appreciation of the report of the Secretary-General, which outlines "
            "measures, addressing them to States and other stakeholders, to prevent trafficking;",
            "self",
        ),
        ("Decides to continue consideration of the matter.", "self"),
        ("Reiterates the importance of coordination among the Special Rapporteurs;", "self"),
    ],
)
def test_it_classifies_the_addressees(reader, text, kind):
    assert reader.read(text).actor_kind == kind


def test_actors_carry_their_canonical_name_and_kind(reader):
    actors = reader.read(
        "Requests the United Nations Office on Drugs and Crime and the Secretary-General to report;"
    ).actors
    assert [(a.text, a.canonical, a.kind) for a in actors] == [
        ("United Nations Office on Drugs and Crime", "UNODC", "un_system"),
        ("Secretary-General", "Secretary-General", "un_system"),
    ]


def test_an_acronym_is_matched_with_its_case(reader):
    assert (
        reader.read("Urges States who have not yet done so to act;").actors[0].canonical == "States"
    )


def test_a_directive_verb_without_addressee_is_flagged(reader):
    assert "no_addressee_found" in reader.read("Encourages the exchange of best practices;").flags
    assert "no_addressee_found" not in reader.read("Decides to extend the mandate;").flags


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Calls upon all Governments to criminalize all forms of trafficking;", "criminalize"),
        ("Requests the Secretary-General to submit a report;", "submit"),
        (
            "Urges Member States, the United Nations and civil society to fully and effectively "
            "implement the Plan;",
            "implement",
        ),
        (
            "Also calls upon Governments, with a view to enhancing cooperation to prevent "
            "trafficking, to take appropriate measures;",
            "take",
        ),
        ("Also encourages States to carry out campaigns;", "carry out"),
        ("Decides that all States shall freeze without delay the funds;", "freeze"),
        ("Welcomes the report;", None),
    ],
)
def test_it_reads_the_requested_action(reader, text, action):
    assert reader.read(text).action == action


@pytest.mark.parametrize(
    ("text", "lead", "action"),
    [
        ("To promote the implementation of instruments;", "To promote", "promote"),
        ("To fully implement the Protocol;", "To fully implement", "implement"),
        ("Providing protection to victims;", "Providing", "provide"),
        ("Fully recognizing victims' rights;", "Fully recognizing", "recognize"),
        ("Further developing ways to protect victims;", "Further developing", "develop"),
        ("Taking into consideration the fact that;", "Taking", "take"),
        ("The high number of persons trafficked;", "The high number", None),
        (
            "Improved technical cooperation to strengthen institutions;",
            "Improved technical cooperation",
            None,
        ),
        ("A focus on regions in post-conflict situations;", "A focus", None),
        ("Prevent and suppress the financing of trafficking;", "Prevent", "prevent"),
        ("Where appropriate, providing shelter;", "Where appropriate, providing", "provide"),
        (
            "Information and awareness-raising campaigns on risks;",
            "Information and awareness-raising campaigns",
            None,
        ),
    ],
)
def test_it_reads_the_lead_and_action_of_a_sub_paragraph(reader, text, lead, action):
    assert (reader.sub_lead(text), reader.sub_action(text)) == (lead, action)


def test_it_tags_topics_with_their_parent_topics(reader):
    topics = reader.topics(
        "To ensure that victims are not penalized or prosecuted and have access "
        "to compensation, and to criminalize trafficking;"
    )
    assert {"protection", "non-punishment", "remedies", "prosecution", "criminalization"} <= set(
        topics
    )


def test_a_topic_keyword_must_be_a_whole_word(reader):
    assert "funding" not in reader.topics("To uphold fundamental freedoms;")
    assert "funding" in reader.topics("To make voluntary contributions to the Trust Fund;")


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        (
            "Encourages further efforts by the United Nations, other international and regional "
            "organizations and States, as well as civil society, to assist States;",
            [
                "United Nations",
                "international and regional organizations",
                "States",
                "civil society",
            ],
        ),
        (
            "Encourages the widest possible participation of States in the Assembly, invites "
            "States to contribute to the trust fund, and acknowledges contributions;",
            ["States"],
        ),
        (
            "Welcomes the cooperation provided, and calls upon those States that are under an "
            "obligation to cooperate to provide such cooperation;",
            ["States"],
        ),
        (
            "Also welcomes new States Parties, and calls upon all States in all regions of the "
            "world that are not yet Parties to consider ratifying;",
            ["States"],
        ),
    ],
)
def test_it_reads_addressees_in_longer_general_assembly_sentences(reader, text, actors):
    assert [actor.text for actor in reader.read(text).actors] == actors


def test_a_verb_glued_to_the_next_word_is_still_read(reader):
    reading = reader.read("Urgesall States to act;")
    assert (reading.verb, [a.text for a in reading.actors], reading.action) == (
        "Urges",
        ["States"],
        "act",
    )


def test_continuing_verbs_are_known(reader):
    reading = reader.read("Continues to welcome the statement by the President;")
    assert (reading.verb, reading.canonical_verb) == ("Continues to welcome", "welcome")


def test_theme_keywords_are_not_found_inside_proper_names(reader):
    assert "prevention" not in reader.topics(
        "To report to the Commission on Crime Prevention and Criminal Justice;"
    )
    assert "prevention" in reader.topics("To prevent trafficking in persons;")
    assert "un-mechanisms" in reader.topics("To cooperate with the Special Rapporteur;")
