"""
The OpenAPI schema describes the API as it answers: schemathesis generates requests from the
schema for every read operation (and sign-in), sends them to the WSGI application, and checks
that none fails with a 5xx and that every answer's status, content type and body are the ones
the schema documents. Bounded: a few examples per operation, well under a minute in all.
"""

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from commitments.factories import CommitmentFactory, TopicFactory
from config.wsgi import application
from states.choices import WorkflowState
from tests.permissions import Cast

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Django's own schema view writes the schema; loading it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
EXAMPLES = settings(
    max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@pytest.fixture
def api_data(db, settings):
    """Rows for every list to show (approved and draft entries, commitments with topics)."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    cast = Cast()
    for workflow_state in (WorkflowState.APPROVED, WorkflowState.APPROVED, WorkflowState.DRAFT):
        cast.entry(workflow_state, commitment=CommitmentFactory(topics=[TopicFactory()]))
    # The WSGI handler would close the test's connection (inside its transaction) after each
    # request; Django's own test client prevents that the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.include(method="GET").parametrize()
@EXAMPLES
def test_it_answers_every_read_operation_as_the_schema_says(case, api_data):
    case.call_and_validate(checks=CHECKS)


@schema.include(path="/api/v1/auth/login/", method="POST").parametrize()
@EXAMPLES
def test_it_answers_sign_in_attempts_as_the_schema_says(case, api_data):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
def test_it_serves_the_docs_page_from_local_static_files_only(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html.replace("http://testserver", "")
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name


@pytest.mark.django_db
def test_it_documents_every_endpoint_and_the_token_sign_in(client):
    response = client.get("/api/schema/", {"format": "json"})

    document = response.json()
    paths = document["paths"]
    for path in (
        "/api/v1/resolutions/",
        "/api/v1/resolutions/{id}/document.json",
        "/api/v1/commitments/",
        "/api/v1/entries/{id}/transition/",
        "/api/v1/assessments/",
        "/api/v1/exports/entries.csv",
        "/api/v1/exports/commitments.jsonl",
        "/api/v1/auth/login/",
    ):
        assert path in paths, path
    assert "knoxApiToken" in document["components"]["securitySchemes"]
    entry_filters = {p["name"] for p in paths["/api/v1/entries/"]["get"]["parameters"]}
    assert {"state", "region", "status", "fact_date_after", "updated_since", "cursor"} <= (
        entry_filters
    )
    assert "409" in paths["/api/v1/entries/{id}/"]["patch"]["responses"]
    csv_response = paths["/api/v1/exports/entries.csv"]["get"]["responses"]["200"]
    assert list(csv_response["content"]) == ["text/csv"]
