"""
Signing in leads each person to their work (LOGIN_REDIRECT_URL is the landing address, which
picks by role), through the two-factor step too; a `next` address always wins.
"""

import pytest
from django.urls import reverse

from tests.factories.accounts import AuthenticatorFactory, current_code
from tests.factories.states import OrganizationFactory, UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE_STEP = "/accounts/login/code/"


def sign_in(client, username, next_url=None, code_of=None):
    """The password, then the code when `code_of` (a device) is given; the last answer."""
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(LOGIN, data)
    if code_of is not None:
        assert response["Location"] == CODE_STEP
        response = client.post(CODE_STEP, {"otp_token": current_code(code_of)})
    return response


def landed(client, response):
    """Where the redirects from `response` end."""
    while response.status_code == 302:
        location = response["Location"]
        response = client.get(location)
    return location


@pytest.fixture
def contributor():
    return UserFactory(
        username="monitor", role="Contributors", organizations=[OrganizationFactory()]
    )


@pytest.fixture
def reviewer():
    return UserFactory(username="checker", role="Reviewers")


def test_it_lands_a_contributor_on_my_progress(client, contributor):
    response = sign_in(client, "monitor")

    assert response["Location"] == reverse("landing")
    assert landed(client, response) == reverse("states:dashboard")


def test_it_lands_a_reviewer_on_the_review_queue_after_the_code_step(client, reviewer):
    device = AuthenticatorFactory(user=reviewer)

    response = sign_in(client, "checker", code_of=device)

    assert response["Location"] == reverse("landing")
    assert landed(client, response) == reverse("states:review_queue")
    assert client.get(reverse("states:review_queue")).status_code == 200


def test_it_lands_a_contributor_with_two_factor_on_my_progress(client, contributor):
    device = AuthenticatorFactory(user=contributor)

    response = sign_in(client, "monitor", code_of=device)

    assert landed(client, response) == reverse("states:dashboard")


@pytest.mark.parametrize("two_factor", [False, True])
def test_it_lets_next_win_over_the_landing(client, contributor, reviewer, two_factor):
    for user, username in ((contributor, "monitor"), (reviewer, "checker")):
        client.logout()
        device = AuthenticatorFactory(user=user) if two_factor else None

        response = sign_in(client, username, next_url="/states/kenya/", code_of=device)

        assert response["Location"] == "/states/kenya/"


def test_it_lands_someone_without_a_role_on_the_home_page(client):
    UserFactory(username="reader")

    response = sign_in(client, "reader")

    assert landed(client, response) == reverse("home")
    assert client.get(reverse("home")).status_code == 200
