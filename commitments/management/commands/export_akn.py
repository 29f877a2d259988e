from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.akn import export_resolution, validation_errors
from commitments.models import Resolution


class Command(BaseCommand):
    help = (
        "Write a resolution as Akoma Ntoso 3.0 XML (AKN4UN conventions), checked against the "
        "official schema. Name the resolution by its id or its symbol."
    )

    def add_arguments(self, parser):
        parser.add_argument("resolution", help="The resolution's id or symbol, e.g. A/RES/65/190.")
        parser.add_argument(
            "-o", "--output", type=Path, help="File to write; the standard output when omitted."
        )

    def handle(self, *args, resolution, output=None, **options):
        found = self.find(resolution)
        document = export_resolution(found)
        if errors := validation_errors(document):
            raise CommandError(
                f"{found.display_symbol}: the export does not validate:\n" + "\n".join(errors)
            )
        if output is None:
            self.stdout.write(document.decode("utf-8"), ending="")
            return
        try:
            output.write_bytes(document)
        except OSError as error:
            raise CommandError(f"{output}: {error}") from error
        self.stdout.write(f"{found.display_symbol}: written to {output}")

    @staticmethod
    def find(reference: str) -> Resolution:
        reference = reference.strip()
        if reference.isdigit():
            resolution = Resolution.objects.filter(pk=int(reference)).first()
            if resolution is not None:
                return resolution
        resolution = Resolution.objects.filter(symbol__iexact=reference).first()
        if resolution is None:
            raise CommandError(f"No resolution has the id or symbol {reference!r}.")
        return resolution
