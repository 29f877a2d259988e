"""
Two-factor sign-in for the API: the token sign-in's `otp_token` field (api/tokens.py), the
code checked after a right password and the JSON refusals the OpenAPI schema documents. Who
must have it is held by a permission (accounts.permissions.SecondFactorRequired). The rules
are the web's: the same devices, throttle, django-axes count and requirement
(accounts/twofactor.py).
"""

from django.utils.translation import gettext, ngettext
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework import serializers as drf_serializers

from accounts import signin, twofactor

from .serializers import LoginSerializer


class TwoFactorLoginSerializer(LoginSerializer):
    otp_token = drf_serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="Only for an account with two-factor sign-in: the code its authenticator "
        "app shows now, or one of its recovery codes (each works once).",
    )


class SecondFactorError(exceptions.APIException):
    """A refusal about the code; a plain APIException, so DRF keeps its status as given."""

    def __init__(self, status_code, detail, code, wait=None):
        super().__init__(detail, code)
        self.status_code = status_code
        self.wait = wait  # sent as Retry-After by DRF's exception handler


def check_second_factor(request, user, otp_token: str) -> bool:
    """
    After a right password: raise unless the account has no two-factor sign-in, or
    `otp_token` is a valid code; True when a code was checked. `request` is Django's
    HttpRequest (django-axes marks it on a lockout).
    """
    if not twofactor.is_enrolled(user):
        return False
    if not otp_token.strip():
        raise code_required()
    verification = signin.check_code(request, user, otp_token)
    if verification.throttled:
        raise SecondFactorError(
            status.HTTP_429_TOO_MANY_REQUESTS,
            ngettext(
                "Too many wrong codes: wait %(seconds)d second and try again.",
                "Too many wrong codes: wait %(seconds)d seconds and try again.",
                verification.wait_seconds,
            )
            % {"seconds": verification.wait_seconds},
            "otp_throttled",
            wait=verification.wait_seconds,
        )
    if not verification.accepted:
        raise SecondFactorError(
            status.HTTP_401_UNAUTHORIZED,
            gettext("The two-factor code is wrong or expired."),
            "otp_invalid",
        )
    return True


def code_required() -> SecondFactorError:
    return SecondFactorError(
        status.HTTP_400_BAD_REQUEST,
        "This account uses two-factor sign-in: send otp_token with the code your "
        "authenticator app shows now, or a recovery code.",
        "otp_required",
    )


ERROR = {"$ref": "#/components/schemas/Error"}  # added by api.schema.add_error_responses

LOGIN_DESCRIPTION = (
    "An account with two-factor sign-in must also send `otp_token`. With "
    "TWO_FACTOR_REQUIRED_FOR_REVIEWERS on, reviewers and staff get a token only once they have "
    "set two-factor sign-in up on the site's Account security page."
)
LOGIN_ERRORS = {
    400: OpenApiResponse(
        ERROR,
        description="Invalid input or a wrong username or password (code invalid), or no "
        "`otp_token` from an account with two-factor sign-in (code otp_required).",
    ),
    401: OpenApiResponse(
        ERROR, description="The two-factor code is wrong or expired (code otp_invalid)."
    ),
    403: OpenApiResponse(
        ERROR,
        description="Two-factor sign-in is required of this account and not set up yet "
        "(code two_factor_required).",
    ),
    429: OpenApiResponse(
        ERROR,
        description="Too many failed sign-ins for this account from this address (code "
        "locked_out), too many wrong codes just now (code otp_throttled, retry after "
        "`Retry-After` seconds), or too many anonymous requests (code throttled).",
    ),
}
