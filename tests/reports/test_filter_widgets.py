"""
The filter forms' selects (config/widgets.py, config/filters.py) print what Django's templates
and model choice fields print, only faster: the same markup, with `'` and `"` escaped as
Jinja2 escapes them.
"""

import pytest
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_filters.fields import ModelChoiceIterator

from config.filters import ValuesModelChoiceField, ValuesModelChoiceFilter
from config.widgets import FastSelect
from reports.filtersets import EntryDownloadFilterSet, MatrixFilterSet, StatusDownloadFilterSet
from states.filtersets import ReviewQueueFilterSet
from states.models import ProgressEntry
from tests.factories.commitments import ResolutionFactory, TopicFactory
from tests.factories.states import OrganizationFactory, UserFactory

CHOICES = [
    ("", "All states"),
    ("KEN", "Kenya"),
    ("CIV", "Côte d'Ivoire & <others>"),
    (3, 1234567),
    (None, gettext_lazy("Lazy label")),
    ("Group", [("g1", "First in group"), ("KEN", "Kenya again")]),
    ("", [("u1", "In a group without a name")]),
]


class ReaderOrderModelChoiceIterator(ModelChoiceIterator):
    """Django's own options, in the order of the reader's language where the field asks it."""

    def __iter__(self):
        options = list(super().__iter__())
        if self.field.order_key is None:
            return iter(options)
        first = 1 if self.field.empty_label is not None else 0
        rest = sorted(options[first:], key=lambda option: self.field.order_key(option[1]))
        return iter(options[:first] + rest)


def as_django_escapes(html):
    """Jinja2 (markupsafe) escapes ' and " as &#39; and &#34;, Django as &#x27; and &quot;."""
    return html.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")


def test_it_prints_a_select_escaping_every_value():
    choices = [
        ("", "All states"),
        ("KEN", "Kenya"),
        ('x"><script>', "<script>alert('x')</script> & co"),
        ("Group <b>", [("g1", 1234567)]),
    ]
    attrs = {"id": "id_state", "data-note": 'a "b"', "required": True, "disabled": False}

    printed = FastSelect(choices=choices, attrs=attrs).render("state", 'x"><script>')

    assert printed == (
        '<select name="state" id="id_state" data-note="a &#34;b&#34;" required>\n'
        '  <option value="">All states</option>\n\n'
        '  <option value="KEN">Kenya</option>\n\n'
        '  <option value="x&#34;&gt;&lt;script&gt;" selected>'
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</option>\n\n"
        '  <optgroup label="Group &lt;b&gt;">\n'
        '  <option value="g1">1234567</option>\n\n'
        "  </optgroup>\n"
        "</select>"
    )


@pytest.mark.parametrize("value", [None, "", "KEN", ["KEN"], "3", "g1", "u1", "missing", 'quote"d'])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_state"}, {"id": "id_x", "required": True, "disabled": False}],
)
def test_it_renders_a_select_as_djangos_template_does(value, attrs):
    own = {"data-note": 'a "b" & c'}
    fast = FastSelect(choices=CHOICES, attrs=own).render("state", value, attrs)
    django = forms.Select(choices=CHOICES, attrs=own).render("state", value, attrs)

    assert as_django_escapes(fast) == django


def test_it_selects_the_first_matching_option_only():
    html = FastSelect(choices=CHOICES).render("state", "KEN")

    assert html.count(" selected>") == 1
    assert '<option value="KEN" selected>Kenya</option>' in html


def test_it_leaves_other_select_kinds_to_django():
    class WithOptionAttrs(FastSelect):
        option_inherits_attrs = True

    widget = WithOptionAttrs(choices=CHOICES, attrs={"class": "wide"})

    assert widget.render("state", "KEN") == forms.Select.render(widget, "state", "KEN")
    assert "&#x27;" in widget.render("state", "KEN")  # Django's own escaping
    assert 'class="wide" selected' in widget.render("state", "KEN")


@pytest.fixture
def choices_data():
    OrganizationFactory(name="Walk Free", acronym="WF")
    OrganizationFactory(name="La Strada", acronym="")
    ResolutionFactory(symbol="A/RES/90/7", title="")
    parent = TopicFactory(name="Protection")
    TopicFactory(name="Shelters", parent=parent)


def model_choice_filters(filterset):
    return {
        name: filterset.form.fields[name]
        for name, declared in filterset.filters.items()
        if isinstance(declared, ValuesModelChoiceFilter)
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filterset_class",
    [ReviewQueueFilterSet, MatrixFilterSet, EntryDownloadFilterSet, StatusDownloadFilterSet],
)
def test_it_labels_every_filter_choice_as_the_models_str(choices_data, filterset_class):
    filterset = filterset_class({}, queryset=filterset_class._meta.model.objects.all())
    fields = model_choice_filters(filterset)
    assert fields, "no values-read model choices to check"

    for name, field in fields.items():
        options = [(str(field.prepare_value(obj)), str(obj)) for obj in field.queryset]
        if field.order_key is not None:  # names in the reader's language, in its order
            options.sort(key=lambda option: field.order_key(option[1]))
        expected = [("", field.empty_label), *options]
        assert [(str(value), label) for value, label in field.choices] == expected, name
        assert len(expected) > 1, name


@pytest.mark.django_db
def test_it_still_validates_and_filters_by_the_chosen_model(choices_data):
    organization = OrganizationFactory(name="Chosen", acronym="CH")
    filterset = ReviewQueueFilterSet(
        {"organization": str(organization.pk), "state": "KEN"},
        queryset=ProgressEntry.objects.all(),
    )

    assert filterset.is_valid(), filterset.errors
    assert filterset.form.cleaned_data["organization"] == organization
    assert filterset.form.cleaned_data["state"].iso3 == "KEN"
    refused = ReviewQueueFilterSet({"state": "XXX"}, queryset=ProgressEntry.objects.all())
    assert not refused.is_valid() and "state" in refused.errors


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["states:review_queue", "reports:matrix"])
def test_it_prints_the_filter_forms_as_django_would(client, monkeypatch, choices_data, url_name):
    client.force_login(UserFactory(role="Reviewers"))
    resolution = ResolutionFactory(symbol="A/RES/90/8", title="Chosen")
    organization = OrganizationFactory(name="Chosen organization", acronym="CO")
    params = {"resolution": resolution.pk, "organization": organization.pk, "state": "KEN"}

    def fields(response):
        return [str(field) for field in response.context["filter"].form]

    fast = fields(client.get(reverse(url_name), params))
    monkeypatch.setattr(FastSelect, "render", forms.Select.render)
    monkeypatch.setattr(ValuesModelChoiceField, "iterator", ReaderOrderModelChoiceIterator)
    django = fields(client.get(reverse(url_name), params))

    assert [as_django_escapes(field) for field in fast] == django
    assert any(f'<option value="{resolution.pk}" selected>' in field for field in fast)
