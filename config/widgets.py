"""
Form widgets that print what Django's templates print, without the template engine.

The filter forms of the review queue and the matrix offer every state, organization and
resolution: hundreds of options, rendered on every request. Django's `Select` builds a dict
per option and renders each one by including `select_option.html` (and `attrs.html` inside
it); those includes cost tens of milliseconds a page, most of the review queue's time.
`FastSelect` builds the same HTML in Python; tests/reports/test_filter_widgets.py compares the
two byte for byte.
"""

import html

from django import forms
from django.utils.formats import localize
from django.utils.safestring import mark_safe


def escape(value) -> str:
    """What `{{ value }}` prints (django.template.base.render_value_in_context, escaped)."""
    if not isinstance(value, str):
        value = localize(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def render_attrs(attrs) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, bare for True, nothing for False."""
    if not attrs:
        return ""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escape(name)}")
        else:
            parts.append(f' {escape(name)}="{escape(str(value))}"')
    return "".join(parts)


class FastSelect(forms.Select):
    """
    A `Select` rendered in Python: the same markup, whitespace included, as
    django/forms/widgets/select.html with select_option.html, and the same choice selected
    (the first matching one). A subclass that names other templates, lets options inherit
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
        parts = [f'<select name="{escape(widget["name"])}"{render_attrs(widget["attrs"])}>']
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            # The template opens an optgroup only for a group with a (truthy) name.
            labelled = grouped and option_value
            if labelled:
                parts.append(f'\n  <optgroup label="{escape(option_value)}">')
            for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in chosen
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{escape(str(subvalue))}"{" selected" if selected else ""}>'
                    f"{escape(sublabel)}</option>\n"
                )
            if labelled:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))

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
