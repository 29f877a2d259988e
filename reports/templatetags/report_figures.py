"""
The reports app's figures on pages other apps own: `{% state_profile state %}` on the state
page (states), so the states app's view need not know the reports app.
"""

from django import template

from ..profiles import state_profile_html

register = template.Library()


@register.simple_tag
def state_profile(state):
    """The state's profile (figures and charts), cached as HTML: reports/profiles.py."""
    return state_profile_html(state)
