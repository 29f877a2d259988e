"""The scoring rules of data/gold/README.md, as pure functions."""

import copy

from commitments.parsing.scoring import (
    Score,
    normalize_actor,
    score_corpus,
    score_document,
    token_window,
)

GOLD = {
    "file": "x.txt",
    "symbol": "A/RES/1/1",
    "body": "General Assembly",
    "title": "Title",
    "adopted": "2010-01-01",
    "preambular_count": 2,
    "operative": [
        {
            "number": "1",
            "sub": None,
            "verb": "Urges",
            "sub_lead": None,
            "actors": ["Member States", "non-governmental organizations"],
            "actor_kind": "mixed",
            "starts": "Urges Member States and non-governmental organizations to act;",
            "ends": "Urges Member States and non-governmental organizations to act;",
        },
        {
            "number": "1",
            "sub": "a",
            "verb": "Urges",
            "sub_lead": "Providing",
            "actors": ["Member States"],
            "actor_kind": "states",
            "starts": "Providing protection;",
            "ends": "Providing protection;",
        },
    ],
}

PARSE = {
    "symbol": "A/RES/1/1",
    "body": "General Assembly",
    "title": "Title",
    "adopted": "2010-01-01",
    "preambular_count": 2,
    "operative": [
        {
            "number": "1",
            "sub": None,
            "verb": "Urges",
            "sub_lead": None,
            "actors": ["member  states", "non‑governmental organizations"],
            "actor_kind": "mixed",
            "text": "Urges Member States and non-governmental organizations to act;",
        },
        {
            "number": "1",
            "sub": "a",
            "verb": "Urges",
            "sub_lead": "Providing protection",
            "actors": ["Member States"],
            "actor_kind": "states",
            "text": "Providing protection;",
        },
    ],
}


def test_token_windows_are_the_first_and_last_eight_tokens():
    text = "one two three four five six seven eight nine ten"
    assert token_window(text) == (
        "one two three four five six seven eight",
        "three four five six seven eight nine ten",
    )


def test_actor_forms_compare_casefolded_with_hyphen_variants():
    assert normalize_actor(" Non‑governmental  Organizations") == "non-governmental organizations"


def test_a_perfect_parse_scores_one_everywhere():
    score, differences = score_document(GOLD, PARSE)
    assert differences == []
    assert (
        score.f1,
        score.verb_accuracy,
        score.actor_f1,
        score.actor_kind_accuracy,
        score.sub_lead_accuracy,
        score.metadata_accuracy,
    ) == (1.0,) * 6


def test_mistakes_are_counted_and_described():
    parse = copy.deepcopy(PARSE)
    parse["operative"][1]["text"] = "Providing protection to all;"
    parse["operative"][1]["sub_lead"] = "Giving"
    parse["operative"][0]["actors"] = ["Member States"]
    parse["preambular_count"] = 3
    parse["title"] = "Other"
    score, differences = score_document(GOLD, parse)
    assert score.matched_items == 1 and score.f1 == 0.5
    assert score.actor_matched == 2 and score.actor_gold == 3 and score.actor_predicted == 2
    assert score.sub_lead_accuracy == 0.0
    assert score.preambular_error == 1 and score.metadata_matches == 3
    assert len(differences) == 5


def test_scores_add_up_over_documents():
    score, _ = score_document(GOLD, PARSE)
    total = score + score
    assert (total.documents, total.gold_items, total.f1) == (2, 4, 1.0)
    assert Score().f1 == 1.0  # nothing to find and nothing found


def test_a_text_the_parser_rejects_scores_as_nothing_found(tmp_path):
    (tmp_path / "x.txt").write_text("not a resolution", encoding="utf-8")
    [report], total = score_corpus([GOLD], tmp_path)
    assert report.error and total.recall == 0.0
