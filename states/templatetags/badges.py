"""
The status and workflow badges, printed by tags rather than included templates: every row of
every entry list (the state page, the commitment page, the review queue) prints two, and an
`{% include %}` costs a template render and a context push each, some 100 a page.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

NOT_ASSESSED = mark_safe('<span class="badge status status-none">Not assessed</span>')


@register.simple_tag
def status_badge(status, label=""):
    """An implementation status (`status` its value, `label` its name); none: not assessed."""
    if not status:
        return NOT_ASSESSED
    return format_html('<span class="badge status status-{}">{}</span>', status, label)


@register.simple_tag
def workflow_badge(state, label):
    """A workflow state (`state` its value, `label` its name)."""
    return format_html('<span class="badge workflow workflow-{}">{}</span>', state, label)
