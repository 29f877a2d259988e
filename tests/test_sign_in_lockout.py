"""Sign-in throttling: repeated failures lock one account at one address out for a while."""

import pytest
from django.urls import reverse

from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-demo-passphrase"  # UserFactory's


@pytest.fixture
def monitor():
    return UserFactory(username="monitor", role="Contributors")


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_locks_an_account_out_after_five_failures_even_with_the_right_password(client, monitor):
    for _ in range(4):
        assert sign_in(client, "monitor", "wrong guess").status_code == 200
    assert sign_in(client, "monitor", "wrong guess").status_code == 429  # the fifth

    response = sign_in(client, "monitor", PASSWORD)

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "paused for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_keeps_other_accounts_open_and_forgets_failures_after_a_success(client, monitor):
    UserFactory(username="colleague")
    for _ in range(5):
        sign_in(client, "monitor", "wrong guess")

    assert sign_in(client, "colleague", PASSWORD).status_code == 302

    client.logout()
    for _ in range(4):
        sign_in(client, "colleague", "wrong guess")
    assert sign_in(client, "colleague", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "colleague", "wrong guess")
    assert sign_in(client, "colleague", PASSWORD).status_code == 302  # the count was reset


def test_it_locks_token_sign_in_through_the_api_too(client, monitor):
    url = reverse("api:login")
    for _ in range(5):
        response = client.post(
            url, {"username": "monitor", "password": "wrong"}, content_type="application/json"
        )
        assert response.status_code in (400, 401, 403, 429)

    response = client.post(
        url, {"username": "monitor", "password": PASSWORD}, content_type="application/json"
    )

    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()
