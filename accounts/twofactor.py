"""
Two-factor sign-in on django-otp's devices: per user, one authenticator app (a TOTP device)
and one set of one-time recovery codes (a static device). The pages, the sign-in steps, the
views that demand it (mixins.py, permissions.py, admin_site.py) and the API's token sign-in
all go through these functions, so they share one rule for which code goes to which device,
how wrong codes are throttled and who must enrol.

An authenticator becomes active only once the user has typed a code it produced (its
`confirmed` flag); until then the account signs in with its password alone. django-otp keeps
its own exponential throttle per device (1, 2, 4, 8 ... seconds after successive failures),
checked here before any code is compared.
"""

import math
import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

REVIEW_PERMISSION = "states.review_progressentry"
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# An authenticator's code is six digits; a recovery code (django-otp's StaticToken) is eight
# letters and digits, so the shape of what was typed tells which device to ask.
AUTHENTICATOR_CODE = re.compile(r"[0-9]{6}")


@dataclass(frozen=True)
class Verification:
    """What checking a code came to: the device that accepted it, or when to try again."""

    device: Device | None = None
    retry_at: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.device is not None

    @property
    def throttled(self) -> bool:
        return self.device is None and self.retry_at is not None

    @property
    def wait_seconds(self) -> int:
        if self.retry_at is None:
            return 0
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds()))


# --- who -----------------------------------------------------------------------------------


def is_enrolled(user) -> bool:
    """Whether signing in as this user takes a code: the user has a confirmed device."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def is_privileged(user) -> bool:
    """Reviewers, staff and superusers: the people TWO_FACTOR_REQUIRED_FOR_REVIEWERS names."""
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or user.has_perm(REVIEW_PERMISSION)
    )


def is_required(user) -> bool:
    return settings.TWO_FACTOR_REQUIRED_FOR_REVIEWERS and is_privileged(user)


def passes_requirement(user, *, token: bool = False) -> bool:
    """
    Whether the user may use what TWO_FACTOR_REQUIRED_FOR_REVIEWERS holds (review pages and
    decisions): it is not required of them, or they have it and signed in with a code. A
    session says so itself (django-otp's is_verified). An API token (`token=True`) stands for
    a code when the account has two-factor sign-in: the token sign-in gives such an account
    a token only for a valid code, and turning it on or off revokes every token
    (accounts/revocation.py), so no token from before can remain.
    """
    if not is_required(user):
        return True
    if token:
        return is_enrolled(user)
    return user.is_verified()  # only a confirmed device verifies a session


# --- the authenticator app -----------------------------------------------------------------


def authenticator(user, confirmed=True) -> TOTPDevice | None:
    """The user's authenticator: the active one, or (confirmed=False) the one being set up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).order_by("pk").first()


def start_enrolment(user) -> TOTPDevice:
    """A new authenticator waiting for its first code; an unfinished earlier one is dropped."""
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_enrolment(device: TOTPDevice, code: str) -> tuple[Verification, list[str]]:
    """
    Activate an authenticator once it has produced a valid code, together with a new set of
    recovery codes; those are returned in clear this once (to be shown to the user) and never
    again.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        verification = _check(device, normalize(code))
        if not verification.accepted:
            return verification, []
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return verification, new_recovery_codes(device.user)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """
    The authenticator's otpauth:// address as a QR code, as inline SVG markup: one path with
    presentation attributes (fill, stroke) on a white square, no style attribute or element,
    so the page's Content-Security-Policy (no inline style) lets it show.
    """
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4
    )
    svg = image.get_image()
    modules = int(image.units(image.pixel_size, text=False))
    for name, value in (
        ("width", str(modules * 4)),
        ("height", str(modules * 4)),
        ("role", "img"),
        ("aria-label", "QR code for your authenticator app"),
        ("class", "qr-code"),
    ):
        svg.set(name, value)
    return mark_safe(image.to_string(encoding="unicode"))  # built here, no user text in it


# --- recovery codes ------------------------------------------------------------------------


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with a new set, returned in clear this once."""
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    codes = sorted(codes)
    with transaction.atomic():
        device = StaticDevice.objects.filter(user=user).select_for_update().order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        device.throttle_reset()
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- checking codes ------------------------------------------------------------------------


def normalize(code) -> str:
    """What the user typed, without spaces or dashes, in lower case (recovery codes are)."""
    return re.sub(r"[\s-]+", "", str(code or "")).lower()


def verify(user, code) -> Verification:
    """
    Check a code against the user's confirmed devices: six digits go to the authenticator,
    anything else is taken for a recovery code, which is used up when it matches. A device
    throttled by earlier failures is not asked at all; the answer then says when to retry.
    """
    code = normalize(code)
    if not code:
        return Verification()
    model = TOTPDevice if AUTHENTICATOR_CODE.fullmatch(code) else StaticDevice
    retry_at = None
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        for device in devices.order_by("pk"):
            verification = _check(device, code)
            if verification.accepted:
                return verification
            if verification.retry_at and (retry_at is None or verification.retry_at > retry_at):
                retry_at = verification.retry_at
    return Verification(retry_at=retry_at)


def _check(device, code) -> Verification:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return Verification(retry_at=(details or {}).get("locked_until") or timezone.now())
    if device.verify_token(code):  # counts a failure towards the device's throttle
        return Verification(device=device)
    return Verification()


# --- turning it off -----------------------------------------------------------------------


def disable(user) -> None:
    """Remove every device of the user: the account signs in with its password alone again."""
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
