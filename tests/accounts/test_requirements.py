"""
Where two-factor sign-in is enforced: the admin wants a verified session from anyone who has
it, and TWO_FACTOR_REQUIRED_FOR_REVIEWERS makes reviewers and staff set it up before the
review pages or the admin answer them.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from states.choices import WorkflowState
from tests.factories.accounts import AuthenticatorFactory, current_code
from tests.factories.states import UserFactory
from tests.permissions import Cast

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

REVIEW_QUEUE = "/progress/review/"
SECURITY = "/accounts/security/"
CODE_STEP = "/accounts/login/code/"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_REVIEWERS = True


@pytest.fixture
def cast():
    return Cast()


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def verify_session(client, device):
    """Pass the code step as a signed-in user whose session is not verified yet."""
    return client.post(CODE_STEP, {"otp_token": current_code(device)})


def test_it_sends_a_reviewer_without_two_factor_to_the_security_page(client, cast, required):
    client.force_login(cast["reviewer"])

    response = client.get(REVIEW_QUEUE)

    assert response.status_code == 302 and response["Location"] == SECURITY
    assert any("Your role needs two-factor sign-in" in text for text in messages_of(response))
    page = client.get(SECURITY).content.decode()
    assert "Your role needs two-factor sign-in" in page


def test_it_holds_a_reviewers_decision_until_two_factor_is_set_up(client, cast, required):
    entry = cast.entry(WorkflowState.SUBMITTED)
    client.force_login(cast["reviewer"])

    response = client.post(
        reverse("states:entry_transition", args=[entry.pk, "approve"]),
        {"revision": entry.revision, "comment": "Fine."},
    )

    assert response["Location"] == SECURITY
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED


def test_it_lets_a_contributor_submit_whatever_the_setting(client, cast, required):
    entry = cast.entry(WorkflowState.DRAFT)
    client.force_login(cast["member"])

    client.post(
        reverse("states:entry_transition", args=[entry.pk, "submit"]),
        {"revision": entry.revision, "comment": ""},
    )

    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED
    assert client.get(REVIEW_QUEUE).status_code == 403  # as before: not a reviewer


def test_it_lets_an_enrolled_reviewer_in_once_the_session_is_verified(client, cast, required):
    reviewer = cast["reviewer"]
    device = AuthenticatorFactory(user=reviewer)
    client.force_login(reviewer)  # e.g. signed in before two-factor was set up

    held = client.get(REVIEW_QUEUE)

    assert held.status_code == 302
    assert held["Location"] == f"{CODE_STEP}?next=%2Fprogress%2Freview%2F"
    page = client.get(held["Location"])
    assert 'value="/progress/review/"' in page.content.decode()
    passed = client.post(CODE_STEP, {"otp_token": current_code(device), "next": REVIEW_QUEUE})
    assert passed["Location"] == REVIEW_QUEUE
    assert client.get(REVIEW_QUEUE).status_code == 200


def test_it_asks_nothing_of_reviewers_with_the_setting_off(client, cast, settings):
    assert settings.TWO_FACTOR_REQUIRED_FOR_REVIEWERS is False  # the default
    client.force_login(cast["reviewer"])

    assert client.get(REVIEW_QUEUE).status_code == 200


def test_it_sends_staff_without_two_factor_from_the_admin_to_set_it_up(client, required):
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/admin/")

    assert response["Location"] == SECURITY


def test_it_requires_it_of_superusers_too(client, required):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get("/admin/states/progressentry/")["Location"] == SECURITY
    assert client.get(REVIEW_QUEUE)["Location"] == SECURITY


def test_it_wants_a_verified_session_in_the_admin_from_staff_with_two_factor(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    device = AuthenticatorFactory(user=staff)
    client.force_login(staff)

    held = client.get("/admin/")

    assert held["Location"] == f"{CODE_STEP}?next=%2Fadmin%2F"
    verify_session(client, device)
    assert client.get("/admin/").status_code == 200


def test_it_lets_staff_without_two_factor_into_the_admin_with_the_setting_off(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get("/admin/").status_code == 200


def test_it_sends_the_admins_own_login_page_to_the_two_step_sign_in(client):
    staff = UserFactory(username="chief", is_staff=True, is_superuser=True)
    AuthenticatorFactory(user=staff)

    page = client.get("/admin/login/?next=/admin/states/")
    posted = client.post("/admin/login/", {"username": "chief", "password": PASSWORD})

    assert page["Location"] == "/accounts/login/?next=%2Fadmin%2Fstates%2F"
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_it_refuses_api_decisions_from_an_unverified_reviewer_session(client, cast, required):
    entry = cast.entry(WorkflowState.SUBMITTED)
    client.force_login(cast["reviewer"])

    response = client.post(
        f"/api/v1/entries/{entry.pk}/transition/",
        {"action": "approve", "revision": entry.revision},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED


def test_it_lets_a_verified_superuser_see_devices_in_the_admin_but_no_secret(client):
    chief = UserFactory(is_staff=True, is_superuser=True)
    own = AuthenticatorFactory(user=chief)
    other = AuthenticatorFactory()
    client.force_login(chief)
    verify_session(client, own)

    listing = client.get("/admin/otp_totp/totpdevice/")
    detail = client.get(f"/admin/otp_totp/totpdevice/{other.pk}/change/")

    assert listing.status_code == detail.status_code == 200
    assert other.user.username in listing.content.decode()
    assert other.key not in detail.content.decode()
    assert client.get(f"/admin/otp_totp/totpdevice/{other.pk}/config/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{other.pk}/qrcode/").status_code == 403


# --- API decisions with a token -------------------------------------------------------------


def token_client(token):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def api_step(api, entry, action, comment="Reviewed on 2026-12-07."):
    return api.post(
        f"/api/v1/entries/{entry.pk}/transition/",
        {"action": action, "revision": entry.revision, "comment": comment},
        format="json",
    )


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_it_refuses_api_decisions_with_the_token_of_a_reviewer_without_two_factor(
    cast, settings, action
):
    # A token from before the requirement was turned on.
    token = AuthToken.objects.create(user=cast["reviewer"])[1]
    entry = cast.entry(WorkflowState.SUBMITTED)
    settings.TWO_FACTOR_REQUIRED_FOR_REVIEWERS = True

    response = api_step(token_client(token), entry, action)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Your role needs two-factor sign-in for review decisions: set it up at "
        "/accounts/security/, then sign in with a code (API clients: sign in again sending "
        "otp_token, for a new token).",
        "code": "two_factor_required",
    }
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED


def test_it_takes_api_decisions_with_a_token_issued_for_a_code(cast, required):
    reviewer = cast["reviewer"]
    device = AuthenticatorFactory(user=reviewer)
    entry = cast.entry(WorkflowState.SUBMITTED)
    signed_in = APIClient().post(
        "/api/v1/auth/login/",
        {"username": reviewer.username, "password": PASSWORD, "otp_token": current_code(device)},
        format="json",
    )

    response = api_step(token_client(signed_in.json()["token"]), entry, "approve")

    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.APPROVED


def test_it_lets_a_reviewer_take_a_contributors_step_with_a_token_without_two_factor(
    cast, required
):
    token = AuthToken.objects.create(user=cast["reviewer_author"])[1]
    entry = cast.entry(WorkflowState.DRAFT)

    response = api_step(token_client(token), entry, "submit", comment="")

    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.SUBMITTED


def test_it_takes_api_decisions_from_a_verified_reviewer_session(client, cast, required):
    reviewer = cast["reviewer"]
    device = AuthenticatorFactory(user=reviewer)
    entry = cast.entry(WorkflowState.SUBMITTED)
    client.force_login(reviewer)
    verify_session(client, device)

    response = client.post(
        f"/api/v1/entries/{entry.pk}/transition/",
        {"action": "approve", "revision": entry.revision, "comment": "Fine."},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert entry.workflow_state == WorkflowState.APPROVED
