"""The production stack's files name commands and settings that exist."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_runs_web_and_a_worker_against_one_postgresql(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "web", "worker"}
    database_urls = {services[name]["environment"]["DATABASE_URL"] for name in ("web", "worker")}
    assert len(database_urls) == 1 and "@postgres:5432/" in database_urls.pop()
    assert services["worker"]["command"][:3] == ["python", "manage.py", "db_worker"]
    # Web and worker share the uploaded files and the generated reports.
    assert services["web"]["volumes"] == services["worker"]["volumes"] == ["media:/data/media"]


def test_it_starts_only_management_commands_that_exist(compose):
    dockerfile = (ROOT / "Dockerfile").read_text()
    named = set(re.findall(r"manage\.py (\w+)", dockerfile))
    named.add(compose["services"]["worker"]["command"][2])
    named |= set(re.findall(r"manage\.py (\w+)", (ROOT / "Makefile").read_text()))

    assert named - set(get_commands()) == set()
