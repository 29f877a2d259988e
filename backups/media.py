"""
The files half of a backup: every file under MEDIA_ROOT, and a restore that leaves MEDIA_ROOT
holding exactly the archive's files without losing any that were there.

Nothing under MEDIA_ROOT changes until the database is restored. `prepare` copies the archive's
files that are not already there byte for byte into a hidden folder inside MEDIA_ROOT (the same
file system, so each is later renamed into place in one step), and copies every file that the
archive does not hold as it is (uploaded since the backup, or changed) into a dated folder
under BACKUP_DIR, where only administrators read. A failure meanwhile (a full disk) leaves
MEDIA_ROOT whole. Then `commit` renames the archive's files into place and removes the files
set aside, or `discard` undoes `prepare` when the database could not be restored.
"""

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from django.utils import timezone

from .databases import BackupError

# A restore's unfinished work inside MEDIA_ROOT: never data, never backed up or set aside.
STAGING_PREFIX = ".restoring-"
SET_ASIDE_PREFIX = "media-replaced-"
CHUNK = 1024 * 1024


def media_files(media_root: Path, skip=()):
    """
    Every regular file under `media_root` as (relative POSIX path, path), in order. Symbolic
    links are not followed (the file storage never makes them), and nothing below a folder in
    `skip` is taken: backups kept inside MEDIA_ROOT would otherwise hold every earlier backup.
    """
    root = Path(media_root)
    if not root.is_dir():
        return
    skipped = {Path(path).resolve() for path in skip or ()}
    for directory, subdirectories, names in os.walk(root):
        here = Path(directory)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if (here / name).resolve() not in skipped
            and not (here == root and name.startswith(STAGING_PREFIX))
        )
        for name in sorted(names):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class MediaRestore:
    """The files a restore writes and sets aside, ready to be put in place."""

    media_root: Path
    # The archive's files that MEDIA_ROOT does not hold as they are, copied under `staging`.
    writes: list[str] = field(default_factory=list)
    # MEDIA_ROOT's files that the archive does not hold as they are, copied under `set_aside_to`.
    set_aside: list[str] = field(default_factory=list)
    staging: Path | None = None
    set_aside_to: Path | None = None

    def commit(self):
        """Remove the files set aside (they are copied), then rename the archive's into place."""
        for relative in self.set_aside:
            path = _at(self.media_root, relative)
            path.unlink()
            _remove_empty_parents(path.parent, self.media_root)
        for relative in self.writes:
            destination = _at(self.media_root, relative)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(_at(self.staging, relative), destination)
        shutil.rmtree(self.staging)

    def discard(self):
        """Undo `prepare`: MEDIA_ROOT keeps every file it had, and nothing is left set aside."""
        for folder in (self.staging, self.set_aside_to):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def prepare(source: Path, media_root: Path, files: list[dict], set_aside_dir: Path) -> MediaRestore:
    """
    Copy the archive's files (unpacked under `source`) next to their places in `media_root`,
    and the files they would replace or leave orphaned into a new folder under `set_aside_dir`.
    """
    media_root = Path(media_root)
    wanted = {item["path"]: item for item in files}
    kept = set()
    restore = MediaRestore(media_root)
    for relative, path in media_files(media_root, skip=[set_aside_dir]):
        item = wanted.get(relative)
        if item and path.stat().st_size == item["size"] and sha256(path) == item["sha256"]:
            kept.add(relative)
        else:
            restore.set_aside.append(relative)
    restore.writes = [relative for relative in wanted if relative not in kept]
    stamp = f"{timezone.now().astimezone(UTC):%Y%m%dT%H%M%SZ}"
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        restore.staging = _new_folder(media_root / f"{STAGING_PREFIX}{stamp}")
        for relative in restore.writes:
            _copy(_at(source, relative), _at(restore.staging, relative))
        if restore.set_aside:
            # Confidential evidence: only its owner reads it, as with the backups themselves.
            Path(set_aside_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
            restore.set_aside_to = _new_folder(Path(set_aside_dir) / f"{SET_ASIDE_PREFIX}{stamp}")
            for relative in restore.set_aside:
                _copy(_at(media_root, relative), _at(restore.set_aside_to, relative))
    except BaseException:
        restore.discard()
        raise
    return restore


def _new_folder(path: Path) -> Path:
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        raise BackupError(f"{path} already exists; wait a second and restore again.") from None
    return path


def _at(root: Path, relative: str) -> Path:
    return root.joinpath(*relative.split("/"))


def _copy(source: Path, destination: Path):
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, destination)


def _remove_empty_parents(folder: Path, root: Path):
    """Folders emptied by setting files aside go too: a file may take a folder's name."""
    while folder != root and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
