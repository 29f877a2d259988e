import django_filters
from django import forms
from django.db.models import Q

from commitments.choices import Body
from commitments.models import Resolution
from config import filters
from config.widgets import FastSelect

from .choices import ImplementationStatus, RegionLevel, WorkflowState
from .models import Organization, ProgressEntry, Region, State


class ProgressEntryFilterSet(django_filters.FilterSet):
    """
    The review queue's filters. With no workflow state asked for, it shows the entries
    awaiting review; choosing "Any" (an empty value) shows every entry the reviewer may see.
    """

    DEFAULT_WORKFLOW_STATE = WorkflowState.SUBMITTED

    workflow_state = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=WorkflowState.choices,
        empty_label="Any workflow state",
        label="Workflow",
    )
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=ImplementationStatus.choices,
        empty_label="Any status",
        label="Status",
    )
    state = filters.ValuesModelChoiceFilter(
        **filters.NAME,
        queryset=State.objects.order_by("name"),
        to_field_name="iso3",
        empty_label="All states",
        label="State",
    )
    region = filters.ValuesModelChoiceFilter(
        **filters.NAME,
        queryset=Region.objects.filter(level=RegionLevel.REGION).order_by("name"),
        field_name="state__region",
        empty_label="All regions",
        label="Region",
    )
    organization = filters.ValuesModelChoiceFilter(
        **filters.ORGANIZATION,
        queryset=Organization.objects.order_by("name"),
        empty_label="All organizations",
        label="Reporting organization",
    )
    resolution = filters.ValuesModelChoiceFilter(
        **filters.RESOLUTION,
        queryset=Resolution.objects.for_choices(),
        field_name="commitment__resolution",
        empty_label="All resolutions",
        label="Resolution",
    )
    body = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=Body.choices,
        field_name="commitment__resolution__body",
        empty_label="All bodies",
        label="Body",
    )
    submitted = django_filters.DateFromToRangeFilter(
        field_name="submitted_at",
        label="Submitted between",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(
        method="filter_search",
        label="Summary contains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = ProgressEntry
        fields = [
            "workflow_state",
            "status",
            "state",
            "region",
            "organization",
            "resolution",
            "body",
            "submitted",
            "q",
        ]

    def __init__(self, data=None, *args, **kwargs):
        if data is None or "workflow_state" not in data:
            data = data.copy() if data is not None else {}
            data["workflow_state"] = self.DEFAULT_WORKFLOW_STATE
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        words = value.split()
        condition = Q()
        for word in words:
            condition &= Q(summary__icontains=word)
        return queryset.filter(condition)
