"""
The answer to a sign-in attempt while the account is locked out (django-axes): the app's own
page for people, JSON for API clients (an /api/ path never answers in HTML).
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": "Too many failed sign-in attempts: signing in to this account from "
                f"your address is paused for {minutes} minutes.",
                "code": "locked_out",
            },
            status=429,
        )
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_time": f"{minutes} minutes"},
        status=429,
    )
