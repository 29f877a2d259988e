import json

from django.core.management.base import BaseCommand, CommandError

from api.documents import DocumentError, import_resolution_document


class Command(BaseCommand):
    help = (
        "Import resolutions from their JSON documents (as /api/v1/resolutions/<id>/document.json "
        "gives them): the same resolution, paragraphs, commitments, actors and topics."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="JSON document files")

    def handle(self, *files, **options):
        for name in options["files"]:
            try:
                with open(name, encoding="utf-8") as handle:
                    data = json.load(handle)
            except (OSError, ValueError) as error:
                raise CommandError(f"{name}: cannot read a JSON document ({error}).") from error
            try:
                result = import_resolution_document(data)
            except DocumentError as error:
                raise CommandError(f"{name}: {error}") from error
            self.stdout.write(f"{name}: {result.summary}")
