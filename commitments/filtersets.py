import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from .choices import AddresseeKind, Body, Strength
from .models import Commitment, Resolution, Topic


class ResolutionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    body = django_filters.ChoiceFilter(choices=Body.choices, empty_label="All bodies")
    year = django_filters.NumberFilter(
        field_name="adopted_on",
        lookup_expr="year",
        label="Year adopted",
        widget=forms.NumberInput(attrs={"min": 1945, "max": 2100, "placeholder": "e.g. 2010"}),
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.select_related("parent"),
        method="filter_topic",
        label="Topic",
        empty_label="All topics",
    )

    class Meta:
        model = Resolution
        fields = ["q", "body", "year", "topic"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(symbol__icontains=value) | Q(title__icontains=value))

    def filter_topic(self, queryset, name, topic):
        """Resolutions with at least one current commitment on the topic or its sub-topics."""
        tagged = Commitment.objects.current().filter(
            Q(topics=topic) | Q(topics__parent=topic), resolution=OuterRef("pk")
        )
        return queryset.filter(Exists(tagged))


class CommitmentFilterSet(django_filters.FilterSet):
    strength = django_filters.ChoiceFilter(choices=Strength.choices, empty_label="Any strength")
    actor_kind = django_filters.ChoiceFilter(
        choices=AddresseeKind.choices, empty_label="Any addressee", label="Addressed to"
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.select_related("parent"),
        field_name="topics",
        empty_label="All topics",
    )

    class Meta:
        model = Commitment
        fields = ["strength", "actor_kind", "topic"]
