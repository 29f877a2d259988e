from django.views.generic import TemplateView

from commitments.models import Commitment
from states.models import CurrentAssessment, State

from . import charts, dashboards, matrix
from .filtersets import MatrixFilterSet


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
