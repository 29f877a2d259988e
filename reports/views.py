from django.views.generic import TemplateView

from . import charts, dashboards


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
                (f"{m.month:%b %Y}", m.count, f"{m.month:%b}" if m.month.month in (1, 7) else "")
                for m in overview.timeline
            ),
            **kwargs,
        )
