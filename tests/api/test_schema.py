"""
The OpenAPI schema describes the API as it answers: schemathesis generates requests from the
schema for every read operation (and sign-in), valid ones and ones the schema forbids, sends
them to the WSGI application, and checks that none fails with a 5xx, that every answer's
status, content type and body are the ones the schema documents, and that what the schema
forbids is refused. Generated requests seldom name an object that exists, so one object of
every shape is asked for by name too. Bounded and repeatable: a few examples per operation,
derandomized.
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
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from commitments.choices import ActorKind, AddresseeKind, ParagraphKind, Strength
from config.wsgi import application
from states.choices import WorkflowState
from tests.factories.commitments import (
    ActorFactory,
    CommitmentFactory,
    ParagraphFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.files import pdf_upload
from tests.permissions import Cast

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


# Django's own schema view writes the schema; loading it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
EXAMPLES = settings(
    max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@pytest.fixture
def api_data(db, settings):
    """
    Rows for every list to show (approved and draft entries, commitments with topics), and
    the shapes the schema must allow: a commitment the body addresses to itself and one to
    several kinds of addressee, a preambular paragraph (no commitment), evidence with and
    without a file.
    """
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    cast = Cast()
    for workflow_state in (WorkflowState.APPROVED, WorkflowState.APPROVED, WorkflowState.DRAFT):
        cast.entry(workflow_state, commitment=CommitmentFactory(topics=[TopicFactory()]))
    resolution = ResolutionFactory()
    ParagraphFactory(
        resolution=resolution,
        kind=ParagraphKind.PREAMBULAR,
        opener="Recalling",
        text="Recalling its earlier resolutions on trafficking in persons,",
    )
    own = CommitmentFactory(
        paragraph__resolution=resolution,
        actor_kind=AddresseeKind.SELF,
        strength=Strength.DECLARATORY,
        verb_phrase="Decides",
    )
    mixed = CommitmentFactory(
        paragraph__resolution=resolution,
        actor_kind=AddresseeKind.MIXED,
        actors=[
            ActorFactory(name="States", kind=ActorKind.STATES),
            ActorFactory(name="UNODC", kind=ActorKind.UN_SYSTEM),
        ],
    )
    entry = cast.entry(WorkflowState.DRAFT, commitment=mixed)
    author = cast["reviewer_author"]
    entry.add_evidence(author, url="https://example.org/gazette", citation="Gazette no. 12")
    entry.add_evidence(author, file=pdf_upload())
    entry.transition("submit", author)
    entry.transition("approve", cast["reviewer"])
    rows = {"resolution": resolution, "own": own, "mixed": mixed, "entry": entry}
    # The WSGI handler would close the test's connection (inside its transaction) after each
    # request; Django's own test client prevents that the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield rows
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


def test_it_answers_for_every_shape_of_object_as_the_schema_says(api_data):
    """
    Generated requests rarely name an object that exists: these name each one, so every
    shape the fixture holds is checked against the schema's response bodies.
    """
    own, mixed = api_data["own"].pk, api_data["mixed"].pk
    requests = [
        ("/api/v1/commitments/", {}),
        ("/api/v1/commitments/{id}/", {"id": own}),
        ("/api/v1/commitments/{id}/", {"id": mixed}),
        ("/api/v1/resolutions/{id}/", {"id": api_data["resolution"].pk}),
        ("/api/v1/entries/", {}),
        ("/api/v1/entries/{id}/", {"id": api_data["entry"].pk}),
        ("/api/v1/assessments/", {}),
    ]
    bodies = []
    for path, parameters in requests:
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == 200, (path, parameters)
        bodies.append(response.json())

    _, own_body, mixed_body, resolution, _, entry, _ = bodies
    assert (own_body["actor_kind"], mixed_body["actor_kind"]) == ("self", "mixed")
    assert [p["commitment"] for p in resolution["paragraphs"]] == [None, own, mixed]
    assert sorted(e["file"] is None for e in entry["evidence"]) == [False, True]


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        *[("/api/v1/resolutions/", "page_size", value) for value in ("null", "0", "-1", "ten")],
        *[("/api/v1/entries/", "page_size", value) for value in ("null", "0", "-1", "ten")],
        *[("/api/v1/topics/", "top_level", value) for value in ("null", "-1", "yes please")],
        ("/api/v1/commitments/", "trackable", "null"),
        ("/api/v1/commitments/", "retired", "null"),
    ],
)
@pytest.mark.django_db
def test_it_refuses_a_page_size_or_a_flag_it_cannot_read(api, path, parameter, value):
    response = api.get(path, {parameter: value})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == [parameter]


@pytest.mark.django_db
def test_it_serves_the_docs_page_from_local_static_files_only(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html.replace("http://testserver", "")
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
    # The page's own fixes (language, contrast, summaries without a nested link) are files too,
    # so the site's Content-Security-Policy holds unchanged: no inline script or style.
    assert '<html lang="en">' in html
    assert "<title>API documentation · Commitment Tracker</title>" in html
    assert '<link rel="stylesheet" href="/static/css/api-docs.css">' in html
    assert '<script src="/static/js/api-docs.js"></script>' in html
    assert "<style" not in html and "<script>" not in html
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


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
