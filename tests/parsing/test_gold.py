"""The targets on the five hand-checked seeds (data/gold/seeds.json) and their spans."""

import json

import pytest

from commitments.parsing.scoring import score_corpus

from .conftest import SEED_DIR
from .wordcheck import unaccounted


@pytest.fixture(scope="module")
def scores(gold):
    reports, total = score_corpus(gold, SEED_DIR)
    return {report.file: report for report in reports}, total


def test_operative_items_verbs_and_actors_meet_the_targets(scores):
    reports, total = scores
    differences = {
        name: report.differences for name, report in reports.items() if report.differences
    }
    assert differences == {}
    assert total.f1 == 1.0
    assert total.verb_accuracy == 1.0
    assert total.actor_kind_accuracy >= 0.98
    assert total.actor_f1 >= 0.95
    assert total.sub_lead_accuracy == 1.0


def test_preambular_counts_and_metadata_match_the_gold(parsed_seeds, gold):
    for entry in gold:
        parsed = parsed_seeds[entry["file"]].to_dict()
        assert parsed["preambular_count"] == entry["preambular_count"], entry["file"]
        for name in ("symbol", "body", "title", "adopted"):
            assert parsed[name] == entry[name], (entry["file"], name)


def test_every_paragraph_text_is_made_of_its_source_spans(
    seeds, parsed_seeds, samples, parsed_samples
):
    for texts, parses in ((seeds, parsed_seeds), (samples, parsed_samples)):
        for name, parsed in parses.items():
            source = texts[name]
            for item in [*parsed.preambular, *parsed.operative]:
                pieces = "".join(source[span.start : span.end] for span in item.spans)
                assert "".join(pieces.split()) == "".join(item.text.split()), (name, item.text[:40])
                assert all(0 <= s.start < s.end <= len(source) for s in item.spans)


def test_no_word_of_the_operative_part_is_lost(seeds, parsed_seeds):
    for name, parsed in parsed_seeds.items():
        assert unaccounted(seeds[name], parsed) == ("", ""), name


def test_to_dict_has_the_gold_field_names(parsed_seeds, gold):
    document = parsed_seeds[gold[0]["file"]].to_dict()
    assert set(document) == {
        "symbol",
        "body",
        "title",
        "session",
        "adopted",
        "preambular",
        "preambular_count",
        "operative",
        "annexes",
        "warnings",
    }
    assert document["annexes"] == []
    assert {item["part"] for item in document["operative"]} == {None}
    gold_fields = set(gold[0]["operative"][0]) - {"starts", "ends"}
    assert gold_fields <= set(document["operative"][0])
    assert set(document["operative"][0]) >= {
        "canonical_verb",
        "strength",
        "actor_details",
        "action",
        "topics",
        "text",
        "spans",
        "flags",
    }


DEV_DIR = SEED_DIR.parent / "gold" / "dev"


def test_it_reads_the_development_gold_at_least_as_well_as_recorded():
    """The 25 hand-checked real resolutions (data/gold/README.md): figures may only rise."""
    gold = json.loads((SEED_DIR.parent / "gold" / "dev.json").read_text(encoding="utf-8"))
    reports, total = score_corpus(gold, DEV_DIR)
    assert len(reports) == 25
    assert not [report.file for report in reports if report.error]
    assert total.f1 >= 0.999
    assert total.verb_accuracy >= 0.99
    assert total.actor_kind_accuracy >= 0.95
    assert total.actor_f1 >= 0.85
