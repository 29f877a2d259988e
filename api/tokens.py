"""
API tokens (django-rest-knox): a client signs in with username and password and gets a
token to send as `Authorization: Token <token>`. Only a hash of each token is stored; it
expires (knox's TOKEN_TTL, ten hours by default) and signing out revokes it. An account with
two-factor sign-in also sends `otp_token` (api/second_factor.py). A new password and two-factor
sign-in turned on or off revoke every token of the user (accounts.revocation).
"""

from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox import views as knox_views
from rest_framework import serializers as drf_serializers

from accounts import twofactor
from accounts.permissions import SecondFactorRequired
from core.authentication import TokenAuthentication

from .second_factor import (
    LOGIN_DESCRIPTION,
    LOGIN_ERRORS,
    TwoFactorLoginSerializer,
    check_second_factor,
    code_required,
)
from .serializers import TokenSerializer


@extend_schema(
    summary="Sign in: exchange a username and password (and a two-factor code) for a token",
    description=LOGIN_DESCRIPTION,
    request=TwoFactorLoginSerializer,
    responses={200: TokenSerializer, **LOGIN_ERRORS},
)
class LoginView(knox_views.LoginView):
    authentication_classes = []  # credentials in the body, so no CSRF or session involved
    # Checked again once the password names the user: with TWO_FACTOR_REQUIRED_FOR_REVIEWERS,
    # no token for reviewers and staff who have not set two-factor sign-in up. Those who have
    # are asked for their code here (asks_for_code), not by the permission.
    permission_classes = [SecondFactorRequired]
    asks_for_code = True
    serializer_class = TwoFactorLoginSerializer

    def second_factor_message(self):
        return (
            "Two-factor sign-in is required for your role: set it up on the Account security "
            "page of the site first."
        )

    def post(self, request, format=None):
        credentials = TwoFactorLoginSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        otp_token = credentials.validated_data.pop("otp_token", "")
        user = authenticate(request._request, **credentials.validated_data)
        if user is None:
            raise drf_serializers.ValidationError(
                {"non_field_errors": ["Unable to sign in with this username and password."]}
            )
        request.user = user
        self.check_permissions(request)
        # Checked outside the transaction below: a wrong code must stay counted (django-axes).
        code_checked = check_second_factor(request._request, user, otp_token)
        with transaction.atomic():
            # The user's row locked, as turning two-factor sign-in on does before it revokes
            # the tokens: one turned on meanwhile is seen here, so no token is issued for
            # the password alone to an account that now has it.
            get_user_model()._base_manager.select_for_update().filter(pk=user.pk).exists()
            if not code_checked and twofactor.is_enrolled(user):
                raise code_required()
            return super().post(request, format=format)


@extend_schema(
    summary="Sign out: revoke the token this request is made with",
    request=None,
    responses={204: OpenApiResponse(description="The token no longer works.")},
)
class LogoutView(knox_views.LogoutView):
    authentication_classes = [TokenAuthentication]


@extend_schema(
    summary="Sign out everywhere: revoke every token of the user",
    request=None,
    responses={204: OpenApiResponse(description="None of the user's tokens work any more.")},
)
class LogoutAllView(knox_views.LogoutAllView):
    authentication_classes = [TokenAuthentication]
