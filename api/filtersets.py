"""
Query-string filters of the API lists and exports (django-filter). A value that does not
parse (a flag that is neither true nor false included), or names no such object (an unknown
state code, region, topic), is a 400 with the filter's message, never an empty list or an
unfiltered one that looks like an answer.

Entries and assessments are filtered by their commitment's attributes with the same names
as commitments are (resolution, body, year, topic, actor, actor_kind, strength).
"""

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Exists, OuterRef, Q
from django_filters import fields as filter_fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

from commitments.choices import ActorKind, AddresseeKind, Body, Strength
from commitments.models import Actor, Commitment, CommitmentActor, Resolution, Topic
from states.choices import (
    Confidence,
    ImplementationStatus,
    OrganizationKind,
    UnStatus,
    WorkflowState,
)
from states.models import CurrentAssessment, Organization, ProgressEntry, Region, State

BIGINT_MAX = 2**63 - 1


class TiebreakOrderingFilter(OrderingFilter):
    """`ordering=fact_date` and the like, with the primary key breaking ties (stable pages)."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and ordering[-1].lstrip("-") not in ("id", "pk"):
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return ordering


class ReferenceChoiceField(filter_fields.ModelChoiceField):
    """A choice by natural key (slug, ISO code) that refuses NUL characters before the query."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            ProhibitNullCharactersValidator()(value)
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.STR)
class ReferenceFilter(django_filters.ModelChoiceFilter):
    field_class = ReferenceChoiceField


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1900, max_value=2999, **kwargs)


class FlagField(forms.Field):
    """
    A yes-or-no filter value: `true` or `false` (`1` and `0` too, in any case); anything else
    is refused. django-filter's boolean fields read an unknown value as "not given", so
    `trackable=null` answered every commitment as if it had been left out.
    """

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError("Give true or false.", code="invalid") from None


class FlagFilter(django_filters.BooleanFilter):
    field_class = FlagField


def topic_and_subtopics(topic):
    return Q(topic=topic) | Q(topic__parent=topic)


class CommitmentScopeFilterSet(django_filters.FilterSet):
    """
    Filters on a commitment's attributes. `path` says how the filtered model reaches its
    commitment ("" for commitments themselves, "commitment__" for entries and assessments).
    """

    path = ""

    resolution = IdFilter(field_name="resolution_id", method="on_commitment")
    body = django_filters.ChoiceFilter(
        choices=Body.choices, field_name="resolution__body", method="on_commitment"
    )
    year = YearFilter(
        field_name="resolution__adopted_on__year",
        method="on_commitment",
        label="Year the resolution was adopted",
    )
    strength = django_filters.MultipleChoiceFilter(
        choices=Strength.choices, field_name="strength", method="on_commitment_in"
    )
    actor_kind = django_filters.MultipleChoiceFilter(
        choices=AddresseeKind.choices,
        field_name="actor_kind",
        method="on_commitment_in",
        label="Whom the commitment addresses, as a whole",
    )
    addressee_kind = django_filters.ChoiceFilter(
        choices=ActorKind.choices,
        method="filter_addressee_kind",
        label="Commitments with at least one addressee of this kind",
    )
    actor = IdFilter(method="filter_actor", label="Commitments addressed to this actor (id)")
    named_state = ReferenceFilter(
        queryset=State.objects.all(),
        to_field_name="iso3",
        method="filter_named_state",
        label="ISO alpha-3 code: commitments that address this State by name",
    )
    topic = ReferenceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        label="Topic slug; a parent topic includes its sub-topics",
    )

    @property
    def commitment_ref(self):
        return OuterRef("commitment_id" if self.path else "pk")

    def on_commitment(self, queryset, name, value):
        return queryset.filter(**{f"{self.path}{name}": value})

    def on_commitment_in(self, queryset, name, values):
        return queryset.filter(**{f"{self.path}{name}__in": values}) if values else queryset

    def filter_addressee_kind(self, queryset, name, kind):
        links = CommitmentActor.objects.filter(commitment=self.commitment_ref, kind=kind)
        return queryset.filter(Exists(links))

    def filter_named_state(self, queryset, name, state):
        links = CommitmentActor.objects.filter(
            commitment=self.commitment_ref, state_code=state.iso3
        )
        return queryset.filter(Exists(links))

    def filter_actor(self, queryset, name, actor_id):
        links = CommitmentActor.objects.filter(commitment=self.commitment_ref, actor_id=actor_id)
        return queryset.filter(Exists(links))

    def filter_topic(self, queryset, name, topic):
        tagged = Commitment.topics.through.objects.filter(
            topic_and_subtopics(topic), commitment=self.commitment_ref
        )
        return queryset.filter(Exists(tagged))


class SubjectFilterSet(django_filters.FilterSet):
    """Filters on an entry's or assessment's subject: a state (ISO alpha-3) and its region."""

    state = ReferenceFilter(
        queryset=State.objects.all(), to_field_name="iso3", label="State (ISO alpha-3 code)"
    )
    region = ReferenceFilter(
        queryset=Region.objects.all(),
        to_field_name="m49_code",
        method="filter_region",
        label="M49 code of a region, sub-region or intermediate region, e.g. 002",
    )
    subject_organization = ReferenceFilter(
        queryset=Organization.objects.all(), to_field_name="slug"
    )
    status = django_filters.MultipleChoiceFilter(choices=ImplementationStatus.choices)
    fact_date = django_filters.DateFromToRangeFilter(
        label="Date of the reported fact: fact_date_after and/or fact_date_before (inclusive)"
    )

    def filter_region(self, queryset, name, region):
        return queryset.filter(
            Q(state__region=region)
            | Q(state__subregion=region)
            | Q(state__intermediate_region=region)
        )


class ResolutionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Symbol or title contains")
    symbol = django_filters.CharFilter()
    body = django_filters.ChoiceFilter(choices=Body.choices)
    year = YearFilter(field_name="adopted_on__year", label="Year adopted")
    topic = ReferenceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        label="Topic slug: resolutions with a current commitment on it or its sub-topics",
    )
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = Resolution
        fields = ["q", "symbol", "body", "year", "topic", "updated_since"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(symbol__icontains=value) | Q(title__icontains=value))

    def filter_topic(self, queryset, name, topic):
        tagged = Commitment.topics.through.objects.filter(
            topic_and_subtopics(topic),
            commitment__resolution=OuterRef("pk"),
            commitment__retired=False,
        )
        return queryset.filter(Exists(tagged))


class CommitmentFilterSet(CommitmentScopeFilterSet):
    trackable = FlagFilter(
        field_name="is_trackable", label="Only commitments progress is tracked against"
    )
    retired = FlagFilter(label="Retired commitments: no longer in the resolution's current text")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = Commitment
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


class ActorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices)

    class Meta:
        model = Actor
        fields = ["q", "kind"]


class TopicFilterSet(django_filters.FilterSet):
    parent = ReferenceFilter(queryset=Topic.objects.all(), to_field_name="slug")
    top_level = FlagFilter(
        field_name="parent", lookup_expr="isnull", label="Only topics without a parent"
    )

    class Meta:
        model = Topic
        fields = ["parent", "top_level"]


class StateFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    region = ReferenceFilter(
        queryset=Region.objects.all(),
        to_field_name="m49_code",
        method="filter_region",
        label="M49 code of a region, sub-region or intermediate region, e.g. 002",
    )
    un_status = django_filters.ChoiceFilter(choices=UnStatus.choices)

    class Meta:
        model = State
        fields = ["q", "region", "un_status"]

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Name or acronym contains")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    country = ReferenceFilter(
        queryset=State.objects.all(), to_field_name="iso3", label="Country (ISO alpha-3 code)"
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "country"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class ProgressEntryFilterSet(SubjectFilterSet, CommitmentScopeFilterSet):
    path = "commitment__"

    commitment = IdFilter(field_name="commitment_id")
    organization = ReferenceFilter(
        queryset=Organization.objects.all(),
        to_field_name="slug",
        label="Reporting organization (slug)",
    )
    workflow_state = django_filters.MultipleChoiceFilter(choices=WorkflowState.choices)
    confidence = django_filters.ChoiceFilter(choices=Confidence.choices)
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = ProgressEntry
        fields = [
            "commitment",
            "resolution",
            "body",
            "year",
            "topic",
            "actor",
            "actor_kind",
            "addressee_kind",
            "strength",
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


class CurrentAssessmentFilterSet(SubjectFilterSet, CommitmentScopeFilterSet):
    path = "commitment__"

    commitment = IdFilter(field_name="commitment_id")
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="approved_at",
        lookup_expr="gte",
        label="Assessments whose deciding entry was approved at or after this time",
    )

    class Meta:
        model = CurrentAssessment
        fields = [
            "commitment",
            "resolution",
            "body",
            "year",
            "topic",
            "actor",
            "actor_kind",
            "addressee_kind",
            "strength",
            "state",
            "region",
            "subject_organization",
            "status",
            "fact_date",
            "updated_since",
        ]
