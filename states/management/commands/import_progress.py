"""
Import progress entries from a spreadsheet (.xlsx or .csv) for an organization, as the
“Import from a spreadsheet” page does (`states/spreadsheets/`), and print the validation
report: the counts, then each row that is not valid with what is wrong with it.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from states.models import Organization
from states.spreadsheets import (
    SheetError,
    check_import,
    check_may_import,
    read_sheet,
    save_in_chunks,
)


class Command(BaseCommand):
    help = (
        "Import progress from a filled-in template (.xlsx or .csv) for --organization, as "
        "--user (a member of it). With --dry-run, only check every row and print the report. "
        "Nothing is saved unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The spreadsheet: .xlsx or .csv.")
        parser.add_argument("--organization", required=True, help="The organization's slug.")
        parser.add_argument(
            "--user",
            help="Who imports (a contributor of the organization); by default its only member.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the rows; save nothing.")
        parser.add_argument(
            "--submit",
            action="store_true",
            help="Submit the new and changed entries for review (else they are drafts).",
        )

    def handle(self, *args, file, organization, user, dry_run, submit, **options):
        found = Organization.objects.filter(slug=organization).first()
        if found is None:
            raise CommandError(f"No organization “{organization}”.")
        importer = self.importer(found, user)
        try:
            check_may_import(importer, found)
        except PermissionDenied as refused:
            raise CommandError(f"{importer}: {refused}") from refused
        path = Path(file)
        try:
            dataset = read_sheet(path.read_bytes(), path.name)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from error
        except SheetError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            report = check_import(dataset, user=importer, organization=found, submit=submit)
        else:
            report = save_in_chunks(
                dataset, user=importer, organization=found, submit=submit, source=path.name
            )
        for line in report.lines():
            self.stdout.write(line)
        if not report.is_valid:
            raise CommandError(
                f"Nothing was imported: {report.count('invalid')} row(s) not valid."
                if not dry_run
                else f"{report.count('invalid')} row(s) not valid."
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))

    def importer(self, organization, username):
        users = get_user_model().objects.filter(memberships__organization=organization)
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user “{username}”.")
            return user
        members = list(users[:2])
        if len(members) != 1:
            raise CommandError(
                f"Say who imports with --user: {organization} has "
                f"{'no members' if not members else 'several members'}."
            )
        return members[0]
