"""Score the parser against a gold annotation (see data/gold/README.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.parsing import load_default_lexicon
from commitments.parsing.scoring import Score, score_corpus, score_silver

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
        parser.add_argument(
            "--silver",
            action="store_true",
            help="the annotation is a corpus's machine-made structure labels "
            "(tests/parsing/corpus/labels.json): report crashes, structure agreement and time",
        )
        for option, (_, label) in THRESHOLDS.items():
            parser.add_argument(f"--{option.replace('_', '-')}", type=float, help=f"lowest {label}")

    def handle(self, *args, gold, texts, verbose, silver, **options):
        try:
            entries = json.loads(gold.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{gold}: cannot read the gold annotation ({error}).") from error
        if silver:
            return self._silver(entries, texts, verbose, options)
        reports, total = score_corpus(entries, texts, load_default_lexicon())
        self.stdout.write(_header())
        for report in reports:
            self.stdout.write(_row(report.file, report.score.figures()))
            if report.error:
                self.stdout.write(f"    not parsed: {report.error}")
            if verbose:
                self.stdout.writelines(f"    {difference}\n" for difference in report.differences)
        self.stdout.write(_row("OVERALL", total.figures()))
        failures = [
            f"{label} {total.figures()[figure]:.3f} < {options[option]}"
            for option, (figure, label) in THRESHOLDS.items()
            if options[option] is not None and total.figures()[figure] < options[option]
        ]
        if failures:
            raise CommandError("Below threshold: " + "; ".join(failures))

    def _silver(self, entries, texts, verbose, options):
        try:
            reports = score_silver(entries, texts, load_default_lexicon())
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read a corpus text ({error}).") from error
        self.stdout.write(f"{'document':<32}{'P':>9}{'R':>9}{'F1':>9}{'ms':>9}  notes")
        for report in reports:
            notes = [
                note
                for note, flagged in (
                    ("sectioned (not scored)", report.sectioned),
                    ("no labels (not scored)", report.unlabelled),
                    ("OCR pages", report.ocr),
                    (f"CRASH {report.error}", report.error),
                )
                if flagged
            ]
            if not verbose and not notes and report.score.f1 == 1.0:
                continue
            score = report.score
            self.stdout.write(
                f"{report.file:<32}{score.precision:>9.3f}{score.recall:>9.3f}{score.f1:>9.3f}"
                f"{report.seconds * 1000:>9.1f}  {'; '.join(notes)}"
            )
            if verbose:
                self.stdout.writelines(f"    {difference}\n" for difference in report.differences)
        scored = [report for report in reports if not (report.sectioned or report.unlabelled)]
        total = sum((report.score for report in scored), Score())
        clean = sum((report.score for report in scored if not report.ocr), Score())
        crashes = sum(1 for report in reports if report.error)
        milliseconds = 1000 * sum(report.seconds for report in reports) / max(len(reports), 1)
        perfect = sum(1 for report in scored if report.score.f1 == 1.0)
        self.stdout.write(
            f"{len(reports)} texts, {crashes} not parsed, "
            f"{sum(1 for report in reports if report.sectioned)} sectioned and "
            f"{sum(1 for report in reports if report.unlabelled)} without labels (parsed, "
            f"not scored), {sum(1 for report in scored if report.ocr)} OCR'd among "
            f"the scored"
        )
        self.stdout.write(
            f"structure: P {total.precision:.3f} R {total.recall:.3f} F1 {total.f1:.3f} "
            f"({total.matched_items}/{total.gold_items} labelled items); without OCR'd texts "
            f"F1 {clean.f1:.3f}; documents with F1 1.000: {perfect}/{len(scored)}"
        )
        self.stdout.write(f"time: {milliseconds:.2f} ms a resolution on average")
        if options["min_f1"] is not None and total.f1 < options["min_f1"]:
            raise CommandError(
                f"Below threshold: structure F1 {total.f1:.3f} < {options['min_f1']}"
            )


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
