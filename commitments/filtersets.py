"""
The FilterSets of commitments' models, one a model, read by the API (DjangoFilterBackend)
and, through a page's subclass (`config.filters.PageFilters`: its labels, widgets and the
value formats its address has always had), by the pages.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.filters import FlagFilter, IdFilter, PageFilters, ReferenceFilter, YearFilter

from .choices import ActorKind, AddresseeKind, Body, RequestKind, Strength
from .models import Actor, Commitment, CommitmentActor, ReportingRequest, Resolution, Topic
from .symbols import symbol_condition

# The United Nations' founding: no resolution is older.
FIRST_YEAR = 1945


class AdoptionYearField(forms.IntegerField):
    """
    A year a resolution can have been adopted in, 1945 to next year; anything else is the
    form's error on the page. Checked before the query: the date lookup of a year outside the
    calendar (0, -1, 99999, a 30-digit number) failed with a server error.
    """

    widget = forms.NumberInput(attrs={"placeholder": _("e.g. 2010")})

    def __init__(self, **kwargs):
        # Read on each form, so a long-running process moves on with the calendar.
        last = timezone.localdate().year + 1
        message = f"Enter a year from {FIRST_YEAR} to {last}."
        kwargs["error_messages"] = {"invalid": message, "min_value": message, "max_value": message}
        super().__init__(min_value=FIRST_YEAR, max_value=last, **kwargs)


class AdoptionYearFilter(django_filters.NumberFilter):
    field_class = AdoptionYearField


class ResolutionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Symbol or title contains"))
    symbol = django_filters.CharFilter(
        method="filter_symbol",
        label=_('Symbol in any usual spelling: "A/RES/65/190", "65/190", "res 2006/27"'),
    )
    adopted = FlagFilter(
        field_name="is_adopted",
        label=_(
            "Only adopted resolutions (true) or only drafts (false): a draft has no symbol, "
            "a placeholder symbol such as 44/…, or no adoption date"
        ),
    )
    body = django_filters.ChoiceFilter(choices=Body.choices)
    year = YearFilter(field_name="adopted_on__year", label=_("Year adopted"))
    topic = ReferenceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        label=_("Topic slug: resolutions with a current commitment on it or its sub-topics"),
    )
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = Resolution
        fields = ["q", "symbol", "body", "year", "topic", "adopted", "updated_since"]

    def filter_search(self, queryset, name, value):
        """The symbol in any usual spelling, or words of the symbol or title."""
        matches = Q(symbol__icontains=value) | Q(title__icontains=value)
        if (named := symbol_condition(value)) is not None:
            matches |= named
        return queryset.filter(matches)

    def filter_symbol(self, queryset, name, value):
        named = symbol_condition(value)
        return queryset.filter(named) if named is not None else queryset.none()

    def filter_topic(self, queryset, name, topic):
        """Resolutions with at least one current commitment on the topic or its sub-topics."""
        on_topic = Commitment.objects.current().on_topic(topic)
        return queryset.filter(Exists(on_topic.filter(resolution=OuterRef("pk"))))


class ResolutionListFilterSet(PageFilters, ResolutionFilterSet):
    """The resolution list's form: a topic by its primary key, years 1945 to next year."""

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    body = django_filters.ChoiceFilter(choices=Body.choices, empty_label=_("All bodies"))
    year = AdoptionYearFilter(field_name="adopted_on", lookup_expr="year", label=_("Year adopted"))
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.select_related("parent"),
        method="filter_topic",
        label=_("Topic"),
        empty_label=_("All topics"),
    )

    class Meta(ResolutionFilterSet.Meta):
        fields = ["q", "body", "year", "topic"]


class CommitmentScopeFilterSet(django_filters.FilterSet):
    """
    Filters on a commitment's attributes. `path` says how the filtered model reaches its
    commitment ("" for commitments themselves, "commitment__" for entries and assessments),
    which are filtered by them under the same names.
    """

    path = ""
    # Its filters in the order the API's filter forms list them, after the model's own.
    FIELDS = [
        "resolution",
        "body",
        "year",
        "topic",
        "actor",
        "actor_kind",
        "addressee_kind",
        "strength",
    ]

    resolution = IdFilter(field_name="resolution_id", method="on_commitment")
    body = django_filters.ChoiceFilter(
        choices=Body.choices, field_name="resolution__body", method="on_commitment"
    )
    year = YearFilter(
        field_name="resolution__adopted_on__year",
        method="on_commitment",
        label=_("Year the resolution was adopted"),
    )
    strength = django_filters.MultipleChoiceFilter(
        choices=Strength.choices, field_name="strength", method="on_commitment_in"
    )
    actor_kind = django_filters.MultipleChoiceFilter(
        choices=AddresseeKind.choices,
        field_name="actor_kind",
        method="on_commitment_in",
        label=_("Whom the commitment addresses, as a whole"),
    )
    addressee_kind = django_filters.ChoiceFilter(
        choices=ActorKind.choices,
        method="filter_addressee_kind",
        label=_("Commitments with at least one addressee of this kind"),
    )
    actor = IdFilter(method="filter_actor", label=_("Commitments addressed to this actor (id)"))
    topic = ReferenceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        label=_("Topic slug; a parent topic includes its sub-topics"),
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

    def filter_actor(self, queryset, name, actor_id):
        links = CommitmentActor.objects.filter(commitment=self.commitment_ref, actor_id=actor_id)
        return queryset.filter(Exists(links))

    def filter_topic(self, queryset, name, topic):
        commitments = f"{self.path}in" if self.path else "pk__in"
        return queryset.filter(**{commitments: Commitment.objects.on_topic(topic)})


class CommitmentFilterSet(CommitmentScopeFilterSet):
    trackable = FlagFilter(
        field_name="is_trackable", label=_("Only commitments progress is tracked against")
    )
    retired = FlagFilter(label=_("Retired commitments: no longer in the resolution's current text"))
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = Commitment
        fields = [
            *CommitmentScopeFilterSet.FIELDS,
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
        field_name="parent", lookup_expr="isnull", label=_("Only topics without a parent")
    )

    class Meta:
        model = Topic
        fields = ["parent", "top_level"]


class ReportingRequestFilterSet(django_filters.FilterSet):
    """
    Reporting requests (read by the API, the calendar feed and the download page): by the
    adopting body, the body due to act or whom it is asked of, by when they are due, whether
    they recur and whether they are still open.
    """

    OPEN, OVERDUE, FULFILLED = "open", "overdue", "fulfilled"

    resolution = IdFilter(field_name="resolution_id")
    body = django_filters.ChoiceFilter(
        field_name="resolution__body", choices=Body.choices, label="Body that adopted it"
    )
    due_body = django_filters.ChoiceFilter(
        choices=Body.choices, label="Body whose session it is due at"
    )
    requested_of = django_filters.CharFilter(
        lookup_expr="icontains", label="Whom it is asked of contains, e.g. Secretary-General"
    )
    kind = django_filters.MultipleChoiceFilter(choices=RequestKind.choices)
    topic = ReferenceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        label="Topic slug (its sub-topics included)",
    )
    due = django_filters.DateFromToRangeFilter(
        field_name="due_date", label="Due from, to (due_after, due_before)"
    )
    fulfilment = django_filters.ChoiceFilter(
        choices=[
            (OPEN, "Open: not marked fulfilled"),
            (OVERDUE, "Overdue: open, and its due date has passed"),
            (FULFILLED, "Marked fulfilled"),
        ],
        method="filter_fulfilment",
        label="State of fulfilment",
    )
    estimated = FlagFilter(
        field_name="is_estimate", label="Only dates worked out (not printed in the text)"
    )
    periodic = FlagFilter(
        method="filter_periodic",
        label="Only requests that recur (true) or only those made once (false)",
    )
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated", lookup_expr="gte")

    class Meta:
        model = ReportingRequest
        fields = [
            "resolution",
            "body",
            "due_body",
            "requested_of",
            "kind",
            "topic",
            "due",
            "fulfilment",
            "estimated",
            "periodic",
            "updated_since",
        ]

    def filter_topic(self, queryset, name, topic):
        return queryset.filter(commitment__in=Commitment.objects.on_topic(topic))

    def filter_periodic(self, queryset, name, value):
        return queryset.filter(period_months__isnull=not value)

    def filter_fulfilment(self, queryset, name, value):
        if value == self.FULFILLED:
            return queryset.filter(fulfilled_on__isnull=False)
        if value == self.OVERDUE:
            return queryset.overdue(timezone.localdate())
        return queryset.filter(fulfilled_on__isnull=True)
