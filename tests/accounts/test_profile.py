"""
People manage themselves: name and time zone, a new e-mail address confirmed by a link (one
use, expiring, never telling who owns an address), their sessions and API tokens ended.
"""

import re
import time
import zoneinfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from accounts.models import Preferences, Profile, SignedInSession
from tests.factories.states import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(user, agent="Firefox on a laptop"):
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def confirm_link(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/accounts/profile/email/\S+/)", message.body)[1]


def test_it_saves_the_name_and_time_zone_and_shows_times_in_it(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Wanjiru", "last_name": "Kamau", "time_zone": "Africa/Nairobi"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.get_full_name() == "Wanjiru Kamau"
    assert Profile.objects.get(user=user).time_zone == "Africa/Nairobi"
    assert client.session["accounts:time_zone"] == "Africa/Nairobi"
    signed_in_at = SignedInSession.objects.get(user=user).created
    page = client.get(reverse("accounts:sessions")).content.decode()
    nairobi = signed_in_at.astimezone(zoneinfo.ZoneInfo("Africa/Nairobi"))
    assert f"{nairobi:%H:%M}" in page
    assert f"{signed_in_at:%H:%M}" not in page


def test_it_keeps_the_language_chosen_in_the_profile_and_reads_the_next_page_in_it(client, user):
    client.force_login(user)
    profile = reverse("accounts:profile")

    response = client.post(profile, {"first_name": "W", "language": "fr"})

    assert response.status_code == 302
    assert Preferences.objects.get(user=user).language == "fr"
    page = client.get(profile).content.decode()
    assert '<html lang="fr"' in page
    assert '<option value="fr" selected>Français</option>' in page

    client.post(profile, {"first_name": "W", "language": ""})

    assert Preferences.objects.get(user=user).language == ""
    assert '<html lang="en"' in client.get(profile).content.decode()


def test_it_refuses_a_language_it_has_no_catalog_for(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"first_name": "W", "language": "xx"})

    assert response.status_code == 400
    assert not Preferences.objects.exists()


def test_it_refuses_an_unknown_time_zone_in_words(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"), {"first_name": "W", "time_zone": "Mars/Olympus"}
    )

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Profile.objects.exists()


def test_it_changes_the_address_once_the_link_is_followed(
    client, user, django_capture_on_commit_callbacks
):
    client.force_login(user)
    old = user.email

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:profile"), {"email": "new@example.org"}, follow=True
        )

    assert "We sent a link to new@example.org." in response.content.decode()
    user.refresh_from_db()
    assert user.email == old
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    link = confirm_link(message)

    looked = client.get(link)
    user.refresh_from_db()
    assert looked.status_code == 200 and user.email == old  # a look changes nothing
    client.post(link)
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert mail.outbox[-1].to == [old]  # the old address is told

    again = client.post(link)
    assert again.status_code == 410
    assert "This link was used already" in again.content.decode()


def test_it_answers_the_same_for_an_address_in_use_and_tells_only_its_owner(
    client, user, django_capture_on_commit_callbacks
):
    UserFactory(username="owner", email="taken@example.org")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(
            reverse("accounts:profile"), {"email": "taken@example.org"}, follow=True
        )
        free = client.post(reverse("accounts:profile"), {"email": "free@example.org"}, follow=True)

    said = [str(m) for r in (taken, free) for m in r.context["messages"]]
    assert said[0].replace("taken@", "X@") == said[1].replace("free@", "X@")
    to_owner = mail.outbox[0]
    assert to_owner.to == ["taken@example.org"]
    assert "It already belongs to an account there, so nothing was changed." in to_owner.body
    assert "/accounts/profile/email/" not in to_owner.body


def test_it_refuses_an_expired_link(client, user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_CHANGE_DAYS = 0
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:profile"), {"email": "late@example.org"})
    link = confirm_link(mail.outbox[0])

    time.sleep(1.1)
    response = client.post(link)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_it_lists_sessions_and_ends_another(user):
    laptop = signed_in(user, "Firefox on a laptop")
    phone = signed_in(user, "Safari on a phone")

    page = laptop.get(reverse("accounts:sessions"))
    assert [s.user_agent for s in page.context["sessions"]] == [
        "Safari on a phone",
        "Firefox on a laptop",
    ]
    phone_session = SignedInSession.objects.get(user_agent="Safari on a phone")

    laptop.post(reverse("accounts:session_end", args=[phone_session.pk]))

    assert phone.get(reverse("accounts:sessions")).status_code == 302  # signed out
    assert laptop.get(reverse("accounts:sessions")).status_code == 200


def test_it_ends_every_other_session(user):
    laptop = signed_in(user)
    others = [signed_in(user, f"Browser {n}") for n in range(2)]

    laptop.post(reverse("accounts:other_sessions_end"))

    assert [c.get(reverse("accounts:sessions")).status_code for c in others] == [302, 302]
    assert SignedInSession.objects.filter(user=user).count() == 1


def test_it_never_ends_someone_elses_session(user):
    other = UserFactory()
    theirs = signed_in(other)
    mine = signed_in(user)
    session = SignedInSession.objects.get(user=other)

    response = mine.post(reverse("accounts:session_end", args=[session.pk]))

    assert response.status_code == 404
    assert theirs.get(reverse("accounts:sessions")).status_code == 200


def test_it_lists_and_revokes_api_tokens(client, user):
    token, _ = AuthToken.objects.create(user=user)
    others, _ = AuthToken.objects.create(user=UserFactory())
    client.force_login(user)

    page = client.get(reverse("accounts:sessions"))
    refused = client.post(reverse("accounts:token_revoke", args=[others.token_key]))
    client.post(reverse("accounts:token_revoke", args=[token.token_key]))

    assert [t.token_key for t in page.context["tokens"]] == [token.token_key]
    assert refused.status_code == 404
    assert list(AuthToken.objects.values_list("user", flat=True)) == [others.user_id]


def test_it_shows_the_sessions_page_in_constant_queries(user, django_assert_num_queries):
    client = signed_in(user)
    for n in range(4):
        signed_in(user, f"Browser {n}")
        AuthToken.objects.create(user=user)
    client.get(reverse("accounts:sessions"))

    # The session, the user, the live sessions, the tokens, the user's own and group
    # permissions (the navigation).
    with django_assert_num_queries(6):
        response = client.get(reverse("accounts:sessions"))
    assert len(response.context["sessions"]) == 5
    assert len(response.context["tokens"]) == 4


def test_it_shows_the_profile_page_in_constant_queries(client, user, django_assert_num_queries):
    client.force_login(user)

    # The session, the user, the time zone, the language, the user's own and group permissions
    # (the navigation).
    with django_assert_num_queries(6):
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
