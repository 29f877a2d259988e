"""
Annexed texts: declarations and plans of action a resolution adopts, read paragraph by
paragraph in their own voices, each keeping its place ("annex, para. 5(b)") and the section
headings it stands under. `samples/ga_plan_of_action_annex.txt` is laid out as the PDF of
A/RES/64/293 is (running headers, job numbers, wrapped lines, a footnote, "I. ..." section
headings, one wrapped over two lines); its wording is abridged.
"""

import json
from pathlib import Path

import pytest

from commitments.parsing import parse_resolution
from commitments.parsing.scoring import score_corpus

from .wordcheck import unaccounted

BODY = "The General Assembly,"


def parse(*lines: str):
    return parse_resolution("\n".join(lines))


@pytest.fixture(scope="module")
def plan(parsed_samples):
    return parsed_samples["ga_plan_of_action_annex.txt"]


def annexed(parsed, part="annex"):
    return [item for item in parsed.operative if item.part == part]


def test_it_reads_the_resolution_itself_as_before(plan):
    own = [item for item in plan.operative if item.part is None]
    assert [(item.label, item.verb, item.flags) for item in own] == [
        ("1", "Adopts", []),
        ("2", "Requests", []),
        ("3", "Decides", []),
    ]
    assert [p.opener for p in plan.preambular if p.part is None] == [
        "Reaffirming its strong condemnation",
        "Recalling",
        "Convinced",
    ]
    assert plan.symbol == "A/RES/64/293"


def test_it_finds_the_annex_and_its_title(plan):
    assert [annex.to_dict() for annex in plan.annexes] == [
        {
            "part": "annex",
            "heading": "Annex",
            "title": "United Nations Global Plan of Action to Combat Trafficking in Persons",
            "body": None,
            "recommended": False,
        }
    ]
    assert [p.opener for p in plan.preambular if p.part == "annex"] == [
        None,
        "Reaffirming",
        "Deeply concerned",
        "Recognizing",
    ]


def test_every_numbered_action_keeps_its_place_and_section(plan):
    items = annexed(plan)
    assert [item.reference for item in items][:9] == [
        "annex, para. 1",
        "annex, para. 2",
        "annex, para. 3",
        "annex, para. 4",
        "annex, para. 5",
        "annex, para. 5(a)",
        "annex, para. 5(b)",
        "annex, para. 5(c)",
        "annex, para. 6",
    ]
    assert [item.label for item in items if not item.sub] == [str(n) for n in range(1, 26)]
    sections = {item.label: item.headings for item in items}
    assert sections["6"] == ()
    assert sections["7"] == ("I. Preventing trafficking in persons",)
    # A heading printed over two lines is one heading.
    assert sections["13"] == ("II. Protecting and assisting victims of trafficking in persons",)
    assert sections["20"] == ("III. Prosecuting crimes of trafficking in persons",)
    assert sections["25"] == ("V. Follow-up",)


def test_it_reads_the_voices_of_the_plan(plan):
    read = {
        item.label: (item.verb, item.canonical_verb, item.strength, item.actor_kind)
        for item in annexed(plan)
    }
    assert read["1"] == ("Reaffirm our commitment", "reaffirm", "declaratory", "self")
    assert read["2"] == ("Recognize", "recognize", "declaratory", "self")
    assert read["3"] == ("Urge", "urge", "strong", "states")
    assert read["5"] == ("Resolve", "resolve", "binding", "states")
    assert read["5(b)"] == ("Resolve", "resolve", "binding", "states")
    assert read["6"] == ("Commit", "commit", "binding", "states")
    assert read["7"] == ("Take action", "take action", "strong", "states")
    assert read["10"] == ("To ensure", "ensure", "strong", "states")
    assert read["11"] == ("Call upon", "call upon", "strong", "other")
    assert read["15"] == ("Establish", "establish", "strong", "states")
    assert read["22"][2:] == ("strong", "un_system")
    assert read["24"] == ("Request", "request", "moderate", "un_system")
    assert read["25"] == ("Decide", "decide", "binding", "states")


def test_we_the_member_states_act_where_they_commit_themselves(plan):
    items = {item.label: item for item in annexed(plan)}
    we = [("Member States of the United Nations", "States", "states")]
    assert [(a.text, a.canonical, a.kind) for a in items["6"].actors] == we
    assert [(a.text, a.canonical, a.kind) for a in items["10"].actors] == we
    assert [a.text for a in items["3"].actors] == ["Governments"]
    assert [a.text for a in items["16"].actors] == [
        "Member States",
        "private sector and individuals",
    ]
    assert items["5(a)"].sub_lead == "Promote"


def test_the_plan_loses_no_word(samples, plan):
    name = "ga_plan_of_action_annex.txt"
    assert unaccounted(samples[name], plan, (plan.title,), part="annex") == ("", "")
    assert unaccounted(samples[name], plan, (plan.title,)) == ("", "")


def test_the_json_gives_each_entry_its_part(plan):
    document = plan.to_dict()
    parts = [entry["part"] for entry in document["operative"]]
    assert parts == [None] * 3 + ["annex"] * 28
    entry = next(e for e in document["operative"] if e["part"] and e["number"] == "13")
    assert entry["headings"] == ["II. Protecting and assisting victims of trafficking in persons"]
    assert document["preambular_count"] == 3


def test_numbered_annexes_are_parts_of_their_own():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Adopts the declaration and the programme annexed hereto.",
        "",
        "Annex I",
        "",
        "Declaration",
        "",
        "We, the Heads of State and Government,",
        "1. Commit to act;",
        "2. Reaffirm our resolve.",
        "",
        "Annex II",
        "",
        "Programme of Action",
        "",
        "A. Priorities",
        "",
        "1. Urge Governments to act;",
        "2. To ensure that no one is left behind.",
    )
    assert [(item.reference, item.headings) for item in parsed.operative] == [
        ("1", ()),
        ("annex I, para. 1", ()),
        ("annex I, para. 2", ()),
        ("annex II, para. 1", ("A. Priorities",)),
        ("annex II, para. 2", ("A. Priorities",)),
    ]
    assert [(a.part, a.title) for a in parsed.annexes] == [
        ("annex I", "Declaration"),
        ("annex II", "Programme of Action"),
    ]
    commit = parsed.operative[1]
    assert [(a.text, a.kind) for a in commit.actors] == [
        ("Heads of State and Government", "states")
    ]


def test_we_unnamed_are_who_the_declaration_says():
    parsed = parse(
        BODY,
        "1. Endorses the declaration annexed hereto.",
        "",
        "Annex",
        "",
        "We, the participants in the Conference,",
        "1. Commit to act.",
    )
    [actor] = parsed.operative[-1].actors
    assert (actor.text, actor.canonical, actor.kind) == (
        "the participants in the Conference",
        None,
        "other",
    )


def test_a_third_person_verb_inside_a_declaration_is_not_its_voice():
    parsed = parse(
        BODY,
        "1. Adopts the declaration annexed hereto.",
        "",
        "Annex",
        "",
        "We, the Heads of State and Government,",
        "1. Recognize that trafficking continues and requires a concerted response.",
    )
    item = parsed.operative[-1]
    assert (item.strength, item.actor_kind) == ("declaratory", "self")


ECOSOC_RECOMMENDING = (
    "Resolution adopted by the Economic and Social Council on 25 July 2013",
    "",
    "2013/42.\tUnited Nations Guiding Principles on Alternative Development",
    "",
    "The Economic and Social Council",
    "",
    "Recommends to the General Assembly the adoption of the following draft resolution:",
    "",
    "The General Assembly,",
    "",
    "Reaffirming that the world drug problem must be addressed in accordance with the law,",
    "",
    "1.\tWelcomes the outcome of the International Conference on Alternative Development;",
    "",
    "2.\tEncourages Member States to take the Guiding Principles into account;",
    "",
    "3.\tRequests the Secretary-General to report on their implementation.",
    "",
    "Annex",
    "",
    "Lima Declaration on Alternative Development",
    "",
    "We, the representatives of States convened in Lima,",
    "",
    "1.\tCommit to implement alternative development programmes.",
)


def test_a_recommended_draft_is_the_other_organs_text_not_the_councils():
    parsed = parse(*ECOSOC_RECOMMENDING)
    assert parsed.body == "Economic and Social Council"
    own, *draft = parsed.operative
    assert (own.part, own.verb, own.flags) == (None, "Recommends", [])
    assert [(item.reference, item.verb, item.flags) for item in draft] == [
        ("draft resolution, para. 1", "Welcomes", ["recommended_text"]),
        ("draft resolution, para. 2", "Encourages", ["recommended_text"]),
        ("draft resolution, para. 3", "Requests", ["recommended_text"]),
        ("draft resolution, annex, para. 1", "Commit", ["recommended_text"]),
    ]
    assert [(a.part, a.body, a.recommended) for a in parsed.annexes] == [
        ("draft resolution", "General Assembly", True),
        ("draft resolution, annex", "General Assembly", True),
    ]
    assert [p.part for p in parsed.preambular] == ["draft resolution", "draft resolution, annex"]
    assert not any("another part" in warning for warning in parsed.warnings)


def test_a_second_part_that_is_no_recommended_draft_is_still_left_out():
    parsed = parse(
        BODY,
        "1. Decides to act.",
        "",
        "The Security Council,",
        "",
        "1. Decides to act too.",
    )
    assert [item.reference for item in parsed.operative] == ["1"]
    assert parsed.operative[0].flags == ["later_part_ignored"]


def test_the_annex_gold_is_read_whole_and_in_place():
    root = Path(__file__).resolve().parents[2] / "data" / "gold"
    entries = json.loads((root / "annexes.json").read_text(encoding="utf-8"))
    reports, total = score_corpus(entries, root / "annexes")
    assert [report.error for report in reports] == [None, None]
    assert (total.gold_items, total.matched_items, total.predicted_items) == (44, 44, 44)
    assert total.verb_accuracy >= 0.93


def test_a_programme_of_action_names_who_should_act_first():
    parsed = parse(
        BODY,
        "1. Adopts the programme of action annexed hereto.",
        "",
        "Annex",
        "",
        "Programme of Action",
        "",
        "1. Governments, in cooperation with civil society, should ensure access to services;",
        "2. States Parties shall take all appropriate measures to end discrimination;",
        "3. Member States are encouraged to share good practices;",
        "4. States Parties recognize that the family is the natural unit and shall protect it.",
    )
    read = [
        (item.verb, item.strength, item.actor_kind, [a.text for a in item.actors])
        for item in parsed.operative[1:]
    ]
    assert read == [
        ("should", "strong", "mixed", ["Governments", "civil society"]),
        ("shall", "binding", "states", ["States Parties"]),
        ("are encouraged to", "moderate", "states", ["Member States"]),
        ("States", "declaratory", "self", []),
    ]
