"""
The pages' forms of the assessments' and entries' filters (states.filtersets): the matrix's
and the download page's.
"""

import datetime
import hashlib
from urllib.parse import urlencode

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.choices import Body
from commitments.filtersets import AdoptionYearFilter, ReportingRequestFilterSet
from commitments.models import Commitment
from config.filters import FlagFilter, PageFilters
from config.widgets import FastSelect
from states.filtersets import (
    CurrentAssessmentFilterSet,
    EntryPageChoices,
    ProgressEntryFilterSet,
    region_choice,
    resolution_choice,
    statuses_choice,
    topic_choice,
)


class MatrixFilterSet(PageFilters, EntryPageChoices, CurrentAssessmentFilterSet):
    """
    The matrix's form of the assessments' filters: objects by their primary key, the status
    as boxes to tick, and the choice of columns (not a filter). Its resolution and body are
    the other pages' (`EntryPageChoices`); it offers no State.
    """

    COLUMNS = [("topic", "Topics"), ("commitment", "Commitments")]

    topic = topic_choice()
    region = region_choice()
    status = statuses_choice()
    fact_date = django_filters.DateFromToRangeFilter(
        label=_("Fact dated"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    columns = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=COLUMNS,
        method="keep",
        empty_label=_("Automatic"),
        label=_("Columns"),
    )
    # The view counts from the assessments of every resolution or of adopted ones only
    # (`MatrixView.assessments`); here it is part of the form and of the cache key.
    drafts = django_filters.BooleanFilter(
        # Ticked, it sends drafts=1, as the other pages' addresses say it.
        widget=forms.CheckboxInput(attrs={"value": "1"}),
        method="keep",
        label=_("Include drafts (texts not yet adopted)"),
    )

    class Meta(CurrentAssessmentFilterSet.Meta):
        fields = [
            "resolution",
            "body",
            "topic",
            "region",
            "status",
            "fact_date",
            "columns",
            "drafts",
        ]

    def commitments(self):
        """The state-addressed commitments the resolution, body and topic filters select."""
        data = self.form.cleaned_data
        commitments = Commitment.objects.addressed_to_states().counted(bool(data.get("drafts")))
        if data.get("resolution"):
            commitments = commitments.filter(resolution=data["resolution"])
        if data.get("body"):
            commitments = commitments.filter(resolution__body=data["body"])
        if data.get("topic"):
            commitments = commitments.on_topic(data["topic"])
        return commitments

    def cache_key(self) -> str:
        """The valid filters, canonically: equal for equal choices in any order or spelling."""
        data = self.form.cleaned_data
        parts = []
        for name in self.Meta.fields:
            value = data.get(name)
            if isinstance(value, slice):
                value = (value.start, value.stop)
            elif isinstance(value, list | tuple):
                value = sorted(value)
            parts.append(f"{name}={getattr(value, 'pk', value)}")
        return hashlib.sha256("&".join(parts).encode()).hexdigest()[:32]

    def keep(self, queryset, name, value):
        """Not a filter: chooses what the matrix's columns are."""
        return queryset


class DashboardFilterSet(MatrixFilterSet):
    """
    The dashboard's form of the assessments' filters: the matrix's resolution, topic and
    region, the period (the date of the fact reported) and drafts. Its filters have the same
    names and values as the matrix's, so each figure links to the matrix (and the other
    lists) with the dashboard's own query string (`query`). Progress entries reach their
    commitment and state by the same paths as assessments, so `filter_for` narrows the
    entries the dashboard counts by the same filters.
    """

    fact_date = django_filters.DateFromToRangeFilter(
        label=_("Period (date of the fact reported)"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta(MatrixFilterSet.Meta):
        fields = ["resolution", "topic", "region", "fact_date", "drafts"]

    def filter_for(self, queryset):
        """Entries (or assessments) narrowed by the valid filters (all of them without)."""
        return self.filter_queryset(queryset) if self.chosen else queryset

    @property
    def chosen(self) -> dict:
        """The filters chosen, by name: {} with none (or when the form is not valid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    @property
    def only_region(self) -> bool:
        """True when nothing but the region (or nothing) narrows the assessments."""
        return not set(self.chosen) - {"region"}

    def query_items(self) -> list[tuple[str, str]]:
        """The chosen filters as the matrix's (and this form's) address spells them."""
        items = []
        for name, value in self.chosen.items():
            if name == "fact_date":
                if value.start:
                    items.append(("fact_date_after", _day(value.start).isoformat()))
                if value.stop:
                    items.append(("fact_date_before", _day(value.stop).isoformat()))
            elif name == "drafts":
                items.append(("drafts", "1"))
            else:
                items.append((name, str(value.pk)))
        return items

    def query(self, **extra) -> str:
        """The query string of the chosen filters and `extra` ones, for links to lists."""
        return urlencode([*self.query_items(), *extra.items()])


def _day(value) -> datetime.date:
    """A date range's bound as a date (the form gives datetimes at the day's start or end)."""
    return value.date() if isinstance(value, datetime.datetime) else value


class DownloadFilters(EntryPageChoices):
    """
    The download page's labels and widgets for the filters that progress entries and current
    assessments share (mixed in before either model's FilterSet, whose meaning they keep).
    Values are written as the matrix's addresses write them (objects by primary key, a State
    by its ISO code), so a list's "Download these rows" link passes its filters on as they are.
    The State, resolution and body are the review queue's (`EntryPageChoices`).
    """

    FIELDS = ["resolution", "body", "year", "topic", "state", "region", "status", "fact_date"]

    year = AdoptionYearFilter(
        field_name="commitment__resolution__adopted_on", lookup_expr="year", label=_("Year adopted")
    )
    topic = topic_choice()
    region = region_choice()
    status = statuses_choice()
    fact_date = django_filters.DateFromToRangeFilter(
        label=_("Period (the date the fact refers to)"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )


class EntryDownloadFilterSet(PageFilters, DownloadFilters, ProgressEntryFilterSet):
    """The download page's filters of progress entries."""

    class Meta(ProgressEntryFilterSet.Meta):
        fields = DownloadFilters.FIELDS


class StatusDownloadFilterSet(PageFilters, DownloadFilters, CurrentAssessmentFilterSet):
    """The download page's filters of current assessments (each subject's current status)."""

    class Meta(CurrentAssessmentFilterSet.Meta):
        fields = DownloadFilters.FIELDS


class RequestDownloadFilterSet(PageFilters, ReportingRequestFilterSet):
    """
    The download page's filters of reporting requests: the API's, with drop-downs for the
    resolution, the bodies, the state of fulfilment and whether a request recurs. Values are
    the API's (a resolution by its primary key, a body by its code, due_after and due_before,
    periodic=true or false), so an address of the API's filters downloads the same rows.
    """

    resolution = resolution_choice(field_name="resolution")
    body = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=Body.choices,
        field_name="resolution__body",
        empty_label=_("All bodies"),
        label=_("Adopted by"),
    )
    due_body = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=Body.choices,
        empty_label=_("All bodies"),
        label=_("Due at (the body whose session it is due at)"),
    )
    requested_of = django_filters.CharFilter(
        lookup_expr="icontains",
        label=_("Asked of"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("in English, as printed")}
        ),
    )
    due = django_filters.DateFromToRangeFilter(
        field_name="due_date",
        label=_("Due between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    fulfilment = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=[
            (ReportingRequestFilterSet.OPEN, _("Open: not marked fulfilled")),
            (ReportingRequestFilterSet.OVERDUE, _("Overdue: open, and its due date has passed")),
            (ReportingRequestFilterSet.FULFILLED, _("Marked fulfilled")),
        ],
        method="filter_fulfilment",
        empty_label=_("Open or fulfilled"),
        label=_("Fulfilment"),
    )
    periodic = FlagFilter(
        method="filter_periodic",
        widget=FastSelect(
            choices=[("", _("Periodic or once")), ("true", _("Periodic")), ("false", _("Once"))]
        ),
        label=_("Recurs"),
    )

    class Meta(ReportingRequestFilterSet.Meta):
        fields = ["resolution", "body", "due_body", "requested_of", "due", "fulfilment", "periodic"]
