"""
The search page's filters, the resolution list's (body, year, topic) and a State, for every
kind.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from commitments.choices import Body
from commitments.filtersets import AdoptionYearFilter
from commitments.models import Commitment, Resolution, Topic
from states.models import ProgressEntry, State


class SearchFilterSet(django_filters.FilterSet):
    """
    One form for the three kinds of result: `filter_for` narrows a queryset of resolutions,
    commitments or progress entries by the same choices, each through its own path to the
    resolution (body, year of adoption) and to the commitment (topic).
    """

    # Model searched: (path to its resolution, path to the commitment whose topics count).
    PATHS = {
        Resolution: ("", None),
        Commitment: ("resolution__", "pk"),
        ProgressEntry: ("commitment__resolution__", "commitment"),
    }

    q = django_filters.CharFilter(
        method="keep",
        label=_("Search for"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. non-punishment"), "size": 32}
        ),
    )
    body = django_filters.ChoiceFilter(
        choices=Body.choices, method="filter_body", empty_label=_("All bodies"), label=_("Body")
    )
    year = AdoptionYearFilter(method="filter_year", label=_("Year adopted"))
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.select_related("parent"),
        method="filter_topic",
        label=_("Topic"),
        empty_label=_("All topics"),
    )
    state = django_filters.ModelChoiceFilter(
        queryset=State.objects.all(),
        to_field_name="slug",
        method="filter_state",
        label=_("State"),
        empty_label=_("All States"),
    )

    class Meta:
        model = Resolution
        fields = ["q", "body", "year", "topic", "state"]

    def filter_for(self, queryset):
        """`queryset` (of any searched model) narrowed by the valid filters."""
        return self.filter_queryset(queryset)

    def keep(self, queryset, name, value):
        """The query itself is applied by the search engine, with its rank and snippets."""
        return queryset

    def filter_body(self, queryset, name, value):
        resolution, _ = self.PATHS[queryset.model]
        return queryset.filter(**{f"{resolution}body": value})

    def filter_year(self, queryset, name, value):
        resolution, _ = self.PATHS[queryset.model]
        return queryset.filter(**{f"{resolution}adopted_on__year": value})

    def filter_topic(self, queryset, name, topic):
        """Rows with a current commitment tagged with the topic or one of its sub-topics."""
        _, commitment = self.PATHS[queryset.model]
        if commitment is None:
            on_topic = Commitment.objects.current().on_topic(topic)
            return queryset.filter(Exists(on_topic.filter(resolution=OuterRef("pk"))))
        return queryset.filter(**{f"{commitment}__in": Commitment.objects.on_topic(topic)})

    def filter_state(self, queryset, name, state):
        if queryset.model is ProgressEntry:
            return queryset.filter(state=state)
        relevant = Commitment.objects.relevant_to_state(state.iso3)
        if queryset.model is Resolution:
            return queryset.filter(Exists(relevant.filter(resolution=OuterRef("pk"))))
        return queryset.filter(pk__in=relevant.values("pk"))
