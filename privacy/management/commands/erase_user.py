"""Erase one account's personal data (anonymize it), keeping its entries, evidence and history."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from privacy.models import ErasureRecord
from privacy.personal_data import ErasureRefused, erase_user

from .export_personal_data import find_user


class Command(BaseCommand):
    help = (
        "Anonymize a user account: username, names, e-mail, password, roles, memberships, "
        "tokens, reminder subscriptions and sessions go; entries, evidence and history stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--by",
            required=True,
            metavar="ADMIN_USERNAME",
            help="The administrator doing it (a superuser or holder of auth.change_user); "
            "recorded with the erasure.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, username, by, interactive=True, **options):
        user, admin = find_user(username), find_user(by)
        if interactive:
            try:
                answer = input(
                    f"Erase the personal data of {username}? This cannot be undone. "
                    "Type 'yes' to continue: "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was erased.")
        try:
            record = erase_user(user, by=admin, channel=ErasureRecord.Channel.COMMAND)
        except PermissionDenied as refusal:
            raise CommandError(f"{by} may not erase {username}: {refusal}") from refusal
        except ErasureRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        removed = ", ".join(f"{label} {count}" for label, count in record.removed.items())
        self.stdout.write(
            f"Erased {username}: the account is now {record.user.get_username()} "
            f"(erasure #{record.pk}). Removed: {removed}."
        )
