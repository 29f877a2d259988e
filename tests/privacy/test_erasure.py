"""Erasing an account: the person is gone from it, the organization's record is not."""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from commitments.models import DeadlineSubscription
from jobs.models import Job
from privacy.models import ErasureRecord
from privacy.personal_data import ErasureRefused, erase_user, export_personal_data
from states.models import Evidence, Membership, ProgressEntry
from tests.factories.states import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
ERASE_URL = reverse("privacy:erase")
PAGE_URL = reverse("privacy:personal_data")


def trail():
    """Every row of the audit trail, with who it names, to compare before and after."""
    return {
        "entries": sorted(ProgressEntry.objects.values_list("pk", "created_by", "decided_by")),
        "evidence": sorted(Evidence.objects.values_list("pk", "added_by")),
        "entry history": sorted(
            ProgressEntry.history.values_list("history_id", "history_user", "summary")
        ),
        "evidence history": sorted(Evidence.history.values_list("history_id", "history_user")),
    }


def test_it_anonymizes_the_account_and_keeps_entries_evidence_and_history(alice, bob, superuser):
    before = trail()
    history_of_alice = ProgressEntry.history.filter(history_user=alice).count()

    erase_user(alice, by=superuser)

    alice.refresh_from_db()
    assert alice.username == f"deleted-user-{alice.pk}"
    assert (alice.first_name, alice.last_name, alice.email) == ("", "", "")
    assert not alice.has_usable_password()
    assert not alice.is_active and not alice.is_staff and not alice.is_superuser
    assert alice.last_login is None
    assert trail() == before
    assert ProgressEntry.history.filter(history_user_id=alice.pk).count() == history_of_alice == 3
    assert ProgressEntry.objects.get(created_by=alice).history.earliest().history_user == alice


def test_it_removes_tokens_memberships_subscriptions_roles_and_sessions(alice, bob, superuser):
    Client().force_login(alice)
    Client().force_login(bob)
    assert Session.objects.count() == 2

    erase_user(alice, by=superuser)

    assert not AuthToken.objects.filter(user=alice).exists()
    assert not Membership.objects.filter(user=alice).exists()
    assert not DeadlineSubscription.objects.filter(user=alice).exists()
    assert not alice.groups.exists()
    assert [s.get_decoded()["_auth_user_id"] for s in Session.objects.all()] == [str(bob.pk)]
    # Bob's own rows are untouched; Alice's job stays with the anonymous account.
    assert AuthToken.objects.filter(user=bob).count() == 1
    assert Membership.objects.filter(user=bob).count() == 1
    assert Job.objects.filter(created_by=alice).count() == 1


def test_it_records_who_erased_the_account_and_how_much_went(alice, superuser):
    erase_user(alice, by=superuser, channel=ErasureRecord.Channel.ADMIN)

    record = ErasureRecord.objects.get()
    assert (record.user, record.erased_by, record.channel) == (alice, superuser, "admin")
    assert record.removed["knox.AuthToken.user"] == 1
    assert record.removed["states.Membership.user"] == 1
    assert record.removed["commitments.DeadlineSubscription.user"] == 1
    assert "alice" not in str(record.removed) and "alice" not in str(record)


def test_it_forgets_sign_ins_and_keeps_failed_attempts_under_the_new_name(alice, superuser):
    AccessLog.objects.create(username="alice", ip_address="192.0.2.10", user_agent="Firefox")
    AccessAttempt.objects.create(
        username="alice", ip_address="192.0.2.10", user_agent="x", failures_since_start=2
    )
    AccessFailureLog.objects.create(username="alice", ip_address="203.0.113.66", user_agent="x")

    erase_user(alice, by=superuser)

    assert not AccessLog.objects.filter(username="alice").exists()
    assert not AccessAttempt.objects.exists()
    assert list(AccessFailureLog.objects.values_list("username", flat=True)) == [
        f"deleted-user-{alice.pk}"
    ]


def test_it_renames_the_account_in_the_admin_log(alice, superuser):
    LogEntry.objects.log_actions(
        superuser.pk, [alice], CHANGE, change_message="Changed email.", single_object=True
    )
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(User))
    assert entry.object_repr == "alice"

    erase_user(alice, by=superuser)

    entry.refresh_from_db()
    assert entry.object_repr == f"deleted-user-{alice.pk}"


def test_it_refuses_to_erase_the_last_active_superuser(superuser):
    UserFactory(username="retired", is_superuser=True, is_active=False)

    with pytest.raises(ErasureRefused, match="last active superuser"):
        erase_user(superuser, by=superuser)

    superuser.refresh_from_db()
    assert superuser.username == "root" and superuser.is_active
    assert not ErasureRecord.objects.exists()


def test_it_erases_a_superuser_when_another_one_remains(superuser):
    deputy = UserFactory(username="deputy", is_superuser=True)

    erase_user(superuser, by=deputy)

    superuser.refresh_from_db()
    assert not superuser.is_active and not superuser.is_superuser
    with pytest.raises(ErasureRefused, match="last active superuser"):
        erase_user(deputy, by=deputy)


def test_it_refuses_to_erase_an_account_twice(alice, superuser):
    erase_user(alice, by=superuser)

    with pytest.raises(ErasureRefused, match="already erased"):
        erase_user(alice, by=superuser)
    assert ErasureRecord.objects.count() == 1


def test_it_lets_only_account_administrators_erase_someone_else(
    alice, bob, reviewer, account_admin, user_viewer, superuser
):
    for outsider in (bob, reviewer, user_viewer):
        with pytest.raises(PermissionDenied):
            erase_user(alice, by=outsider)
    with pytest.raises(PermissionDenied):
        erase_user(superuser, by=account_admin)  # only a superuser may erase a superuser
    alice.refresh_from_db()
    assert alice.username == "alice"

    erase_user(alice, by=account_admin)

    assert ErasureRecord.objects.get().erased_by == account_admin


def test_it_erases_my_account_signs_me_out_and_i_cannot_sign_in_again(client, alice):
    elsewhere = Client()
    elsewhere.force_login(alice)
    client.force_login(alice)

    response = client.post(ERASE_URL, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[0] == (reverse("home"), 302)
    assert not response.context["user"].is_authenticated
    assert "Your account was erased" in response.content.decode()
    assert ErasureRecord.objects.get().channel == "page"
    assert ErasureRecord.objects.get().erased_by == alice
    for browser in (client, elsewhere):
        assert browser.get(PAGE_URL).status_code == 302  # to the login page
    signed_in = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert signed_in.status_code == 200  # the form again, with its error
    api = client.post(
        "/api/v1/auth/login/",
        {"username": f"deleted-user-{alice.pk}", "password": PASSWORD},
        content_type="application/json",
    )
    assert api.status_code == 400


def test_it_keeps_the_account_on_a_wrong_password(client, alice):
    client.force_login(alice)

    response = client.post(ERASE_URL, {"password": "not my password"})

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    alice.refresh_from_db()
    assert alice.username == "alice" and alice.is_active
    assert client.get(PAGE_URL).status_code == 200  # still signed in
    assert not ErasureRecord.objects.exists()


def test_it_counts_wrong_passwords_towards_the_sign_in_lockout(client, alice):
    client.force_login(alice)
    for _ in range(4):
        assert client.post(ERASE_URL, {"password": "guess"}).status_code == 200

    response = client.post(ERASE_URL, {"password": "guess"})
    after = client.post(ERASE_URL, {"password": PASSWORD})

    assert response.status_code == after.status_code == 429
    alice.refresh_from_db()
    assert alice.is_active


def test_it_refuses_a_deletion_post_without_a_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(ERASE_URL, {"password": PASSWORD})

    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.is_active and alice.username == "alice"


def test_it_erases_only_on_post(client, alice):
    client.force_login(alice)

    assert client.get(ERASE_URL).status_code == 405
    alice.refresh_from_db()
    assert alice.is_active


def test_it_sends_anonymous_erasure_requests_to_the_login_page(client, alice):
    response = client.post(ERASE_URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not ErasureRecord.objects.exists()


def test_it_says_why_the_last_superuser_cannot_erase_their_account(client, superuser):
    client.force_login(superuser)

    response = client.post(ERASE_URL, {"password": PASSWORD})

    assert response.status_code == 200
    assert "last active superuser" in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.is_active


def test_it_erases_from_the_command_line_as_an_administrator(alice, superuser, capsys):
    call_command("erase_user", "alice", "--by", "root", "--noinput")

    alice.refresh_from_db()
    assert alice.username == f"deleted-user-{alice.pk}"
    record = ErasureRecord.objects.get()
    assert (record.erased_by, record.channel) == (superuser, "command")
    assert f"now deleted-user-{alice.pk}" in capsys.readouterr().out


def test_it_refuses_command_line_erasures_the_rules_forbid(alice, bob, superuser):
    with pytest.raises(CommandError, match="bob may not erase alice"):
        call_command("erase_user", "alice", "--by", "bob", "--noinput")
    with pytest.raises(CommandError, match="last active superuser"):
        call_command("erase_user", "root", "--by", "root", "--noinput")
    with pytest.raises(CommandError, match="No user is named 'carol'"):
        call_command("erase_user", "alice", "--by", "carol", "--noinput")
    assert not ErasureRecord.objects.exists()


def test_it_asks_before_erasing_from_the_command_line(alice, superuser, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was erased"):
        call_command("erase_user", "alice", "--by", "root")

    assert not ErasureRecord.objects.exists()


@pytest.mark.skipif(
    not apps.is_installed("django_otp.plugins.otp_totp"), reason="two-factor sign-in not installed"
)
def test_it_exports_two_factor_devices_without_secrets_and_erases_them(alice, superuser):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    authenticator = TOTPDevice.objects.create(user=alice, name="Phone", confirmed=True)
    codes = StaticDevice.objects.create(user=alice, name="Recovery codes")
    codes.token_set.create(token="recovery1")

    exported = export_personal_data(alice)["two_factor_devices"]
    erase_user(alice, by=superuser)

    assert sorted(device["name"] for device in exported) == ["Phone", "Recovery codes"]
    assert authenticator.key not in json.dumps(exported) and "recovery1" not in json.dumps(exported)
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    assert ErasureRecord.objects.get().removed["otp_totp.TOTPDevice.user"] == 1
