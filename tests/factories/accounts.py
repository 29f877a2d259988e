"""factory-boy factories for two-factor devices, and the code an authenticator shows now."""

import factory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from accounts import twofactor
from tests.factories.states import UserFactory


class AuthenticatorFactory(DjangoModelFactory):
    """A confirmed authenticator app (TOTP device); pass confirmed=False for one being set up."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = twofactor.AUTHENTICATOR_NAME
    confirmed = True


def current_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """
    The code the user's app shows now, computed as an app does (RFC 6238). A code is taken
    once only; `steps_ahead=1` gives the next period's, which the device also accepts.
    """
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{code:0{device.digits}d}"
