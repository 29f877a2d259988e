"""Recompute the current-assessment table from the approved progress entries."""

from django.core.management.base import BaseCommand

from states.models import CurrentAssessment


class Command(BaseCommand):
    help = (
        "Recompute every current assessment (latest approved status per commitment and "
        "subject). Approvals keep the table up to date; run this after loading entries in bulk."
    )

    def handle(self, *args, **options):
        count = CurrentAssessment.objects.rebuild()
        self.stdout.write(f"{count} current assessments rebuilt.")
