"""Score the parser against a gold annotation (see data/gold/README.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.parsing import load_default_lexicon
from commitments.parsing.scoring import score_corpus

THRESHOLDS = {
    "min_f1": ("paragraph_f1", "paragraph F1"),
    "min_verb": ("verb_exact", "verb exact match"),
    "min_actor_kind": ("actor_kind_accuracy", "actor-kind accuracy"),
    "min_actor_f1": ("actor_f1", "actor F1"),
}


class Command(BaseCommand):
    help = (
        "Parse the texts a gold annotation covers and print per-document and overall figures. "
        "The --min-* options make the command fail when an overall figure is lower."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "gold", type=Path, help="gold annotation (JSON list, one entry per file)"
        )
        parser.add_argument("texts", type=Path, help="directory holding the annotated text files")
        parser.add_argument("--verbose", action="store_true", help="list every difference")
        for option, (_, label) in THRESHOLDS.items():
            parser.add_argument(f"--{option.replace('_', '-')}", type=float, help=f"lowest {label}")

    def handle(self, *args, gold, texts, verbose, **options):
        try:
            entries = json.loads(gold.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{gold}: cannot read the gold annotation ({error}).") from error
        reports, total = score_corpus(entries, texts, load_default_lexicon())
        self.stdout.write(_header())
        for report in reports:
            self.stdout.write(_row(report.file, report.score.figures()))
            if report.error:
                self.stdout.write(f"    not parsed: {report.error}")
            if verbose:
                self.stdout.writelines(f"    {difference}" for difference in report.differences)
        self.stdout.write(_row("OVERALL", total.figures()))
        failures = [
            f"{label} {total.figures()[figure]:.3f} < {options[option]}"
            for option, (figure, label) in THRESHOLDS.items()
            if options[option] is not None and total.figures()[figure] < options[option]
        ]
        if failures:
            raise CommandError("Below threshold: " + "; ".join(failures))


COLUMNS = (
    ("paragraph_precision", "P"),
    ("paragraph_recall", "R"),
    ("paragraph_f1", "F1"),
    ("verb_exact", "verb"),
    ("actor_kind_accuracy", "kind"),
    ("actor_f1", "actorF1"),
    ("sub_lead_prefix", "lead"),
    ("preambular_count_error", "pre_err"),
    ("metadata_accuracy", "meta"),
)


def _header() -> str:
    return f"{'document':<32}" + "".join(f"{title:>9}" for _, title in COLUMNS)


def _row(name: str, figures: dict) -> str:
    cells = []
    for key, _ in COLUMNS:
        value = figures[key]
        cells.append(f"{value:>9.3f}" if isinstance(value, float) else f"{value:>9}")
    return f"{name:<32}" + "".join(cells)
