import pytest

from accounts import twofactor
from tests.factories.accounts import AuthenticatorFactory
from tests.factories.states import UserFactory

PASSWORD = "a-long-demo-passphrase"  # UserFactory's


@pytest.fixture(autouse=True)
def fresh_api_throttle(settings):
    """The API's anonymous rate, high enough that no test here meets it."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"},
    }
    yield


@pytest.fixture
def user(db):
    return UserFactory(username="monitor", role="Contributors")


@pytest.fixture
def authenticator(user):
    """`user` with two-factor sign-in on; `authenticator.recovery_codes` holds the codes."""
    device = AuthenticatorFactory(user=user)
    device.recovery_codes = twofactor.new_recovery_codes(user)
    return device


@pytest.fixture
def no_throttle(settings):
    """Turn django-otp's delay after a wrong code off, for tests that follow one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
