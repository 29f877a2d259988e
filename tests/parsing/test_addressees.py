"""Addressees named in operative paragraphs: named States, the UN system, other kinds."""

import pytest

from commitments.parsing import parse_resolution

TEMPLATE = (
    "The Security Council,\n\nRecalling its previous resolutions,\n\n1. {}\n\n"
    "2. Decides to remain seized of the matter.\n"
)


def first(paragraph: str):
    return parse_resolution(TEMPLATE.format(paragraph)).operative[0]


def actors(paragraph: str) -> list[tuple[str, str, str | None]]:
    return [(actor.text, actor.kind, actor.code) for actor in first(paragraph).actors]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Calls upon the Government of the Democratic Republic of the Congo to cooperate;",
            [("Government of the Democratic Republic of the Congo", "states", "COD")],
        ),
        (
            "Requests the Iraqi authorities to cooperate fully;",
            [("Iraqi authorities", "states", "IRQ")],
        ),
        (
            "Urges the Sudanese parties to agree on a ceasefire;",
            [("Sudanese parties", "states", "SDN")],
        ),
        (
            "Calls upon the authorities of the Sudan to act;",
            [("authorities of the Sudan", "states", "SDN")],
        ),
        ("Calls upon Zaire to withdraw;", [("Zaire", "states", "COD")]),
        (
            "Calls upon Bosnia and Herzegovina and Croatia to cooperate;",
            [("Bosnia and Herzegovina", "states", "BIH"), ("Croatia", "states", "HRV")],
        ),
        (
            "Urges the Governments of the Democratic Republic of the Congo and, respectively, "
            "Rwanda and Uganda to cooperate;",
            [
                ("Governments of the Democratic Republic of the Congo", "states", "COD"),
                ("Rwanda", "states", "RWA"),
                ("Uganda", "states", "UGA"),
            ],
        ),
    ],
)
def test_it_resolves_named_states_to_their_codes(paragraph, expected):
    assert actors(paragraph) == expected
    assert first(paragraph).actor_kind == "states"


def test_it_leaves_lowercase_common_words_that_spell_a_state_alone():
    found = actors("Invites turkey farmers and chad traders to report;")
    assert found == [("turkey farmers and chad traders", "other", None)]


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Requests the Committee on the Peaceful Uses of Outer Space to continue;", "un_system"),
        ("Requests the Office for Outer Space Affairs to assist;", "un_system"),
        ("Requests MONUC to support the process;", "un_system"),
        ("Requests the First Committee to explore cooperation;", "un_system"),
        ("Invites the Committee on the Rights of the Child to consider;", "un_system"),
        ("Invites the African Union to continue its efforts;", "intergovernmental"),
        ("Invites the International Organization for Migration to assist;", "intergovernmental"),
        ("Urges all parties concerned to comply with their obligations;", "non_state"),
        ("Urges the two sides to engage constructively;", "non_state"),
    ],
)
def test_it_gives_each_addressee_its_kind(paragraph, kind):
    assert first(paragraph).actor_kind == kind


def test_it_reports_the_state_code_in_the_actor_details():
    item = first("Calls upon the Government of Iraq to cooperate;").to_dict()
    assert item["actor_details"] == [
        {"text": "Government of Iraq", "canonical": "Iraq", "kind": "states", "code": "IRQ"}
    ]


@pytest.mark.parametrize(
    ("paragraph", "verb", "expected"),
    [
        ("Decides that Iraq shall destroy all such weapons;", "Decides", ["Iraq"]),
        (
            "Decides further that, to support the parties in implementing their commitments, "
            "UNMHA shall undertake the following tasks;",
            "Decides further",
            ["UNMHA"],
        ),
        (
            "Demands that all parties to whom the cessation of hostilities applies fulfil "
            "their commitments;",
            "Demands",
            ["parties"],
        ),
        (
            "Requests that the Secretary-General report every three months;",
            "Requests",
            ["Secretary-General"],
        ),
        (
            "Reiterates its demand that the Houthis immediately cease all attacks;",
            "Reiterates its demand that",
            ["Houthis"],
        ),
        (
            "Reaffirms its request to the Secretary-General to report;",
            "Reaffirms its request to",
            ["Secretary-General"],
        ),
        (
            "Reiterates its call on the parties to allow access;",
            "Reiterates its call on",
            ["parties"],
        ),
        ("Expresses its full support for the Special Envoy;", "Expresses its full support for", []),
    ],
)
def test_it_reads_clause_subjects_and_directive_complements(paragraph, verb, expected):
    item = first(paragraph)
    assert (item.verb, [actor.text for actor in item.actors]) == (verb, expected)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Requests the Security Council Committees established by resolutions imposing arms "
            "embargoes to report;",
            ["Security Council Committees"],
        ),
        (
            "Requests the Chairmen of the Committees referred to in paragraph 3 above to report;",
            ["Chairmen of the Committees"],
        ),
        (
            "Requests the Security Council Committee established pursuant to resolution 724 "
            "(1991) to report;",
            ["Security Council Committee established pursuant to resolution 724"],
        ),
    ],
)
def test_it_drops_participial_tails_but_keeps_a_committee_name(paragraph, expected):
    assert [actor.text for actor in first(paragraph).actors] == expected
    assert first(paragraph).actor_kind == "un_system"


def test_it_resolves_it_to_the_body_named_before():
    item = first(
        "Welcomes the use by the Peacebuilding Commission of its platform to sustain "
        "attention on the region, and invites it, in its advisory role, to continue such efforts;"
    )
    assert [actor.text for actor in item.actors] == ["Peacebuilding Commission"]


def test_it_reads_an_apposition_as_the_same_addressee():
    item = first("Calls upon Israel, the occupying Power, to cease all such measures;")
    assert [(actor.text, actor.code) for actor in item.actors] == [("Israel", "ISR")]


def test_it_tracks_a_declaratory_paragraph_under_its_stronger_second_ask():
    item = first(
        "Welcomes the role of national human rights institutions, and encourages States to "
        "strengthen their mandate;"
    )
    assert (item.verb, item.strength, item.actor_kind) == ("Welcomes", "moderate", "states")


@pytest.mark.parametrize(
    ("paragraph", "expected", "kind"),
    [
        ("Calls once again upon Israel to render all facilities;", ["Israel"], "states"),
        (
            "Decides that the restructuring of the Secretariat is a vital part of the reform and "
            "should be aimed at improving efficiency;",
            [],
            "self",
        ),
        (
            "Recommends that the respective sponsors of draft resolutions hold consultations;",
            ["respective sponsors"],
            "states",
        ),
    ],
)
def test_it_reads_inner_adverbs_statements_and_sponsors(paragraph, expected, kind):
    item = first(paragraph)
    assert ([actor.text for actor in item.actors], item.actor_kind) == (expected, kind)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # An aside set off by commas: a condition goes, a specifier separates.
        (
            "Requests Member States, international and, where appropriate, regional "
            "organizations and civil society to promote the measures;",
            ["Member States", "international and regional organizations", "civil society"],
        ),
        (
            "Calls upon, in particular, the Special Representative of the Secretary-General for "
            "Children and Armed Conflict and UNICEF to intensify their efforts;",
            [
                "Special Representative of the Secretary-General for Children and Armed Conflict",
                "UNICEF",
            ],
        ),
        (
            "Calls upon all relevant political actors and stakeholders, including relevant "
            "authorities as needed, to coordinate with the Mission;",
            ["relevant political actors", "stakeholders", "relevant authorities"],
        ),
        (
            "Calls upon relevant actors, such as the Sahel Alliance, to support the plan;",
            ["relevant actors", "Sahel Alliance"],
        ),
        # Entity nouns sharing the complement of the last one.
        (
            "Invites Governments, agencies and organizations of the United Nations system, and "
            "intergovernmental and non-governmental organizations to disseminate the Declaration;",
            [
                "Governments",
                "agencies and organizations of the United Nations system",
                "intergovernmental and non-governmental organizations",
            ],
        ),
        (
            "Calls upon Member States, the specialized agencies, funds and programmes of the "
            "United Nations system and youth organizations to act;",
            [
                "Member States",
                "specialized agencies, funds and programmes of the United Nations system",
                "youth organizations",
            ],
        ),
        # Two demonyms sharing one head.
        (
            "Urges the Palestinian and Israeli sides, as agreed between them, to resume talks;",
            ["Palestinian and Israeli sides"],
        ),
    ],
)
def test_it_reads_asides_shared_complements_and_shared_heads(paragraph, expected):
    assert [actor.text for actor in first(paragraph).actors] == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Demands the full and immediate implementation of resolution 2254 (2015) to facilitate "
        "a political transition;",
        "Urges caution and restraint to avoid further escalation of the situation;",
        "Encourages close collaboration with partners to implement the strategy;",
    ],
)
def test_it_reads_no_addressee_in_an_act_asked_for(paragraph):
    assert first(paragraph).actors == []


def test_it_keeps_a_capitalized_body_whose_name_ends_like_an_act():
    assert [
        actor.text for actor in first("Requests the Mission to support the Government;").actors
    ] == ["Mission"]
