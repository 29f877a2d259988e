"""Recompute the lineage links between the commitments of every two resolutions."""

from django.core.management.base import BaseCommand

from commitments.lineage.linking import link_all


class Command(BaseCommand):
    help = (
        "Suggest lineage links between the commitments of every two resolutions (import does "
        "this for each new resolution). Links a reviewer confirmed or rejected are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="delete every suggested link first and make them all anew",
        )

    def handle(self, *args, rebuild, **options):
        outcome = link_all(rebuild=rebuild)
        self.stdout.write(outcome.summary)
