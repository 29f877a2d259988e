import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories.states import UserFactory


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def approve(reviewer):
    """Take an entry through submission and approval, as the workflow requires."""

    def approve(entry):
        entry.transition("submit", entry.created_by)
        entry.transition("approve", reviewer)
        return entry

    return approve


@pytest.fixture
def prepare(monkeypatch, django_capture_on_commit_callbacks):
    """
    Ask for a report's PDF as `client` and have the background worker make it, as in
    tests/jobs/ (the worker would close the test's own connection between tasks).
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def prepare(client, report="state", key="kenya"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("jobs:report"), {"report": report, "key": key})
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
        return f"/jobs/report/?report={report}&key={key}"

    return prepare
