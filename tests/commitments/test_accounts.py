import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_logs_a_user_in_with_the_apps_own_layout(client, django_user_model):
    django_user_model.objects.create_user("monitor", password="a-long-passphrase")

    page = client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": "monitor", "password": "a-long-passphrase"}, follow=True
    )

    assert b"Commitment Tracker" in page.content and b"Forgotten your password?" in page.content
    assert response.context["user"].username == "monitor"


def test_it_refuses_a_wrong_password_with_a_message(client, django_user_model):
    django_user_model.objects.create_user("monitor", password="a-long-passphrase")

    response = client.post(reverse("login"), {"username": "monitor", "password": "wrong"})

    assert not response.context["user"].is_authenticated
    assert b"Please enter a correct username and password" in response.content


def test_it_mails_a_password_reset_link(client, django_user_model):
    django_user_model.objects.create_user("monitor", "monitor@example.org", "a-long-passphrase")

    client.post(reverse("password_reset"), {"email": "monitor@example.org"})

    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
