"""
A request that loses its database answers 503 Service Unavailable with Retry-After, not 500.

PostgreSQL going away under a request (a restart, a failover, an administrator terminating
backends, a connection dropped by the network) raises django.db.OperationalError or
InterfaceError in whatever code was querying. Nothing is wrong with the request itself and
the next one will very likely succeed: Django closes the broken connection when the request
ends, and CONN_HEALTH_CHECKS makes the next request test a reused connection before trusting
it. So the client is told to try again shortly (JSON under /api/, like every API error; a
short page that needs neither templates nor the database elsewhere), and the error is still
logged with its traceback, since a missing table is an OperationalError too.

A write hit this way is either applied whole or not at all (every multi-row write runs in one
transaction), so a client that retries after reading the entry again loses nothing.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

from core.http import is_api_request

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
MESSAGE = "The database cannot be reached at the moment. Try again in a few seconds."
PAGE = (
    "<!DOCTYPE html>\n"
    '<html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>\n'
    f"<body><h1>Temporarily unavailable</h1><p>{MESSAGE}</p></body></html>\n"
)
# Set on a request whose database error escaped to Django's own 500 handling (see below).
MARK = "_database_unavailable"


def unavailable_response(request):
    if is_api_request(request):
        response = JsonResponse({"detail": MESSAGE, "code": "database_unavailable"}, status=503)
    else:
        response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """
    Turns a database outage into a 503. Errors raised by views (and while their templates
    render) arrive in process_exception. Errors raised by another middleware (a session being
    saved, say) never reach an outer middleware as exceptions: Django turns them into a 500
    response on the spot, after sending got_request_exception, so the receiver below marks the
    request and __call__ swaps that 500 for a 503. Listed early in MIDDLEWARE so it wraps the
    middleware that touch the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, MARK, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "Database unavailable during %s %s",
            request.method,
            request.path,
            exc_info=(type(exception), exception, exception.__traceback__),
        )
        return unavailable_response(request)


def _mark_database_errors(sender, request=None, **kwargs):
    """got_request_exception is sent while the exception is being handled: look at it."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, MARK, True)


got_request_exception.connect(_mark_database_errors, dispatch_uid="config.database_errors")
