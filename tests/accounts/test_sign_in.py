"""
Signing in to an account with two-factor sign-in takes two steps: the password, then a code.
Nobody is signed in between them, wrong codes are throttled and count towards the lockout.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken

from accounts import signin
from tests.factories.accounts import current_code
from tests.factories.states import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE_STEP = "/accounts/login/code/"


def give_password(client, username="monitor", password=PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def give_code(client, code):
    return client.post(CODE_STEP, {"otp_token": code})


def test_it_asks_for_a_code_after_the_password_and_signs_in_only_then(client, authenticator):
    first = give_password(client, next_url="/progress/")

    assert first.status_code == 302 and first["Location"] == CODE_STEP
    assert "_auth_user_id" not in client.session
    page = client.get(CODE_STEP)
    assert page.status_code == 200 and 'name="otp_token"' in page.content.decode()
    assert client.get("/progress/").status_code == 302  # still signed out

    second = give_code(client, current_code(authenticator))

    assert second.status_code == 302 and second["Location"] == "/progress/"
    assert client.session["_auth_user_id"] == str(authenticator.user.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == authenticator.persistent_id
    assert signin.PENDING_KEY not in client.session
    assert client.get("/progress/").status_code == 200


def test_it_signs_an_account_without_two_factor_in_with_the_password(client, user):
    response = give_password(client)

    assert response.status_code == 302 and response["Location"] == reverse("landing")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_refuses_a_wrong_password_in_the_same_words_with_or_without_two_factor(
    client, authenticator
):
    UserFactory(username="plain")

    with_device = give_password(client, "monitor", "wrong guess")
    without = give_password(client, "plain", "wrong guess")

    assert with_device.status_code == without.status_code == 200
    assert with_device.context["form"].errors == without.context["form"].errors
    assert signin.PENDING_KEY not in client.session
    assert client.get(CODE_STEP)["Location"] == LOGIN  # no code step to reach


def test_it_refuses_a_wrong_code_and_keeps_the_user_signed_out(client, authenticator):
    give_password(client)
    wrong = f"{(int(current_code(authenticator)) + 1) % 1_000_000:06d}"

    response = give_code(client, wrong)

    assert response.status_code == 200
    assert "not right or has expired" in response.content.decode()
    assert "_auth_user_id" not in client.session
    authenticator.refresh_from_db()
    assert authenticator.throttling_failure_count == 1


def test_it_takes_a_recovery_code_once(client, authenticator):
    code = authenticator.recovery_codes[0]
    give_password(client)

    response = client.post(
        CODE_STEP, {"otp_token": f" {code[:4].upper()}-{code[4:]} "}, follow=True
    )

    assert client.session["_auth_user_id"] == str(authenticator.user.pk)
    assert "You signed in with a recovery code; 9 are left" in response.content.decode()
    assert not StaticToken.objects.filter(token=code).exists()

    client.logout()
    give_password(client)
    again = give_code(client, code)

    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_it_throttles_codes_after_a_wrong_one_even_the_right_code(client, authenticator):
    give_password(client)
    give_code(client, "000000" if current_code(authenticator) != "000000" else "111111")

    throttled = give_code(client, current_code(authenticator))

    assert "Too many wrong codes: wait 1 second and try again." in throttled.content.decode()
    assert "_auth_user_id" not in client.session
    # Once the delay has passed the right code is taken.
    authenticator.refresh_from_db()
    authenticator.throttling_failure_timestamp = timezone.now() - timedelta(seconds=5)
    authenticator.save()
    assert give_code(client, current_code(authenticator)).status_code == 302
    assert client.session["_auth_user_id"] == str(authenticator.user.pk)


def test_it_doubles_the_delay_with_each_wrong_code(client, authenticator):
    give_password(client)
    for failures in range(1, 4):
        authenticator.refresh_from_db()
        authenticator.throttling_failure_timestamp = timezone.now() - timedelta(seconds=60)
        authenticator.save()
        give_code(client, "000000" if current_code(authenticator) != "000000" else "111111")
        authenticator.refresh_from_db()
        assert authenticator.throttling_failure_count == failures

    response = give_code(client, current_code(authenticator))

    assert "wait 4 seconds" in response.content.decode()


def test_it_locks_the_account_out_after_five_wrong_codes(client, authenticator, no_throttle):
    give_password(client)
    for _ in range(4):
        assert give_code(client, "abcdefgh").status_code == 200

    fifth = give_code(client, "abcdefgh")

    assert fifth.status_code == 429
    assert "Sign-in paused" in fifth.content.decode()
    assert signin.PENDING_KEY not in client.session
    # Even the right password and code are turned away now.
    assert give_password(client).status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_counts_wrong_passwords_and_wrong_codes_together(client, authenticator):
    for _ in range(4):
        give_password(client, password="wrong guess")
    assert give_password(client).status_code == 302  # a right password resets nothing yet

    response = give_code(client, "abcdefgh")

    assert response.status_code == 429  # the fifth failure
    assert "_auth_user_id" not in client.session


def test_it_does_not_count_a_code_the_throttle_kept_from_being_tried(client, authenticator):
    for _ in range(3):
        give_password(client, password="wrong guess")
    give_password(client)
    give_code(client, "abcdefgh")  # the fourth failure; the recovery codes wait a second now

    throttled = give_code(client, authenticator.recovery_codes[0])

    assert throttled.status_code == 200 and "wait 1 second" in throttled.content.decode()
    authenticator.user.staticdevice_set.update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    assert give_code(client, authenticator.recovery_codes[0]).status_code == 302
    assert client.session["_auth_user_id"] == str(authenticator.user.pk)


def test_it_forgets_a_half_finished_sign_in_after_five_minutes(client, authenticator):
    give_password(client)
    session = client.session
    session[signin.PENDING_KEY]["started"] -= signin.PENDING_SECONDS + 1
    session.save()

    response = give_code(client, current_code(authenticator))

    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert signin.PENDING_KEY not in client.session


def test_it_changes_the_session_key_at_each_step(client, authenticator):
    before = client.session.session_key  # a session from before signing in, e.g. planted
    assert before
    give_password(client)
    half_way = client.session.session_key
    give_code(client, current_code(authenticator))

    assert half_way != before
    assert client.session.session_key != half_way


def test_it_never_sends_the_code_step_to_an_unsafe_next_address(client, authenticator):
    give_password(client, next_url="https://evil.example.org/")

    response = give_code(client, current_code(authenticator))

    assert response["Location"] == reverse("landing")


def test_it_signs_the_previous_user_out_when_another_starts_signing_in(client, authenticator):
    client.force_login(UserFactory(username="colleague"))

    give_password(client)

    assert "_auth_user_id" not in client.session
    assert give_code(client, current_code(authenticator)).status_code == 302
    assert client.session["_auth_user_id"] == str(authenticator.user.pk)
