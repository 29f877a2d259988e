"""
Annexed texts imported: the commitments of a plan of action or declaration a resolution
adopts are trackable like the resolution's own, each in its place ("annex, para. 5(b)").
"""

from pathlib import Path

import pytest
from django.conf import settings

from commitments.ingest import import_resolution
from commitments.models import Commitment, Paragraph, Resolution

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "tests" / "parsing" / "samples"
PLAN = (SAMPLES / "ga_plan_of_action_annex.txt").read_text(encoding="utf-8")
DECLARATION = (SAMPLES / "ga_political_declaration_annex.txt").read_text(encoding="utf-8")


def test_it_imports_the_global_plan_of_action_as_trackable_commitments():
    outcome = import_resolution(PLAN)
    resolution = outcome.resolution
    assert resolution.symbol == "A/RES/64/293"
    assert outcome.added == 31
    annexed = Commitment.objects.filter(resolution=resolution, paragraph__part="annex")
    assert annexed.count() == 28
    assert annexed.trackable().count() == 24
    plan = annexed.get(paragraph__number="5", paragraph__sub="b")
    assert str(plan) == "A/RES/64/293, annex, para. 5(b)"
    assert plan.is_trackable and plan.actor_kind == "states"
    assert plan.paragraph.parent.text == "Resolve to:"
    assert plan.paragraph.part_title == (
        "United Nations Global Plan of Action to Combat Trafficking in Persons"
    )
    victims = annexed.get(paragraph__number="13", paragraph__sub="")
    assert victims.paragraph.headings == [
        "II. Protecting and assisting victims of trafficking in persons"
    ]
    assert victims.paragraph.anchor == "annex-op-13"
    assert [link.text for link in victims.actor_links.all()] == [
        "Member States of the United Nations"
    ]
    own = Commitment.objects.get(resolution=resolution, paragraph__part="", paragraph__number="1")
    assert str(own) == "A/RES/64/293 OP 1"
    assert own.paragraph.anchor == "op-1"


def test_the_paragraphs_follow_the_document_order():
    resolution = import_resolution(PLAN).resolution
    rows = list(
        Paragraph.objects.filter(resolution=resolution)
        .current()
        .values_list("part", "kind", "number", "sub")
    )
    assert [row[:2] for row in rows[:6]] == [
        ("", "preambular"),
        ("", "preambular"),
        ("", "preambular"),
        ("", "operative"),
        ("", "operative"),
        ("", "operative"),
    ]
    assert [row[:2] for row in rows[6:11]] == [("annex", "preambular")] * 4 + [
        ("annex", "operative")
    ]
    assert rows[10][2:] == ("1", "")


def test_a_corrected_text_keeps_the_annex_commitments_in_their_place():
    first = import_resolution(PLAN).resolution
    commitment = Commitment.objects.get(
        resolution=first, paragraph__part="annex", paragraph__number="3"
    )
    corrected = PLAN.replace("coordinated and consistent action", "coordinated and resolute action")
    outcome = import_resolution(corrected)
    assert outcome.status == "new_version"
    assert outcome.retired == 0
    commitment.refresh_from_db()
    assert not commitment.retired
    assert "resolute" in commitment.paragraph.text


def test_an_annexed_declaration_and_its_resolution_number_alike_without_clashing():
    resolution = import_resolution(DECLARATION).resolution
    places = [
        str(c) for c in Commitment.objects.filter(resolution=resolution, paragraph__number="1")
    ]
    assert places == ["A/RES/72/1 OP 1", "A/RES/72/1, annex, para. 1"]


ECOSOC = "\n".join(
    [
        "Resolution adopted by the Economic and Social Council on 25 July 2013",
        "",
        "2013/42.\tUnited Nations Guiding Principles on Alternative Development",
        "",
        "The Economic and Social Council,",
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
    ]
)
ASSEMBLY = "\n".join(
    [
        "Resolution adopted by the General Assembly on 18 December 2013",
        "",
        "68/196.\tUnited Nations Guiding Principles on Alternative Development",
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
        "70th plenary meeting",
        "18 December 2013",
    ]
)


def test_a_recommended_draft_is_kept_without_commitments_of_the_council():
    resolution = import_resolution(ECOSOC).resolution
    assert resolution.symbol == "E/RES/2013/42"
    assert [str(c) for c in resolution.commitments.all()] == ["E/RES/2013/42 OP 1"]
    draft = resolution.paragraphs.filter(kind="recommended")
    assert [(p.part, p.label) for p in draft] == [
        ("draft resolution", "1"),
        ("draft resolution", "2"),
        ("draft resolution", "3"),
    ]
    assert resolution.recommendation_adopted_as is None


@pytest.mark.parametrize("order", ["council first", "assembly first"])
def test_the_draft_is_linked_to_the_assemblys_resolution_once_both_are_imported(order):
    texts = [ECOSOC, ASSEMBLY] if order == "council first" else [ASSEMBLY, ECOSOC]
    for text in texts:
        import_resolution(text)
    council = Resolution.objects.get(symbol="E/RES/2013/42")
    assert council.recommendation_adopted_as.symbol == "A/RES/68/196"
    assembly = Resolution.objects.get(symbol="A/RES/68/196")
    assert list(assembly.adopted_recommendations.all()) == [council]
    assert Commitment.objects.filter(resolution=assembly).trackable().count() == 2


def test_the_resolution_page_shows_each_annex_under_its_heading(client):
    resolution = import_resolution(PLAN).resolution
    page = client.get(resolution.get_absolute_url()).content.decode()
    annex = page[page.index('<section aria-labelledby="annex-heading"') :]
    assert "United Nations Global Plan of Action to Combat Trafficking in Persons" in annex
    heading = "II. Protecting and assisting victims of trafficking in persons"
    assert f'<h3 class="annex-heading">{heading}</h3>' in annex
    assert 'id="annex-op-5b"' in annex
    assert 'id="op-1"' in page[: page.index('<section aria-labelledby="annex-heading"')]


def test_the_council_page_says_where_its_draft_was_adopted(client):
    import_resolution(ECOSOC)
    assembly = import_resolution(ASSEMBLY).resolution
    council = Resolution.objects.get(symbol="E/RES/2013/42")
    page = client.get(council.get_absolute_url()).content.decode()
    assert f'Adopted as <a href="{assembly.get_absolute_url()}">A/RES/68/196</a>' in page
    page = client.get(assembly.get_absolute_url()).content.decode()
    assert (
        f'on the recommendation of <a href="{council.get_absolute_url()}">E/RES/2013/42</a>' in page
    )


def test_lineage_links_a_declarations_commitments_with_the_next_ones():
    earlier = import_resolution(DECLARATION).resolution
    renewed = (
        DECLARATION.replace("A/RES/72/1", "A/RES/76/7")
        .replace("72/1.", "76/7.")
        .replace("27 September 2017", "22 November 2021")
        .replace(
            "Commit to strengthening our efforts", "Commit to further strengthening our efforts"
        )
    )
    later = import_resolution(renewed).resolution
    commit = Commitment.objects.get(
        resolution=later, paragraph__part="annex", paragraph__number="3"
    )
    [link] = commit.earlier_links.all()
    assert str(link.earlier) == "A/RES/72/1, annex, para. 3"
    assert earlier.symbol == "A/RES/72/1"


def test_an_annex_commitment_page_says_where_it_stands(client):
    resolution = import_resolution(PLAN).resolution
    commitment = Commitment.objects.get(
        resolution=resolution, paragraph__part="annex", paragraph__number="13"
    )
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "<h1>A/RES/64/293, annex, paragraph 13" in page
    assert (
        "Trafficking in Persons</a> › II. Protecting and assisting victims of trafficking in "
        "persons</p>"
    ) in page
