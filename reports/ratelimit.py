"""
Per-client request rates, counted in the database once for every web process and replica
(`models.RequestCount`): the API's anonymous rate (`api/throttling.py`) and the PDF reports'
(`REPORTS_PDF_RATE`: every request for a report's PDF, and every request to prepare one in
the background).

A rate such as "10/minute" allows that many requests in fixed windows of its period (at most
10 from 12:00:00 to 12:00:59); a client over it is told when the window ends (Retry-After).
A client is a keyed hash (HMAC-SHA-256 under SECRET_KEY) of its address, or of its account
when signed in, so that the table never holds an address and one account is one client from
wherever it connects.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render

from .models import RequestCount

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
PDF_SCOPE = "reports-pdf"


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, text: str | None) -> "Rate | None":
        """ "10/minute" (or second, hour, day: the REST framework's notation); None: no limit."""
        if not text:
            return None
        requests, period = text.split("/")
        return cls(int(requests), PERIODS[period.strip()[0]])


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def count(scope: str, client: str, rate: Rate, now: float | None = None) -> Verdict:
    """Count one request of `client` to `scope` against `rate` (two statements)."""
    now = int(time.time() if now is None else now)
    window_start = now - now % rate.seconds
    window_end = window_start + rate.seconds
    made = RequestCount.objects.count_request(scope, client, window_start, window_end, now)
    return Verdict(allowed=made <= rate.requests, retry_after=window_end - now)


def keyed_hash(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def client_address(request) -> str:
    """
    The client's address: the connecting one, or with NUM_PROXIES trusted proxies in front
    (API_NUM_PROXIES) the one the outermost of them put in X-Forwarded-For. The same rule
    as the REST framework's throttles, for views that are not the API's.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not settings.NUM_PROXIES or not forwarded:
        return request.META.get("REMOTE_ADDR", "")
    addresses = forwarded.split(",")
    return addresses[-min(settings.NUM_PROXIES, len(addresses))].strip()


def client_of(request) -> str:
    """The client a request counts for: its account when signed in, else its address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return keyed_hash(f"user:{user.pk}")
    return keyed_hash(client_address(request))


def limit_pdf_requests(request):
    """
    Count a request for a PDF report; over REPORTS_PDF_RATE, the page that says so (429 with
    Retry-After), else None. Making a PDF costs seconds to minutes of a process, so a client
    cannot have many made at once, however they are spread over the site's processes.
    """
    rate = Rate.parse(settings.REPORTS_PDF_RATE)
    if rate is None:
        return None
    verdict = count(PDF_SCOPE, client_of(request), rate)
    if verdict.allowed:
        return None
    response = render(
        request,
        "reports/rate_limited.html",
        {"retry_after": verdict.retry_after, "rate": rate},
        status=429,
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response
