"""Scoring the deadline reader against a gold of reporting requests (pure, no database)."""

import datetime

import pytest

from commitments.deadlines.scoring import gold_key, load_gold, score_resolution

TEXT = """Security Council

Resolution 9999 (2020)

Adopted by the Security Council at its 9000th meeting, on 1 March 2020

The Security Council,

Recalling its previous resolutions,

1. Requests the Secretary-General to report to the Council by 15 June 2020 on the situation;

2. Requests the Secretary-General to submit a report within sixty days;

3. Decides to remain seized of the matter.
"""


def entry(*requests):
    return {"file": "x.txt", "adopted": "2020-03-01", "requests": list(requests)}


def request(paragraph, due, kind="report"):
    return {"paragraph": paragraph, "sub": None, "kind": kind, "due": due}


def test_it_matches_requests_by_paragraph_and_time():
    score = score_resolution(
        entry(request("1", {"date": "2020-06-15"}), request("2", {"duration": "60 days"})), TEXT
    )
    assert (score.expected, score.found, score.matched) == (2, 2, 2)
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_it_counts_a_wrong_time_as_both_wrong_and_missed():
    score = score_resolution(entry(request("1", {"date": "2020-06-16"})), TEXT)
    assert (score.expected, score.found, score.matched) == (1, 2, 0)
    assert [missed[1] for missed in score.missed] == ["1"]
    assert sorted(wrong[1] for wrong in score.wrong) == ["1", "2"]


ANNEXED = TEXT.replace(
    "3. Decides to remain seized of the matter.",
    """3. Decides to remain seized of the matter.

Annex

Plan of action

1. To report to the Council by 15 June 2020 on the plan's first steps;""",
)


def test_it_tells_an_annexed_texts_paragraph_from_the_resolutions_own():
    own = request("1", {"date": "2020-06-15"})
    annexed = {**request("1", {"date": "2020-06-15"}), "part": "annex"}

    score = score_resolution(entry(own, annexed, request("2", {"duration": "60 days"})), ANNEXED)

    assert (score.expected, score.found, score.matched) == (3, 3, 3)
    only_own = score_resolution(entry(own, request("2", {"duration": "60 days"})), ANNEXED)
    assert [wrong[1] for wrong in only_own.wrong] == ["annex, para. 1"]


def test_it_leaves_requests_without_a_time_out():
    score = score_resolution(
        entry(), "Security Council\n\n1. Decides to remain seized of the matter.\n"
    )
    assert (score.found, score.precision, score.recall) == (0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("due", "key"),
    [
        ({"session": 67}, ("session", 67)),
        ({"date": "2019-10-15"}, ("date", datetime.date(2019, 10, 15))),
        ({"year": 2025}, ("year", 2025)),
        ({"duration": "6 months"}, ("date", datetime.date(2020, 9, 1))),
        ({"duration": "45 days"}, ("date", datetime.date(2020, 4, 15))),
        ({"period": "1 year"}, ("period", 12)),
    ],
)
def test_it_reads_the_gold_times(due, key):
    assert gold_key({"due": due}, datetime.date(2020, 3, 1)) == key


def test_it_refuses_a_gold_request_without_a_time():
    with pytest.raises(ValueError, match="no session, date, year or period"):
        gold_key({"paragraph": "3", "due": {}}, None)


def test_it_refuses_a_gold_that_is_not_a_list_of_resolutions(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError, match="resolutions"):
        load_gold(path)


def test_the_gold_files_read(settings):
    from pathlib import Path

    for name in (
        "seeds.json",
        "dev.json",
        "check.json",
        "check2.json",
        "check3.json",
        "check4.json",
        "check5.json",
    ):
        for resolution in load_gold(Path(settings.BASE_DIR) / "data/gold/deadlines" / name):
            for item in resolution["requests"]:
                gold_key(
                    item,
                    datetime.date.fromisoformat(
                        resolution.get("adopted") or resolution["counted_from"]
                    ),
                )
