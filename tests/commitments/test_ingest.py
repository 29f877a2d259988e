import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from commitments.choices import AddresseeKind, Body, ParagraphKind
from commitments.ingest import import_resolution
from commitments.models import Commitment, Paragraph, Resolution, ResolutionRevision
from commitments.parsing import ParseError

pytestmark = pytest.mark.django_db

GOLD = json.loads((Path(settings.BASE_DIR) / "data" / "gold" / "seeds.json").read_text())
HRC_14_2 = "000_88eff498be9b4030.txt"


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: g["file"])
def test_it_stores_every_seed_as_the_gold_annotation_describes_it(seed_texts, gold):
    outcome = import_resolution(seed_texts[gold["file"]])

    resolution = outcome.resolution
    assert outcome.status == "created"
    assert resolution.symbol == gold["symbol"]
    assert resolution.get_body_display() == gold["body"]
    assert (resolution.adopted_on and resolution.adopted_on.isoformat()) == gold["adopted"]
    assert resolution.paragraphs.preambular().count() == gold["preambular_count"]
    stored = [
        (c.paragraph.number, c.paragraph.sub or None, c.verb_phrase, c.actor_kind)
        for c in resolution.commitments.order_by("paragraph__position")
    ]
    expected = [(g["number"], g["sub"], g["verb"], g["actor_kind"]) for g in gold["operative"]]
    assert stored == expected


def test_it_links_sub_paragraphs_to_their_chapeau(seed_texts):
    resolution = import_resolution(seed_texts["004_19dacbe51c6a67fc.txt"]).resolution
    item = resolution.paragraphs.get(number="3", sub="b-i")
    assert item.parent.label == "3(b)"
    assert item.parent.parent.label == "3"
    assert item.label == "3(b)(i)"


def test_it_keeps_each_paragraphs_span_in_the_source(seed_texts):
    resolution = import_resolution(seed_texts[HRC_14_2]).resolution
    for paragraph in resolution.paragraphs.current():
        pieces = [resolution.source_text[start:end] for start, end in paragraph.spans]
        first_word = paragraph.text.split()[0]
        assert first_word in pieces[0], paragraph.label
        assert paragraph.source_start == paragraph.spans[0][0]


def test_it_links_actors_and_topics_from_the_lexicon(seed_texts):
    resolution = import_resolution(seed_texts[HRC_14_2]).resolution
    urges = resolution.commitments.get(paragraph__number="2", paragraph__sub="")
    link = urges.actor_links.get()
    assert (link.text, link.actor.name, link.actor.kind) == ("Governments", "Governments", "states")
    assert urges.is_trackable
    assert urges.topics.exists()
    concern = resolution.commitments.get(paragraph__number="1", paragraph__sub="")
    assert concern.actor_kind == AddresseeKind.SELF
    assert not concern.is_trackable


def test_it_imports_the_same_text_twice_without_changing_anything(seed_texts):
    first = import_resolution(seed_texts[HRC_14_2])
    counts = (Resolution.objects.count(), Paragraph.objects.count(), Commitment.objects.count())

    again = import_resolution(seed_texts[HRC_14_2])

    assert again.status == "unchanged"
    assert again.resolution == first.resolution
    assert (
        Resolution.objects.count(),
        Paragraph.objects.count(),
        Commitment.objects.count(),
    ) == counts


def test_it_keeps_matching_commitments_when_a_corrected_text_arrives(seed_texts):
    original = seed_texts[HRC_14_2]
    resolution = import_resolution(original).resolution
    before = {c.paragraph.label: c.pk for c in resolution.commitments.select_related("paragraph")}
    # The corrected text rewords OP 4 slightly and drops OP 13 (the last paragraph).
    corrected = original.replace(
        "Governments to refer to the Recommended",
        "Governments, where appropriate, to refer to the Recommended",
    )
    last = corrected.index("\n13. ")
    corrected = corrected[:last] + "\n"

    outcome = import_resolution(corrected)

    resolution.refresh_from_db()
    assert outcome.status == "new_version"
    assert resolution.version == 2
    assert ResolutionRevision.objects.get(resolution=resolution).source_text == original
    after = {
        c.paragraph.label: c.pk
        for c in resolution.commitments.current().select_related("paragraph")
    }
    assert after["4"] == before["4"]
    assert "where appropriate" in Commitment.objects.get(pk=before["4"]).paragraph.text
    assert "13" not in after
    retired = Commitment.objects.get(pk=before["13"])
    assert retired.retired and retired.paragraph.retired
    assert outcome.retired == 1
    assert Resolution.objects.count() == 1
    # The earlier text is recognised too: importing it again does not revert the resolution.
    assert import_resolution(original).status == "unchanged"
    resolution.refresh_from_db()
    assert resolution.version == 2


def test_it_refuses_text_that_is_not_a_resolution_and_writes_nothing():
    with pytest.raises(ParseError) as error:
        import_resolution("Local football club wins the regional cup after extra time.")
    assert error.value.code == "no_operative_part"
    assert "operative" in str(error.value)
    assert Resolution.objects.count() == 0
    assert Paragraph.objects.count() == 0


def test_it_imports_files_from_the_command_line_and_reports_failures(tmp_path, seed_texts, capsys):
    good = tmp_path / "good.txt"
    good.write_text(seed_texts[HRC_14_2], encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")

    with pytest.raises(Exception, match="1 of 2 files could not be imported"):
        call_command("import_resolution", str(good), str(bad))

    captured = capsys.readouterr()
    assert "A/HRC/RES/14/2: imported with 27 commitments." in captured.out
    assert "not text" in captured.err
    assert Resolution.objects.get().body == Body.HUMAN_RIGHTS_COUNCIL
    assert Paragraph.objects.filter(kind=ParagraphKind.OPERATIVE).count() == 27


def test_it_never_loses_progress_recorded_against_an_earlier_version(seed_texts):
    from states.factories import ProgressEntryFactory
    from states.models import ProgressEntry

    original = seed_texts[HRC_14_2]
    resolution = import_resolution(original).resolution
    kept = ProgressEntryFactory(commitment=resolution.commitments.get(paragraph__number="4"))
    dropped = ProgressEntryFactory(commitment=resolution.commitments.get(paragraph__number="13"))
    corrected = original[: original.index("\n13. ")] + "\n"

    import_resolution(corrected)

    assert ProgressEntry.objects.count() == 2
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert not kept.commitment.retired and kept.commitment.paragraph.position is not None
    assert dropped.commitment.retired
