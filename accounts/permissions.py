"""
Two-factor sign-in demanded by an API view: the REST framework's side of
accounts.mixins.SecondFactorRequiredMixin, with the same rule (twofactor.passes_requirement)
and a JSON 403 (code two_factor_required) instead of a redirect.
"""

from django.urls import reverse
from knox.models import get_token_model
from rest_framework.permissions import BasePermission

from . import twofactor


class SecondFactorRequired(BasePermission):
    """
    With TWO_FACTOR_REQUIRED_FOR_REVIEWERS on, a reviewer, staff member or superuser needs
    two-factor sign-in, and a code at sign-in, whether the request comes with a session or a
    token. A token stands for a code when the account has two-factor sign-in: such an account
    gets a token only for a valid code, and turning it on or off revokes every token
    (accounts/revocation.py). The token sign-in (`asks_for_code` on the view) checks the code
    itself, after this, so here it only refuses an account that has not set it up.

    A view that needs it for some requests only (a reviewer's decision among the workflow
    steps) defines `second_factor_required(request)`; `second_factor_message` words the refusal.
    """

    code = "two_factor_required"

    def has_permission(self, request, view):
        narrowed = getattr(view, "second_factor_required", None)
        if narrowed is not None and not narrowed(request):
            return True
        proven = isinstance(request.auth, get_token_model()) or getattr(
            view, "asks_for_code", False
        )
        if twofactor.passes_requirement(request.user, token=proven):
            return True
        message = getattr(view, "second_factor_message", None)
        self.message = message() if message else default_message()
        return False


def asks_for_code(view) -> bool:
    return getattr(view, "asks_for_code", False)


def default_message() -> str:
    return (
        "Your role needs two-factor sign-in: set it up at "
        f"{reverse('accounts:security')}, then sign in with a code (API clients: sign in "
        "again sending otp_token, for a new token)."
    )
