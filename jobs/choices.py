from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    REPORT_PDF = "report_pdf", _("PDF progress report")
    IMPORT_RESOLUTIONS = "import_resolutions", _("Resolution import")
    EXPORT = "export", _("Data export")
    PROGRESS_IMPORT = "progress_import", _("Progress import from a spreadsheet")
    DOWNLOAD = "download", _("Data download")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")
