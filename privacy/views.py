"""
"Your data": a signed-in user downloads everything held about them, or erases their account.

Each page acts on the signed-in user only (no user id in any address), so nobody can reach
another person's data here; administrators use the admin actions on users instead.
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from .forms import ErasureForm
from .models import ErasureRecord
from .personal_data import ErasureRefused, erase_user, export_personal_data, summary


def json_attachment(data, filename: str) -> HttpResponse:
    """A JSON download that no browser renders inline and no cache keeps."""
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def export_filename(user) -> str:
    return f"personal-data-{user.pk}-{timezone.localdate():%Y-%m-%d}.json"


class PersonalDataView(LoginRequiredMixin, TemplateView):
    template_name = "privacy/personal_data.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ErasureForm(user=self.request.user, request=self.request))
        return super().get_context_data(held=summary(self.request.user), **kwargs)


class ExportView(LoginRequiredMixin, View):
    def get(self, request):
        user = request.user
        return json_attachment(export_personal_data(user), export_filename(user))


class EraseView(LoginRequiredMixin, View):
    """Erase the signed-in account (POST with the password), then sign out."""

    http_method_names = ["post"]

    def post(self, request):
        form = ErasureForm(request.POST, user=request.user, request=request)
        if form.is_valid():
            try:
                erase_user(request.user, by=request.user, channel=ErasureRecord.Channel.PAGE)
            except (ErasureRefused, PermissionDenied) as refusal:
                form.add_error(None, str(refusal))
            else:
                logout(request)
                messages.success(
                    request,
                    "Your account was erased and you are signed out. What you reported stays "
                    "with your organization's record, no longer under your name.",
                )
                return redirect("home")
        return render(
            request, PersonalDataView.template_name, {"form": form, "held": summary(request.user)}
        )
