"""
The FilterSets of states' models, one a model, read by the API (DjangoFilterBackend) and,
through a page's subclass (`config.filters.PageFilters`: its labels, widgets and the value
formats its address has always had), by the pages.

Entries and assessments are filtered by their commitment's attributes with the same names
as commitments are (resolution, body, year, topic, actor, actor_kind, strength).
"""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Exists, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_language

from commitments.choices import Body
from commitments.filtersets import CommitmentFilterSet, CommitmentScopeFilterSet
from commitments.models import CommitmentActor, Resolution, Topic
from config import filters
from config.filters import IdFilter, PageFilters, ReferenceFilter
from config.widgets import FastSelect
from core.text import fold

from .choices import (
    Confidence,
    ImplementationStatus,
    OrganizationKind,
    RegionLevel,
    UnStatus,
    WorkflowState,
)
from .models import CurrentAssessment, Organization, ProgressEntry, Region, State
from .names import region_name, state_name


class StateFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    region = ReferenceFilter(
        queryset=Region.objects.all(),
        to_field_name="m49_code",
        method="filter_region",
        label=_("M49 code of a region, sub-region or intermediate region, e.g. 002"),
    )
    un_status = django_filters.ChoiceFilter(choices=UnStatus.choices)

    class Meta:
        model = State
        fields = ["q", "region", "un_status"]

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Name or acronym contains"))
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    country = ReferenceFilter(
        queryset=State.objects.all(), to_field_name="iso3", label=_("Country (ISO alpha-3 code)")
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "country"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class NamedStateFilterSet(django_filters.FilterSet):
    """
    The commitment filter that needs the list of States, so it is here (commitments does not
    know states): commitments that address a State by name. Mixed in beside
    `CommitmentScopeFilterSet`, whose `commitment_ref` it uses.
    """

    named_state = ReferenceFilter(
        queryset=State.objects.all(),
        to_field_name="iso3",
        method="filter_named_state",
        label=_("ISO alpha-3 code: commitments that address this State by name"),
    )

    def filter_named_state(self, queryset, name, state):
        links = CommitmentActor.objects.filter(
            commitment=self.commitment_ref, state_code=state.iso3
        )
        return queryset.filter(Exists(links))


class NamedStateCommitmentFilterSet(NamedStateFilterSet, CommitmentFilterSet):
    """Commitments' filters with the State named in them: the API's list and the exports."""

    class Meta(CommitmentFilterSet.Meta):
        fields = [
            "resolution",
            "body",
            "year",
            "topic",
            "actor",
            "named_state",
            "actor_kind",
            "addressee_kind",
            "strength",
            "trackable",
            "retired",
            "updated_since",
        ]


class SubjectFilterSet(django_filters.FilterSet):
    """Filters on an entry's or assessment's subject: a state (ISO alpha-3) and its region."""

    state = ReferenceFilter(
        queryset=State.objects.all(), to_field_name="iso3", label=_("State (ISO alpha-3 code)")
    )
    region = ReferenceFilter(
        queryset=Region.objects.all(),
        to_field_name="m49_code",
        method="filter_region",
        label=_("M49 code of a region, sub-region or intermediate region, e.g. 002"),
    )
    subject_organization = ReferenceFilter(
        queryset=Organization.objects.all(), to_field_name="slug"
    )
    status = django_filters.MultipleChoiceFilter(choices=ImplementationStatus.choices)
    fact_date = django_filters.DateFromToRangeFilter(
        label=_("Date of the reported fact: fact_date_after and/or fact_date_before (inclusive)")
    )

    def filter_region(self, queryset, name, region):
        return queryset.filter(state__in=State.objects.in_region(region))


class ProgressEntryFilterSet(SubjectFilterSet, NamedStateFilterSet, CommitmentScopeFilterSet):
    path = "commitment__"

    commitment = IdFilter(field_name="commitment_id")
    organization = ReferenceFilter(
        queryset=Organization.objects.all(),
        to_field_name="slug",
        label=_("Reporting organization (slug)"),
    )
    workflow_state = django_filters.MultipleChoiceFilter(choices=WorkflowState.choices)
    confidence = django_filters.ChoiceFilter(choices=Confidence.choices)
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = ProgressEntry
        fields = [
            "commitment",
            *CommitmentScopeFilterSet.FIELDS,
            "state",
            "region",
            "subject_organization",
            "organization",
            "status",
            "workflow_state",
            "confidence",
            "fact_date",
            "updated_since",
        ]


class CurrentAssessmentFilterSet(SubjectFilterSet, NamedStateFilterSet, CommitmentScopeFilterSet):
    path = "commitment__"

    commitment = IdFilter(field_name="commitment_id")
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="approved_at",
        lookup_expr="gte",
        label=_("Assessments whose deciding entry was approved at or after this time"),
    )

    class Meta:
        model = CurrentAssessment
        fields = [
            "commitment",
            *CommitmentScopeFilterSet.FIELDS,
            "state",
            "region",
            "subject_organization",
            "status",
            "fact_date",
            "updated_since",
        ]


# The pages' drop-downs, declared once: the same label, empty choice and value format (an
# object by its primary key, a State by its ISO code) wherever a page offers the filter.


# States and regions offered by their names in the reader's language, in its order.
STATE_LABEL = {
    "label_fields": ("name", "iso3"),
    "label_from_row": lambda row: state_name(row["iso3"], row["name"]),
    "order_key": fold,
}
REGION_LABEL = {
    "label_fields": ("name", "m49_code"),
    "label_from_row": lambda row: region_name(row["m49_code"], row["name"]),
    "order_key": fold,
}


def topic_label(row) -> str:
    """A topic under its parent, both named in the reader's language (English where empty)."""
    # `name` is read in the reader's language (commitments/translation.py); a related row's
    # columns are not, so the parent's is picked from its language columns.
    if not row["parent_id"]:
        return row["name"]
    parent = row[f"parent__{build_localized_fieldname('name', get_language())}"]
    return f"{parent or row['parent__name_en'] or row['parent__name']} › {row['name']}"


TOPIC_LABEL = {
    "label_fields": (
        "name",
        "parent_id",
        "parent__name",
        *(f"parent__{build_localized_fieldname('name', code)}" for code, _ in settings.LANGUAGES),
    ),
    "label_from_row": topic_label,
}


def resolution_choice(field_name="commitment__resolution"):
    return filters.ValuesModelChoiceFilter(
        **filters.RESOLUTION,
        queryset=Resolution.objects.for_choices(),
        field_name=field_name,
        empty_label=_("All resolutions"),
        label=_("Resolution"),
    )


def body_choice():
    return django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=Body.choices,
        field_name="commitment__resolution__body",
        empty_label=_("All bodies"),
        label=_("Body"),
    )


def topic_choice():
    """A topic, with its sub-topics (the model FilterSet's `filter_topic`)."""
    return filters.ValuesModelChoiceFilter(
        **TOPIC_LABEL,
        queryset=Topic.objects.select_related("parent"),
        method="filter_topic",
        empty_label=_("All topics"),
        label=_("Topic"),
    )


def region_choice(queryset=None):
    """A region, sub-region or intermediate region (or only those of `queryset`)."""
    return filters.ValuesModelChoiceFilter(
        **REGION_LABEL,
        queryset=Region.objects.all() if queryset is None else queryset,
        method="filter_region",
        empty_label=_("All regions"),
        label=_("Region"),
    )


def statuses_choice():
    """Statuses as boxes to tick."""
    return django_filters.MultipleChoiceFilter(
        choices=ImplementationStatus.choices, widget=forms.CheckboxSelectMultiple, label=_("Status")
    )


class EntryPageChoices(django_filters.FilterSet):
    """
    The State, resolution and body of a page's filters of progress entries (or current
    assessments), as drop-downs. Mixed in before the model's FilterSet by the review queue,
    the matrix and the download page.
    """

    state = filters.ValuesModelChoiceFilter(
        **STATE_LABEL,
        queryset=State.objects.order_by("name"),
        to_field_name="iso3",
        empty_label=_("All states"),
        label=_("State"),
    )
    resolution = resolution_choice()
    body = body_choice()


class ReviewQueueFilterSet(PageFilters, EntryPageChoices, ProgressEntryFilterSet):
    """
    The review queue's form: single choices, objects by their primary key (a state by its
    code), the top-level regions. With no workflow state asked for, it shows the entries
    awaiting review; choosing "Any" (an empty value) shows every entry the reviewer may see.
    """

    DEFAULT_WORKFLOW_STATE = WorkflowState.SUBMITTED

    workflow_state = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=WorkflowState.choices,
        empty_label=_("Any workflow state"),
        label=_("Workflow"),
    )
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=ImplementationStatus.choices,
        empty_label=_("Any status"),
        label=_("Status"),
    )
    region = region_choice(Region.objects.filter(level=RegionLevel.REGION).order_by("name"))
    organization = filters.ValuesModelChoiceFilter(
        **filters.ORGANIZATION,
        queryset=Organization.objects.order_by("name"),
        empty_label=_("All organizations"),
        label=_("Reporting organization"),
    )
    submitted = django_filters.DateFromToRangeFilter(
        field_name="submitted_at",
        label=_("Submitted between"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Summary contains"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta(ProgressEntryFilterSet.Meta):
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


class StateCommitmentFilterSet(PageFilters, CommitmentFilterSet):
    """
    The state page's form of the commitments' filters: a resolution and a topic by their
    primary key, and the state's own latest approved status on them (or none yet), which
    the page passes as `state`.
    """

    NOT_ASSESSED = "none"

    resolution = resolution_choice(field_name="resolution")
    topic = topic_choice()
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=[*ImplementationStatus.choices, (NOT_ASSESSED, "Not assessed")],
        method="filter_status",
        empty_label=_("Any status"),
        label=_("Status"),
    )

    class Meta(CommitmentFilterSet.Meta):
        fields = ["resolution", "topic", "status"]

    def __init__(self, *args, state, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def filter_status(self, queryset, name, value):
        assessed = CurrentAssessment.objects.filter(state=self.state)
        if value == self.NOT_ASSESSED:
            return queryset.exclude(pk__in=assessed.values("commitment_id"))
        return queryset.filter(pk__in=assessed.filter(status=value).values("commitment_id"))

    @property
    def chosen(self) -> bool:
        """Whether a valid filter narrows the list."""
        return self.is_bound and self.is_valid() and any(self.form.cleaned_data.values())
