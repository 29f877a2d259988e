"""
Scores the linker's links against a hand-drawn lineage (data/gold/lineage.json).

The gold file names resolutions by their symbol (with the symbol the importer stores, which
is empty for a text that prints none) and commitments by paragraph label. It holds:

- `lineages`: versions of one ask in date order; every two versions of a lineage are a sure
  link, and a version may name the kind of change from the version before it;
- `links`: further sure links that a lineage cannot express (a paragraph merging two);
- `possible`: defensible links a reader might or might not draw: not counted as missed when
  absent, nor as wrong when present.

Precision is the share of the links shown (suggested or confirmed) that are sure links,
leaving the possible ones out; recall is the share of sure links that are shown.
"""

import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..choices import Body
from ..models import CommitmentLink, Resolution


@dataclass
class LineageScore:
    sure: int = 0
    shown: int = 0
    found: int = 0
    possible_shown: int = 0
    wrong: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    unresolved: list = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)  # (gold kind, linker kind) -> count

    @property
    def precision(self) -> float:
        judged = self.shown - self.possible_shown
        return self.found / judged if judged else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.sure if self.sure else 0.0

    @property
    def kind_agreement(self) -> float:
        total = sum(self.kinds.values())
        agreed = sum(n for (gold, found), n in self.kinds.items() if gold == found)
        return agreed / total if total else 0.0

    def report(self, verbose: bool = False) -> str:
        lines = [
            f"sure links {self.sure}, shown {self.shown} "
            f"({self.possible_shown} of them possible links, not judged)",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}",
            f"kind agreement {self.kind_agreement:.3f} on {sum(self.kinds.values())} "
            "found links whose kind the gold names",
        ]
        for (gold, found), n in sorted(self.kinds.items()):
            lines.append(f"  gold {gold:<12} linker {found:<12} {n}")
        if self.unresolved:
            lines.append("not found in the database: " + ", ".join(self.unresolved))
        if verbose:
            lines += [f"wrong:  {link}" for link in self.wrong]
            lines += [f"missed: {link}" for link in self.missed]
        return "\n".join(lines)


def load_gold(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def gold_pairs(gold: dict):
    """(sure pairs with their expected kind or None, possible pairs); a pair is two refs."""
    sure = {}
    for lineage in gold["lineages"]:
        versions = [tuple(version[:2]) for version in lineage["versions"]]
        for earlier, later in itertools.combinations(versions, 2):
            sure[(earlier, later)] = None
        for before, version in itertools.pairwise(lineage["versions"]):
            if len(version) > 2 and version[2]:
                sure[(tuple(before[:2]), tuple(version[:2]))] = version[2]
    for link in gold.get("links", []):
        sure[(tuple(link["earlier"]), tuple(link["later"]))] = link.get("kind")
    possible = {frozenset((tuple(a), tuple(b))) for a, b, *_ in gold.get("possible", [])}
    return sure, possible


def find_resolution(entry: dict) -> Resolution | None:
    """The stored resolution a gold entry means: by symbol, or by body and adoption date."""
    if entry.get("stored_symbol"):
        return Resolution.objects.filter(symbol=entry["stored_symbol"]).first()
    return Resolution.objects.filter(
        symbol__isnull=True, body=Body.from_name(entry["body"]), adopted_on=entry["adopted"]
    ).first()


def score_lineage(gold: dict) -> LineageScore:
    score = LineageScore()
    refs = {}  # (gold symbol, label) -> commitment id
    names = {}  # commitment id -> printable ref
    for name, entry in gold["resolutions"].items():
        resolution = find_resolution(entry)
        if resolution is None:
            score.unresolved.append(name)
            continue
        for commitment in resolution.commitments.current().select_related("paragraph"):
            refs[(name, commitment.label)] = commitment.pk
            names[commitment.pk] = f"{name} {commitment.label}"

    sure, possible = gold_pairs(gold)
    score.sure = len(sure)
    expected = {}
    for (earlier, later), kind in sure.items():
        if earlier in refs and later in refs:
            expected[frozenset((refs[earlier], refs[later]))] = (earlier, later, kind)
        else:
            score.missed.append(f"{' '.join(earlier)} → {' '.join(later)} (not in the database)")
    allowed = {
        frozenset((refs[a], refs[b])) for a, b in map(tuple, possible) if a in refs and b in refs
    }

    links = CommitmentLink.objects.shown().filter(earlier__in=names, later__in=names)
    seen = set()
    for earlier_id, later_id, kind, value in links.values_list(
        "earlier_id", "later_id", "kind", "score"
    ):
        pair = frozenset((earlier_id, later_id))
        seen.add(pair)
        score.shown += 1
        printable = f"{names[earlier_id]} → {names[later_id]} {kind} {value:.3f}"
        if pair in expected:
            score.found += 1
            gold_kind = expected[pair][2]
            if gold_kind:
                score.kinds[(gold_kind, kind)] += 1
        elif pair in allowed:
            score.possible_shown += 1
        else:
            score.wrong.append(printable)
    for pair, (earlier, later, _) in expected.items():
        if pair not in seen:
            score.missed.append(f"{' '.join(earlier)} → {' '.join(later)}")
    return score
