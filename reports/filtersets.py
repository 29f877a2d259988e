"""Filters of the dashboards, applied to the current-assessment table."""

import django_filters
from django import forms
from django.db.models import Q

from commitments.choices import Body
from commitments.models import Resolution, Topic
from states.choices import ImplementationStatus, RegionLevel
from states.models import CurrentAssessment, Region


class MatrixFilterSet(django_filters.FilterSet):
    COLUMNS = [("topic", "Topics"), ("commitment", "Commitments")]

    resolution = django_filters.ModelChoiceFilter(
        queryset=Resolution.objects.order_by("-adopted_on", "symbol"),
        field_name="commitment__resolution",
        empty_label="All resolutions",
    )
    body = django_filters.ChoiceFilter(
        choices=Body.choices, field_name="commitment__resolution__body", empty_label="All bodies"
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.select_related("parent"),
        method="filter_topic",
        empty_label="All topics",
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.filter(level__in=[RegionLevel.REGION, RegionLevel.SUBREGION]),
        method="filter_region",
        empty_label="All regions",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ImplementationStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    fact_date = django_filters.DateFromToRangeFilter(
        label="Fact dated",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    columns = django_filters.ChoiceFilter(
        choices=COLUMNS, method="keep", empty_label=None, label="Columns"
    )

    class Meta:
        model = CurrentAssessment
        fields = ["resolution", "body", "topic", "region", "status", "fact_date", "columns"]

    def filter_topic(self, queryset, name, topic):
        return queryset.filter(
            Q(commitment__topics=topic) | Q(commitment__topics__parent=topic)
        ).distinct()

    def filter_region(self, queryset, name, region):
        return queryset.filter(Q(state__region=region) | Q(state__subregion=region))

    def keep(self, queryset, name, value):
        """Not a filter: chooses what the matrix's columns are."""
        return queryset
