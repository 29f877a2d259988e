import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from commitments import ingest
from commitments.choices import AddresseeKind, Body, ParagraphKind
from commitments.ingest import import_batch, import_resolution
from commitments.lineage.linking import link_resolutions
from commitments.models import (
    Commitment,
    CommitmentActor,
    CommitmentLink,
    Paragraph,
    Resolution,
    ResolutionRevision,
)
from commitments.parsing import ParseError

pytestmark = pytest.mark.django_db

GOLD = json.loads((Path(settings.BASE_DIR) / "data" / "gold" / "seeds.json").read_text())
HRC_14_2 = "000_88eff498be9b4030.txt"
GA_65_190 = "001_c9802155344288f5.txt"  # adopted 2010
HRC_32_3 = "002_8176edd7db462559.txt"  # 2016, takes up 65/190's OP 16 as its OP 13
HRC_44_DRAFT = "003_589e4493db1a0a20.txt"


def named_links():
    """Every link, its commitments named by resolution and label (so as to outlive pks)."""

    def name(commitment):
        return f"{commitment.resolution.symbol or commitment.resolution.title} {commitment.label}"

    return sorted(
        (name(link.earlier), name(link.later), link.score, link.kind)
        for link in CommitmentLink.objects.select_related(
            "earlier__resolution", "earlier__paragraph", "later__resolution", "later__paragraph"
        )
    )


def criminalize_link_exists():
    return CommitmentLink.objects.filter(
        earlier__resolution__symbol="A/RES/65/190",
        earlier__paragraph__number="16",
        later__resolution__symbol="A/HRC/RES/32/3",
        later__paragraph__number="13",
    ).exists()


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


def test_it_rewrites_the_commitments_a_corrected_text_keeps(seed_texts):
    from core.caching import figures_version

    def places():
        commitments = resolution.commitments.current().select_related("paragraph")
        return {c.paragraph.label: (c.pk, c.paragraph.position) for c in commitments}

    original = seed_texts[HRC_14_2]
    resolution = import_resolution(original).resolution
    kept = resolution.commitments.get(paragraph__number="4", paragraph__sub="")
    assert (kept.verb_phrase, kept.strength) == ("Encourages", "moderate")
    before, figures = places(), figures_version()

    import_resolution(original.replace("4. *Encourages* Governments", "4. *Urges* Governments"))

    rewritten = Commitment.objects.get(pk=kept.pk)
    assert (rewritten.verb_phrase, rewritten.strength) == ("Urges", "strong")
    assert rewritten.paragraph.text.startswith("Urges Governments")
    assert rewritten.updated > kept.updated and rewritten.is_trackable and not rewritten.retired
    # Every commitment is kept, in its place; no paragraph is left retired.
    assert places() == before and len(before) == 27
    assert not Paragraph.objects.filter(resolution=resolution, retired=True).exists()
    assert figures_version() != figures  # the dashboards' figures are stale


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
    from states.models import ProgressEntry
    from tests.factories.states import ProgressEntryFactory

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


def test_it_stores_a_text_without_linking_it_when_asked_to(seed_texts):
    first = import_resolution(seed_texts[GA_65_190], link=False)
    second = import_resolution(seed_texts[HRC_32_3], link=False)

    assert (first.status, second.status) == ("created", "created")
    assert not CommitmentLink.objects.exists()
    link_resolutions([first.resolution, second.resolution])
    assert criminalize_link_exists()


def test_it_imports_a_batch_and_links_it_once_at_the_end(seed_texts, monkeypatch):
    linked = []
    real_link_resolutions = ingest.link_resolutions

    def link_once(resolutions):
        linked.append(set(resolutions))
        return real_link_resolutions(resolutions)

    def link_each(resolution):
        raise AssertionError("a batch links its resolutions at its end, not one by one")

    texts = [*seed_texts.items(), ("notes.txt", "Shopping list: milk, eggs.")]
    steps = []

    with monkeypatch.context() as patch:
        patch.setattr(ingest, "link_resolutions", link_once)
        patch.setattr(ingest, "link_resolution", link_each)
        batch = import_batch(texts, report=lambda *step: steps.append(step))

    assert [name for name, _ in batch.imported] == list(seed_texts)
    assert [name for name, _ in batch.refused] == ["notes.txt"]
    assert {outcome.status for _, outcome in batch.imported} == {"created"}
    assert linked == [{outcome.resolution.pk for _, outcome in batch.imported}]
    assert steps == [
        *((number, 7, f"Importing {name}") for number, (name, _) in enumerate(texts)),
        (6, 7, "Linking the lineage of 5 resolutions"),
    ]
    in_batch = named_links()
    assert batch.links.created == len(in_batch) > 40
    # The very links importing the texts one by one leaves.
    Resolution.objects.all().delete()
    for text in seed_texts.values():
        import_resolution(text)
    assert named_links() == in_batch


def test_it_links_what_a_batch_stored_before_an_unexpected_error(seed_texts, monkeypatch):
    real_store = ingest.store_reporting_requests

    def store(resolution, parsed):
        if resolution.symbol == "44/…":
            raise RuntimeError("disk full")
        return real_store(resolution, parsed)

    monkeypatch.setattr(ingest, "store_reporting_requests", store)
    texts = [(name, seed_texts[name]) for name in (GA_65_190, HRC_32_3, HRC_44_DRAFT, HRC_14_2)]

    with pytest.raises(RuntimeError, match="disk full"):
        import_batch(texts)

    # The text that failed left nothing, the one after it was not reached; the two stored
    # before it are linked.
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {
        "A/RES/65/190",
        "A/HRC/RES/32/3",
    }
    assert criminalize_link_exists()


def test_it_completes_a_batch_that_stopped_before_linking(seed_texts, monkeypatch):
    def killed(resolutions):
        raise RuntimeError("worker killed")

    texts = [(name, seed_texts[name]) for name in (GA_65_190, HRC_32_3)]
    with monkeypatch.context() as patch, pytest.raises(RuntimeError):
        patch.setattr(ingest, "link_resolutions", killed)
        import_batch(texts)
    assert Resolution.objects.count() == 2
    assert not CommitmentLink.objects.exists()

    again = import_batch(texts)

    assert [outcome.status for _, outcome in again.imported] == ["unchanged", "unchanged"]
    assert again.links.created > 0
    assert criminalize_link_exists()


def test_it_changes_nothing_when_a_batch_comes_again(seed_texts):
    texts = list(seed_texts.items())
    import_batch(texts)
    before = list(CommitmentLink.objects.order_by("pk").values("pk", "score", "kind", "updated"))
    counts = (Resolution.objects.count(), Commitment.objects.count())

    again = import_batch(texts)

    assert {outcome.status for _, outcome in again.imported} == {"unchanged"}
    links = again.links
    assert (links.created, links.updated, links.removed) == (0, 0, 0)
    assert links.unchanged == len(before) > 40
    assert (Resolution.objects.count(), Commitment.objects.count()) == counts
    assert list(CommitmentLink.objects.order_by("pk").values("pk", "score", "kind", "updated")) == (
        before
    )


@pytest.mark.django_db
def test_it_stores_the_code_of_a_state_addressed_by_name():
    text = (
        "The Security Council,\n\nRecalling its resolutions,\n\n"
        "1. Calls upon the Government of Kenya and Uganda to cooperate fully;\n\n"
        "2. Decides to remain seized of the matter.\n"
    )
    resolution = import_resolution(text).resolution
    links = CommitmentActor.objects.filter(commitment__resolution=resolution).order_by("position")
    assert [(link.text, link.state_code) for link in links] == [
        ("Government of Kenya", "KEN"),
        ("Uganda", "UGA"),
    ]
