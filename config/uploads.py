"""
Where uploads wait while their request runs, and the sweep of what a killed process left.

Django spools an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to a temporary file
and deletes it when the request ends; a process killed in between (a restart, the
out-of-memory killer, a timed-out gunicorn worker) leaves the file behind, and with it
whatever was uploaded (confidential evidence among it). So the files go to a folder of the
app's own under VAR_DIR (FILE_UPLOAD_TEMP_DIR), made if missing, and every web process sweeps
it as it starts (`config/wsgi.py`: gunicorn's workers, the development server): an upload
file older than FILE_UPLOAD_TEMP_MAX_AGE_SECONDS belongs to no running request, since one
being written is touched as its bytes arrive and a finished one is gone with its request.
"""

import logging
import stat
import time
from pathlib import Path

from django.conf import settings
from django.core.files import uploadhandler

logger = logging.getLogger(__name__)

# What Django's TemporaryUploadedFile names its files: tmpXXXXXXXX.upload.<extension>.
UPLOAD_FILE_PATTERN = "tmp*.upload*"


def upload_temp_dir() -> Path:
    """FILE_UPLOAD_TEMP_DIR, made (readable by the app only) if it is missing."""
    directory = Path(settings.FILE_UPLOAD_TEMP_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def sweep_upload_temp_dir(now: float | None = None) -> int:
    """
    Remove the upload files older than FILE_UPLOAD_TEMP_MAX_AGE_SECONDS; returns how many.
    Only Django's upload files, and never through a symbolic link, should the folder be
    pointed at a shared one.
    """
    cutoff = (now if now is not None else time.time()) - settings.FILE_UPLOAD_TEMP_MAX_AGE_SECONDS
    removed = 0
    for path in upload_temp_dir().glob(UPLOAD_FILE_PATTERN):
        try:
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another worker starting at the same time swept it first
            continue
    if removed:
        logger.info("Removed %d upload file(s) left in %s", removed, settings.FILE_UPLOAD_TEMP_DIR)
    return removed


class TemporaryFileUploadHandler(uploadhandler.TemporaryFileUploadHandler):
    """Django's, making FILE_UPLOAD_TEMP_DIR first when it is missing (a var/ cleaned since)."""

    def new_file(self, *args, **kwargs):
        upload_temp_dir()
        super().new_file(*args, **kwargs)
