"""
A request that loses its database gets 503 with Retry-After (config/database_errors.py), and
the next request works again.
"""

import logging

import psycopg
import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.test import Client

from api.views import ResolutionViewSet
from commitments.views import ResolutionListView

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/resolutions/"
PAGE = "/resolutions/"
LOST = "terminating connection due to administrator command"


@pytest.fixture(autouse=True)
def no_throttling(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"},
    }
    cache.clear()


def failing(error):
    def view(*args, **kwargs):
        raise error

    return view


@pytest.mark.parametrize("error", [OperationalError(LOST), InterfaceError("connection closed")])
def test_it_answers_an_api_request_that_lost_its_database_with_a_json_503(
    client, monkeypatch, error, caplog
):
    monkeypatch.setattr(ResolutionViewSet, "list", failing(error))

    with caplog.at_level(logging.ERROR, logger="config.database_errors"):
        response = client.get(API_LIST)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "database_unavailable"
    assert "Try again" in response.json()["detail"]
    logged = [r for r in caplog.records if r.name == "config.database_errors"]
    assert [record.exc_info[1] for record in logged] == [error]  # with its traceback


def test_it_answers_a_page_that_lost_its_database_with_a_short_503_page(client, monkeypatch):
    monkeypatch.setattr(ResolutionListView, "get", failing(OperationalError(LOST)))

    response = client.get(PAGE)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "<h1>Temporarily unavailable</h1>" in page and "Try again" in page
    assert response["X-Content-Type-Options"] == "nosniff"  # still behind SecurityMiddleware


def test_it_answers_503_when_a_middleware_loses_the_database(monkeypatch):
    """Not only views: here saving the session, after the view has answered."""
    monkeypatch.setattr(
        SessionMiddleware, "process_response", failing(OperationalError("server closed"))
    )

    response = Client(raise_request_exception=False).get(API_LIST)

    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert response["Retry-After"] == "5"


def test_it_leaves_other_errors_as_500(monkeypatch):
    monkeypatch.setattr(ResolutionViewSet, "list", failing(ValueError("a bug")))

    response = Client(raise_request_exception=False).get(API_LIST)

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert not response.has_header("Retry-After")


@pytest.fixture
def fresh_connection_after():
    """A test that kills its own connection leaves a working one for the teardown."""
    yield
    connection.close()


def served(client, path):
    """
    A request as the WSGI handler runs it: Django's test client leaves out the connection
    upkeep around each request (close_old_connections on request_started and _finished),
    which is where CONN_HEALTH_CHECKS retires a connection that died.
    """
    close_old_connections()
    response = client.get(path)
    close_old_connections()
    return response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
def test_it_survives_its_postgresql_backend_being_terminated(
    client, monkeypatch, fresh_connection_after
):
    """
    The real thing: the request's own backend is terminated halfway through it, as an
    administrator's pg_terminate_backend or a failover would. That request gets 503; the
    next one reconnects and succeeds, and so does one after an idle connection was killed.
    """
    settings_dict = connection.settings_dict
    original_list = ResolutionViewSet.list

    def terminate_own_backend():
        with connection.cursor() as cursor:  # in use, so no health check is due before the next
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with psycopg.connect(
            host=settings_dict["HOST"],
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None,
            dbname=settings_dict["NAME"],
            autocommit=True,
        ) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    def list_after_losing_the_database(self, request, *args, **kwargs):
        terminate_own_backend()
        return original_list(self, request, *args, **kwargs)

    assert served(client, API_LIST).status_code == 200
    monkeypatch.setattr(ResolutionViewSet, "list", list_after_losing_the_database)
    assert served(client, API_LIST).status_code == 503
    monkeypatch.setattr(ResolutionViewSet, "list", original_list)
    assert served(client, API_LIST).status_code == 200

    terminate_own_backend()  # an idle connection, killed between two requests
    assert served(client, API_LIST).status_code == 200
    assert served(client, PAGE).status_code == 200
