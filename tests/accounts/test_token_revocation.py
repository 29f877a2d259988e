"""
API tokens end with what proved who the user is: a new password, and two-factor sign-in
turned on or off, whichever way it happens. Sessions are left as Django leaves them.
"""

import logging

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts import twofactor
from tests.factories.accounts import AuthenticatorFactory, current_code
from tests.factories.states import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SECURITY = "/accounts/security/"
NEW_PASSWORD = "a-brand-new-passphrase-for-2027"


def issue(user) -> str:
    return AuthToken.objects.create(user=user)[1]


def works(token) -> bool:
    """Whether the API takes the token (a revoked one is a 401 even where anonymous may read)."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    status = api.get("/api/v1/entries/").status_code
    assert status in (200, 401)
    return status == 200


@pytest.fixture
def bystander():
    """Someone else's token, which nothing here may touch."""
    return issue(UserFactory(username="bystander"))


@pytest.fixture
def superuser():
    return UserFactory(username="chief", is_staff=True, is_superuser=True)


# --- the password -------------------------------------------------------------------------


def test_it_revokes_the_tokens_when_the_user_changes_the_password_and_keeps_the_session(
    client, user, bystander
):
    tokens = [issue(user), issue(user)]
    client.force_login(user)

    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not any(works(token) for token in tokens)
    assert not AuthToken.objects.filter(user=user).exists()
    assert works(bystander)
    assert client.get(SECURITY).status_code == 200  # still signed in on this session


@pytest.mark.parametrize(
    ("form", "usable"),
    [
        ({"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, True),
        ({"usable_password": "false", "unset-password": "1"}, False),
    ],
)
def test_it_revokes_the_tokens_when_an_administrator_sets_the_password_in_the_admin(
    client, user, superuser, bystander, form, usable
):
    token = issue(user)
    own = issue(superuser)
    client.force_login(superuser)

    response = client.post(reverse("admin:auth_user_password_change", args=[user.pk]), form)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password() is usable
    assert not works(token)
    assert works(own) and works(bystander)


def test_it_revokes_the_tokens_on_a_new_password_set_in_code(user, bystander):
    """As `changepassword`, a password reset and any other code that calls set_password."""
    token = issue(user)

    user.set_password(NEW_PASSWORD)
    user.save()

    assert not works(token)
    assert works(bystander)


def test_it_keeps_the_tokens_when_the_user_is_saved_without_a_new_password(client, user):
    token = issue(user)

    user.first_name = "Ada"
    user.save()
    client.post("/accounts/login/", {"username": "monitor", "password": PASSWORD})  # last_login

    assert client.get(SECURITY).status_code == 200
    assert works(token)


def test_it_keeps_the_tokens_when_a_sign_in_rehashes_the_same_password(client, user, settings):
    token = issue(user)
    assert user.password.startswith("md5$")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]

    client.post("/accounts/login/", {"username": "monitor", "password": PASSWORD})

    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")  # upgraded by Django on sign-in
    assert works(token)


def test_it_records_the_revocation_in_the_security_log(user, caplog):
    issue(user)

    with caplog.at_level(logging.INFO, logger="accounts.security"):
        user.set_password(NEW_PASSWORD)
        user.save()

    assert [
        record.getMessage() for record in caplog.records if record.name == "accounts.security"
    ] == [f"Revoked 1 API token(s) of user {user.pk}: password changed."]


# --- two-factor sign-in -------------------------------------------------------------------


def test_it_revokes_the_tokens_when_the_user_turns_two_factor_sign_in_on(client, user, bystander):
    token = issue(user)
    client.force_login(user)
    client.post(reverse("accounts:enrol_start"))
    device = twofactor.authenticator(user, confirmed=False)
    assert works(token)  # a secret being set up changes nothing yet

    response = client.post(reverse("accounts:enrol"), {"otp_token": current_code(device)})

    assert response["Location"] == reverse("accounts:recovery_codes")
    assert twofactor.is_enrolled(user)
    assert not works(token)
    assert works(bystander)
    assert client.get(SECURITY).status_code == 200


def test_it_revokes_the_tokens_when_the_user_turns_two_factor_sign_in_off(
    client, authenticator, bystander
):
    user = authenticator.user
    token = issue(user)
    client.force_login(user)

    response = client.post(
        reverse("accounts:disable"),
        {"password": PASSWORD, "otp_token": current_code(authenticator)},
    )

    assert response["Location"] == SECURITY
    assert not twofactor.is_enrolled(user)
    assert not works(token)
    assert works(bystander)


@pytest.mark.parametrize(
    ("url_name", "device_of"),
    [
        ("admin:otp_totp_totpdevice_delete", lambda authenticator: authenticator),
        (
            "admin:otp_static_staticdevice_delete",
            lambda authenticator: authenticator.user.staticdevice_set.get(),
        ),
    ],
)
def test_it_revokes_the_tokens_when_an_administrator_deletes_a_device(
    client, authenticator, superuser, bystander, url_name, device_of
):
    token = issue(authenticator.user)
    client.force_login(superuser)

    response = client.post(reverse(url_name, args=[device_of(authenticator).pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not works(token)
    assert works(bystander)


def test_it_revokes_the_tokens_when_a_device_stops_being_confirmed(authenticator):
    token = issue(authenticator.user)

    authenticator.confirmed = False
    authenticator.save()

    assert not works(token)


def test_it_keeps_the_tokens_while_codes_are_checked(authenticator, no_throttle):
    """Each code checked saves the device (its drift, its throttle): no change of the factor."""
    api = APIClient()

    def sign_in(code):
        return api.post(
            "/api/v1/auth/login/",
            {"username": "monitor", "password": PASSWORD, "otp_token": code},
            format="json",
        )

    first = sign_in(current_code(authenticator)).json()["token"]
    wrong = "000000" if current_code(authenticator, 1) != "000000" else "111111"
    assert sign_in(wrong).status_code == 401
    second = sign_in(current_code(authenticator, 1)).json()["token"]
    assert sign_in(authenticator.recovery_codes[0]).status_code == 200

    assert works(first) and works(second)
    assert AuthToken.objects.filter(user=authenticator.user).count() == 3


def test_it_keeps_the_tokens_of_an_unfinished_set_up(user):
    token = issue(user)

    AuthenticatorFactory(user=user, confirmed=False)
    twofactor.start_enrolment(user)  # drops the unfinished one

    assert works(token)
