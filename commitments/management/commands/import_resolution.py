from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.ingest import import_resolution
from commitments.lexicon import lexicon_from_db
from commitments.parsing import ParseError
from commitments.sources import SourceError, read_source_file


class Command(BaseCommand):
    help = (
        "Import resolution texts (.txt, .docx or .pdf). Importing the same text again changes "
        "nothing; a corrected text of a known symbol becomes its next version."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        lexicon = lexicon_from_db()
        failures = 0
        for path in files:
            try:
                text = read_source_file(path)
                outcome = import_resolution(text, lexicon=lexicon)
            except (OSError, SourceError, ParseError) as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{path}: {error}"))
                continue
            self.stdout.write(f"{path.name}: {outcome.summary}")
            for warning in outcome.warnings:
                self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if failures:
            raise CommandError(f"{failures} of {len(files)} files could not be imported.")
