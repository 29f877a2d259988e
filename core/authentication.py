"""
How API tokens (django-rest-knox) sign a request in: the REST framework's views, and the plain
Django views that API clients also call with their token (the evidence file download the API
links to).
"""

from django.http import JsonResponse
from django.utils.cache import patch_vary_headers
from knox import auth
from rest_framework import exceptions


class TokenAuthentication(auth.TokenAuthentication):
    """knox's, except that a token that is not UTF-8 text is a wrong token (401), not a 500."""

    def authenticate_credentials(self, token):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        return super().authenticate_credentials(token)


class TokenAuthenticationMixin:
    """
    For a plain Django view: `Authorization: Token <token>` signs the request in as the
    token's user, whatever the session says, with the API's own check (expiry, active user).
    A wrong or expired token is a 401 in the API's JSON, never a fall back to the session or
    to anonymous access. Without the header the view answers the session as before.
    """

    def dispatch(self, request, *args, **kwargs):
        authentication = TokenAuthentication()
        try:
            found = authentication.authenticate(request)
        except exceptions.AuthenticationFailed as error:
            response = JsonResponse(
                {"detail": str(error.detail), "code": error.detail.code}, status=401
            )
            response["WWW-Authenticate"] = authentication.authenticate_header(request)
            return response
        if found is not None:
            request.user = found[0]
        response = super().dispatch(request, *args, **kwargs)
        # What one may download depends on the token sent as much as on the session.
        patch_vary_headers(response, ["Authorization"])
        return response
