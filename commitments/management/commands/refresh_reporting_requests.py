from django.core.management.base import BaseCommand

from commitments.deadlines.requests import refresh_reporting_requests
from commitments.lexicon import lexicon_from_db
from commitments.models import Resolution


class Command(BaseCommand):
    help = (
        "Read the reporting requests and deadlines of stored resolutions again from their "
        "current text (imports do this themselves; run it once after upgrading)."
    )

    def add_arguments(self, parser):
        parser.add_argument("symbols", nargs="*", help="Only these symbols (default: all).")

    def handle(self, *args, symbols, **options):
        lexicon = lexicon_from_db()
        resolutions = Resolution.objects.order_by("pk")
        if symbols:
            resolutions = resolutions.filter(symbol__in=symbols)
        total = 0
        for resolution in resolutions.iterator():
            count = refresh_reporting_requests(resolution, lexicon)
            total += count
            self.stdout.write(f"{resolution.display_symbol}: {count} request(s)")
        self.stdout.write(f"{total} reporting request(s) in all.")
