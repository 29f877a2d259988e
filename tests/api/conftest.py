import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def api_settings_for_tests(settings):
    """A rate no test reaches; throttling tests set their own (the counts are rows, rolled back)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"},
    }
    yield


@pytest.fixture
def api():
    return APIClient()
