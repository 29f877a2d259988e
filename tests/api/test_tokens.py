"""API tokens: signing in gives a token stored only as a hash; it expires and can be revoked."""

import datetime
import json

import pytest
from django.utils import timezone
from knox.models import AuthToken

from states.choices import WorkflowState
from tests.factories.states import UserFactory
from tests.permissions import Cast

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-demo-passphrase"  # UserFactory's


def login(api, username, password=PASSWORD):
    return api.post("/api/v1/auth/login/", {"username": username, "password": password})


def test_it_gives_a_token_for_a_username_and_password_and_stores_only_its_hash(api):
    user = UserFactory()

    response = login(api, user.username)

    assert response.status_code == 200
    data = json.loads(response.content)
    token = data["token"]
    assert len(token) >= 64
    expiry = datetime.datetime.fromisoformat(data["expiry"])
    assert timezone.now() < expiry < timezone.now() + datetime.timedelta(hours=11)
    stored = AuthToken.objects.get(user=user)
    assert token not in stored.digest
    assert stored.digest != token
    assert stored.token_key == token[: len(stored.token_key)]


def test_it_refuses_a_wrong_password_with_400_and_no_token(api):
    user = UserFactory()

    response = login(api, user.username, "not-the-password")

    assert response.status_code == 400
    assert "Unable to sign in" in json.loads(response.content)["errors"]["non_field_errors"][0]
    assert not AuthToken.objects.filter(user=user).exists()


def test_it_refuses_an_inactive_user(api):
    user = UserFactory(is_active=False)

    assert login(api, user.username).status_code == 400
    assert not AuthToken.objects.exists()


def test_it_lets_a_contributor_write_with_a_token_and_not_after_logout(api):
    cast = Cast()
    entry = cast.entry(WorkflowState.DRAFT)
    token = json.loads(login(api, cast["member"].username).content)["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    seen = api.get(f"/api/v1/entries/{entry.pk}/")
    assert seen.status_code == 200  # a draft: only members see it

    assert api.post("/api/v1/auth/logout/").status_code == 204
    after = api.get(f"/api/v1/entries/{entry.pk}/")
    assert after.status_code == 401
    assert json.loads(after.content) == {
        "detail": "Invalid token.",
        "code": "authentication_failed",
    }
    assert after["WWW-Authenticate"] == "Token"


def test_it_signs_out_every_token_of_the_user(api):
    user = UserFactory()
    tokens = [json.loads(login(api, user.username).content)["token"] for _ in range(3)]
    other = AuthToken.objects.create(user=UserFactory())[1]

    api.credentials(HTTP_AUTHORIZATION=f"Token {tokens[0]}")
    assert api.post("/api/v1/auth/logout-all/").status_code == 204

    for token in tokens:
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/entries/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {other}")
    assert api.get("/api/v1/entries/").status_code == 200


def test_it_refuses_an_expired_token(api):
    user = UserFactory()
    instance, token = AuthToken.objects.create(user=user, expiry=datetime.timedelta(hours=1))
    AuthToken.objects.filter(pk=instance.pk).update(
        expiry=timezone.now() - datetime.timedelta(seconds=1)
    )
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert api.get("/api/v1/entries/").status_code == 401
    assert not AuthToken.objects.filter(pk=instance.pk).exists()


def test_it_needs_a_token_to_sign_out(api):
    response = api.post("/api/v1/auth/logout/")

    assert response.status_code == 401
    assert json.loads(response.content)["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["/api/v1/entries/", "/api/v1/auth/logout/"])
def test_it_refuses_a_token_that_is_not_utf8_text_with_401(api, path):
    api.credentials(HTTP_AUTHORIZATION="Token \u00e9t\u00e9")  # sent as Latin-1 bytes

    response = api.get(path) if path.endswith("entries/") else api.post(path)

    assert response.status_code == 401
    assert json.loads(response.content) == {
        "detail": "Invalid token.",
        "code": "authentication_failed",
    }


def test_it_lists_and_revokes_tokens_in_the_admin_but_never_makes_one_there(client):
    chief = UserFactory(is_staff=True, is_superuser=True)
    reviewer = UserFactory(username="reviewer-with-token", role="Reviewers")
    instance, _ = AuthToken.objects.create(user=reviewer)
    client.force_login(chief)

    listing = client.get("/admin/knox/authtoken/")
    adding = client.post("/admin/knox/authtoken/add/", {"user": reviewer.pk})
    deleted = client.post(f"/admin/knox/authtoken/{instance.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200 and "reviewer-with-token" in listing.content.decode()
    assert adding.status_code == 403
    assert deleted.status_code == 302
    assert not AuthToken.objects.filter(user=reviewer).exists()
