"""
Signing in (with its second step for accounts with two-factor sign-in) and the *Account
security* page: set up an authenticator app, see and renew recovery codes, turn it off.
"""

from functools import partial

import django_otp
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticDevice

from . import signin, twofactor
from .forms import CodeForm, DisableForm, EnrolForm

# New recovery codes wait here between the POST that made them and the page that shows them.
NEW_CODES_KEY = "accounts:new_recovery_codes"


class LoginView(auth_views.LoginView):
    """
    Django's login page; for an account with two-factor sign-in a right password leads to the
    code step instead of signing in. A wrong password reads the same for every account.
    """

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.is_enrolled(user):
            return super().form_valid(form)
        redirect_to = self.get_success_url()
        if self.request.user.is_authenticated:
            auth.logout(self.request)  # whoever was signed in here is no longer
        signin.begin(self.request, user, redirect_to)
        return redirect("accounts:login_code")


@method_decorator([sensitive_post_parameters("otp_token"), csrf_protect, never_cache], "dispatch")
class LoginCodeView(View):
    """
    The second step: a code from the authenticator app or a recovery code. It serves the
    user half-way through signing in, and also a signed-in user whose session is not verified
    yet (it began before two-factor was set up) and who opens a page that needs it.
    """

    template_name = "registration/login_code.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if user.is_verified() or not twofactor.is_enrolled(user):
                return redirect(self.next_url())
            self.subject, self.signed_in = user, True
        else:
            self.subject, self.signed_in = signin.pending(request), False
            if self.subject is None:
                messages.info(request, _("Sign in again: the code step waits five minutes only."))
                return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(CodeForm(check=None))

    def post(self, request):
        if signin.is_locked_out(request, self.subject):
            signin.abandon(request)
            return signin.lockout_response(request, self.subject)
        form = CodeForm(request.POST, check=partial(signin.check_code, request, self.subject))
        if not form.is_valid():
            if getattr(request, "axes_locked_out", False):
                signin.abandon(request)  # axes' middleware answers with the lockout page
            return self.render(form)
        next_url = self.next_url()
        if self.signed_in:
            django_otp.login(request, form.verification.device)
        else:
            signin.finish(request, self.subject, form.verification.device)
        if isinstance(form.verification.device, StaticDevice):
            left = twofactor.recovery_codes_left(self.subject)
            messages.warning(
                request,
                f"You signed in with a recovery code; {left} are left. Make new ones on the "
                "Account security page if you are running out.",
            )
        return redirect(next_url)

    def next_url(self):
        candidate = (
            self.request.POST.get("next")
            or self.request.GET.get("next")
            or signin.pending_redirect(self.request)
        )
        if candidate and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return candidate
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "signed_in": self.signed_in,
                "next": self.request.POST.get("next") or self.request.GET.get("next", ""),
            },
        )


class SecurityView(LoginRequiredMixin, TemplateView):
    """Account security: whether two-factor sign-in is on, and what can be done about it."""

    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        device = twofactor.authenticator(user)
        context = {
            "authenticator": device,
            "recovery_codes_left": twofactor.recovery_codes_left(user) if device else 0,
            "required": twofactor.is_required(user),
            "verified": user.is_verified(),
            "disable_form": kwargs.pop("disable_form", None) or DisableForm(check=None, user=user),
        }
        return super().get_context_data(**context, **kwargs)


class EnrolStartView(LoginRequiredMixin, View):
    """Make a new authenticator secret (POST only: a page view never changes anything)."""

    http_method_names = ["post"]

    def post(self, request):
        if twofactor.authenticator(request.user):
            messages.error(request, _("Two-factor sign-in is on already: turn it off first."))
            return redirect("accounts:security")
        twofactor.start_enrolment(request.user)
        return redirect("accounts:enrol")


@method_decorator(sensitive_post_parameters("otp_token"), "dispatch")
class EnrolView(LoginRequiredMixin, View):
    """The QR code and the secret of the new authenticator, and its first code to confirm."""

    template_name = "accounts/enrol.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.device = twofactor.authenticator(request.user, confirmed=False)
            if self.device is None:
                return redirect("accounts:security")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(EnrolForm(check=None))

    def post(self, request):
        outcome = {}

        def check(code):
            outcome["verification"], outcome["codes"] = twofactor.confirm_enrolment(
                self.device, code
            )
            return outcome["verification"]

        form = EnrolForm(request.POST, check=check)
        if not form.is_valid():
            return self.render(form)
        django_otp.login(request, form.verification.device)  # this session is verified now
        request.session[NEW_CODES_KEY] = outcome["codes"]
        messages.success(request, _("Two-factor sign-in is on: you will be asked for a code."))
        return redirect("accounts:recovery_codes")

    def render(self, form):
        response = render(
            self.request,
            self.template_name,
            {
                "form": form,
                "qr_code": twofactor.qr_code_svg(self.device),
                "secret": twofactor.secret_text(self.device),
            },
        )
        add_never_cache_headers(response)
        return response


class RecoveryCodesView(LoginRequiredMixin, View):
    """
    New recovery codes, shown once (GET, straight after they were made) and never stored in
    the page's cache; POST replaces every code with a new set, from a verified session.
    """

    def get(self, request):
        codes = request.session.pop(NEW_CODES_KEY, None)
        if not codes:
            messages.info(
                request,
                "Recovery codes are shown only once, when they are made. If you lost "
                "yours, make new ones.",
            )
            return redirect("accounts:security")
        response = render(request, "accounts/recovery_codes.html", {"codes": codes})
        add_never_cache_headers(response)
        return response

    def post(self, request):
        user = request.user
        if not twofactor.authenticator(user):
            return redirect("accounts:security")
        if not user.is_verified():
            return redirect_to_login(
                resolve_url("accounts:security"), resolve_url("accounts:login_code")
            )
        request.session[NEW_CODES_KEY] = twofactor.new_recovery_codes(user)
        messages.success(request, _("New recovery codes: the earlier ones no longer work."))
        return redirect("accounts:recovery_codes")


@method_decorator(sensitive_post_parameters("password", "otp_token"), "dispatch")
class DisableView(LoginRequiredMixin, View):
    """Turn two-factor sign-in off, with the password and a current or recovery code."""

    http_method_names = ["post"]

    def post(self, request):
        user = request.user
        if not twofactor.is_enrolled(user):
            return redirect("accounts:security")
        form = DisableForm(request.POST, check=partial(twofactor.verify, user), user=user)
        if not form.is_valid():
            view = SecurityView()
            view.setup(request)
            return view.render_to_response(view.get_context_data(disable_form=form))
        twofactor.disable(user)
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        message = "Two-factor sign-in is off: your password alone signs you in."
        if twofactor.is_required(user):
            message += " Your role needs it for the review pages and the admin: set it up again."
        messages.success(request, message)
        return redirect("accounts:security")
