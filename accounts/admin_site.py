"""
The admin site (installed as Django's default one by accounts.apps.AdminConfig): every admin
page asks for two-factor sign-in as accounts.mixins.admin_refusal says, and the admin's own
login page, which would sign in with the password alone, sends to the site's two-step sign-in.
"""

from functools import wraps

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .mixins import admin_refusal, login_url


class TwoFactorAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        """Every admin page but logout (leaving must always work) refuses first, if it must."""
        guarded = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.path != reverse("admin:logout", current_app=self.name):
                refusal = admin_refusal(request)
                if refusal is not None:
                    return refusal
            return guarded(request, *args, **kwargs)

        inner.second_factor_required = True  # for tests/accounts/test_every_endpoint.py
        return inner

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect(login_url(next_url))
