import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

SEED_DIR = Path(settings.BASE_DIR) / "data" / "resolutions"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed resolutions shipped in data/resolutions, by file name."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEED_DIR.glob("*.txt"))}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a folder of the test's own, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def upload_temp_dir(settings, tmp_path):
    """Large uploads wait in a folder of the test's own, never in var/."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    return settings.FILE_UPLOAD_TEMP_DIR


@pytest.fixture(autouse=True)
def default_language():
    """
    Each test starts in the site's default language: a request in another one leaves it
    active in the test's thread, and what a later test saves (a topic's name goes to the
    column of the active language) or reads would depend on the order tests run in.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made by the dozen in tests; a slow password hash adds nothing there."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_reports_cache(settings):
    """
    Each test reads and writes cached dashboard figures under a key prefix of its own: the
    cache table outlives a test's transaction and is not emptied by flushes.
    """
    reports = {**settings.CACHES["reports"], "KEY_PREFIX": uuid.uuid4().hex}
    settings.CACHES = {**settings.CACHES, "reports": reports}
