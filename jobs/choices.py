from django.db import models


class JobKind(models.TextChoices):
    REPORT_PDF = "report_pdf", "PDF progress report"
    IMPORT_RESOLUTIONS = "import_resolutions", "Resolution import"
    EXPORT = "export", "Data export"
    PROGRESS_IMPORT = "progress_import", "Progress import from a spreadsheet"
    DOWNLOAD = "download", "Data download"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"
