"""
Backups of a whole site, the database and every uploaded file, in one archive.

An archive, `commitment-tracker-20261124T101500Z.tar.gz`, holds

- `database.dump` (PostgreSQL, pg_dump's custom format) or `database.sqlite3` (SQLite);
- `media/<path>`: every file under MEDIA_ROOT (evidence, generated reports) at its path there;
- `manifest.json`, last: the format, when and from which database it was made, the apps and
  migrations applied, the rows in every table, and the size and SHA-256 of every other member.

The manifest describes exactly what the archive holds: the counts come from the database copy
itself and the hashes from the bytes as they were written. Files are read after the database
(an evidence file reaches the disk before its row commits), so every file the copy refers to
is in the archive. The archive is written under a temporary name and renamed when complete, so
a backup that fails never leaves something that looks like a backup.

A restore unpacks the whole archive and checks every member against the manifest before it
touches anything: a truncated, damaged or tampered archive is refused with the site as it was.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .databases import VENDORS, BackupError, count_rows, for_connection

__all__ = ["BackupError", "Backup", "Restored", "create", "restore", "unpack", "media_files"]

FORMAT = "commitment-tracker-backup"
FORMAT_VERSION = 1
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
        return {MANIFEST, database} | {f"{MEDIA}/{item['path']}" for item in self.files}


@dataclass(frozen=True)
class Restored:
    backup: Backup
    # Tables of the database that the backup does not have (a --force restore into a database
    # of a later version leaves them as they were).
    extra_tables: list[str] = field(default_factory=list)
    # Migrations this code has that the backup predates: `manage.py migrate` applies them.
    pending_migrations: list[str] = field(default_factory=list)


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
                for relative, source in media_files(media_root, skip=output_dir):
                    described = _add_file(tar, f"{MEDIA}/{relative}", source)
                    manifest["media"].append({"path": relative, **described})
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(path, manifest)


def media_files(media_root: Path, skip: Path | None = None):
    """
    Every regular file under `media_root` as (relative POSIX path, path), in order. Symbolic
    links are not followed (the file storage never makes them), and nothing below `skip` is
    taken: backups kept inside MEDIA_ROOT would otherwise hold every earlier backup.
    """
    root = Path(media_root)
    if not root.is_dir():
        return
    skipped = Path(skip).resolve() if skip else None
    for directory, subdirectories, names in os.walk(root):
        here = Path(directory)
        subdirectories[:] = sorted(
            name for name in subdirectories if (here / name).resolve() != skipped
        )
        for name in sorted(names):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def restore(archive: Path, *, connection, media_root: Path, force: bool = False) -> Restored:
    """
    Put the database and the files of `archive` back into the database behind `connection`
    and into `media_root`, then check the result against the manifest.

    Refuses, before changing anything, a target that already holds data (unless `force`), a
    damaged archive, an archive of the other database vendor and one made by a newer version.
    """
    database = for_connection(connection)
    archive = Path(archive)
    media_root = Path(media_root)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file.")
    if not force:
        _refuse_existing_data(connection, media_root)
    with tempfile.TemporaryDirectory(prefix="commitment-tracker-restore-") as staging:
        staging = Path(staging)
        backup = unpack(archive, staging)
        pending = _check_compatible(backup, database)
        if connection.in_atomic_block:
            # pg_restore would wait for this transaction's locks forever.
            raise BackupError("A restore cannot run inside a transaction.")
        database.load(staging / backup.manifest["database"]["file"])
        _restore_media(staging / MEDIA, media_root, backup.files)
    extra_tables = _verify(backup, connection, media_root)
    return Restored(backup, extra_tables=extra_tables, pending_migrations=pending)


def unpack(archive: Path, staging: Path) -> Backup:
    """
    Extract every member of `archive` into `staging` and check it against the manifest.
    Only the expected names are written, each under `staging`, whatever the archive says.
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
    backup = Backup(archive, _read_manifest(archive, staging / MANIFEST))
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
    if name == MANIFEST or name in {vendor.filename for vendor in VENDORS.values()}:
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
        and all(isinstance(count, int) for count in tables.values())
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


def _refuse_existing_data(connection, media_root: Path):
    """A restore replaces what is there: without --force, only into an empty site."""
    rows = {table: count for table, count in count_rows(connection).items() if count}
    files = sum(1 for _ in media_files(media_root))
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


def _restore_media(source: Path, media_root: Path, files: list[dict]):
    """Copy each file into place under a temporary name, then rename it over any old one."""
    for item in files:
        destination = media_root.joinpath(*item["path"].split("/"))
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.restoring")
        shutil.copyfile(source.joinpath(*item["path"].split("/")), temporary)
        os.replace(temporary, destination)


def _verify(backup: Backup, connection, media_root: Path) -> list[str]:
    """Check every table's row count and every file's hash against the manifest."""
    counts = count_rows(connection)
    problems = [
        f"{table}: {counts.get(table, 'no table')} rows, the backup has {count}"
        for table, count in backup.tables.items()
        if counts.get(table) != count
    ]
    for item in backup.files:
        path = media_root.joinpath(*item["path"].split("/"))
        if not path.is_file() or _sha256(path) != item["sha256"]:
            problems.append(f"{MEDIA}/{item['path']}: differs from the backup")
    if problems:
        raise BackupError(
            "The restore ran but the result does not match the backup: "
            + "; ".join(problems[:10])
            + ". Was the site running meanwhile? Stop it and restore again."
        )
    return sorted(set(counts) - set(backup.tables))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


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
