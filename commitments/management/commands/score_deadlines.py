"""Score the deadline reader against a gold of reporting requests (data/gold/deadlines/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.deadlines.scoring import describe, load_gold, score_deadlines


class Command(BaseCommand):
    help = (
        "Read the reporting requests of the texts a gold of deadlines covers and print "
        "precision and recall: a request matches when its paragraph and its due session, date "
        "or year agree. The --min-* options make the command fail below a figure."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, help="gold of reporting requests (JSON)")
        parser.add_argument("texts", type=Path, help="directory holding the gold's texts")
        parser.add_argument("--verbose", action="store_true", help="list wrong and missed ones")
        parser.add_argument("--min-precision", type=float, help="fail below this precision")
        parser.add_argument("--min-recall", type=float, help="fail below this recall")

    def handle(self, *args, gold, texts, verbose, min_precision, min_recall, **options):
        try:
            entries = load_gold(gold)
            rows, total = score_deadlines(entries, texts)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{gold}: cannot score against this gold ({error}).") from error
        for name, score in rows:
            self.stdout.write(
                f"{name:<40} expected {score.expected:>3}  found {score.found:>3}  "
                f"matched {score.matched:>3}"
            )
            if verbose:
                for _, where, key, phrase in score.wrong:
                    self.stdout.write(f"    wrong  {where:<8} {describe(key):<24} {phrase[:90]}")
                for _, where, key, phrase in score.missed:
                    self.stdout.write(f"    missed {where:<8} {describe(key):<24} {phrase[:90]}")
            for _, message in score.errors:
                self.stdout.write(f"    not parsed: {message}")
        self.stdout.write("OVERALL " + total.summary())
        failures = [
            f"{name} {value:.3f} < {floor}"
            for name, value, floor in (
                ("precision", total.precision, min_precision),
                ("recall", total.recall, min_recall),
            )
            if floor is not None and value < floor
        ]
        if failures:
            raise CommandError("Below threshold: " + "; ".join(failures))
