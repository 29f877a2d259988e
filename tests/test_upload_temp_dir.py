"""Uploads wait in a folder of the app's own, swept of what killed processes left."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.uploads import sweep_upload_temp_dir
from tests.factories.states import UserFactory

HOUR = 60 * 60


def leave(path: Path, age_seconds: float) -> Path:
    """A file as a process left it `age_seconds` ago."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"an upload cut short")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_it_sweeps_upload_files_older_than_an_hour_and_nothing_else(tmp_path, settings):
    folder = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    left = leave(folder / "tmpk3v9x1qa.upload.docx", 2 * HOUR)
    arriving = leave(folder / "tmpm2c8a0zz.upload.pdf", 60)
    other = leave(folder / "notes.txt", 2 * HOUR)
    outside = leave(tmp_path / "elsewhere.txt", 2 * HOUR)
    (folder / "tmpq4w7e5rt.upload").symlink_to(outside)

    assert sweep_upload_temp_dir() == 1

    assert sorted(path.name for path in folder.iterdir()) == [
        "notes.txt",
        "tmpm2c8a0zz.upload.pdf",
        "tmpq4w7e5rt.upload",
    ]
    assert not left.exists() and arriving.exists() and other.exists() and outside.exists()


def test_it_makes_the_folder_when_it_is_missing(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "var" / "tmp" / "uploads")

    assert sweep_upload_temp_dir() == 0

    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700


def run_with_var_dir(var: Path, *command: str):
    """A command of a process started with VAR_DIR=`var` and nothing else of the tests'."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "FILE_UPLOAD_TEMP_DIR", "DJANGO_SETTINGS_MODULE"}
    }
    environment["VAR_DIR"] = str(var)
    return subprocess.run(
        [sys.executable, *command],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_sweeps_as_the_web_process_starts(tmp_path):
    """gunicorn (Dockerfile) and `runserver` (make run) both load config/wsgi.py."""
    var = tmp_path / "var"
    left = leave(var / "tmp" / "uploads" / "tmpk3v9x1qa.upload.txt", 2 * HOUR)
    arriving = leave(var / "tmp" / "uploads" / "tmpm2c8a0zz.upload.txt", 60)

    assert run_with_var_dir(var, "-c", "import config.wsgi").returncode == 0

    assert not left.exists() and arriving.exists()
    assert settings.WSGI_APPLICATION == "config.wsgi.application"
    assert "gunicorn config.wsgi " in (Path(settings.BASE_DIR) / "Dockerfile").read_text()


def test_it_passes_the_checks_on_a_fresh_var_dir(tmp_path):
    """Django's checks (run by migrate and runserver) want the folder before any request."""
    result = run_with_var_dir(tmp_path / "fresh", "manage.py", "check", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "fresh" / "tmp" / "uploads").is_dir()


@pytest.mark.django_db
def test_it_spools_a_large_upload_to_the_app_folder_making_it_when_missing(
    client, tmp_path, settings
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "removed" / "uploads")
    client.force_login(UserFactory(role="Administrators"))
    large = SimpleUploadedFile("resolution.txt", b"Urges States to act;\n" * 150_000)  # 3 MB

    response = client.post(
        reverse("commitments:resolution_import"), {"file": large, "preview": "1"}
    )

    assert response.status_code == 200
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert folder.is_dir() and list(folder.iterdir()) == []  # used, and emptied after
