"""Show what the parser reads in resolution text files, without saving anything."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.lexicon import lexicon_from_db
from commitments.parsing import ParsedResolution, ParseError, load_default_lexicon, parse_resolution


class Command(BaseCommand):
    help = (
        "Parse resolution text files and print the result; nothing is written to the database. "
        "With several files, --format json prints a list of parses, each with its file name."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--format", choices=("json", "text"), default="json")
        parser.add_argument(
            "--lexicon",
            choices=("database", "bundled"),
            default="database",
            help="Parse with the lexicon as curated in the admin (default; only read) or with "
            "the one bundled in commitments/parsing/lexicons.",
        )

    def handle(self, *args, files, format, **options):
        lexicon = lexicon_from_db() if options["lexicon"] == "database" else load_default_lexicon()
        parses = [(path, self._parse(path, lexicon)) for path in files]
        if format == "text":
            self.stdout.write("\n\n".join(_as_text(path, parsed) for path, parsed in parses))
            return
        documents = [parsed.to_dict() for _, parsed in parses]
        if len(parses) > 1:
            documents = [
                {"file": path.name, **doc} for (path, _), doc in zip(parses, documents, strict=True)
            ]
        output = documents[0] if len(documents) == 1 else documents
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))

    @staticmethod
    def _parse(path: Path, lexicon) -> ParsedResolution:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot read the file ({error}).") from error
        try:
            return parse_resolution(text, lexicon)
        except ParseError as error:
            raise CommandError(f"{path}: {error}") from error


def _as_text(path: Path, parsed: ParsedResolution) -> str:
    """A reading aid: the heading facts, then one block per operative item."""
    adopted = parsed.adopted.isoformat() if parsed.adopted else "no date"
    heading = " | ".join([parsed.symbol or "no symbol", parsed.body or "unknown body", adopted])
    lines = [
        f"{path.name}: {heading}",
        f"Title: {parsed.title or '(none)'}",
        f"{len(parsed.preambular)} preambular paragraphs, {len(parsed.operative)} operative items",
    ]
    lines += [f"Warning: {warning}" for warning in parsed.warnings]
    part, headings = None, ()
    for item in parsed.operative:
        if item.part != part:
            part = item.part
            title = next((a.title for a in parsed.annexes if a.part == part), "")
            lines.append(f"{part.capitalize()}: {title or '(no title)'}")
        if item.headings != headings and item.headings:
            lines.append(f"{'':>4}{' / '.join(item.headings)}")
        headings = item.headings
        actors = "; ".join(actor.text for actor in item.actors) or "-"
        lead = f" | lead: {item.sub_lead}" if item.sub_lead else ""
        lines.append(
            f"{item.label:>8}  {item.verb} [{item.strength}] {item.actor_kind}: {actors}"
            f" | action: {item.action or '-'}{lead}"
        )
        if item.flags:
            lines.append(f"{'':>10}flags: {', '.join(item.flags)}")
        if item.topics:
            lines.append(f"{'':>10}topics: {', '.join(item.topics)}")
    return "\n".join(lines)
