"""
django-otp's OTPMiddleware (request.user.otp_device, request.user.is_verified()) and the rules
that depend on it, checked before a view runs:

- the admin's own login page is not a way round the second step: it sends to the site's login;
- the admin needs an OTP-verified session from a user who has two-factor sign-in;
- with TWO_FACTOR_REQUIRED_FOR_REVIEWERS, reviewers, staff and superusers must set it up (and
  have a verified session) before the admin or the review pages (the review queue, a decision
  on an entry) answer them.

The API's decisions are held by a permission of the REST framework instead
(api.second_factor.SecondFactorForDecisions): its token sign-in happens inside the view, after
this middleware, and only there is the step named in the body known.

Nothing is asked of the database unless one of those pages is requested, so every other page
costs what it did.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.middleware import OTPMiddleware

from states.models import ProgressEntry

from . import twofactor

ENROL_MESSAGE = (
    "Your role needs two-factor sign-in: set it up here before using the review pages or the admin."
)


class TwoFactorMiddleware(OTPMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.namespace == "admin":
            return self.check_admin(request, match)
        if is_review_page(match, view_kwargs):
            return self.check_review(request)
        return None

    def check_admin(self, request, match):
        if match.url_name == "login":
            return redirect(login_url(request.GET.get("next") or reverse("admin:index")))
        user = request.user
        if not user.is_authenticated or match.url_name == "logout" or user.is_verified():
            return None
        if twofactor.is_enrolled(user):
            return verify_redirect(request)
        if twofactor.is_required(user):
            return enrol_redirect(request)
        return None

    def check_review(self, request):
        user = request.user
        if twofactor.passes_requirement(user):
            return None
        if twofactor.is_enrolled(user):
            return verify_redirect(request)
        return enrol_redirect(request)


def is_review_page(match, view_kwargs) -> bool:
    """The review queue and a reviewer's decision on an entry (approve, reject, ...)."""
    if match.view_name == "states:review_queue":
        return True
    if match.view_name == "states:entry_transition":
        return view_kwargs.get("action") in ProgressEntry.REVIEW_ACTIONS
    return False


def login_url(next_url: str) -> str:
    return f"{reverse('login')}?{urlencode({'next': next_url})}"


def enrol_redirect(request):
    messages.warning(request, ENROL_MESSAGE)
    return redirect("accounts:security")


def verify_redirect(request):
    target = request.get_full_path() if request.method == "GET" else reverse("home")
    return redirect(f"{reverse('accounts:login_code')}?{urlencode({'next': target})}")
