"""
The Account security page: set up an authenticator (QR code and secret, confirmed by a code),
recovery codes shown once and made anew, and turning two-factor sign-in off.
"""

from base64 import b32decode
from binascii import hexlify
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from tests.factories.accounts import AuthenticatorFactory, current_code
from tests.factories.states import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SECURITY = "/accounts/security/"
SVG = "{http://www.w3.org/2000/svg}"


def start(client):
    return client.post(reverse("accounts:enrol_start"), follow=True)


def test_it_links_the_page_from_the_header_for_signed_in_users_only(client, user):
    assert SECURITY not in client.get("/dashboard/").content.decode()
    client.force_login(user)

    page = client.get("/dashboard/").content.decode()

    assert f'href="{SECURITY}"' in page and "Account security" in page


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(SECURITY)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_sets_up_an_authenticator_confirmed_by_a_real_code(client, user):
    client.force_login(user)
    assert "Off." in client.get(SECURITY).content.decode()

    page = start(client)

    html = page.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert "<svg" in html and 'role="img"' in html
    secret = twofactor.secret_text(device)
    assert secret in html
    # The secret shown is the device's key, as an app would store it when typed in by hand.
    typed = secret.replace(" ", "")
    assert hexlify(b32decode(typed + "=" * (-len(typed) % 8))).decode() == device.key
    assert twofactor.is_enrolled(user) is False

    response = client.post(reverse("accounts:enrol"), {"otp_token": current_code(device)})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:recovery_codes")
    device.refresh_from_db()
    assert device.confirmed and twofactor.is_enrolled(user)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # verified session
    shown = client.get(response["Location"])
    codes = shown.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)
    assert "no-store" in shown["Cache-Control"]
    assert "On." in client.get(SECURITY).content.decode()


def test_it_keeps_the_authenticator_off_after_a_wrong_code(client, user):
    client.force_login(user)
    start(client)
    device = TOTPDevice.objects.get(user=user)
    right = current_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:enrol"), {"otp_token": wrong})

    assert response.status_code == 200
    assert "not right or has expired" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=user).exists()
    assert not twofactor.is_enrolled(user)


def test_it_replaces_an_unfinished_set_up_with_a_new_secret(client, user):
    client.force_login(user)
    start(client)
    first = TOTPDevice.objects.get(user=user)

    start(client)

    second = TOTPDevice.objects.get(user=user)
    assert second.pk != first.pk and second.key != first.key


def test_it_does_not_start_a_second_authenticator_while_one_is_on(client, authenticator):
    client.force_login(authenticator.user)

    response = start(client)

    assert "turn it off first" in response.content.decode()
    assert TOTPDevice.objects.filter(user=authenticator.user).count() == 1


def test_it_draws_the_qr_code_without_any_inline_style_or_script(user):
    """The page's Content-Security-Policy has no 'unsafe-inline': the SVG must not need it."""
    device = AuthenticatorFactory(user=user, confirmed=False)

    markup = twofactor.qr_code_svg(device)

    root = ElementTree.fromstring(markup)
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    elements = list(root.iter())
    assert len(elements) == 3  # the svg, a white square, one path with every module
    for element in elements:
        assert "style" not in element.attrib, element.tag
        assert not [name for name in element.attrib if name.lower().startswith("on")]
        assert element.tag.removeprefix(SVG) in {"svg", "rect", "path"}
    assert root.find(f"{SVG}path").get("fill") == "#000000"
    assert not markup.startswith("<?xml")


def test_it_serves_the_set_up_page_under_a_strict_policy(client, user):
    client.force_login(user)

    page = start(client)

    policy = page["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    html = page.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + len("</svg>")]
    assert "style" not in svg and "<script" not in svg
    assert "no-store" in page["Cache-Control"]


def test_it_shows_recovery_codes_once_only(client, user):
    client.force_login(user)
    start(client)
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:enrol"), {"otp_token": current_code(device)})

    first = client.get(reverse("accounts:recovery_codes"))
    again = client.get(reverse("accounts:recovery_codes"), follow=True)

    assert first.status_code == 200 and len(first.context["codes"]) == 10
    assert "codes" not in again.context
    assert "shown only once" in again.content.decode()
    for code in first.context["codes"]:
        assert code not in again.content.decode()


def test_it_makes_new_recovery_codes_and_the_old_ones_stop_working(
    client, authenticator, no_throttle
):
    user = authenticator.user
    old = authenticator.recovery_codes
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator.persistent_id
    session.save()

    response = client.post(reverse("accounts:recovery_codes"), follow=True)

    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert twofactor.recovery_codes_left(user) == 10
    assert not twofactor.verify(user, old[0]).accepted
    assert twofactor.verify(user, new[0]).accepted


def test_it_makes_new_recovery_codes_only_from_a_verified_session(client, authenticator):
    client.force_login(authenticator.user)  # signed in without a code

    response = client.post(reverse("accounts:recovery_codes"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login_code"))
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(
        authenticator.recovery_codes
    )


def test_it_turns_two_factor_off_with_password_and_code(client, authenticator):
    user = authenticator.user
    client.force_login(user)

    response = client.post(
        reverse("accounts:disable"),
        {"password": PASSWORD, "otp_token": current_code(authenticator)},
        follow=True,
    )

    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    client.logout()
    signed_in = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert signed_in["Location"] == reverse("landing")  # the password alone again


def test_it_turns_two_factor_off_with_a_recovery_code(client, authenticator):
    client.force_login(authenticator.user)

    client.post(
        reverse("accounts:disable"),
        {"password": PASSWORD, "otp_token": authenticator.recovery_codes[3]},
    )

    assert not twofactor.is_enrolled(authenticator.user)


@pytest.mark.parametrize(
    "password, code_kind, error",
    [
        ("wrong password", "right", "That is not your password."),
        (PASSWORD, "wrong", "not right or has expired"),
        (PASSWORD, "missing", "This field is required."),
    ],
)
def test_it_keeps_two_factor_on_without_both_password_and_code(
    client, authenticator, password, code_kind, error
):
    client.force_login(authenticator.user)
    code = {"right": current_code(authenticator), "wrong": "abcdefgh", "missing": ""}[code_kind]

    response = client.post(reverse("accounts:disable"), {"password": password, "otp_token": code})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert twofactor.is_enrolled(authenticator.user)
    assert twofactor.recovery_codes_left(authenticator.user) == 10


def test_it_uses_no_recovery_code_when_the_password_is_wrong(client, authenticator):
    client.force_login(authenticator.user)

    client.post(
        reverse("accounts:disable"),
        {"password": "wrong password", "otp_token": authenticator.recovery_codes[0]},
    )

    assert StaticToken.objects.filter(token=authenticator.recovery_codes[0]).exists()


def test_it_only_lets_a_user_change_their_own_devices(client, authenticator):
    other = UserFactory()
    client.force_login(other)

    client.post(
        reverse("accounts:disable"),
        {"password": PASSWORD, "otp_token": current_code(authenticator)},
    )

    assert twofactor.is_enrolled(authenticator.user)


def test_it_names_the_site_and_the_user_in_the_authenticator_entry(user):
    device = AuthenticatorFactory(user=user, confirmed=False)

    address = device.config_url

    secret = twofactor.secret_text(device).replace(" ", "")
    assert address.startswith("otpauth://totp/Commitment%20Tracker%3Amonitor?")
    assert f"secret={secret}" in address and "issuer=Commitment%20Tracker" in address
