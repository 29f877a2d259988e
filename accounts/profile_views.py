"""
A person's own pages: *Profile* (name, time zone, a new e-mail address confirmed by a link)
and *Sessions and API tokens* (where they are signed in, their API tokens, and ending any).
Everything here is about the signed-in user only; another's session or token is a 404.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from knox.models import get_token_model

from . import languages, profile
from .models import Profile, SignedInSession
from .profile_forms import EmailChangeForm, ProfileForm
from .sessions import remember_time_zone


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        time_zone = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
        language = languages.saved_language(user)
        kwargs.setdefault(
            "form", ProfileForm(instance=user, time_zone=time_zone or "", language=language)
        )
        kwargs.setdefault("email_form", EmailChangeForm(user=user))
        return super().get_context_data(**kwargs)

    def post(self, request):
        if "email" in request.POST:
            return self.change_email(request)
        form = ProfileForm(request.POST, instance=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        time_zone = form.cleaned_data["time_zone"]
        Profile.objects.update_or_create(user=request.user, defaults={"time_zone": time_zone})
        remember_time_zone(request, time_zone)
        languages.choose(request, form.cleaned_data["language"])
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")

    def change_email(self, request):
        form = EmailChangeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(email_form=form), status=400)
        profile.request_email_change(request.user, form.cleaned_data["email"])
        messages.success(
            request,
            _(
                "We sent a link to %(email)s. Your address changes once you follow it; until "
                "then it stays %(current)s."
            )
            % {"email": form.cleaned_data["email"], "current": request.user.email or "—"},
        )
        return redirect("accounts:profile")


class EmailConfirmView(View):
    """A new address's link: a page with one button (mail scanners open links), then the change."""

    template_name = "accounts/email_confirm.html"

    def get(self, request, token):
        try:
            user, new_email = profile.read_email_change(token)
        except profile.EmailChangeError as broken:
            return render(request, self.template_name, {"broken": str(broken)}, status=410)
        return render(request, self.template_name, {"new_email": new_email, "account": user})

    def post(self, request, token):
        try:
            user = profile.confirm_email_change(token)
        except profile.EmailChangeError as broken:
            return render(request, self.template_name, {"broken": str(broken)}, status=410)
        messages.success(
            request, _("Your e-mail address is now %(email)s.") % {"email": user.email}
        )
        return redirect("accounts:profile" if request.user == user else "login")


class SessionListView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/sessions.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            sessions=list(SignedInSession.objects.live().filter(user=user)),
            current_key=self.request.session.session_key,
            tokens=list(get_token_model().objects.filter(user=user).order_by("-created")),
            **kwargs,
        )


class SessionEndView(LoginRequiredMixin, View):
    """End one of the user's sessions (POST); ending this one signs out here."""

    http_method_names = ["post"]

    def post(self, request, pk):
        session = get_object_or_404(SignedInSession, pk=pk, user=request.user)
        if session.session_key == request.session.session_key:
            logout(request)
            return redirect("login")
        session.end()
        messages.success(request, _("That session is ended: it is signed out."))
        return redirect("accounts:sessions")


class OtherSessionsEndView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        others = SignedInSession.objects.filter(user=request.user).exclude(
            session_key=request.session.session_key
        )
        count = 0
        for session in others:
            session.end()
            count += 1
        messages.success(
            request, _("Every other session is signed out (%(count)d).") % {"count": count}
        )
        return redirect("accounts:sessions")


class TokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of the user's API tokens (POST): a client using it must sign in again."""

    http_method_names = ["post"]

    def post(self, request, key):
        token = get_object_or_404(get_token_model(), token_key=key, user=request.user)
        token.delete()
        messages.success(request, _("The API token is revoked."))
        return redirect("accounts:sessions")
