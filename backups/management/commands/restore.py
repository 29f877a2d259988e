from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from backups import archive, signing
from backups.databases import VENDORS

from .backup import size


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup`: the database and the files under "
        "MEDIA_ROOT, once the manifest's signature, every file's SHA-256 and every table's row "
        "count in the database copy match. Files under MEDIA_ROOT that the archive does not "
        "hold are moved to a dated folder under BACKUP_DIR. Refuses a database or media folder "
        "that already holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz file `backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the data already in the database and media folder.",
        )
        parser.add_argument(
            "--allow-unsigned",
            action="store_true",
            help="Restore an archive that has no signature (made before backups were signed). "
            "Only for an archive kept where only administrators can write.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to restore into."
        )

    def handle(self, *args, force=False, database=DEFAULT_DB_ALIAS, **options):
        try:
            restored = archive.restore(
                options["archive"],
                connection=connections[database],
                media_root=settings.MEDIA_ROOT,
                set_aside_dir=settings.BACKUP_DIR,
                force=force,
                allow_unsigned=options["allow_unsigned"],
            )
        except (archive.BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        backup = restored.backup
        self.stdout.write(f"Restored {backup.path} (made {backup.manifest['created']})")
        if backup.signed:
            self.stdout.write(f"  signature: verified with {signing.key_source()}")
        else:
            self.stdout.write(
                self.style.WARNING("  signature: none, restored with --allow-unsigned")
            )
        self.stdout.write(
            f"  database ({VENDORS[backup.vendor].label}): {len(backup.tables):,} tables, "
            f"{backup.rows:,} rows; every count matches the backup"
        )
        self.stdout.write(
            f"  media: {len(backup.files):,} files, {size(backup.file_bytes)}; "
            "every SHA-256 matches the backup"
        )
        if restored.set_aside:
            count = len(restored.set_aside)
            self.stdout.write(
                self.style.WARNING(
                    f"  moved aside, not in the backup or changed since: {count:,} "
                    f"file{'' if count == 1 else 's'} under MEDIA_ROOT, now in "
                    f"{restored.set_aside_to}"
                )
            )
            if options["verbosity"] >= 2:
                for relative in restored.set_aside:
                    self.stdout.write(f"    {relative}")
        if restored.extra_tables:
            self.stdout.write(
                f"  left as they were, not in the backup: {', '.join(restored.extra_tables)}"
            )
        if restored.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"This version has {len(restored.pending_migrations)} migrations the "
                    "backup predates: run `manage.py migrate` next."
                )
            )
