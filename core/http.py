"""Telling a request to the API from one for a page: every app answers the two differently."""

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)
