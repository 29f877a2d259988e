"""Write everything held about one account as JSON, for a subject access request."""

import json
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from privacy.personal_data import export_personal_data


def find_user(username):
    User = get_user_model()
    try:
        return User._default_manager.get_by_natural_key(username)
    except User.DoesNotExist as missing:
        raise CommandError(f"No user is named {username!r}.") from missing


class Command(BaseCommand):
    help = "Export the personal data of one user account as JSON (to standard output or a file)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--output", "-o", help="Write to this file (readable by its owner only)."
        )

    def handle(self, *args, username, output=None, **options):
        text = json.dumps(export_personal_data(find_user(username)), indent=2, ensure_ascii=False)
        if not output:
            self.stdout.write(text)
            return
        # Personal data: the file is created readable by its owner only.
        try:
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(descriptor, "w", encoding="utf-8") as file:
                file.write(text + "\n")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stderr.write(f"Wrote the personal data of {username} to {output}.")
