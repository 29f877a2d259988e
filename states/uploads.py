"""
Checks on evidence files before they are stored.

An uploaded file's name and the browser's Content-Type are whatever the sender says, so the
type is read from the bytes with libmagic (python-magic) and only kinds a monitor cites as
evidence are kept: PDF, images, office documents and plain text. HTML, SVG and anything
executable are refused because they could run script when a reviewer opens them. The stored
name is generated from the detected type, never taken from the upload.
"""

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Detected MIME type -> extension of the stored file.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/tiff": "tif",
    "text/plain": "txt",
    "text/csv": "csv",
    "text/rtf": "rtf",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}

ALLOWED_DESCRIPTION = _("PDF, images (PNG, JPEG, GIF, WebP, TIFF), office documents and plain text")

# libmagic reads the start of a file; office formats need the first zip entries.
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def check_evidence_file(uploaded) -> CheckedFile:
    """Refuse an upload that is too big, empty or not an allowed kind; describe it if kept."""
    limit = settings.EVIDENCE_UPLOAD_MAX_BYTES
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files of up to %(limit)s can be attached."),
            code="too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    import magic  # libmagic is needed only when a file is uploaded

    uploaded.seek(0)
    content_type = magic.from_buffer(uploaded.read(SNIFF_BYTES), mime=True)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            "“%(name)s” is not a kind of file that can be attached (its content is "
            "%(type)s). Allowed: %(allowed)s.",
            code="type_not_allowed",
            params={
                "name": PurePath(uploaded.name or "file").name,
                "type": content_type,
                "allowed": ALLOWED_DESCRIPTION,
            },
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type, ALLOWED_TYPES[content_type], uploaded.size, digest.hexdigest())


def evidence_upload_to(evidence, filename: str) -> str:
    """A generated path: evidence/2026/11/<random>.pdf. The sender's name is kept in a field."""
    extension = ALLOWED_TYPES.get(evidence.content_type, "bin")
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


# Spreadsheets of progress (states/spreadsheets/): a workbook or a CSV text, nothing else.
SHEET_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/zip": "xlsx",  # some programs write workbooks libmagic does not name
    "text/plain": "csv",
    "text/csv": "csv",
    "application/csv": "csv",
}
SHEET_DESCRIPTION = "an Excel workbook (.xlsx) or a CSV file (.csv)"


def check_progress_sheet(uploaded) -> CheckedFile:
    """Refuse a spreadsheet of progress that is too big, empty, or not .xlsx or .csv."""
    limit = settings.PROGRESS_IMPORT_MAX_BYTES
    name = PurePath(uploaded.name or "file").name
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > limit:
        raise ValidationError(
            "The file is %(size)s; spreadsheets of up to %(limit)s can be imported. Split it "
            "into smaller files.",
            code="too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    import magic

    uploaded.seek(0)
    content_type = magic.from_buffer(uploaded.read(SNIFF_BYTES), mime=True)
    extension = SHEET_TYPES.get(content_type)
    if extension is None or PurePath(name.lower()).suffix not in (".xlsx", ".csv", ".txt"):
        raise ValidationError(
            "“%(name)s” is not a spreadsheet that can be imported (its content is %(type)s). "
            "Upload %(allowed)s: the template, filled in.",
            code="type_not_allowed",
            params={"name": name, "type": content_type, "allowed": SHEET_DESCRIPTION},
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type, extension, uploaded.size, digest.hexdigest())


# An uploaded spreadsheet waits here (the media storage) between its preview and the import
# the uploader confirms, or the background job that imports it; a name generated here, never
# the sender's. One left behind (a preview never confirmed) is removed after a day.
PENDING_SHEETS = "imports/progress"
PENDING_SHEET_MAX_AGE = 24 * 3600


def store_pending_sheet(uploaded, checked: CheckedFile) -> str:
    """Keep an upload for its import; returns the stored name."""
    from django.core.files.storage import default_storage

    sweep_pending_sheets()
    uploaded.seek(0)
    name = f"{PENDING_SHEETS}/{uuid.uuid4().hex}.{checked.extension}"
    return default_storage.save(name, uploaded)


def read_pending_sheet(name: str) -> bytes:
    """The bytes of a stored upload; FileNotFoundError once it is gone."""
    from django.core.files.storage import default_storage

    if not name.startswith(f"{PENDING_SHEETS}/") or ".." in name:
        raise FileNotFoundError(name)
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def delete_pending_sheet(name: str) -> None:
    from django.core.files.storage import default_storage

    if name.startswith(f"{PENDING_SHEETS}/"):
        default_storage.delete(name)


def sweep_pending_sheets(now=None) -> int:
    """Remove the stored uploads older than a day (previews nobody confirmed)."""
    from django.core.files.storage import default_storage

    now = now or timezone.now()
    try:
        _, names = default_storage.listdir(PENDING_SHEETS)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{PENDING_SHEETS}/{name}"
        try:
            if (now - default_storage.get_modified_time(path)).total_seconds() > (
                PENDING_SHEET_MAX_AGE
            ):
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
