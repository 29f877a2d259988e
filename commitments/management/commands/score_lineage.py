"""Score the lineage linker against a hand-drawn gold lineage (data/gold/lineage.json)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.ingest import import_resolution
from commitments.lineage.linking import link_all
from commitments.lineage.scoring import load_gold, score_lineage


class Command(BaseCommand):
    help = (
        "Run the linker over the resolutions in the database and print precision, recall and "
        "kind agreement against a gold lineage. With --import, the gold's resolution texts are "
        "imported from a directory first (importing a text already held changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, help="gold lineage (JSON)")
        parser.add_argument(
            "--import",
            dest="texts",
            type=Path,
            help="directory holding the gold's resolution texts, e.g. data/resolutions",
        )
        parser.add_argument("--verbose", action="store_true", help="list wrong and missed links")
        parser.add_argument("--min-precision", type=float, help="fail below this precision")
        parser.add_argument("--min-recall", type=float, help="fail below this recall")

    def handle(self, *args, gold, texts, verbose, min_precision, min_recall, **options):
        try:
            annotation = load_gold(gold)
        except (OSError, ValueError) as error:
            raise CommandError(f"{gold}: cannot read the gold lineage ({error}).") from error
        if texts is not None:
            for entry in annotation["resolutions"].values():
                path = texts / entry["file"]
                try:
                    outcome = import_resolution(path.read_text(encoding="utf-8"))
                except OSError as error:
                    raise CommandError(f"{path}: {error}") from error
                self.stdout.write(f"{entry['file']}: {outcome.summary}")
        self.stdout.write("Linker: " + link_all().summary)
        score = score_lineage(annotation)
        self.stdout.write(score.report(verbose=verbose))
        failures = [
            f"{name} {value:.3f} < {floor}"
            for name, value, floor in (
                ("precision", score.precision, min_precision),
                ("recall", score.recall, min_recall),
            )
            if floor is not None and value < floor
        ]
        if failures:
            raise CommandError("Below threshold: " + "; ".join(failures))
