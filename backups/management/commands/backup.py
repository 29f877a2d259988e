from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.defaultfilters import filesizeformat

from backups import archive, signing
from backups.databases import VENDORS


def size(number: int) -> str:
    return filesizeformat(number).replace("\xa0", " ")


class Command(BaseCommand):
    help = (
        "Write the database and every uploaded file (MEDIA_ROOT) to one timestamped archive "
        "with a manifest of row counts and file hashes. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            metavar="DIR",
            help="Folder to write the archive to (created if missing); BACKUP_DIR by default.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        try:
            backup = archive.create(
                output or settings.BACKUP_DIR,
                connection=connections[database],
                media_root=settings.MEDIA_ROOT,
            )
        except (archive.BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        # The path alone on the first line, for scripts that keep or copy the archive.
        self.stdout.write(str(backup.path))
        self.stdout.write(
            f"  database ({VENDORS[backup.vendor].label}): {len(backup.tables):,} tables, "
            f"{backup.rows:,} rows"
        )
        if options["verbosity"] >= 2:
            for table, count in backup.tables.items():
                self.stdout.write(f"    {table}: {count:,}")
        self.stdout.write(f"  media: {len(backup.files):,} files, {size(backup.file_bytes)}")
        self.stdout.write(f"  archive: {size(backup.path.stat().st_size)}")
        # A restore needs the same key: say which one, so a new machine gets it too.
        self.stdout.write(f"  signed with {signing.key_source()}")
