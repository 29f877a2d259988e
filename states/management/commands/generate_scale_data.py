"""Fill the database with benchmark data: resolutions, organizations, entries, evidence."""

import time

from django.core.management.base import BaseCommand

from states.scale import ScaleSizes, generate


class Command(BaseCommand):
    help = (
        "Generate deterministic benchmark data (run on an empty PostgreSQL database). Sizes "
        "default to the issue's targets: 300 resolutions, 200 organizations, 1,000,000 entries."
    )

    def add_arguments(self, parser):
        defaults = ScaleSizes()
        parser.add_argument("--resolutions", type=int, default=defaults.resolutions)
        parser.add_argument("--organizations", type=int, default=defaults.organizations)
        parser.add_argument("--entries", type=int, default=defaults.entries)
        parser.add_argument("--reviewers", type=int, default=defaults.reviewers)
        parser.add_argument("--batch", type=int, default=defaults.batch)
        parser.add_argument("--seed", type=int, default=defaults.seed)

    def handle(self, *args, **options):
        sizes = ScaleSizes(
            **{
                name: options[name]
                for name in (
                    "resolutions",
                    "organizations",
                    "entries",
                    "reviewers",
                    "batch",
                    "seed",
                )
            }
        )
        began = time.perf_counter()
        made = generate(sizes, out=self.stdout.write)
        self.stdout.write(
            f"Done in {time.perf_counter() - began:.0f} s: {made['commitments']:,} state-addressed "
            f"commitments, {made['entries']:,} entries, {made['assessments']:,} assessments."
        )
