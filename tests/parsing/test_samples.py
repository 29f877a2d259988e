"""Realistic resolutions of other organs and formats (see samples/README.md)."""

import datetime

import pytest

from .wordcheck import unaccounted


def labels(parsed):
    return [item.label for item in parsed.operative]


def item(parsed, label):
    return next(entry for entry in parsed.operative if entry.label == label)


@pytest.fixture(scope="module")
def security_council(parsed_samples):
    return parsed_samples["sc_trafficking_chapter_vii.txt"]


def test_security_council_heading(security_council):
    assert security_council.symbol == "S/RES/2331 (2016)"
    assert security_council.body == "Security Council"
    assert security_council.title is None
    assert security_council.adopted == datetime.date(2016, 12, 20)


def test_security_council_preamble_ends_with_chapter_vii(security_council):
    assert len(security_council.preambular) == 7
    assert security_council.preambular[-1].text == (
        "Acting under Chapter VII of the Charter of the United Nations,"
    )


def test_security_council_sections_and_lists(security_council):
    assert labels(security_council) == [
        "1",
        "2",
        "2(a)",
        "2(b)",
        "2(c)",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
    ]
    decides = item(security_council, "2")
    assert (decides.verb, decides.strength, decides.actor_kind) == ("Decides", "binding", "states")
    assert [actor.text for actor in decides.actors] == ["States"]
    assert item(security_council, "2(a)").action == "prevent"
    assert (
        "– investigating and disrupting the networks involved" in item(security_council, "3").text
    )
    assert item(security_council, "5").text.endswith("suspicious financial flows;")


def test_security_council_remains_seized(security_council):
    last = security_council.operative[-1]
    assert last.text == "Decides to remain seized of the matter."
    assert (last.actor_kind, last.action) == ("self", "remain")


def test_security_council_loses_no_word(samples, security_council):
    assert unaccounted(
        samples["sc_trafficking_chapter_vii.txt"],
        security_council,
        ("Accountability and sanctions",),
    ) == ("", "")


@pytest.fixture(scope="module")
def text_layer(parsed_samples):
    return parsed_samples["ga_pdf_text_layer.txt"]


def test_text_layer_heading(text_layer):
    assert (text_layer.symbol, text_layer.body, text_layer.session) == (
        "A/RES/70/179",
        "General Assembly",
        "Seventieth session",
    )
    assert (
        text_layer.title == "Improving the coordination of efforts against trafficking in persons"
    )
    assert text_layer.adopted == datetime.date(2015, 12, 17)


def test_text_layer_paragraphs_survive_page_breaks_and_footnotes(text_layer):
    assert len(text_layer.preambular) == 6
    assert text_layer.preambular[2].text.endswith(
        "supplementing the United Nations Convention against Transnational Organized Crime, "
        "which provided the first internationally agreed definition of the crime of "
        "trafficking in persons,"
    )
    assert labels(text_layer) == [str(number) for number in range(1, 10)]
    assert item(text_layer, "3").text.endswith(
        "and forced labour, and to investigate, prosecute and "
        "punish traffickers and intermediaries, while providing "
        "protection and assistance to victims of trafficking "
        "with full respect for their human rights;"
    )
    assert item(text_layer, "7").text.endswith(
        "within existing resources, and to report thereon to "
        "the Commission on Crime Prevention and Criminal Justice;"
    )


def test_text_layer_words_are_rejoined_and_markers_dropped(text_layer):
    assert "the coordination of efforts," in text_layer.preambular[3].text
    five = item(text_layer, "5").text
    assert "non-governmental organizations" in five
    assert "gender- and age-sensitive programmes for the physical, psychological and social" in five
    assert "victims of trafficking, including" in five
    assert item(text_layer, "1").text == "Welcomes the report of the Secretary-General;"
    assert [a.text for a in item(text_layer, "2").actors] == ["Member States", "States parties"]


def test_text_layer_loses_no_word(samples, text_layer):
    assert unaccounted(samples["ga_pdf_text_layer.txt"], text_layer, (text_layer.title,)) == (
        "",
        "",
    )


@pytest.fixture(scope="module")
def with_annex(parsed_samples):
    return parsed_samples["ga_political_declaration_annex.txt"]


def test_it_reads_the_annexed_declaration_after_the_resolution(with_annex):
    own = [entry for entry in with_annex.operative if entry.part is None]
    assert [entry.label for entry in own] == ["1", "2", "3"]
    assert [entry.verb for entry in own] == ["Adopts", "Requests", "Decides"]
    assert own[-1].flags == []
    assert with_annex.adopted == datetime.date(2017, 9, 27)
    assert with_annex.symbol == "A/RES/72/1"
    assert [p.opener for p in with_annex.preambular if p.part is None] == [
        "Recalling",
        "Recalling also",
        "Having considered",
    ]
    annexed = [entry for entry in with_annex.operative if entry.part == "annex"]
    assert [(entry.reference, entry.verb, entry.strength) for entry in annexed] == [
        ("annex, para. 1", "Reaffirm our commitment", "declaratory"),
        ("annex, para. 2", "Recognize", "declaratory"),
        ("annex, para. 3", "Commit", "binding"),
        ("annex, para. 4", "Encourage", "moderate"),
    ]
    # "We, the Heads of State and Government ...": "we" are the States.
    assert [(a.text, a.kind) for a in annexed[2].actors] == [
        ("Heads of State and Government", "states")
    ]
    assert [(a.text, a.kind) for a in annexed[3].actors] == [("States", "states")]
    assert [annex.to_dict() for annex in with_annex.annexes] == [
        {
            "part": "annex",
            "heading": "Annex",
            "title": "Political declaration on the implementation of the United Nations "
            "Global Plan of Action to Combat Trafficking in Persons",
            "body": None,
            "recommended": False,
        }
    ]


@pytest.fixture(scope="module")
def ecosoc(parsed_samples):
    return parsed_samples["ecosoc_coordination.txt"]


def test_ecosoc_heading_and_requests_chapeau(ecosoc):
    assert (ecosoc.symbol, ecosoc.body) == ("E/RES/2008/33", "Economic and Social Council")
    assert ecosoc.title.startswith("Strengthening coordination of the United Nations")
    assert ecosoc.adopted == datetime.date(2008, 7, 25)
    assert labels(ecosoc) == ["1", "2", "2(a)", "2(b)", "2(c)", "3", "4", "5", "6"]
    chapeau = item(ecosoc, "2")
    assert [actor.canonical for actor in chapeau.actors] == ["UNODC"]
    assert item(ecosoc, "2(b)").actor_kind == "un_system"
    assert [a.text for a in item(ecosoc, "4").actors] == [
        "Member States",
        "United Nations Children's Fund",
        "International Labour Organization",
    ]


@pytest.mark.parametrize("name", ["ga_political_declaration_annex.txt", "ecosoc_coordination.txt"])
def test_other_samples_lose_no_word(samples, parsed_samples, name):
    assert unaccounted(samples[name], parsed_samples[name]) == ("", "")


def test_the_annexed_declaration_loses_no_word(samples, parsed_samples):
    name = "ga_political_declaration_annex.txt"
    assert unaccounted(samples[name], parsed_samples[name], part="annex") == ("", "")


@pytest.fixture(scope="module")
def security_council_text_layer(parsed_samples):
    return parsed_samples["sc_text_layer_remain_seized.txt"]


def test_security_council_text_layer(samples, security_council_text_layer):
    parsed = security_council_text_layer
    assert (parsed.symbol, parsed.body, parsed.title) == (
        "S/RES/2388 (2017)",
        "Security Council",
        None,
    )
    assert parsed.adopted == datetime.date(2017, 11, 21)
    assert len(parsed.preambular) == 3
    assert labels(parsed) == ["1", "2", "3", "4", "5"]
    assert [a.text for a in item(parsed, "3").actors] == ["Secretary-General", "Member States"]
    assert item(parsed, "4").text.startswith(
        "Requests the Counter-Terrorism Committee Executive Directorate (CTED), in close "
        "cooperation with the United Nations Office on Drugs and Crime, to continue to assess"
    )
    assert item(parsed, "5").text == "Decides to remain seized of the matter."
    assert unaccounted(samples["sc_text_layer_remain_seized.txt"], parsed) == ("", "")
