import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .choices import AddresseeKind, Body, Strength
from .models import Commitment, Resolution, Topic

# The United Nations' founding: no resolution is older.
FIRST_YEAR = 1945


class AdoptionYearField(forms.IntegerField):
    """
    A year a resolution can have been adopted in, 1945 to next year; anything else is the
    form's error on the page. Checked before the query: the date lookup of a year outside the
    calendar (0, -1, 99999, a 30-digit number) failed with a server error.
    """

    widget = forms.NumberInput(attrs={"placeholder": "e.g. 2010"})

    def __init__(self, **kwargs):
        # Read on each form, so a long-running process moves on with the calendar.
        last = timezone.localdate().year + 1
        message = f"Enter a year from {FIRST_YEAR} to {last}."
        kwargs["error_messages"] = {"invalid": message, "min_value": message, "max_value": message}
        super().__init__(min_value=FIRST_YEAR, max_value=last, **kwargs)


class AdoptionYearFilter(django_filters.NumberFilter):
    field_class = AdoptionYearField


class ResolutionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    body = django_filters.ChoiceFilter(choices=Body.choices, empty_label="All bodies")
    year = AdoptionYearFilter(field_name="adopted_on", lookup_expr="year", label="Year adopted")
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
