"""
Scoring parses against a gold annotation (data/gold/seeds.json, described in its README).

An operative item matches when its number, sub label and the first and last 8 whitespace
tokens of its text equal the gold ones; precision, recall and F1 count those matches. The
per-item attributes (verb, actor kind, actors, sub_lead) are compared on the items aligned by
number and sub label, so one segmentation slip does not hide how well the rest was read.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import ParseError
from .lexicon import Lexicon
from .parser import parse_resolution

WINDOW = 8
# What a text the parser rejects is scored as: nothing found.
NOTHING_FOUND = {"operative": [], "preambular_count": 0}


def normalize_actor(text: str) -> str:
    """Actor surface forms compare casefolded, with one space and ASCII hyphens."""
    text = re.sub("[\u2010\u2011\u2012\u2013]", "-", text)
    return " ".join(text.split()).casefold()


def token_window(text: str) -> tuple[str, str]:
    """The first and last 8 whitespace tokens of a paragraph text."""
    tokens = text.split()
    return " ".join(tokens[:WINDOW]), " ".join(tokens[-WINDOW:])


@dataclass
class Score:
    """Counts for one document or, summed, for a corpus."""

    documents: int = 0
    gold_items: int = 0
    predicted_items: int = 0
    matched_items: int = 0
    aligned_items: int = 0
    verb_matches: int = 0
    actor_kind_matches: int = 0
    actor_gold: int = 0
    actor_predicted: int = 0
    actor_matched: int = 0
    sub_lead_items: int = 0
    sub_lead_matches: int = 0
    preambular_error: int = 0
    preambular_exact: int = 0
    metadata_fields: int = 0
    metadata_matches: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def precision(self) -> float:
        return _ratio(self.matched_items, self.predicted_items)

    @property
    def recall(self) -> float:
        return _ratio(self.matched_items, self.gold_items)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def verb_accuracy(self) -> float:
        return _ratio(self.verb_matches, self.aligned_items)

    @property
    def actor_kind_accuracy(self) -> float:
        return _ratio(self.actor_kind_matches, self.aligned_items)

    @property
    def actor_f1(self) -> float:
        precision = _ratio(self.actor_matched, self.actor_predicted)
        recall = _ratio(self.actor_matched, self.actor_gold)
        return _f1(precision, recall)

    @property
    def sub_lead_accuracy(self) -> float:
        return _ratio(self.sub_lead_matches, self.sub_lead_items)

    @property
    def metadata_accuracy(self) -> float:
        return _ratio(self.metadata_matches, self.metadata_fields)

    def figures(self) -> dict[str, float | int]:
        """The headline figures, in the order the score command prints them."""
        return {
            "paragraph_precision": self.precision,
            "paragraph_recall": self.recall,
            "paragraph_f1": self.f1,
            "verb_exact": self.verb_accuracy,
            "actor_kind_accuracy": self.actor_kind_accuracy,
            "actor_f1": self.actor_f1,
            "sub_lead_prefix": self.sub_lead_accuracy,
            "preambular_count_error": self.preambular_error,
            "preambular_exact_documents": self.preambular_exact,
            "metadata_accuracy": self.metadata_accuracy,
        }


@dataclass
class DocumentReport:
    file: str
    score: Score
    differences: list[str] = field(default_factory=list)
    error: str | None = None


def score_corpus(
    entries: list[dict], texts_dir: Path, lexicon: Lexicon | None = None
) -> tuple[list[DocumentReport], Score]:
    """Parse the file of every gold entry (in `texts_dir`) and score it; also the sum."""
    reports, total = [], Score()
    for entry in entries:
        error = None
        try:
            text = (Path(texts_dir) / entry["file"]).read_text(encoding="utf-8")
            parsed = parse_resolution(text, lexicon).to_dict()
        except (OSError, UnicodeDecodeError, ParseError) as problem:
            parsed, error = NOTHING_FOUND, str(problem)
        score, differences = score_document(entry, parsed)
        reports.append(DocumentReport(entry["file"], score, differences, error))
        total = total + score
    return reports, total


def score_document(gold: dict, parsed: dict) -> tuple[Score, list[str]]:
    """
    Compare one parse (`ParsedResolution.to_dict()`) with its gold entry. Returns the counts
    and readable descriptions of every difference.
    """
    differences: list[str] = []
    gold_items = {_key(item): item for item in gold["operative"]}
    scored = _scored_items(gold["operative"], parsed["operative"])
    predicted = {_key(item): item for item in scored}
    score = Score(documents=1, gold_items=len(gold_items), predicted_items=len(scored))

    for key, item in gold_items.items():
        label = _label(key)
        guess = predicted.get(key)
        if guess is None:
            differences.append(f"{label}: missing")
            continue
        starts, ends = token_window(guess["text"])
        if (starts, ends) == (_collapse(item["starts"]), _collapse(item["ends"])):
            score.matched_items += 1
        else:
            differences.append(f"{label}: text {starts!r} ... {ends!r}")
        score.aligned_items += 1
        score.verb_matches += _compare(differences, label, "verb", item["verb"], guess["verb"])
        score.actor_kind_matches += _compare(
            differences, label, "actor_kind", item["actor_kind"], guess["actor_kind"]
        )
        gold_actors = Counter(normalize_actor(actor) for actor in item["actors"])
        guessed_actors = Counter(normalize_actor(actor) for actor in guess["actors"])
        score.actor_gold += sum(gold_actors.values())
        score.actor_predicted += sum(guessed_actors.values())
        score.actor_matched += sum((gold_actors & guessed_actors).values())
        if gold_actors != guessed_actors:
            differences.append(f"{label}: actors {item['actors']} != {guess['actors']}")
        if item.get("sub_lead"):
            score.sub_lead_items += 1
            lead = guess.get("sub_lead") or ""
            if lead.casefold().startswith(item["sub_lead"].casefold()):
                score.sub_lead_matches += 1
            else:
                differences.append(f"{label}: sub_lead {item['sub_lead']!r} != {lead!r}")
    for key in predicted.keys() - gold_items.keys():
        differences.append(f"{_label(key)}: not in gold")

    gold_count = gold.get("preambular_count")
    if gold_count is not None:
        score.preambular_error = abs(parsed["preambular_count"] - gold_count)
        score.preambular_exact = int(score.preambular_error == 0)
        if score.preambular_error:
            differences.append(f"preambular count {parsed['preambular_count']} != {gold_count}")
    for name in ("symbol", "body", "title", "adopted"):
        if name in gold:
            score.metadata_fields += 1
            expected, found = gold[name], parsed.get(name)
            if isinstance(expected, str) and isinstance(found, str):
                expected, found = _collapse(expected), _collapse(found)
            if expected == found:
                score.metadata_matches += 1
            else:
                differences.append(f"{name}: {gold[name]!r} != {parsed.get(name)!r}")
    return score, differences


def _compare(differences: list[str], label: str, name: str, expected, found) -> int:
    if expected == found:
        return 1
    differences.append(f"{label}: {name} {expected!r} != {found!r}")
    return 0


def _key(item: dict) -> tuple[str | None, str, str | None]:
    """An item's place: its part (None in the resolution itself, "annex II"), number, sub."""
    return item.get("part"), item["number"], item["sub"]


def _scored_items(gold: list[dict], parsed: list[dict]) -> list[dict]:
    """
    The parsed items a gold annotation scores: those of the resolution itself and of the
    annexes it annotates (an annotation without annex items scores no annex).
    """
    parts = {item.get("part") for item in gold} | {None}
    return [item for item in parsed if item.get("part") in parts]


def _label(key: tuple[str | None, str, str | None]) -> str:
    part, number, sub = key
    label = number + ("".join(f"({piece})" for piece in sub.split("-")) if sub else "")
    return f"{part}, para. {label}" if part else label


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class SilverReport:
    """One corpus text against its machine-made structure labels (no addressees)."""

    file: str
    score: Score
    seconds: float
    sectioned: bool = False
    unlabelled: bool = False
    ocr: bool = False
    error: str | None = None
    differences: list[str] = field(default_factory=list)


def score_silver(
    entries: list[dict], texts_dir: Path, lexicon: Lexicon | None = None
) -> list[SilverReport]:
    """
    Parse every text of a silver-labelled corpus (tests/parsing/corpus/README.md) and compare
    its structure: an item matches on number, sub label and its first and last words (as many
    as the label gives). Sectioned resolutions have no labels and are only parsed; OCR'd
    compilations (`<!-- Page N -->`) are flagged, since their labels are the least reliable.
    """
    reports = []
    for entry in entries:
        text = (Path(texts_dir) / entry["file"]).read_text(encoding="utf-8")
        started = time.perf_counter()
        error = None
        try:
            parsed = parse_resolution(text, lexicon).to_dict()
        except ParseError as problem:
            parsed, error = NOTHING_FOUND, f"{problem.code}: {problem}"
        seconds = time.perf_counter() - started
        report = SilverReport(
            entry["file"],
            Score(documents=1),
            seconds,
            sectioned=bool(entry.get("sectioned")),
            ocr="<!-- Page" in text,
            error=error,
        )
        # Empty labels: the labelling missed a resolution whose one paragraph has no number.
        report.unlabelled = not report.sectioned and not entry["operative"]
        if not report.sectioned and not report.unlabelled:
            report.score, report.differences = _silver_structure(entry, parsed)
        reports.append(report)
    return reports


def _silver_structure(entry: dict, parsed: dict) -> tuple[Score, list[str]]:
    gold = {_key(item): item for item in entry["operative"]}
    scored = _scored_items(entry["operative"], parsed["operative"])
    predicted = {_key(item): item for item in scored}
    score = Score(documents=1, gold_items=len(gold), predicted_items=len(scored))
    differences = []
    for key, item in gold.items():
        guess = predicted.get(key)
        if guess is None:
            differences.append(f"{_label(key)}: missing")
            continue
        score.aligned_items += 1
        tokens = guess["text"].split()
        starts, ends = item["starts"].split(), item["ends"].split()
        found = (tokens[: len(starts)], tokens[-len(ends) :] if ends else [])
        if found == (starts, ends):
            score.matched_items += 1
        else:
            differences.append(
                f"{_label(key)}: text {' '.join(found[0])!r} ... {' '.join(found[1])!r}"
            )
    for key in predicted.keys() - gold.keys():
        differences.append(f"{_label(key)}: not in labels")
    return score, differences
