"""
The API's token sign-in is no way round two-factor sign-in: an account with it sends a code
as `otp_token`, checked like the web's second step, and every refusal is JSON.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from api import tokens
from tests.factories.accounts import AuthenticatorFactory, current_code
from tests.factories.states import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/login/"


@pytest.fixture
def api():
    return APIClient()


def sign_in(api, username="monitor", password=PASSWORD, **extra):
    return api.post(URL, {"username": username, "password": password, **extra}, format="json")


def test_it_gives_a_token_for_password_and_a_current_code(api, authenticator):
    response = sign_in(api, otp_token=current_code(authenticator))

    assert response.status_code == 200 and response.json()["token"]
    assert AuthToken.objects.filter(user=authenticator.user).count() == 1


def test_it_asks_for_the_code_when_it_is_missing(api, authenticator):
    for extra in ({}, {"otp_token": ""}, {"otp_token": "   "}):
        response = sign_in(api, **extra)

        assert response.status_code == 400
        assert response.json()["code"] == "otp_required"
        assert "otp_token" in response.json()["detail"]
    assert not AuthToken.objects.exists()


def test_it_refuses_a_wrong_code_with_401(api, authenticator):
    response = sign_in(api, otp_token="abcdefgh")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "The two-factor code is wrong or expired.",
        "code": "otp_invalid",
    }
    assert not AuthToken.objects.exists()


def test_it_takes_a_recovery_code_once(api, authenticator, no_throttle):
    code = authenticator.recovery_codes[0]

    assert sign_in(api, otp_token=code).status_code == 200
    assert sign_in(api, otp_token=code).status_code == 401


def test_it_throttles_codes_after_a_wrong_one(api, authenticator):
    sign_in(api, otp_token="000000" if current_code(authenticator) != "000000" else "111111")

    response = sign_in(api, otp_token=current_code(authenticator))

    assert response.status_code == 429
    assert response.json()["code"] == "otp_throttled"
    assert response["Retry-After"] == "1"
    authenticator.refresh_from_db()
    authenticator.throttling_failure_timestamp = timezone.now() - timedelta(seconds=5)
    authenticator.save()
    assert sign_in(api, otp_token=current_code(authenticator)).status_code == 200


def test_it_locks_token_sign_in_out_after_five_wrong_codes(api, authenticator, no_throttle):
    for _ in range(4):
        assert sign_in(api, otp_token="abcdefgh").status_code == 401

    fifth = sign_in(api, otp_token="abcdefgh")
    after = sign_in(api, otp_token=authenticator.recovery_codes[0])

    assert fifth.status_code == after.status_code == 429
    assert fifth.json()["code"] == after.json()["code"] == "locked_out"
    assert not AuthToken.objects.exists()


def test_it_says_nothing_about_codes_to_a_wrong_password(api, authenticator):
    UserFactory(username="plain")

    with_device = sign_in(api, password="wrong guess", otp_token="123456")
    without = sign_in(api, "plain", password="wrong guess", otp_token="123456")

    assert with_device.status_code == without.status_code == 400
    assert with_device.json() == without.json()
    authenticator.refresh_from_db()
    assert authenticator.throttling_failure_count == 0  # the code was never tried


def test_it_ignores_otp_token_for_an_account_without_two_factor(api, user):
    assert sign_in(api, otp_token="123456").status_code == 200
    assert sign_in(api).status_code == 200


def test_it_gives_no_token_to_a_reviewer_who_must_set_two_factor_up(api, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_REVIEWERS = True
    UserFactory(username="checker", role="Reviewers")

    response = sign_in(api, "checker")

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"
    assert not AuthToken.objects.exists()


def test_it_documents_the_code_in_the_schema(client):
    document = client.get("/api/schema/", {"format": "json"}).json()

    operation = document["paths"]["/api/v1/auth/login/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = document["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert "otp_token" in fields and "recovery code" in fields["otp_token"]["description"]
    assert "otp_token" not in document["components"]["schemas"][body.rsplit("/", 1)[1]].get(
        "required", []
    )
    responses = operation["responses"]
    assert "otp_required" in responses["400"]["description"]
    assert "otp_invalid" in responses["401"]["description"]
    assert "otp_throttled" in responses["429"]["description"]
    error = {"$ref": "#/components/schemas/Error"}
    for status in ("400", "401", "403", "429"):
        assert responses[status]["content"]["application/json"]["schema"] == error


def test_it_gives_no_token_for_the_password_alone_once_two_factor_came_on_meanwhile(
    api, user, monkeypatch
):
    """
    Two-factor sign-in confirmed on the site between the check of the code and the token:
    the token sign-in looks again under the lock enrolment takes, and asks for a code.
    """
    checked = tokens.check_second_factor

    def check_then_enrol(request, account, otp_token):
        outcome = checked(request, account, otp_token)
        AuthenticatorFactory(user=account)  # as if confirmed at that moment in another request
        return outcome

    monkeypatch.setattr(tokens, "check_second_factor", check_then_enrol)

    response = sign_in(api)

    assert response.status_code == 400
    assert response.json()["code"] == "otp_required"
    assert not AuthToken.objects.filter(user=user).exists()
