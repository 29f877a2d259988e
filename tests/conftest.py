from pathlib import Path

import pytest
from django.conf import settings

SEED_DIR = Path(settings.BASE_DIR) / "data" / "resolutions"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed resolutions shipped in data/resolutions, by file name."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEED_DIR.glob("*.txt"))}
