"""The production stack's files name commands and settings that exist."""

import ast
import importlib.metadata
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


def read(name):
    return (ROOT / name).read_text()


@pytest.mark.parametrize(
    "requirements, lock",
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_it_locks_every_requirement_at_its_pinned_version_with_hashes(requirements, lock):
    wanted = pins(read(requirements))
    locked = pins(read(lock))

    assert {name: locked.get(name) for name in wanted} == wanted, "run `make lock`"
    entries = re.split(r"\n(?=\S)", read(lock).strip())
    assert all("--hash=sha256:" in entry for entry in entries if "==" in entry)


def test_it_develops_on_the_versions_production_installs():
    """The development lock is the runtime lock plus the tools: every package in both at one
    version, so the tests exercise what the image runs."""
    runtime, development = pins(read("requirements.lock")), pins(read("requirements-dev.lock"))

    assert {name: development.get(name) for name in runtime} == runtime, "run `make lock`"
    assert read("requirements-dev.txt").splitlines().count("-r requirements.txt") == 1


DEVELOPMENT_ONLY = ["pytest", "pytest-django", "factory-boy", "faker", "hypothesis", "playwright"]


def test_it_keeps_test_tools_out_of_the_runtime_lock():
    runtime, development = pins(read("requirements.lock")), pins(read("requirements-dev.lock"))

    assert [name for name in DEVELOPMENT_ONLY if name in runtime] == []
    assert [name for name in DEVELOPMENT_ONLY if name not in development] == []


def test_it_installs_the_runtime_lock_alone_in_the_image_and_the_development_lock_in_make():
    dockerfile, makefile = read("Dockerfile"), read("Makefile")

    assert re.findall(r"--require-hashes -r (\S+)", dockerfile) == [
        "requirements-pip.lock",
        "requirements.lock",
    ]
    assert "requirements-dev" not in dockerfile
    assert re.findall(r"--require-hashes -r (\S+)", makefile) == [
        "requirements-pip.lock",
        "requirements-dev.lock",
    ]


def test_it_leaves_the_tests_and_the_benchmarks_out_of_the_image():
    ignored = {
        line.strip().rstrip("/")
        for line in read(".dockerignore").splitlines()
        if line.strip() and not line.startswith("#")
    }

    assert {"tests", "bench", "requirements-dev.txt", "requirements-dev.lock"} <= ignored


def test_it_imports_no_development_package_from_the_product():
    """The image has no tests/ or bench/ and none of the development lock's own packages: the
    code it holds (every module outside those two) must import none of them."""
    dev_only = set(pins(read("requirements-dev.lock"))) - set(pins(read("requirements.lock")))
    distributions = {
        module: {re.sub(r"[-_.]+", "-", name).lower() for name in names}
        for module, names in importlib.metadata.packages_distributions().items()
    }
    offending = []
    for path in product_modules():
        for module in imported_modules(path.read_text()):
            if distributions.get(module, set()) & dev_only:
                offending.append(f"{path.relative_to(ROOT)}: {module}")

    assert offending == []


def product_modules():
    """manage.py and every module of the project's packages but tests/ and bench/."""
    yield from sorted(ROOT.glob("*.py"))
    for package in sorted(ROOT.glob("*/__init__.py")):
        if package.parent.name not in {"tests", "bench"}:
            yield from sorted(package.parent.rglob("*.py"))


def imported_modules(source):
    """The top-level names of every module `source` imports, wherever the import stands."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def test_it_installs_a_pinned_pip_before_the_lock():
    """An old pip looks a locked package's extra (fonttools[woff]) up on the index and refuses
    the newer release it finds there, so every install path upgrades pip, by hash, first."""
    pip_lock = read("requirements-pip.lock")
    assert list(pins(pip_lock)) == ["pip"]
    assert pip_lock.count("--hash=sha256:") >= 1
    for recipe, lock in (
        ("Makefile", "requirements-dev.lock"),
        ("Dockerfile", "requirements.lock"),
    ):
        text = read(recipe)
        first = text.index("--require-hashes -r requirements-pip.lock")
        assert first < text.index(f"--require-hashes -r {lock}"), recipe
