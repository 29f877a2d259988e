from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from commitments.choices import version_languages
from commitments.ingest import import_resolution
from commitments.lexicon import lexicon_from_db
from commitments.parsing import ParseError
from commitments.sources import SourceError, read_source_file
from commitments.versions import held_resolution, import_version


class Command(BaseCommand):
    help = (
        "Import resolution texts (.txt, .docx or .pdf). Importing the same text again changes "
        "nothing; a corrected text of a known symbol becomes its next version. With "
        "--language, each file is a held resolution's text in another official language, "
        "found by the symbol in its heading and matched to the English by its numbering."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in version_languages()],
            help="The files are texts in this language of resolutions already imported.",
        )

    def handle(self, *args, files, language=None, **options):
        lexicon = None if language else lexicon_from_db()
        failures = 0
        for path in files:
            try:
                text = read_source_file(path)
                if language:
                    summary, warnings = self.import_version(text, language)
                else:
                    outcome = import_resolution(text, lexicon=lexicon)
                    summary, warnings = outcome.summary, outcome.warnings
            except (OSError, SourceError, ParseError) as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{path}: {error}"))
                continue
            except ValidationError as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{path}: {' '.join(error.messages)}"))
                continue
            self.stdout.write(f"{path.name}: {summary}")
            for warning in warnings:
                self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if failures:
            raise CommandError(f"{failures} of {len(files)} files could not be imported.")

    def import_version(self, text: str, language: str) -> tuple[str, list[str]]:
        """A text in `language` of the held resolution whose symbol it carries."""
        resolution = held_resolution(text)
        outcome = import_version(resolution, language, text)
        version, name = outcome.version, resolution.display_symbol
        if outcome.status == "unchanged":
            return f"{name} ({language}): this text was already imported; nothing changed.", []
        if version.is_aligned:
            count = version.paragraph_texts.count()
            return f"{name} ({language}): {count} paragraphs matched to the English.", []
        return (
            f"{name} ({language}): kept but not shown, its numbering does not line up.",
            [str(problem) for problem in version.problem_messages],
        )
