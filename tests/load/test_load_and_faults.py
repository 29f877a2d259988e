"""
The short form of the load and fault tests (`python -m bench.load`, docs/performance.md "Load
and fault tests"): gunicorn on a PostgreSQL database of their own, driven by locust from
another process.
Deselect with `-m "not load"`.
"""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

from bench.load import server

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the load and fault tests run gunicorn on a PostgreSQL "
        "database (set DATABASE_URL=postgres://...)",
    ),
]


@pytest.fixture(scope="session")
def load_database():
    """A database of the tests' own beside the test database, shared by the runs below."""
    options = connection.settings_dict
    server_url = (
        f"postgres://{options['USER'] or 'postgres'}"
        f"{':' + options['PASSWORD'] if options['PASSWORD'] else ''}"
        f"@{options['HOST'] or '127.0.0.1'}:{options['PORT'] or 5432}/postgres"
    )
    url = server.create_database(server_url, f"ct_load_test_{uuid.uuid4().hex[:12]}")
    yield url
    server.drop_database(url)


def run(tmp_path, *arguments):
    """Run `python -m bench.load`; its JSON outcome and printed report."""
    outcome_file = tmp_path / "outcome.json"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    finished = subprocess.run(
        [sys.executable, "-m", "bench.load", "--json", str(outcome_file), *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = finished.stdout + finished.stderr[-3000:]
    assert outcome_file.exists(), report
    outcome = json.loads(outcome_file.read_text())
    assert finished.returncode == (0 if outcome["ok"] else 1), report
    return outcome, report


def assert_consistent(figures):
    assert figures["lost"] == 0
    assert figures["duplicated"] == 0
    assert figures["unexpected"] == 0
    assert figures["state_mismatches"] == 0
    assert figures["history_gaps"] == 0
    assert figures["assessment_mismatches"] == 0
    assert figures["count_mismatches"] == 0


def test_it_serves_mixed_users_without_errors_or_lost_writes(tmp_path, load_database):
    outcome, report = run(
        tmp_path, "--database-url", load_database, "--users", "10", "--duration", "15"
    )

    assert outcome["ok"], report
    figures = outcome["figures"]
    assert figures["server_errors"] == 0 and figures["no_answer"] == 0, report
    assert_consistent(figures)
    assert figures["created"] > 0 and figures["entries_written"] >= figures["created"], report
    kinds = {row["kind"] for row in outcome["kinds"]}
    assert {"page: dashboard", "api: create entry", "api: submit", "api: sign in"} <= kinds
    assert "p95 ms" in report and "PASSED: every check" in report


def test_it_comes_through_killed_database_backends_and_a_killed_worker(tmp_path, load_database):
    outcome, report = run(
        tmp_path,
        "--database-url",
        load_database,
        "--users",
        "10",
        "--duration",
        "15",
        "--kill-backends",
        "3",
        "--kill-worker",
    )

    assert outcome["ok"], report
    figures = outcome["figures"]
    # Requests hit by a kill were told 503 (with Retry-After), never 500.
    assert figures["server_errors"] == figures["unavailable_503"], report
    assert_consistent(figures)
    assert len(outcome["backend_kills"]) == 3 and sum(outcome["backend_kills"]) > 0
    assert outcome["recovery"]["failed"] == 0 and outcome["recovery"]["killed"] > 0
    assert outcome["after_last_kill"]["failed"] == 0
    worker = outcome["worker_kill"]
    assert worker["failures"] == [], report
    assert worker["status_after_kill"] == "running"
    assert worker["seconds_until_shown_failed"] < 30
    assert (worker["status_after_retry"], worker["attempts"]) == ("succeeded", 2)
    assert worker["imported_before_retry"] < worker["imported_after_retry"] == 8
