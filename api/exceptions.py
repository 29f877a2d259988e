"""
Errors on /api/ paths are JSON, never an HTML page, with the right status:

    {"detail": "A readable message.", "code": "not_found"}
    {"detail": "Invalid input.", "code": "invalid", "errors": {"fact_date": ["..."]}}

The model layer's refusals are translated here, so views call the model and let it speak:
PermissionDenied is 403, ValidationError 400 with the fields it names, a stale revision
(StaleEntryError) and a workflow step the entry's state does not allow (TransitionError) 409.
Django's own error pages are JSON under /api/ too: 400 (a request Django finds suspicious,
e.g. an unknown Host), 403 (a refusal outside the REST framework, a failed CSRF check), 404
(an unknown URL) and 500 (an unhandled error).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import csrf, defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from core.http import is_api_request
from states.models import StaleEntryError, TransitionError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The entry changed since you read it.")
    default_code = "conflict"


def exception_handler(exc, context):
    exc = translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: handler500 answers, in JSON
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": gettext("Invalid input."),
            "code": "invalid",
            "errors": field_errors(exc.detail),
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {
            "detail": str(detail),
            "code": getattr(detail, "code", None) or exc.default_code,
        }
    return response


def translate(exc):
    """The model layer's exceptions as the REST framework's, with the model's message."""
    if isinstance(exc, StaleEntryError):
        return Conflict(str(exc), code="stale_revision")
    if isinstance(exc, TransitionError):
        return Conflict(str(exc), code="step_not_allowed")
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {
                    "non_field_errors" if name == "__all__" else name: messages
                    for name, messages in exc.message_dict.items()
                }
            )
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    return exc


def field_errors(detail):
    """Validation errors as {field: [messages]}; a bare list of messages as non_field_errors."""
    if isinstance(detail, dict):
        return {
            name: field_errors(value) if isinstance(value, dict) else _messages(value)
            for name, value in detail.items()
        }
    return {"non_field_errors": _messages(detail)}


def _messages(value):
    if isinstance(value, list):
        flat = []
        for item in value:
            flat.extend(_messages(item) if isinstance(item, list | dict) else [str(item)])
        return flat
    if isinstance(value, dict):
        return [f"{name}: {message}" for name, v in value.items() for message in _messages(v)]
    return [str(value)]


def page_not_found(request, exception):
    """handler404: JSON under /api/, the site's own page elsewhere."""
    if is_api_request(request):
        return not_found_response()
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """handler400: JSON under /api/, the site's own page elsewhere."""
    if is_api_request(request):
        return JsonResponse({"detail": gettext("Bad request."), "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    """handler403: JSON under /api/, the site's own page elsewhere."""
    if is_api_request(request):
        return JsonResponse(
            {
                "detail": str(exceptions.PermissionDenied.default_detail),
                "code": exceptions.PermissionDenied.default_code,
            },
            status=403,
        )
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """
    CSRF_FAILURE_VIEW: under /api/ the answer the REST framework gives a session request
    without its CSRF token (a JSON 403 naming the reason), Django's page elsewhere.
    """
    if is_api_request(request):
        return JsonResponse(
            {
                "detail": f"CSRF Failed: {reason}",
                "code": exceptions.PermissionDenied.default_code,
            },
            status=403,
        )
    return csrf.csrf_failure(request, reason=reason)


def server_error(request):
    """handler500: JSON under /api/, the site's own page elsewhere."""
    if is_api_request(request):
        return JsonResponse(
            {
                "detail": gettext("The server failed to answer this request."),
                "code": "server_error",
            },
            status=500,
        )
    return defaults.server_error(request)


def not_found_response():
    return JsonResponse(
        {"detail": gettext("No such API address."), "code": "not_found"}, status=404
    )


@csrf_exempt  # nothing is there to protect: every method gets the same 404
def unknown_api_url(request, path=""):
    """
    The last route under /api/: any other address is a JSON 404, even with DEBUG on. As
    APPEND_SLASH would, an address that exists with a final slash is redirected there
    (308, which keeps the method and body).
    """
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_api_url:
            target = request.path + "/"
            if request.META.get("QUERY_STRING"):
                target += "?" + request.META["QUERY_STRING"]
            response = HttpResponsePermanentRedirect(target)
            response.status_code = 308
            return response
    return not_found_response()
