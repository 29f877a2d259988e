from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from commitments.deadlines import deadline_context
from commitments.models import Commitment, Resolution, Topic
from states.models import CurrentAssessment, State

from . import charts, dashboards, matrix, printable
from .filtersets import MatrixFilterSet
from .pdf import render_pdf


class OverviewView(TemplateView):
    """The public overview: numbers anyone may see, from approved entries only."""

    template_name = "reports/overview.html"

    def get_context_data(self, **kwargs):
        overview = dashboards.overview()
        return super().get_context_data(
            overview=overview,
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
    """

    template_name = "reports/matrix.html"

    def get_context_data(self, **kwargs):
        assessments = CurrentAssessment.objects.filter(
            commitment__in=Commitment.objects.trackable().values("pk")
        )
        filterset = MatrixFilterSet(self.request.GET or None, queryset=assessments)
        states = State.objects.members()
        grid = None
        if filterset.is_valid():
            data = filterset.form.cleaned_data
            by = data.get("columns") or ("commitment" if data.get("resolution") else "topic")
            if data.get("region"):
                states = states.in_region(data["region"])
            grid = matrix.build(
                filterset.qs,
                states,
                by=by,
                commitments=filterset.commitments(),
                one_resolution=bool(data.get("resolution")),
            )
        elif not filterset.is_bound:
            grid = matrix.build(assessments, states, by="topic")
        return super().get_context_data(
            filter=filterset,
            matrix=grid,
            marks=[(status, matrix.STATUS_MARKS[status]) for status in matrix.STATUS_ORDER],
            **kwargs,
        )


def _month_caption(month):
    """Axis captions: the year at each January, the month at each July."""
    return {1: f"{month:%Y}", 7: f"{month:%b}"}.get(month.month, "")


class ReportView(TemplateView):
    """
    A printable progress report as an HTML page (print-styled) or, with format "pdf", as a
    PDF file made from the same template. Large reports can also be built as a background
    job (see jobs/), which uses the same builders and template.
    """

    template_name = "reports/report.html"
    kind = None  # "state", "resolution" or "topic"

    def get_object(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if kwargs.get("format", "pdf") != "pdf":
            raise Http404("Reports are available as a web page and as PDF.")
        subject = self.get_object()
        report = printable.BUILDERS[self.kind](subject, user=request.user)
        context = self.get_context_data(**printable.template_context(report), subject=subject)
        if kwargs.get("format") == "pdf":
            pdf = render_pdf(self.template_name, context, request)
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="{printable.file_name(report)}"'
            return response
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        kwargs["pdf_url"] = self.request.path.rstrip("/") + ".pdf"
        kwargs["job_key"] = self.kwargs.get("slug") or self.kwargs.get("pk")
        return super().get_context_data(**kwargs)


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
