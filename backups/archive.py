"""
Backups of a whole site, the database and every uploaded file, in one archive.

An archive, `commitment-tracker-20261124T101500Z.tar.gz`, holds

- `database.dump` (PostgreSQL, pg_dump's custom format) or `database.sqlite3` (SQLite);
- `media/<path>`: every file under MEDIA_ROOT (evidence, generated reports) at its path there;
- `manifest.json`: the format, when and from which database it was made, the apps and
  migrations applied, the rows in every table, and the size and SHA-256 of every other member;
- `manifest.signature`, last: an HMAC-SHA256 of the manifest's bytes under the site's backup
  signing key (signing.py). A checksum anyone can compute again; the signature only the key's
  holders can, so an archive changed by someone who could write to it is refused.

The manifest describes exactly what the archive holds: the counts come from the database copy
itself and the hashes from the bytes as they were written. Files are read after the database
(an evidence file reaches the disk before its row commits), so every file the copy refers to
is in the archive. The archive is written under a temporary name and renamed when complete, so
a backup that fails never leaves something that looks like a backup.

A restore unpacks the whole archive and checks the signature and every member against the
manifest, then reads the whole database copy and counts its rows against the manifest, before
it touches anything: a truncated, damaged, tampered or unsigned archive, or one whose database
copy is not what the manifest says, is refused with the site as it was. The database is
replaced in one step (one transaction on PostgreSQL) and only then the files (media.py); files
the archive does not hold are moved aside, never left behind as if restored, never deleted.
"""

import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from . import media, signing
from .databases import VENDORS, BackupError, count_rows, differences, for_connection
from .media import media_files, sha256
from .signing import SIGNATURE

__all__ = ["BackupError", "Backup", "Restored", "create", "restore", "unpack", "media_files"]

FORMAT = "commitment-tracker-backup"
# 2: the manifest is signed (manifest.signature). Format 1 archives restore with allow_unsigned.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
MEDIA = "media"
ARCHIVE_PREFIX = "commitment-tracker-"
ARCHIVE_SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Backup:
    """An archive and its manifest, as written by `create` or checked by `unpack`."""

    path: Path
    manifest: dict
    # False only for an archive without a signature, restored with allow_unsigned.
    signed: bool = True

    @property
    def vendor(self) -> str:
        return self.manifest["database"]["vendor"]

    @property
    def tables(self) -> dict[str, int]:
        return self.manifest["tables"]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def files(self) -> list[dict]:
        return self.manifest["media"]

    @property
    def file_bytes(self) -> int:
        return sum(item["size"] for item in self.files)

    @property
    def member_names(self) -> set[str]:
        """Every name the archive must hold, and nothing else."""
        database = self.manifest["database"]["file"]
        signature = {SIGNATURE} if self.signed else set()
        return {MANIFEST, database, *signature} | {f"{MEDIA}/{item['path']}" for item in self.files}


@dataclass(frozen=True)
class Restored:
    backup: Backup
    # Tables of the database that the backup does not have (a --force restore into a database
    # of a later version leaves them as they were).
    extra_tables: list[str] = field(default_factory=list)
    # Migrations this code has that the backup predates: `manage.py migrate` applies them.
    pending_migrations: list[str] = field(default_factory=list)
    # Files MEDIA_ROOT held that the backup does not (added or changed since), and the folder
    # they were moved to.
    set_aside: list[str] = field(default_factory=list)
    set_aside_to: Path | None = None


def create(output_dir: Path, *, connection, media_root: Path) -> Backup:
    """Write a new archive of the database behind `connection` and of `media_root`."""
    database = for_connection(connection)
    output_dir = Path(output_dir)
    # The archive holds password hashes and confidential evidence: only its owner reads it.
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = timezone.now().astimezone(UTC).replace(microsecond=0)
    path = output_dir / f"{ARCHIVE_PREFIX}{created:%Y%m%dT%H%M%SZ}{ARCHIVE_SUFFIX}"
    if path.exists():
        raise BackupError(f"{path} already exists; wait a second and run the backup again.")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with tempfile.TemporaryDirectory(prefix=".staging-", dir=output_dir) as staging:
            dump = Path(staging) / database.filename
            snapshot = database.dump(dump)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created": created.isoformat().replace("+00:00", "Z"),
                "database": {"vendor": database.vendor, "file": database.filename},
                "apps": [config.label for config in apps.get_app_configs()],
                "migrations": snapshot.migrations,
                "tables": snapshot.tables,
                "media": [],
            }
            # gzip's default level: evidence is mostly PDFs and images, compressed already.
            with (
                _private_file(partial) as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                manifest["database"].update(_add_file(tar, database.filename, dump))
                for relative, source in media_files(media_root, skip=[output_dir]):
                    described = _add_file(tar, f"{MEDIA}/{relative}", source)
                    manifest["media"].append({"path": relative, **described})
                written = json.dumps(manifest, indent=2).encode()
                _add_bytes(tar, MANIFEST, written)
                _add_bytes(tar, SIGNATURE, signing.sign(written))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(path, manifest)


def restore(
    archive: Path,
    *,
    connection,
    media_root: Path,
    set_aside_dir: Path | None = None,
    force: bool = False,
    allow_unsigned: bool = False,
) -> Restored:
    """
    Put the database and the files of `archive` back into the database behind `connection`
    and into `media_root`, then check the result against the manifest. Files under
    `media_root` that the archive does not hold are moved into a new folder under
    `set_aside_dir` (BACKUP_DIR by default).

    Refuses, before changing anything, a target that already holds data (unless `force`), a
    damaged archive, one whose signature does not verify (or that has none, unless
    `allow_unsigned`), one whose database copy differs from its manifest, an archive of the
    other database vendor and one made by a newer version.
    """
    database = for_connection(connection)
    archive = Path(archive)
    media_root = Path(media_root)
    set_aside_dir = Path(set_aside_dir or settings.BACKUP_DIR)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file.")
    if not force:
        _refuse_existing_data(connection, media_root, set_aside_dir)
    with tempfile.TemporaryDirectory(prefix="commitment-tracker-restore-") as staging:
        staging = Path(staging)
        backup = unpack(archive, staging, allow_unsigned=allow_unsigned)
        pending = _check_compatible(backup, database)
        loadable = database.prepare(staging / backup.manifest["database"]["file"], backup.tables)
        if connection.in_atomic_block:
            # pg_restore would wait for this transaction's locks forever.
            raise BackupError("A restore cannot run inside a transaction.")
        files = media.prepare(staging / MEDIA, media_root, backup.files, set_aside_dir)
        try:
            database.load(loadable, backup.tables)
        except BaseException:
            files.discard()
            raise
        files.commit()
    extra_tables = _verify(backup, connection, media_root, set_aside_dir)
    return Restored(
        backup,
        extra_tables=extra_tables,
        pending_migrations=pending,
        set_aside=files.set_aside,
        set_aside_to=files.set_aside_to,
    )


def unpack(archive: Path, staging: Path, *, allow_unsigned: bool = False) -> Backup:
    """
    Extract every member of `archive` into `staging`, check the manifest's signature and
    every member against the manifest. Only the expected names are written, each under
    `staging`, whatever the archive says.
    """
    found: dict[str, dict] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                found[member.name] = _extract(tar, member, staging, found)
            # tarfile stops reading at the end-of-archive blocks; reading the compressed stream
            # to its end makes gzip check its CRC and length, so damage anywhere is caught.
            while tar.fileobj.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            f"{archive} is damaged (truncated or corrupt: {error}). Nothing was restored."
        ) from error
    if MANIFEST not in found:
        raise BackupError(
            f"{archive} has no {MANIFEST}: it is incomplete or not a backup of this site. "
            "Nothing was restored."
        )
    signed = _check_signature(archive, staging, SIGNATURE in found, allow_unsigned)
    backup = Backup(archive, _read_manifest(archive, staging / MANIFEST), signed=signed)
    problems = [f"{name}: missing" for name in sorted(backup.member_names - set(found))] + [
        f"{name}: not in the manifest" for name in sorted(set(found) - backup.member_names)
    ]
    expected = {f"{MEDIA}/{item['path']}": item for item in backup.files}
    expected[backup.manifest["database"]["file"]] = backup.manifest["database"]
    for name, item in sorted(expected.items()):
        if name in found and found[name] != {"size": item["size"], "sha256": item["sha256"]}:
            problems.append(f"{name}: its size or SHA-256 differs")
    if problems:
        raise BackupError(
            f"{archive} does not match its manifest ({'; '.join(problems[:10])}). "
            "Nothing was restored."
        )
    return backup


def _check_signature(archive: Path, staging: Path, signed: bool, allow_unsigned: bool) -> bool:
    """Refuse a manifest the site's key did not sign; whether the archive has a signature."""
    if not signed:
        if allow_unsigned:
            return False
        raise BackupError(
            f"{archive} is not signed: it was made before backups were signed, or its "
            "signature was removed. Nothing was restored. If it was kept where only "
            "administrators can write, restore it with --allow-unsigned."
        )
    manifest = (staging / MANIFEST).read_bytes()
    if not signing.verifies(manifest, (staging / SIGNATURE).read_bytes()):
        raise BackupError(
            f"{archive}: the signature of its manifest does not verify. Either the archive "
            "was altered after it was made, or it was made with another key: restore it with "
            f"the {signing.key_source()} of the site that made it (BACKUP_SIGNING_KEY, or "
            "SECRET_KEY when that is unset). Nothing was restored."
        )
    return True


def _extract(tar, member, staging: Path, found) -> dict:
    name = member.name
    if not member.isreg() or name in found or not _expected_name(name):
        raise BackupError(
            f"{tar.name} holds an unexpected member {name!r}: it is not a backup made by "
            "this site. Nothing was restored."
        )
    destination = staging.joinpath(*name.split("/"))
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with tar.extractfile(member) as source, open(destination, "xb") as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _expected_name(name: str) -> bool:
    """The manifest, a database file, or a plain relative path under media/."""
    if name in (MANIFEST, SIGNATURE) or name in {vendor.filename for vendor in VENDORS.values()}:
        return True
    parts = PurePosixPath(name).parts
    return (
        len(parts) > 1
        and parts[0] == MEDIA
        and "/".join(parts) == name
        and not any(part in (".", "..") or "\x00" in part for part in parts)
    )


def _read_manifest(archive: Path, path: Path) -> dict:
    """The manifest, checked for the shape `restore` relies on."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive}: {MANIFEST} is not valid JSON ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a Commitment Tracker backup.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{archive} is in backup format {version!r}; this version reads format "
            f"{FORMAT_VERSION}. Restore it with the version that made it, or a later one."
        )
    database, tables, media = (manifest.get(key) for key in ("database", "tables", "media"))
    migrations = manifest.get("migrations")
    well_formed = (
        isinstance(database, dict)
        and database.get("vendor") in VENDORS
        and database.get("file") == VENDORS[database["vendor"]].filename
        and _is_described(database)
        and isinstance(tables, dict)
        and all(type(count) is int and count >= 0 for count in tables.values())
        and isinstance(migrations, dict)
        and all(isinstance(names, list) for names in migrations.values())
        and isinstance(media, list)
        and all(_is_described(item) and isinstance(item.get("path"), str) for item in media)
    )
    if not well_formed:
        raise BackupError(f"{archive}: {MANIFEST} is malformed. Nothing was restored.")
    return manifest


def _is_described(item) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("size"), int)
        and isinstance(item.get("sha256"), str)
    )


def _check_compatible(backup: Backup, database) -> list[str]:
    """Refuse an archive this site cannot take; return the migrations it predates."""
    if backup.vendor != database.vendor:
        theirs = VENDORS[backup.vendor].label
        raise BackupError(
            f"{backup.path} holds a {theirs} database, but this site is configured for "
            f"{database.label} (DATABASE_URL). Restore it into a {theirs} database."
        )
    applied = {
        (app, name) for app, names in backup.manifest["migrations"].items() for name in names
    }
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if unknown := sorted(applied - known):
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"{backup.path} was made by a later version of Commitment Tracker: it has "
            f"migrations this code does not know ({listed}). Install that version first."
        )
    return [f"{app}.{name}" for app, name in sorted(known - applied)]


def _refuse_existing_data(connection, media_root: Path, set_aside_dir: Path):
    """A restore replaces what is there: without --force, only into an empty site."""
    rows = {table: count for table, count in count_rows(connection).items() if count}
    files = sum(1 for _ in media_files(media_root, skip=[set_aside_dir]))
    held = []
    if rows:
        examples = ", ".join(f"{table}: {count:,}" for table, count in list(rows.items())[:3])
        held.append(
            f"the database has {sum(rows.values()):,} rows in {len(rows)} tables ({examples}…)"
        )
    if files:
        held.append(f"{media_root} has {files:,} file{'' if files == 1 else 's'}")
    if held:
        raise BackupError(
            f"The target already holds data: {' and '.join(held)}. Restore into an empty "
            "database and media folder, or pass --force to replace them. Nothing was changed."
        )


def _verify(backup: Backup, connection, media_root: Path, set_aside_dir: Path) -> list[str]:
    """
    Check every table's row count and every file's hash against the manifest, and that
    MEDIA_ROOT holds no other file.
    """
    counts = count_rows(connection)
    problems = differences(counts, backup.tables)
    for item in backup.files:
        path = media_root.joinpath(*item["path"].split("/"))
        if not path.is_file() or sha256(path) != item["sha256"]:
            problems.append(f"{MEDIA}/{item['path']}: differs from the backup")
    held = {item["path"] for item in backup.files}
    problems += [
        f"{MEDIA}/{relative}: not in the backup"
        for relative, _ in media_files(media_root, skip=[set_aside_dir])
        if relative not in held
    ]
    if problems:
        raise BackupError(
            "The restore ran but the result does not match the backup: "
            + "; ".join(problems[:10])
            + ". Was the site running meanwhile? Stop it and restore again."
        )
    return sorted(set(counts) - set(backup.tables))


@contextmanager
def _private_file(path: Path):
    """A new file only its owner may read, flushed to disk before it is renamed into place."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(descriptor, "wb") as file:
        yield file
        file.flush()
        os.fsync(file.fileno())


class _HashingReader:
    """Hands a file to tarfile while hashing what it reads, so each file is read once."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add_file(tar, name: str, path: Path) -> dict:
    with open(path, "rb") as file:
        info = _member(name, os.fstat(file.fileno()).st_size)
        reader = _HashingReader(file)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(tar, name: str, data: bytes):
    tar.addfile(_member(name, len(data)), io.BytesIO(data))


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    return info
