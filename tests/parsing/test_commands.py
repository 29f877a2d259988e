"""The parse_resolution and score_parser management commands (no database needed)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conftest import GOLD_FILE, SAMPLE_DIR, SEED_DIR


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_parse_resolution_prints_the_parse_as_json():
    document = json.loads(run("parse_resolution", str(SEED_DIR / "001_c9802155344288f5.txt")))
    assert document["symbol"] == "A/RES/65/190"
    assert document["operative"][15]["action"] == "criminalize"


@pytest.mark.django_db
def test_parse_resolution_lists_several_files():
    documents = json.loads(run("parse_resolution", *map(str, sorted(SAMPLE_DIR.glob("*.txt"))[:2])))
    assert [document["file"] for document in documents] == [
        "ecosoc_coordination.txt",
        "ga_pdf_text_layer.txt",
    ]


@pytest.mark.django_db
def test_parse_resolution_prints_a_readable_summary():
    output = run(
        "parse_resolution", str(SAMPLE_DIR / "sc_trafficking_chapter_vii.txt"), "--format", "text"
    )
    assert "S/RES/2331 (2016) | Security Council | 2016-12-20" in output
    assert "2(a)  Decides [binding] states: States | action: prevent | lead: Prevent" in output


@pytest.mark.django_db
def test_parse_resolution_reports_a_parse_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   ", encoding="utf-8")
    with pytest.raises(CommandError, match="The text is empty"):
        run("parse_resolution", str(path))


def test_score_parser_prints_each_document_and_the_overall_figures():
    output = run("score_parser", str(GOLD_FILE), str(SEED_DIR), "--min-f1", "1", "--min-verb", "1")
    lines = output.splitlines()
    assert len(lines) == 7
    assert lines[-1].split()[:4] == ["OVERALL", "1.000", "1.000", "1.000"]


def test_score_parser_fails_below_a_threshold(tmp_path):
    (tmp_path / "000_88eff498be9b4030.txt").write_text("not a resolution", encoding="utf-8")
    gold = json.loads(GOLD_FILE.read_text(encoding="utf-8"))[:1]
    gold_file = tmp_path / "gold.json"
    gold_file.write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(CommandError, match="paragraph F1 0.000 < 0.9"):
        run("score_parser", str(gold_file), str(tmp_path), "--min-f1", "0.9")
