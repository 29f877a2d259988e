"""
Two-factor sign-in demanded by a Django view: SecondFactorRequiredMixin on the review pages
(states/views/) and the same refusal in the admin (accounts/admin_site.py). A view says that
it needs the second factor by its class, so a new review page cannot be left out by a list of
URL names kept somewhere else; tests/accounts/test_every_endpoint.py walks every URL to hold
that.

The refusals send the user where they can go on: to the code step, back to the page asked
for, when they have two-factor sign-in but this session was not verified with a code; to the
Account security page, with a message, when their role needs it and they have not set it up.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from . import twofactor

ENROL_MESSAGE = (
    "Your role needs two-factor sign-in: set it up here before using the review pages or the admin."
)


class SecondFactorRequiredMixin:
    """
    With TWO_FACTOR_REQUIRED_FOR_REVIEWERS on, reviewers, staff and superusers reach the view
    only from a session verified with a code (twofactor.passes_requirement); everyone else
    passes on to the view's own checks (sign-in, permissions). First among the bases, so it
    answers before them. A view that needs it for some requests only (a reviewer's decision
    among the workflow steps) narrows `second_factor_required`.
    """

    def second_factor_required(self) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        if self.second_factor_required() and not twofactor.passes_requirement(request.user):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)


def admin_refusal(request):
    """
    None when the request may go on into the admin, else where to send it. The admin wants a
    verified session from anyone who has two-factor sign-in, whatever the setting (its pages
    change every record), and the setting's people to set it up first.
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if twofactor.is_enrolled(user) or twofactor.is_required(user):
        return refuse(request)
    return None


def refuse(request):
    if twofactor.is_enrolled(request.user):
        return verify_redirect(request)
    return enrol_redirect(request)


def login_url(next_url: str) -> str:
    return f"{reverse('login')}?{urlencode({'next': next_url})}"


def enrol_redirect(request):
    messages.warning(request, ENROL_MESSAGE)
    return redirect("accounts:security")


def verify_redirect(request):
    """To the code step, then back here; a form's POST goes back to the home page instead."""
    target = request.get_full_path() if request.method == "GET" else reverse("home")
    return redirect(f"{reverse('accounts:login_code')}?{urlencode({'next': target})}")
