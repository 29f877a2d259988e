"""Errors under /api/ are JSON with a message, a code and the right status; never an HTML page."""

import json

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import Client, RequestFactory
from django.urls import get_callable, get_resolver
from rest_framework.test import APIRequestFactory

from api import exceptions as api_exceptions
from states.models import StaleEntryError, TransitionError
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db


def json_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["detail"] and data["code"]
    return data


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/entries/?fact_date_after=yesterday", "fact_date"),
        ("/api/v1/entries/?state=ZZZ", "state"),
        ("/api/v1/entries/?status=finished", "status"),
        ("/api/v1/entries/?updated_since=soon", "updated_since"),
        ("/api/v1/commitments/?strength=binding&strength=mighty", "strength"),
        ("/api/v1/resolutions/?year=12345", "year"),
        ("/api/v1/resolutions/?topic=no-such-topic", "topic"),
        ("/api/v1/states/?region=999", "region"),
        ("/api/v1/assessments/?resolution=-4", "resolution"),
        ("/api/v1/exports/entries.csv?region=nowhere", "region"),
    ],
)
def test_it_answers_a_bad_filter_value_with_a_400_naming_the_filter(api, path, field):
    data = json_error(api.get(path), 400)

    assert data["code"] == "invalid"
    assert list(data["errors"]) == [field]


def test_it_refuses_a_nul_character_in_a_filter_before_querying(api):
    data = json_error(api.get("/api/v1/entries/", {"state": "FR\x00A"}), 400)

    assert "Null characters are not allowed" in data["errors"]["state"][0]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/no-such-thing/",
        "/api/v1/entries/not-a-number/",
        "/api/v1/states/france/",
        "/api/v2/",
        "/api/",
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_it_answers_an_unknown_api_address_with_json_404(api, settings, path, debug):
    settings.DEBUG = debug

    data = json_error(api.get(path), 404)

    assert data["code"] == "not_found"


def test_it_answers_a_missing_object_with_json_404(api):
    for path in ("/api/v1/entries/999999/", "/api/v1/resolutions/999999/document.json"):
        assert json_error(api.get(path), 404)["code"] == "not_found"


def test_it_redirects_an_address_without_its_final_slash_keeping_the_method(api):
    response = api.get("/api/v1/entries?status=implemented")

    assert response.status_code == 308
    assert response["Location"] == "/api/v1/entries/?status=implemented"


def test_it_keeps_the_sites_own_404_page_outside_the_api(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/entries/%0A/",
        "/api/v1/entries/%0A",
        "/api/v1/entries/1%0A/",
        "/api/%0A",
        "/api/v1/%0D%0A/",
        "/api/v1/entries/%09/",
        "/api/v1/entries/%00/",
        "/api/v1/entries/%FF/",
        "/api/v1/entries/%2e%2e/%2e%2e/admin/",
        "/api/v1/" + "x" * 3000 + "/",
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_it_answers_odd_api_addresses_with_json_404(api, settings, path, debug):
    settings.DEBUG = debug

    data = json_error(api.get(path), 404)

    assert data == {"detail": "No such API address.", "code": "not_found"}


@pytest.fixture
def csrf_client():
    """A signed-in browser session that sends no CSRF token, as a forged cross-site form would."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    return client


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/entries/", 403),
        ("/api/v1/no-such-thing/", 404),
        ("/api/v1/entries/%0A/", 404),
        ("/api/", 404),
    ],
)
def test_it_answers_an_unsafe_request_without_csrf_token_under_api_in_json(
    csrf_client, method, path, status
):
    response = getattr(csrf_client, method)(path, {}, content_type="application/json")

    data = json_error(response, status)
    if status == 403:
        assert data == {"detail": "CSRF Failed: CSRF cookie not set.", "code": "permission_denied"}


def test_it_sets_a_csrf_failure_view_answering_json_under_api_and_the_page_elsewhere():
    view = get_callable(django_settings.CSRF_FAILURE_VIEW)
    factory = RequestFactory()

    data = json_error(view(factory.post("/api/v1/entries/"), reason="CSRF cookie not set."), 403)
    page = view(factory.post("/accounts/security/"), reason="CSRF cookie not set.")

    assert data == {"detail": "CSRF Failed: CSRF cookie not set.", "code": "permission_denied"}
    assert page.status_code == 403
    assert page["Content-Type"].startswith("text/html")


def test_it_keeps_djangos_csrf_page_outside_the_api(csrf_client):
    response = csrf_client.post("/accounts/security/disable/", {"password": "x"})

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "CSRF verification failed" in response.content.decode()


def test_it_answers_an_unknown_host_under_api_with_json_400(api):
    data = json_error(api.get("/api/v1/entries/", HTTP_HOST="attacker.example"), 400)

    assert data == {"detail": "Bad request.", "code": "bad_request"}


@pytest.mark.parametrize(
    ("status", "exception", "code"),
    [
        (400, SuspiciousOperation("Odd."), "bad_request"),
        (403, PermissionDenied("No."), "permission_denied"),
        (404, None, "not_found"),
    ],
)
def test_it_answers_djangos_error_handlers_in_json_under_api_and_with_pages_elsewhere(
    status, exception, code
):
    handler = get_resolver().resolve_error_handler(status)
    factory = RequestFactory()

    data = json_error(handler(factory.get("/api/v1/entries/"), exception), status)
    page = handler(factory.get("/progress/"), exception)

    assert data["code"] == code
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")


def test_it_answers_a_server_error_under_api_in_json_and_elsewhere_with_the_page():
    factory = RequestFactory()

    api_response = api_exceptions.server_error(factory.get("/api/v1/entries/"))
    page = api_exceptions.server_error(factory.get("/progress/"))

    data = json_error(api_response, 500)
    assert data["code"] == "server_error"
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_it_answers_an_unhandled_error_in_an_api_view_with_json_500(client, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("api.views.ActorViewSet.list", broken)
    client.raise_request_exception = False

    data = json_error(client.get("/api/v1/actors/"), 500)

    assert data["code"] == "server_error"
    assert "database" not in data["detail"]


def handled(exc):
    request = APIRequestFactory().get("/api/v1/entries/")
    return api_exceptions.exception_handler(exc, {"request": request, "view": None})


def test_it_turns_the_models_validation_errors_into_field_errors():
    response = handled(
        DjangoValidationError(
            {"fact_date": ["Too early."], "__all__": ["Give a state or an organization."]}
        )
    )

    assert response.status_code == 400
    assert response.data == {
        "detail": "Invalid input.",
        "code": "invalid",
        "errors": {
            "fact_date": ["Too early."],
            "non_field_errors": ["Give a state or an organization."],
        },
    }


@pytest.mark.parametrize(
    ("exc", "status", "code", "detail"),
    [
        (PermissionDenied("Not your organization."), 403, "permission_denied", "Not your"),
        (StaleEntryError("Someone else changed it."), 409, "stale_revision", "Someone else"),
        (TransitionError("Cannot be approved."), 409, "step_not_allowed", "Cannot be"),
        (DjangoValidationError("A bare message."), 400, "invalid", "Invalid input."),
    ],
)
def test_it_turns_the_models_refusals_into_statuses(exc, status, code, detail):
    response = handled(exc)

    assert response.status_code == status
    assert response.data["code"] == code
    assert response.data["detail"].startswith(detail)


def test_it_lets_an_unexpected_exception_through_to_the_500_handler():
    assert handled(RuntimeError("boom")) is None


def test_it_throttles_anonymous_clients_at_the_configured_rate(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }

    statuses = [api.get("/api/v1/topics/").status_code for _ in range(3)]
    throttled = api.get("/api/v1/exports/commitments.csv")

    assert statuses == [200, 200, 200]
    data = json_error(throttled, 429)
    assert data["code"] == "throttled"
    assert 0 < int(throttled["Retry-After"]) <= 60


def test_it_counts_anonymous_clients_once_for_every_web_process(api, settings):
    from django.core.cache import cache

    from reports.models import RequestCount

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
    }
    assert [api.get("/api/v1/topics/").status_code for _ in range(2)] == [200, 200]

    # What a process keeps in its own memory is gone: another process would start afresh
    # from it. The count is in the database, which every process reads.
    cache.clear()

    assert api.get("/api/v1/topics/").status_code == 429
    counted = RequestCount.objects.get(scope="api-anonymous")
    assert counted.count == 3
    assert "127.0.0.1" not in counted.client and len(counted.client) == 64  # a keyed hash


def test_it_starts_a_new_count_in_each_window_and_forgets_the_old(api, settings, monkeypatch):
    from api.throttling import AnonymousRateThrottle
    from reports.models import RequestCount

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute"},
    }
    now = [1_000_040.0]  # 20 s into a minute (1,000,020 is one)
    monkeypatch.setattr(AnonymousRateThrottle, "timer", lambda self: now[0])

    assert api.get("/api/v1/topics/").status_code == 200
    throttled = api.get("/api/v1/topics/")
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "40"  # when this minute's window ends

    now[0] += 40  # the next minute
    assert api.get("/api/v1/topics/").status_code == 200
    assert list(RequestCount.objects.values_list("window_start", "count")) == [(1_000_080, 1)]


def test_it_does_not_throttle_signed_in_clients_at_the_anonymous_rate(api, settings):
    from tests.factories.states import UserFactory

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
    }
    api.force_authenticate(UserFactory())

    assert [api.get("/api/v1/topics/").status_code for _ in range(4)] == [200] * 4


def test_it_counts_anonymous_clients_by_address_not_by_a_forged_header(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
    }

    statuses = [
        api.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_it_counts_clients_by_the_address_a_trusted_proxy_forwards(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute"},
        "NUM_PROXIES": 1,
    }

    def get(client_address):
        return api.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=client_address).status_code

    assert [get("203.0.113.1"), get("203.0.113.2"), get("203.0.113.1")] == [200, 200, 429]
