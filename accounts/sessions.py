"""
Each sign-in is recorded with its session (`SignedInSession`), and the person's time zone is
put in the session then, so pages show their times without asking the database again.
"""

import zoneinfo

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.utils import timezone

from .models import Profile, SignedInSession

TIME_ZONE_KEY = "accounts:time_zone"


def remember_time_zone(request, time_zone: str) -> None:
    if time_zone:
        request.session[TIME_ZONE_KEY] = time_zone
    else:
        request.session.pop(TIME_ZONE_KEY, None)


def record_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    meta = getattr(request, "META", {})
    SignedInSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": meta.get("HTTP_USER_AGENT", "")[:300],
            "ip_address": meta.get("REMOTE_ADDR") or None,
        },
    )
    profile = Profile.objects.filter(user=user).only("time_zone").first()
    remember_time_zone(request, profile.time_zone if profile else "")


def forget_sign_in(sender, request, user, **kwargs):
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        SignedInSession.objects.filter(session_key=key).delete()


class TimeZoneMiddleware:
    """Activates the signed-in person's time zone (kept in their session) for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = None
        if request.user.is_authenticated:
            name = request.session.get(TIME_ZONE_KEY)
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


def connect() -> None:
    user_logged_in.connect(record_sign_in, dispatch_uid="accounts-record-sign-in")
    user_logged_out.connect(forget_sign_in, dispatch_uid="accounts-forget-sign-in")
