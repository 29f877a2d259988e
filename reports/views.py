import datetime
from functools import partial
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView

from commitments.deadlines.requests import deadline_context
from commitments.models import Commitment, ReportingRequest, Resolution, Topic
from core.caching import ASSESSMENTS, ENTRIES, cached_figures, cached_html
from states import queries, work
from states.choices import RegionLevel
from states.counts import THEMES
from states.models import CurrentAssessment, ProgressEntry, State

from . import charts, dashboards, downloads, matrix, printable
from .delivery import ReportRequest, includes_drafts, leaves_out_unassessed
from .filtersets import DashboardFilterSet, MatrixFilterSet
from .ratelimit import limit_pdf_requests


class HomeView(TemplateView):
    """
    The home page: what the tracker is, its headline figures, the latest approved progress and
    the ways in (by State, resolution, topic, or a search). What it shows anyone is the same
    for every reader, so it is rendered once per change of entries or structure and kept
    (core/caching.py): a visit reads two rows. A signed-in visitor sees their own work above it
    (`states.work.work_summary`), counted on each visit.
    """

    template_name = "reports/home.html"
    latest_count = 6

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            public_html=cached_html("home", self.render_public, scopes=[ENTRIES]),
            work=work.work_summary(self.request.user),
            **kwargs,
        )

    @classmethod
    def render_public(cls) -> str:
        return render_to_string(
            "reports/_home_public.html",
            {
                "figures": dashboards.home_figures(),
                "latest": list(queries.latest_approved(cls.latest_count)),
                "topics": list(Topic.objects.filter(parent__isnull=True)),
            },
        )


class LandingView(LoginRequiredMixin, RedirectView):
    """
    Where signing in leads when no `next` was asked for (`LOGIN_REDIRECT_URL`): each person's
    work, by role (`states.work.landing_url_name`).
    """

    def get_redirect_url(self, *args, **kwargs):
        return reverse(work.landing_url_name(self.request.user))


class OverviewView(TemplateView):
    """
    The public dashboard: numbers anyone may see, from approved entries only, for everything
    or for a resolution, a topic, a region and a period (DashboardFilterSet). Every figure
    and bar links to the list of what it counts (the matrix, the resolutions, the states, the
    review queue) with the same filters in its address. Invalid filters show their errors
    instead of figures.
    """

    template_name = "reports/overview.html"
    filterset_class = DashboardFilterSet
    # How many of the latest approved entries the dashboard lists.
    latest = 8

    def get_context_data(self, **kwargs):
        today = datetime.date.today()
        user = self.request.user
        filterset = self.filterset_class(
            self.request.GET or None,
            queryset=MatrixView.assessments(drafts=includes_drafts(self.request.GET)),
        )
        context = super().get_context_data(filter=filterset, **kwargs)
        if filterset.is_bound and not filterset.is_valid():
            return context
        # "all" without filters; otherwise the valid filters' key. Two halves, each counted
        # again only when what it counts changes (core/caching.py).
        key = filterset.cache_key() if filterset.chosen else "all"
        assessment_figures = cached_figures(
            "dashboard-assessments",
            partial(dashboards.dashboard_assessment_figures, filterset),
            key,
            scopes=[ASSESSMENTS],
        )
        coverage = assessment_figures.pop("coverage")
        overview = dashboards.Overview(
            **assessment_figures,
            **cached_figures(
                "dashboard-entries",
                partial(dashboards.dashboard_entry_figures, filterset, today),
                key,
                today,
                scopes=[ENTRIES],
            ),
        )
        links = DashboardLinks(filterset)
        latest = filterset.filter_for(
            queries.for_list(ProgressEntry.objects.restrict(user).approved(), user)
        ).order_by("-decided_at", "-pk")[: self.latest]
        return {
            **context,
            "overview": overview,
            "coverage": coverage,
            "most_covered": [(line, links.state(line.slug)) for line in coverage.most],
            "least_covered": [(line, links.state(line.slug)) for line in coverage.least],
            "links": links,
            "drafts": includes_drafts(self.request.GET),
            "filtered": bool(filterset.chosen),
            "latest_entries": list(latest),
            "status_chart": charts.horizontal_bars(
                (s.label, s.count, f"status-{s.status}", links.status(s.status))
                for s in overview.statuses
            ),
            "status_rows": [(s, links.status(s.status)) for s in overview.statuses],
            "timeline_chart": charts.columns(
                (
                    f"{m.month:%B %Y}",
                    m.count,
                    _month_caption(m.month),
                    links.month(m.month),
                )
                for m in overview.timeline
            ),
            "timeline_rows": [(m, links.month(m.month)) for m in overview.timeline],
            "can_close_requests": ReportingRequest.may_close(user),
            **deadline_context(today, requests=self.reporting_requests(filterset)),
        }

    @staticmethod
    def reporting_requests(filterset):
        """The reporting requests of the resolution and topic chosen (every one without)."""
        requests = ReportingRequest.objects.all()
        chosen = filterset.chosen
        if chosen.get("resolution"):
            requests = requests.filter(resolution=chosen["resolution"])
        if chosen.get("topic"):
            requests = requests.filter(commitment__in=Commitment.objects.on_topic(chosen["topic"]))
        return requests


class DashboardLinks:
    """
    Where each of the dashboard's figures leads: the existing list of what it counts, with
    the dashboard's filters in its address.
    """

    def __init__(self, filterset):
        self.filterset = filterset
        self.chosen = filterset.chosen

    def _matrix(self, **extra) -> str:
        return f"{reverse('reports:matrix')}?{self.filterset.query(**extra)}".rstrip("?")

    @property
    def matrix(self) -> str:
        """The assessments behind the status counts and the coverage, state by state."""
        return self._matrix()

    @property
    def downloads(self) -> str:
        """The download page, with the same filters (its own have the same names)."""
        return f"{reverse('reports:downloads')}?{self.filterset.query()}".rstrip("?")

    @property
    def commitments(self) -> str:
        """The commitments counted, one column each, with every state's status on them."""
        return self._matrix(columns="commitment")

    @property
    def resolutions(self) -> str:
        if self.chosen.get("resolution"):
            return self.chosen["resolution"].get_absolute_url()
        url = reverse("commitments:resolution_list")
        return (
            f"{url}?{urlencode({'topic': self.chosen['topic'].pk})}"
            if self.chosen.get("topic")
            else url
        )

    @property
    def review_queue(self) -> str:
        """Entries awaiting review: the queue takes a resolution and a top-level region."""
        params = {}
        if self.chosen.get("resolution"):
            params["resolution"] = self.chosen["resolution"].pk
        region = self.chosen.get("region")
        if region is not None and region.level == RegionLevel.REGION:
            params["region"] = region.pk
        url = reverse("states:review_queue")
        return f"{url}?{urlencode(params)}" if params else url

    def status(self, status) -> str:
        return self._matrix(status=status)

    def month(self, month: datetime.date) -> str:
        """The assessments whose fact is dated in `month`, within the chosen period."""
        last = dashboards._add_months(month, 1) - datetime.timedelta(days=1)
        period = self.chosen.get("fact_date")
        if period is not None:
            if period.start is not None:
                month = max(month, dashboards._as_date(period.start))
            if period.stop is not None:
                last = min(last, dashboards._as_date(period.stop))
        params = {"fact_date_after": month.isoformat(), "fact_date_before": last.isoformat()}
        items = [
            (name, value)
            for name, value in self.filterset.query_items()
            if name not in ("fact_date_after", "fact_date_before")
        ]
        return f"{reverse('reports:matrix')}?{urlencode([*items, *params.items()])}"

    def state(self, slug: str) -> str:
        """A state's page, its assessed commitments of the resolution and topic chosen."""
        params = [("assessed", "1")]
        for name in ("resolution", "topic"):
            if self.chosen.get(name):
                params.append((name, str(self.chosen[name].pk)))
        return f"{reverse('states:state_detail', args=[slug])}?{urlencode(params)}"


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
    return {1: f"{month:%Y}", 7: date_format(month, "M")}.get(month.month, "")


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
            raise Http404(_("Reports are available as a web page and as PDF."))
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
    "Download data": progress entries, each subject's current status or the reporting
    requests, filtered in plain words and downloaded as CSV or XLSX for a spreadsheet
    (reports/downloads.py). The page shows the form and how many rows match; a format in the
    address downloads the file, or, for more rows than `downloads.inline_max_rows` of that
    format, offers to prepare it in the background (signed-in users: the job is theirs alone,
    jobs/views.py `DataDownloadJobView`).
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
        wanted = downloads.Wanted.of(request.GET, request.user)
        count = wanted.entries().count() if wanted.is_valid else None
        if count is not None and wanted.file_format:
            if count <= downloads.inline_max_rows(wanted.file_format):
                return self.file(wanted)
            kwargs["background"] = True  # the page offers to prepare it in the background
            if wanted.file_format != "csv" and count <= downloads.inline_max_rows("csv"):
                as_csv = request.GET.copy()
                as_csv["format"] = "csv"
                kwargs["csv_query"] = as_csv.urlencode()
        return self.render_to_response(
            self.get_context_data(
                form=wanted.form,
                filter=wanted.filterset,
                download=wanted.download,
                chosen=wanted.chosen,
                wanted=wanted,
                count=count,
                inline_max_rows=downloads.inline_max_rows(wanted.file_format or "csv"),
                query=request.GET.urlencode(),
                columns=wanted.columns,
                **kwargs,
            ),
            status=200 if wanted.is_valid else 400,
        )

    def file(self, wanted):
        sheet = wanted.sheet(self.request)
        name = wanted.file_name()
        if wanted.file_format == "xlsx":
            return FileResponse(
                downloads.xlsx_file(sheet, wanted.title),
                as_attachment=True,
                filename=name,
                content_type=self.CONTENT_TYPES["xlsx"],
            )
        response = StreamingHttpResponse(
            downloads.csv_stream(sheet), content_type=self.CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
