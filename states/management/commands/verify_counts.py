"""
Check the counts kept on every approval (`states/counts.py`) against a full count of the
current assessments, and say which differ. A difference means some write moved an assessment
without its count: a bug to report. `rebuild_assessments` recomputes everything.
"""

from django.core.management.base import BaseCommand, CommandError

from states.counts import STATUSES, THEMES


class Command(BaseCommand):
    help = (
        "Compare every maintained count (by state and theme, by state) with a full count of "
        "the current assessments; exit non-zero and print each difference if any differs."
    )

    def handle(self, *args, **options):
        differing = 0
        for kept in (THEMES, STATUSES):
            name = kept.model._meta.label
            differences = kept.differences()
            differing += len(differences)
            if not differences:
                self.stdout.write(f"{name}: every kept count equals a full count.")
                continue
            for key, status, count, counted in differences:
                where = ", ".join(
                    f"{field.removesuffix('_id')} {value}"
                    for field, value in zip(kept.key_fields, key, strict=True)
                )
                self.stdout.write(f"{name}: {where}, {status}: kept {count}, counted {counted}")
        if differing:
            differ = "counts differ" if differing != 1 else "count differs"
            raise CommandError(
                f"{differing} kept {differ} from a full count. Run rebuild_assessments to count "
                "everything again."
            )
