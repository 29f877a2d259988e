"""
What each kind of job does. A handler takes the job, reports progress as it goes and
returns (file name, file content or None, closing message); JobFailed carries a reason the
user can act on.
"""

import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from commitments.ingest import ImportOutcome, import_batch
from commitments.lexicon import lexicon_from_db
from reports import downloads, printable
from reports.delivery import NoSuchSubject, find_subject
from reports.exports import EXPORTS
from reports.pdf import render_pdf
from states.models import Organization
from states.spreadsheets import SheetError, read_sheet, save_in_chunks
from states.uploads import delete_pending_sheet, read_pending_sheet

from .choices import JobKind
from .inputs import delete_inputs, reader
from .models import JobFailed

# A report's PDF in steps: the entries read, the page written, laid out, saved as PDF.
REPORT_STEPS = 4


def build_report_pdf(job):
    """
    A report's PDF, built as its reader would see it: for a public job (no owner) as any
    visitor, for a user's as that user, in the language it was asked in.
    """
    kind, key = job.params["report"], job.params["key"]
    steps = REPORT_STEPS
    job.report(0, steps, "reading the approved entries")
    try:
        subject = find_subject(kind, key)
    except NoSuchSubject as missing:
        raise JobFailed(f"The report's subject ({kind} “{key}”) no longer exists.") from missing
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        report = printable.BUILDERS[kind](
            subject, user=job.created_by, drafts=job.params.get("drafts") == "1"
        )
        context = printable.template_context(
            report, omit_unassessed=job.params.get("unassessed") == "omit"
        )
        done = iter(range(1, steps))
        pdf = render_pdf(
            "reports/report.html",
            context,
            step=lambda message: job.report(next(done), steps, message),
        )
    return printable.file_name(report), pdf, f"{report.title}: {len(pdf) // 1024} KB"


def import_resolutions(job):
    """
    Import each file in turn, decoding it when its turn comes (`jobs/inputs.py`); one that
    cannot be read or is not a resolution is reported and does not stop the others. The
    lineage of every resolution imported is linked once, at the end (`import_batch`): each
    text is stored in its own transaction and the links in one more, so a job interrupted
    before its links leaves its resolutions stored but unlinked, and trying it again (its
    texts come back "already imported") links them. The stored files are removed once the
    job has finished; a failed job keeps them, to be tried again.

    A job may hold its texts themselves in `params["texts"]` instead (jobs queued before the
    files were stored, the load bench).
    """
    files = job.params.get("files", [])
    sources = [(item["name"], reader(item)) for item in files] or [
        (item["name"], item["text"]) for item in job.params.get("texts", [])
    ]
    batch = import_batch(sources, user=job.created_by, lexicon=lexicon_from_db(), report=job.report)
    lines = [
        f"{name}: {result.summary}"
        if isinstance(result, ImportOutcome)
        else f"{name}: not imported: {result}"
        for name, result in batch.results
    ]
    imported, failed = len(batch.imported), len(batch.refused)
    if not imported and failed:
        raise JobFailed("None of the texts could be imported:\n" + "\n".join(lines))
    if imported:
        lines.append(f"Lineage: {batch.links.summary}")
    delete_inputs(files)
    report = "\n".join(lines) + "\n"
    return "import-report.txt", report.encode(), f"{imported} imported, {failed} not imported"


class SiteAddress:
    """What an export needs of a request, outside one: absolute addresses on SITE_URL."""

    def build_absolute_uri(self, path):
        return settings.SITE_URL + path


def export_data(job):
    """
    Write an export (the same rows as the API's streamed download, filtered the same way)
    to a temporary file a batch at a time, so memory stays flat however many rows.
    """
    dataset = EXPORTS.get(job.params.get("dataset"))
    file_format = job.params.get("format")
    if dataset is None or file_format not in ("csv", "jsonl"):
        raise JobFailed("This export asks for an unknown dataset or format.")
    filterset = dataset.filterset(
        QueryDict(job.params.get("filters", ""), mutable=False),
        queryset=dataset.queryset(job.created_by),
    )
    if not filterset.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()
        )
        raise JobFailed(f"The export's filters are not valid: {problems}")
    queryset = filterset.qs
    total = queryset.count()
    job.report(0, total or 1, f"Writing {total:,} rows")
    export = dataset.export(queryset, SiteAddress())
    chunks = export.csv_stream() if file_format == "csv" else export.jsonl_stream()
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the job closes it once stored
    written = 0
    for chunk in chunks:
        output.write(chunk)
        written += chunk.count(b"\n")
        job.report(min(written, total), total or 1, f"{min(written, total):,} of {total:,} rows")
    output.seek(0)
    stamp = timezone.now().strftime("%Y-%m-%d")
    name = f"{export.name}-{stamp}.{file_format}"
    return name, File(output, name=name), f"{total:,} rows"


def download_data(job):
    """
    A file of the "Download data" page too large to write while its reader waited: the rows
    its address asks for (`reports.downloads.Wanted`), read again now as its owner may see
    them, written a chunk at a time to a temporary file with the progress reported.
    """
    wanted = downloads.Wanted.of(QueryDict(job.params.get("query", "")), job.created_by)
    if not wanted.is_valid:
        raise JobFailed(
            gettext(
                "The download's choices are no longer valid; choose again on the Download "
                "data page."
            )
            + "\n"
            + "\n".join(wanted.problems())
        )
    if not wanted.file_format:
        raise JobFailed(gettext("This download asks for no format: choose CSV or Excel (XLSX)."))
    total = wanted.entries().count()
    job.report(0, total or 1, gettext("Writing %(total)s rows") % {"total": f"{total:,}"})

    def written(done):
        job.report(
            done,
            total or 1,
            gettext("%(done)s of %(total)s rows written")
            % {"done": f"{done:,}", "total": f"{total:,}"},
        )

    sheet = wanted.sheet(SiteAddress(), progress=written)
    if wanted.file_format == "xlsx":
        output = downloads.xlsx_file(sheet, wanted.title)
    else:
        output = downloads.csv_file(sheet)
    name = wanted.file_name()
    closing = ngettext("%(total)s row", "%(total)s rows", total) % {"total": f"{total:,}"}
    return name, File(output, name=name), closing


def import_progress(job):
    """
    A spreadsheet of progress (`states.spreadsheets`), checked whole again (entries may have
    changed since its preview) and saved a chunk of rows at a time. A row that is not valid
    fails the job with every reason, and nothing of the file is saved; a job interrupted after
    some chunks, tried again, finds their rows already imported and saves the rest. The stored
    file is removed once the job has succeeded.
    """
    params = job.params
    organization = Organization.objects.filter(pk=params["organization"]).first()
    if organization is None:
        raise JobFailed("The organization this import reports for no longer exists.")
    try:
        dataset = read_sheet(read_pending_sheet(params["file"]), params["name"])
    except FileNotFoundError as missing:
        raise JobFailed("The uploaded file is no longer stored; upload it again.") from missing
    except SheetError as error:
        raise JobFailed(str(error)) from error
    total = len(dataset)
    job.report(0, total, f"Checking {total:,} rows")
    try:
        report = save_in_chunks(
            dataset,
            user=job.created_by,
            organization=organization,
            submit=params.get("submit", False),
            progress=job.report,
            source=params["name"],
        )
    except PermissionDenied as refused:
        raise JobFailed(str(refused)) from refused
    lines = report.lines()
    if not report.saved:
        shown = lines[1:51]
        more = len(lines) - 1 - len(shown)
        raise JobFailed(
            "Nothing more was imported: some rows are not valid. Correct them in the file and "
            "upload it again.\n" + "\n".join(shown) + (f"\n… and {more} more." if more > 0 else "")
        )
    delete_pending_sheet(params["file"])
    return "import-report.txt", ("\n".join(lines) + "\n").encode(), report.summary()


HANDLERS = {
    JobKind.REPORT_PDF: build_report_pdf,
    JobKind.IMPORT_RESOLUTIONS: import_resolutions,
    JobKind.EXPORT: export_data,
    JobKind.PROGRESS_IMPORT: import_progress,
    JobKind.DOWNLOAD: download_data,
}
