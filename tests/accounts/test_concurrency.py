"""A token sign-in with the password alone while two-factor sign-in is being turned on."""

import threading

import pytest
from django.db import connection, connections, transaction
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories.accounts import AuthenticatorFactory
from tests.factories.states import UserFactory

from .conftest import PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_it_issues_no_token_for_the_password_alone_while_two_factor_is_being_turned_on():
    """
    The enrolment has confirmed the device and revoked the tokens but not committed yet; a
    sign-in with the password alone comes in then. It must wait for the enrolment and then
    ask for a code, not slip a token in after the revocation.
    """
    user = UserFactory(username="racer")
    device = AuthenticatorFactory(user=user, confirmed=False)
    revoked = threading.Event()
    outcome = {}

    def enrol():
        try:
            with transaction.atomic():
                device.confirmed = True
                device.save()  # revokes the tokens, holding the user's row until commit
                revoked.set()
                threading.Event().wait(3.0)  # the sign-in arrives meanwhile
        finally:
            connections.close_all()

    def sign_in():
        try:
            revoked.wait(10)
            outcome["response"] = APIClient().post(
                "/api/v1/auth/login/", {"username": "racer", "password": PASSWORD}, format="json"
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol), threading.Thread(target=sign_in)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    response = outcome["response"]
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "otp_required"
    assert not AuthToken.objects.filter(user=user).exists()
