"""
Additions to the OpenAPI schema drf-spectacular writes: the error bodies of api.exceptions for
every operation, which query parameters may be sent empty, and the token scheme of the API's own
token authentication.
"""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class TokenScheme(KnoxTokenScheme):
    """core.authentication.TokenAuthentication is knox's, documented as knox's (knoxApiToken)."""

    target_class = "core.authentication.TokenAuthentication"


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer of the API.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in words."},
        "code": {"type": "string", "description": "A stable code, e.g. not_found, throttled."},
        "errors": {
            "type": "object",
            "description": "Only on 400: the messages of each invalid field or filter.",
            "additionalProperties": {},
        },
    },
    "required": ["detail", "code"],
}

ANSWERS = {
    "400": "Invalid input: a bad filter value or field (see `errors`).",
    "401": "The token is unknown or expired, or the operation needs a signed-in user.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or not one you may see.",
    "429": "Too many requests from this anonymous client; retry after `Retry-After` seconds.",
}
WRITE_ANSWERS = {
    "409": "The entry changed since you read it (code stale_revision: read it again), or "
    "its workflow state does not allow this step (code step_not_allowed).",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the JSON errors every operation can give."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            answers = dict(ANSWERS)
            if method in ("post", "put", "patch") and path.startswith("/api/v1/entries/"):
                answers.update(WRITE_ANSWERS)
            responses = operation.setdefault("responses", {})
            for code, description in answers.items():
                responses.setdefault(code, {"description": description, "content": reference})
    return result


# Query parameters whose empty value is an error (Django's paginator cannot read it) rather
# than the same as leaving the parameter out, as it is for every filter, `page_size` and
# `ordering`.
EMPTY_IS_AN_ERROR = {"page", "cursor"}


def allow_empty_parameters(result, generator, request, public):
    """
    drf-spectacular postprocessing hook: the optional query parameters that may be sent empty
    (`?status=` filters nothing), so clients, and schemathesis's negative tests, know an
    empty value is no error there.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if (
                    parameter["in"] == "query"
                    and not parameter.get("required")
                    and parameter["name"] not in EMPTY_IS_AN_ERROR
                ):
                    parameter["allowEmptyValue"] = True
    return result
