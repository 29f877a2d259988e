"""
The files a batch import is given, kept in the media storage until its worker reads them.

The request only checks what it can see without unpacking anything (`check_source`) and
stores the bytes as they came; the worker decodes each file when its turn comes. So a Word
file's XML is read off the request path, a file that cannot be read fails its own line of
the job's report, and the job row holds names, not texts. Web and worker share the media
storage (the `media` volume in docker-compose.yml).
"""

import uuid
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.utils import timezone

from commitments.sources import MAX_SOURCE_BYTES, SourceError, text_from_bytes

FOLDER = "jobs/inputs"


def store_uploads(uploads) -> list[dict]:
    """Save each upload under a generated name; the job's params keep these records."""
    stored = []
    for upload in uploads:
        upload.seek(0)
        name = f"{FOLDER}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.upload"
        stored.append({"name": upload.name, "file": default_storage.save(name, upload)})
    return stored


def reader(item: dict) -> Callable[[], str]:
    """What reads a stored file's text when its turn comes; SourceError if it cannot."""

    def read() -> str:
        try:
            with default_storage.open(item["file"], "rb") as handle:
                data = handle.read(MAX_SOURCE_BYTES + 1)
        except FileNotFoundError as missing:
            raise SourceError(
                "The uploaded file is no longer stored; upload it again."
            ) from missing
        return text_from_bytes(data, item["name"])

    return read


def delete_inputs(items: list[dict]) -> None:
    """Remove a finished job's files (a failed job keeps them, to be tried again)."""
    for item in items:
        default_storage.delete(item["file"])
