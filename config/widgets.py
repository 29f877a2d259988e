"""
Form widgets that print what Django's templates print, by a faster template engine.

The filter forms of the review queue and the matrix offer every state, organization and
resolution: hundreds of options, rendered on every request. Django's `Select` builds a dict
per option and renders each one by including `select_option.html` (and `attrs.html` inside
it); those includes cost tens of milliseconds a page, most of the review queue's time.
`FastSelect` prints the same markup by one Jinja2 template (config/jinja2/widgets/select.html);
tests/reports/test_filter_widgets.py compares the two.
"""

from django import forms
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.safestring import mark_safe


def _shown(value):
    """What `{{ value }}` prints before escaping: a number or date localized, as Django does."""
    return value if isinstance(value, str) else localize(value)


class FastSelect(forms.Select):
    """
    A `Select` printed by config/jinja2/widgets/select.html: the same markup, whitespace
    included, as django/forms/widgets/select.html with select_option.html, and the same choice
    selected (the first matching one). A subclass that names other templates, lets options inherit
    the widget's attributes or builds its options otherwise is rendered by Django as usual.
    """

    def render(self, name, value, attrs=None, renderer=None):
        if not self._is_plain():
            return super().render(name, value, attrs, renderer)
        # Widget.get_context, then Select's `multiple`; not ChoiceWidget's optgroups, whose
        # dict per option is what this replaces.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        chosen = widget["value"]
        groups = []
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            options = []
            for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in chosen
                has_selected |= selected
                options.append((str(subvalue), _shown(sublabel), selected))
            # The template opens an optgroup only for a group with a (truthy) name.
            groups.append((_shown(option_value) if grouped else None, options))
        return mark_safe(
            render_to_string(
                "widgets/select.html",
                {"name": widget["name"], "attrs": widget["attrs"], "groups": groups},
                using="jinja2",
            )
        )

    def _is_plain(self) -> bool:
        cls = type(self)
        return (
            self.template_name == forms.Select.template_name
            and self.option_template_name == forms.Select.option_template_name
            and not self.option_inherits_attrs
            and self.checked_attribute == {"selected": True}
            and cls.optgroups is forms.Select.optgroups
            and cls.create_option is forms.Select.create_option
        )
