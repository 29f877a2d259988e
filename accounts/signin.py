"""
The two steps of signing in for an account with two-factor sign-in.

After a correct password the session only remembers who is half-way in (for a few minutes,
under a new session key); nobody is signed in yet. `finish` signs the user in once a code was
accepted, and marks the session OTP-verified with the device that took it. A wrong code counts
as a failed sign-in for django-axes, so password guesses and code guesses add up to one
lockout (config/lockout.py answers), besides django-otp's own throttle on the device.
"""

import time

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.utils.crypto import constant_time_compare

from . import twofactor

PENDING_KEY = "accounts:pending_sign_in"
# How long the second step waits for its code before the password must be given again.
PENDING_SECONDS = 5 * 60


def begin(request, user, redirect_to: str) -> None:
    """Remember that `user` gave the right password; a code must follow within minutes."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "next": redirect_to,
        "started": time.time(),
    }


def pending(request):
    """The user half-way through signing in on this session, or None (expired, changed)."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    if not isinstance(data.get("started"), int | float) or (
        time.time() - data["started"] > PENDING_SECONDS
    ):
        abandon(request)
        return None
    user = auth.get_user_model()._default_manager.filter(pk=data.get("user")).first()
    if (
        user is None
        or not user.is_active
        or not constant_time_compare(str(data.get("hash")), user.get_session_auth_hash())
    ):
        abandon(request)
        return None
    user.backend = data.get("backend")
    return user


def pending_redirect(request) -> str:
    data = request.session.get(PENDING_KEY) or {}
    return data.get("next") or ""


def abandon(request) -> None:
    request.session.pop(PENDING_KEY, None)


def finish(request, user, device) -> None:
    """Sign in for real: django-otp's user_logged_in handler stores the verifying device."""
    abandon(request)
    user.otp_device = device
    auth.login(request, user, backend=user.backend)


def credentials(user) -> dict:
    return {"username": user.get_username()}


def is_locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, credentials(user))


def lockout_response(request, user):
    return get_lockout_response(request, credentials=credentials(user))


def check_code(request, user, code) -> twofactor.Verification:
    """
    Verify a code typed for `user`; a wrong code is a failed sign-in for django-axes (which
    marks the request locked out once the limit is reached: its middleware then answers
    instead). A code not even tried, as the device was throttled, is not counted.
    """
    verification = twofactor.verify(user, code)
    if not verification.accepted and not verification.throttled:
        user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)
    return verification
