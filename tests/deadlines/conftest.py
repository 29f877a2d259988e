import pytest

from commitments.ingest import import_resolution


@pytest.fixture
def import_seed(seed_texts):
    """Import one of the five seeds by its file name; returns the resolution."""

    def import_seed(name):
        return import_resolution(seed_texts[name]).resolution

    return import_seed
