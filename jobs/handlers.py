"""
What each kind of job does. A handler takes the job, reports progress as it goes and
returns (file name, file content or None, closing message); JobFailed carries a reason the
user can act on.
"""

from commitments.ingest import import_resolution
from commitments.lexicon import lexicon_from_db
from commitments.models import Resolution, Topic
from commitments.parsing import ParseError
from reports import printable
from reports.pdf import render_pdf
from states.models import State

from .choices import JobKind
from .models import JobFailed

REPORT_SUBJECTS = {
    "state": lambda key: State.objects.get(slug=key),
    "resolution": lambda key: Resolution.objects.get(pk=key),
    "topic": lambda key: Topic.objects.get(slug=key),
}


def build_report_pdf(job):
    kind, key = job.params["report"], job.params["key"]
    job.report(0, 3, "Reading the approved entries")
    try:
        subject = REPORT_SUBJECTS[kind](key)
    except (
        KeyError,
        ValueError,
        State.DoesNotExist,
        Resolution.DoesNotExist,
        Topic.DoesNotExist,
    ) as missing:
        raise JobFailed(f"The report's subject ({kind} “{key}”) no longer exists.") from missing
    report = printable.BUILDERS[kind](subject, user=job.created_by)
    job.report(1, 3, f"Laying out {len(report.sections)} commitments")
    pdf = render_pdf("reports/report.html", printable.template_context(report))
    job.report(2, 3, "Saving the file")
    return printable.file_name(report), pdf, f"{report.title}: {len(pdf) // 1024} KB"


def import_resolutions(job):
    """Import each text in turn; one bad text is reported and does not stop the others."""
    texts = job.params["texts"]
    lexicon = lexicon_from_db()
    lines, imported, failed = [], 0, 0
    for number, item in enumerate(texts):
        job.report(number, len(texts), f"Importing {item['name']}")
        try:
            outcome = import_resolution(item["text"], user=job.created_by, lexicon=lexicon)
        except ParseError as error:
            failed += 1
            lines.append(f"{item['name']}: not imported: {error.message}")
        else:
            imported += 1
            lines.append(f"{item['name']}: {outcome.summary}")
    if not imported and failed:
        raise JobFailed("None of the texts could be imported:\n" + "\n".join(lines))
    report = "\n".join(lines) + "\n"
    return "import-report.txt", report.encode(), f"{imported} imported, {failed} not imported"


HANDLERS = {
    JobKind.REPORT_PDF: build_report_pdf,
    JobKind.IMPORT_RESOLUTIONS: import_resolutions,
}
