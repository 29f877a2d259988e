import datetime
from functools import partial

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import TemplateView

from commitments.deadlines import deadline_context
from commitments.models import Commitment, Resolution, Topic
from core.caching import ASSESSMENTS, ENTRIES, cached_figures, cached_html
from states.counts import THEMES
from states.models import CurrentAssessment, State

from . import charts, dashboards, downloads, matrix, printable
from .delivery import ReportRequest, includes_drafts, leaves_out_unassessed
from .filtersets import MatrixFilterSet
from .forms import DownloadForm
from .ratelimit import limit_pdf_requests


class OverviewView(TemplateView):
    """The public overview: numbers anyone may see, from approved entries only."""

    template_name = "reports/overview.html"

    def get_context_data(self, **kwargs):
        today = datetime.date.today()
        drafts = includes_drafts(self.request.GET)
        # Two halves, each recounted only when what it counts changes (core/caching.py).
        overview = dashboards.Overview(
            **cached_figures(
                "overview-assessments",
                partial(dashboards.assessment_figures, drafts),
                *(["drafts"] if drafts else []),
                scopes=[ASSESSMENTS],
            ),
            **cached_figures(
                "overview-entries",
                partial(dashboards.entry_figures, today),
                today,
                scopes=[ENTRIES],
            ),
        )
        return super().get_context_data(
            overview=overview,
            drafts=drafts,
            status_chart=charts.horizontal_bars(
                (s.label, s.count, f"status-{s.status}") for s in overview.statuses
            ),
            timeline_chart=charts.columns(
                (f"{m.month:%B %Y}", m.count, _month_caption(m.month)) for m in overview.timeline
            ),
            **deadline_context(),
            **kwargs,
        )


class MatrixView(TemplateView):
    """
    States against topics or commitments, coloured by latest approved status. Invalid
    filters show their errors over an empty matrix rather than failing.

    The rendered grid (thousands of cells) is cached per filter until the data it counts
    changes (core/caching.py): the grouped count and the rendering run once per change,
    not once per reader.
    """

    template_name = "reports/matrix.html"
    filterset_class = MatrixFilterSet

    def get_context_data(self, **kwargs):
        filterset = self.filterset_class(
            self.request.GET or None,
            queryset=self.assessments(drafts=includes_drafts(self.request.GET)),
        )
        grid = None
        # "matrix-rows": a name of its own since the grid marks the States its commitments
        # name, so that grids cached by earlier releases, without the marks, are not read.
        if filterset.is_valid():
            grid = cached_html(
                "matrix-rows",
                partial(self.render_grid, filterset),
                filterset.cache_key(),
                scopes=[ASSESSMENTS],
            )
        elif not filterset.is_bound:
            grid = cached_html(
                "matrix-rows", partial(self.render_grid, None), "all", scopes=[ASSESSMENTS]
            )
        return super().get_context_data(
            filter=filterset,
            matrix_html=grid,
            columns_by=self.columns_by(filterset),
            marks=[(status, matrix.STATUS_MARKS[status]) for status in matrix.STATUS_ORDER],
            **kwargs,
        )

    @staticmethod
    def columns_by(filterset) -> str:
        """ "topic" or "commitment": chosen, or commitments when one resolution is shown."""
        if not filterset.is_bound or not filterset.is_valid():
            return "topic"
        data = filterset.form.cleaned_data
        return data.get("columns") or ("commitment" if data.get("resolution") else "topic")

    @staticmethod
    def assessments(drafts=False):
        """The assessments counted: on adopted resolutions' commitments, or drafts' too."""
        if drafts:
            return CurrentAssessment.objects.filter(
                commitment__in=Commitment.objects.trackable().values("pk")
            )
        return THEMES.assessments()

    @classmethod
    def render_grid(cls, filterset) -> str:
        """The grid as HTML: what the cache keeps (the page around it is not cached)."""
        states = State.objects.members()
        if filterset is None:
            grid = matrix.build(cls.assessments(), states, by="topic", cells=THEMES.counts())
        else:
            data = filterset.form.cleaned_data
            if data.get("region"):
                states = states.in_region(data["region"])
            grid = matrix.build(
                filterset.qs,
                states,
                by=cls.columns_by(filterset),
                commitments=filterset.commitments(),
                one_resolution=bool(data.get("resolution")),
            )
        return render_to_string("reports/_matrix.html", {"matrix": grid})


def _month_caption(month):
    """Axis captions: the year at each January, the month at each July."""
    return {1: f"{month:%Y}", 7: f"{month:%b}"}.get(month.month, "")


class ReportListView(TemplateView):
    """The kinds of printable report, what each contains, and every topic's report."""

    template_name = "reports/report_list.html"

    def get_context_data(self, **kwargs):
        # Topics nest one level deep: the top-level ones, each with its sub-topics.
        topics = Topic.objects.filter(parent__isnull=True).prefetch_related("children")
        return super().get_context_data(topics=topics, **kwargs)


class ReportView(TemplateView):
    """
    A printable progress report as an HTML page (print-styled). Its PDF, made from the same
    template, is always prepared in the background (reports/delivery.py): the ".pdf" address
    leads to its job's page, which serves the file once made, as does the page of a report
    too large to print on a request. Requests for PDFs are limited per client
    (reports/ratelimit.py).
    """

    template_name = "reports/report.html"
    kind = None  # "state", "resolution" or "topic"

    def get_object(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        file_format = kwargs.get("format")
        if file_format not in (None, "pdf"):
            raise Http404("Reports are available as a web page and as PDF.")
        if file_format == "pdf" and (refused := limit_pdf_requests(request)):
            return refused
        wanted = ReportRequest.of(
            self.kind,
            self.get_object(),
            request.user,
            omit_unassessed=leaves_out_unassessed(request.GET),
            drafts=includes_drafts(request.GET),
        )
        if file_format == "pdf" or not wanted.inline:
            return redirect(wanted.job_url())
        report = printable.BUILDERS[self.kind](
            wanted.subject, user=request.user, drafts=wanted.drafts
        )
        return self.render_to_response(
            self.get_context_data(
                **printable.template_context(report, omit_unassessed=wanted.omit_unassessed),
                subject=wanted.subject,
                wanted=wanted,
            )
        )


class StateReportView(ReportView):
    kind = "state"

    def get_object(self):
        return get_object_or_404(State, slug=self.kwargs["slug"])


class ResolutionReportView(ReportView):
    kind = "resolution"

    def get_object(self):
        return get_object_or_404(Resolution, pk=self.kwargs["pk"])


class TopicReportView(ReportView):
    kind = "topic"

    def get_object(self):
        return get_object_or_404(Topic, slug=self.kwargs["slug"])


class DownloadView(TemplateView):
    """
    "Download data": progress entries, or each subject's current status, filtered in plain
    words and downloaded as CSV or XLSX for a spreadsheet (reports/downloads.py). The page
    shows the form and how many rows match; a format in the address downloads the file.
    Visitors download approved entries; a signed-in user may add the entries not yet
    approved that they may see. Invalid choices show their errors on the page (400), never
    a file of the wrong rows.
    """

    template_name = "reports/downloads.html"
    CONTENT_TYPES = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def get(self, request, *args, **kwargs):
        data = request.GET
        form = DownloadForm(
            data,
            datasets=[(key, download.label) for key, download in downloads.DOWNLOADS.items()],
        )
        chosen = form.cleaned_data if form.is_valid() else {}
        download = downloads.DOWNLOADS[chosen.get("dataset", "entries")]
        pending = (
            bool(chosen.get("pending"))
            and request.user.is_authenticated
            and download.key == "entries"
        )
        filterset = download.filtered(
            data or None, request.user, drafts=bool(chosen.get("drafts")), pending=pending
        )
        valid = form.is_valid() and (filterset.is_valid() or not filterset.is_bound)
        if valid and chosen.get("format"):
            return self.file(download, filterset, chosen["format"], pending)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                filter=filterset,
                download=download,
                chosen=chosen,
                count=download.entries(filterset).count() if valid else None,
                columns=[*downloads.COLUMNS, *([downloads.REVIEW_COLUMN] if pending else [])],
                **kwargs,
            ),
            status=200 if valid else 400,
        )

    def file(self, download, filterset, file_format, pending):
        sheet = downloads.Sheet(download.entries(filterset), self.request, review_stage=pending)
        name = f"{download.filename}-{timezone.localdate():%Y-%m-%d}.{file_format}"
        if file_format == "xlsx":
            title = download.noun.capitalize()
            return FileResponse(
                downloads.xlsx_file(sheet, title),
                as_attachment=True,
                filename=name,
                content_type=self.CONTENT_TYPES["xlsx"],
            )
        response = StreamingHttpResponse(
            downloads.csv_stream(sheet), content_type=self.CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
