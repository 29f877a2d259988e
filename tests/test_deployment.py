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
    assert "media:/data/media" in services["web"]["volumes"]
    assert services["worker"]["volumes"] == ["media:/data/media"]
    # Backups made in the web container outlive it.
    assert "backups:/data/backups" in services["web"]["volumes"]
    assert services["web"]["environment"]["BACKUP_DIR"] == "/data/backups"


def test_it_starts_only_management_commands_that_exist(compose):
    dockerfile = (ROOT / "Dockerfile").read_text()
    named = set(re.findall(r"manage\.py (\w+)", dockerfile))
    named.add(compose["services"]["worker"]["command"][2])
    named |= set(re.findall(r"manage\.py (\w+)", (ROOT / "Makefile").read_text()))

    assert named - set(get_commands()) == set()


def pins(text):
    """{normalized name: version} of every `name==version` line (extras and markers dropped)."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;\\]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[3]
    return found


def test_it_locks_every_requirement_at_its_pinned_version_with_hashes():
    wanted = pins((ROOT / "requirements.txt").read_text())
    lock = (ROOT / "requirements.lock").read_text()
    locked = pins(lock)

    assert {name: locked.get(name) for name in wanted} == wanted, "run `make lock`"
    entries = re.split(r"\n(?=\S)", lock.strip())
    assert all("--hash=sha256:" in entry for entry in entries if "==" in entry)
    assert "--require-hashes -r requirements.lock" in (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements.lock" in (ROOT / "Dockerfile").read_text()


def test_it_installs_a_pinned_pip_before_the_lock():
    """An old pip looks a locked package's extra (fonttools[woff]) up on the index and refuses
    the newer release it finds there, so every install path upgrades pip, by hash, first."""
    pip_lock = (ROOT / "requirements-pip.lock").read_text()
    assert list(pins(pip_lock)) == ["pip"]
    assert pip_lock.count("--hash=sha256:") >= 1
    for recipe in ("Makefile", "Dockerfile"):
        text = (ROOT / recipe).read_text()
        first = text.index("--require-hashes -r requirements-pip.lock")
        assert first < text.index("--require-hashes -r requirements.lock"), recipe
