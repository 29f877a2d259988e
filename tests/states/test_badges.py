"""The status and workflow badges every entry list prints (states/templatetags/badges.py)."""

import pytest
from django.template import Context, Template

from states.choices import ImplementationStatus, WorkflowState


def render(source, **context):
    return Template("{% load badges %}" + source).render(Context(context))


@pytest.mark.parametrize("status", ImplementationStatus)
def test_it_prints_each_status_with_its_class_and_name(status):
    printed = render("{% status_badge status label %}", status=status.value, label=status.label)

    assert printed == (f'<span class="badge status status-{status.value}">{status.label}</span>')


@pytest.mark.parametrize("status", ["", None])
def test_it_prints_not_assessed_for_no_status(status):
    assert render("{% status_badge status %}", status=status) == (
        '<span class="badge status status-none">Not assessed</span>'
    )


@pytest.mark.parametrize("state", WorkflowState)
def test_it_prints_each_workflow_state_with_its_class_and_name(state):
    printed = render("{% workflow_badge state label %}", state=state.value, label=state.label)

    assert printed == f'<span class="badge workflow workflow-{state.value}">{state.label}</span>'


def test_it_escapes_what_it_prints():
    printed = render(
        "{% status_badge status label %}{% workflow_badge status label %}",
        status='x" onmouseover="alert(1)',
        label="<script>alert(1)</script>",
    )

    assert "<script>" not in printed and 'x" onmouseover' not in printed
    assert "&lt;script&gt;" in printed and "x&quot; onmouseover" in printed
