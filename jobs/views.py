from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from reports.delivery import (
    NoSuchSubject,
    ReportRequest,
    find_subject,
    includes_drafts,
    leaves_out_unassessed,
)
from reports.downloads import Wanted
from reports.exports import EXPORTS
from reports.ratelimit import limit_pdf_requests
from states.spreadsheets import check_may_import
from states.views.imports import ImportMixin, forget_import, pending_import

from .choices import JobKind, JobStatus
from .forms import BatchImportForm
from .inputs import store_uploads
from .models import Job


class JobListView(LoginRequiredMixin, ListView):
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 25

    def get_queryset(self):
        Job.objects.fail_stalled()  # a job whose worker died shows as failed, not running
        return Job.objects.restrict(self.request.user)


class JobDetailView(LoginRequiredMixin, DetailView):
    """A job's progress; the page refreshes itself (no script) until the job has finished."""

    template_name = "jobs/job_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        Job.objects.fail_stalled()
        return Job.objects.restrict(self.request.user)


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(Job.objects.restrict(request.user), pk=pk)
        if not job.result:
            raise Http404(_("This job has no file."))
        response = FileResponse(
            job.result.open("rb"), as_attachment=True, filename=job.result_name or None
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class JobRetryView(LoginRequiredMixin, View):
    def post(self, request, pk):
        job = get_object_or_404(Job.objects.restrict(request.user), pk=pk)
        if job.retry():
            messages.success(request, _("The job was queued again."))
        else:
            messages.error(
                request,
                "Only a failed job can be tried again, and a report only while no other job "
                "is preparing it.",
            )
        return redirect(job)


class ReportJobView(View):
    """
    A report's PDF, always prepared in the background (reports/delivery.py), for everyone
    who may read the report (any visitor). GET ?report=state|resolution|topic&key=<slug or
    id>, drafts=1 to count in the commitments of draft resolutions, and unassessed=omit to
    leave out the commitments without approved progress: the file when this build of the
    report is made (until its figures change), else a page that offers to prepare it, or
    shows its progress and refreshes itself until the file is there (onto view=status, where
    the page then offers the file). POST report and key (and unassessed, drafts): prepare
    it (one job a build, shared by visitors; a signed-in user's own, also in *My jobs*),
    within the PDF requests allowed each client.
    """

    def get(self, request):
        Job.objects.fail_stalled()  # a job whose worker died shows as failed, not running
        wanted = self.wanted(request.GET)
        job = Job.objects.of_report_build(wanted.key)
        finished = job is not None and job.status == JobStatus.SUCCEEDED and job.result
        # The page's own refresh asks for its status view: the file is offered there, not
        # put in place of the page its reader (or their screen reader) was following.
        if finished and request.GET.get("view") != "status":
            response = FileResponse(
                job.result.open("rb"),
                filename=job.result_name or None,
                content_type="application/pdf",
            )
            response["X-Content-Type-Options"] = "nosniff"
            return response
        return render(request, "jobs/report.html", {"wanted": wanted, "job": job})

    def post(self, request):
        if refused := limit_pdf_requests(request):
            return refused
        wanted = self.wanted(request.POST)
        Job.start_report(wanted, request.user)
        return redirect(wanted.job_url())

    def wanted(self, data):
        kind = data.get("report", "")
        try:
            subject = find_subject(kind, data.get("key", ""))
        except NoSuchSubject as missing:
            raise Http404(_("No such report.")) from missing
        return ReportRequest.of(
            kind,
            subject,
            self.request.user,
            omit_unassessed=leaves_out_unassessed(data),
            drafts=includes_drafts(data),
        )


class BatchImportView(PermissionRequiredMixin, FormView):
    """Import many resolution files in the background, with a per-file report at the end."""

    permission_required = "commitments.add_resolution"
    form_class = BatchImportForm
    template_name = "jobs/batch_import.html"

    def form_valid(self, form):
        files = store_uploads(form.cleaned_data["files"])
        job = Job.start(
            JobKind.IMPORT_RESOLUTIONS,
            self.request.user,
            title=f"Import of {len(files)} resolution file{'s' if len(files) != 1 else ''}",
            params={"files": files},
        )
        return redirect(job)


class ExportJobView(LoginRequiredMixin, View):
    """
    A large export prepared in the background: the dataset and format, filtered with the
    same filters as the API's download (and shown only the rows its reader may see).
    """

    template_name = "jobs/export.html"
    FORMATS = {"csv": "CSV (spreadsheets)", "jsonl": "JSON Lines (one record per line)"}
    NOT_FILTERS = {"csrfmiddlewaretoken", "dataset", "format"}

    def dataset_name(self, data):
        name = data.get("dataset", "entries")
        return name if name in EXPORTS else "entries"

    def get(self, request):
        name = self.dataset_name(request.GET)
        filterset = EXPORTS[name].filterset(queryset=EXPORTS[name].queryset(request.user))
        return self.render(request, name, filterset, "csv")

    def post(self, request):
        name = self.dataset_name(request.POST)
        dataset = EXPORTS[name]
        file_format = request.POST.get("format", "csv")
        filterset = dataset.filterset(request.POST, queryset=dataset.queryset(request.user))
        if file_format not in self.FORMATS or not filterset.is_valid():
            return self.render(request, name, filterset, file_format, status=400)
        filters = request.POST.copy()
        for key in self.NOT_FILTERS:
            filters.pop(key, None)
        for key in [key for key, values in filters.lists() if not any(values)]:
            del filters[key]
        job = Job.start(
            JobKind.EXPORT,
            request.user,
            title=f"Export: {dataset.label.lower()} ({file_format.upper()})",
            params={"dataset": name, "format": file_format, "filters": filters.urlencode()},
        )
        return redirect(job)

    def render(self, request, name, filterset, file_format, status=200):
        return render(
            request,
            self.template_name,
            {
                "datasets": [(key, dataset.label) for key, dataset in EXPORTS.items()],
                "dataset": name,
                "filter": filterset,
                "formats": self.FORMATS.items(),
                "format": file_format,
            },
            status=status,
        )


class DataDownloadJobView(LoginRequiredMixin, View):
    """
    A file of the "Download data" page with more rows than are written while its reader
    waits (`reports.downloads.inline_max_rows`), prepared in the background for the signed-in
    user who asks: POST `query`, the page's address with its format. The job reads the
    address again when it runs, as its owner may see the rows then; its page shows the
    progress and offers the file, to its owner alone.
    """

    http_method_names = ["post"]

    def post(self, request):
        query = QueryDict(request.POST.get("query", ""))
        wanted = Wanted.of(query, request.user)
        if not wanted.is_valid or not wanted.file_format:
            return redirect(f"{reverse('reports:downloads')}?{query.urlencode()}")
        count = wanted.entries().count()
        job = Job.start(
            JobKind.DOWNLOAD,
            request.user,
            title=ngettext(
                "Download: %(noun)s, %(format)s (%(count)s row)",
                "Download: %(noun)s, %(format)s (%(count)s rows)",
                count,
            )
            % {"noun": wanted.download.noun, "format": wanted.format_label, "count": f"{count:,}"},
            params={"query": query.urlencode()},
        )
        return redirect(job)


class ProgressImportJobView(ImportMixin, View):
    """
    Import a previewed spreadsheet of progress too large to save during a request
    (`states.views.imports`): a job saves it a chunk of rows at a time, with its progress.
    """

    http_method_names = ["post"]

    def post(self, request):
        token = request.POST.get("token", "")
        item = pending_import(request, token)
        if item is None:
            messages.error(
                request,
                _("This upload was imported already or has expired; upload the file again."),
            )
            return redirect("states:import")
        organization = self.organization(item["organization"])
        check_may_import(request.user, organization)
        job = Job.start(
            JobKind.PROGRESS_IMPORT,
            request.user,
            title=f"Progress import: {item['name']} ({item['rows']:,} rows)"[:200],
            params={
                "file": item["file"],
                "name": item["name"],
                "organization": organization.pk,
                "submit": item["submit"],
            },
        )
        forget_import(request, token, delete=False)  # the job's now; it removes it when done
        return redirect(job)
