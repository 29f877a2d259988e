"""
API tokens in the admin: listed and revocable (deleted) there, never made there. A token is
given only by the token sign-in, for the user's own password and, where the account has it, a
two-factor code; one made in the admin would let staff act through the API as someone else,
past their second factor (the review decisions take a token of an account with two-factor
sign-in as given for a code: accounts/revocation.py).
"""

from django.contrib import admin
from knox.admin import AuthTokenAdmin  # registers knox's own, replaced here
from knox.models import AuthToken

admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class TokenAdmin(AuthTokenAdmin):
    def has_add_permission(self, request):
        return False
