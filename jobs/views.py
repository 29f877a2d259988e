from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from api.exports import EXPORTS

from .choices import JobKind
from .forms import BatchImportForm
from .handlers import REPORT_SUBJECTS
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
            raise Http404("This job has no file.")
        response = FileResponse(
            job.result.open("rb"), as_attachment=True, filename=job.result_name or None
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class JobRetryView(LoginRequiredMixin, View):
    def post(self, request, pk):
        job = get_object_or_404(Job.objects.restrict(request.user), pk=pk)
        if job.retry():
            messages.success(request, "The job was queued again.")
        else:
            messages.error(request, "Only a failed job can be tried again.")
        return redirect(job)


class ReportJobView(LoginRequiredMixin, View):
    """Queue a PDF report: POST report=state|resolution|topic and key=<slug or id>."""

    def post(self, request):
        kind, key = request.POST.get("report", ""), request.POST.get("key", "")
        if kind not in REPORT_SUBJECTS:
            raise Http404("Unknown kind of report.")
        try:
            subject = REPORT_SUBJECTS[kind](key)
        except Exception as missing:  # DoesNotExist of three models, or a malformed id
            raise Http404("No such report subject.") from missing
        job = Job.start(
            JobKind.REPORT_PDF,
            request.user,
            title=f"PDF progress report: {subject}",
            params={"report": kind, "key": key},
        )
        return redirect(job)


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
