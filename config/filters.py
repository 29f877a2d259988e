"""
Filters the apps' FilterSets share: value checks (below), the page mixin `PageFilters`, and
a model choice filter whose options are read as plain values, not model instances.

A `ModelChoiceFilter` builds one model instance per option to print its value and `str()`,
and reads them through `QuerySet.iterator()`, which on PostgreSQL opens a server-side cursor
(DECLARE, FETCH, CLOSE: three round trips). The review queue offers every state,
organization and resolution, about 700 options on every request; building them cost more
than the page's own rows. `ValuesModelChoiceFilter` reads the option values and the few
columns its label needs in one ordinary query; choosing and validating (the form's
`queryset.get()`) and the cleaned value (a model instance) are unchanged.

The label is written beside the filter from those columns and must print what the model's
`__str__` prints; tests/reports/test_filter_widgets.py checks every one against `str()`.
"""

from collections.abc import Callable, Sequence

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django_filters import fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .widgets import FastSelect


class ValuesModelChoiceIterator(fields.ModelChoiceIterator):
    """
    The options as (value, label) from `.values()` rows (the value, the primary key and the
    label's columns): one query, no instances.
    """

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if field.null_label is not None:
            yield (field.null_value, field.null_label)
        key = field.to_field_name or "pk"
        rows = self.queryset.values(*dict.fromkeys((key, "pk", *field.label_fields)))
        options = ((row[key], field.label_from_row(row)) for row in rows)
        if field.order_key is not None:
            # Labels that depend on the reader's language are ordered in it, not by the
            # column the database sorts.
            options = sorted(options, key=lambda option: field.order_key(option[1]))
        yield from options


class ValuesModelChoiceField(fields.ModelChoiceField):
    iterator = ValuesModelChoiceIterator

    def __init__(
        self,
        *args,
        label_fields: Sequence[str],
        label_from_row: Callable,
        order_key: Callable | None = None,
        **kwargs,
    ):
        self.label_fields = tuple(label_fields)
        self.label_from_row = label_from_row
        self.order_key = order_key
        super().__init__(*args, **kwargs)


class ValuesModelChoiceFilter(django_filters.ModelChoiceFilter):
    """
    `ModelChoiceFilter` with `label_fields` (the columns read for each option, besides its
    value) and `label_from_row` (the option's label from that row, a dict), drawn as a
    `FastSelect`.
    """

    field_class = ValuesModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


# Labels of the models offered in the filter forms, from their rows (each as the model's
# __str__ prints it). States, regions and topics, named in the reader's language, have
# theirs beside their filters (states/filtersets.py).
def organization_label(row) -> str:
    return f"{row['name']} ({row['acronym']})" if row["acronym"] else row["name"]


def resolution_label(row) -> str:
    symbol = row["symbol"] or f"Resolution #{row['pk']}"
    return symbol + (f" {row['title']}" if row["title"] else "")


ORGANIZATION = {"label_fields": ("name", "acronym"), "label_from_row": organization_label}
RESOLUTION = {"label_fields": ("symbol", "title"), "label_from_row": resolution_label}

# Value checks shared by the FilterSets of every app: a value that does not parse, or names no
# such object, is the filter's error (a 400 on the API, the form's error on a page), never a
# server error nor an empty or unfiltered list that looks like an answer.

BIGINT_MAX = 2**63 - 1


class ReferenceChoiceField(fields.ModelChoiceField):
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
            raise forms.ValidationError(_("Give true or false."), code="invalid") from None


class FlagFilter(django_filters.BooleanFilter):
    field_class = FlagField


class PageFilters:
    """
    A page's form of a model's FilterSet (mixed in first): only the filters its `Meta.fields`
    names, in that order. The model's FilterSet, which the API reads, keeps every filter and
    its meaning; the page's subclass changes only labels, widgets and the value formats its
    addresses have always had, and leaves out the filters its form does not show, so they are
    neither drawn nor read from its address.
    """

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        return {name: filters[name] for name in cls._meta.fields}
