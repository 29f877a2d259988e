"""
A model choice filter whose options are read as plain values, not model instances.

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
from django_filters import fields

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
        for row in self.queryset.values(*dict.fromkeys((key, "pk", *field.label_fields))):
            yield (row[key], field.label_from_row(row))


class ValuesModelChoiceField(fields.ModelChoiceField):
    iterator = ValuesModelChoiceIterator

    def __init__(self, *args, label_fields: Sequence[str], label_from_row: Callable, **kwargs):
        self.label_fields = tuple(label_fields)
        self.label_from_row = label_from_row
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
# __str__ prints it).
def name_label(row) -> str:
    """State, Region: their name."""
    return row["name"]


def organization_label(row) -> str:
    return f"{row['name']} ({row['acronym']})" if row["acronym"] else row["name"]


def resolution_label(row) -> str:
    symbol = row["symbol"] or f"Resolution #{row['pk']}"
    return symbol + (f" {row['title']}" if row["title"] else "")


def topic_label(row) -> str:
    return f"{row['parent__name']} › {row['name']}" if row["parent_id"] else row["name"]


NAME = {"label_fields": ("name",), "label_from_row": name_label}
ORGANIZATION = {"label_fields": ("name", "acronym"), "label_from_row": organization_label}
RESOLUTION = {"label_fields": ("symbol", "title"), "label_from_row": resolution_label}
TOPIC = {"label_fields": ("name", "parent_id", "parent__name"), "label_from_row": topic_label}
