"""The admin's "Export personal data" and "Erase personal data" actions on users."""

import json

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse

from privacy.models import ErasureRecord
from states.models import ProgressEntry
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
CHANGELIST = reverse("admin:auth_user_changelist")


def run_action(client, action, users, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [user.pk for user in users], **extra}
    return client.post(CHANGELIST, data)


def is_export(response):
    return response.status_code == 200 and response["Content-Type"] == "application/json"


def messages_of(response):
    return [str(message) for message in response.wsgi_request._messages]


@pytest.mark.parametrize(
    ("actor", "outcome"),
    [
        ("anonymous", "login"),
        ("alice", "login"),  # not staff: the admin does not open
        ("user_viewer", "not offered"),  # may list users, not act on their data
        ("account_admin", "done"),
        ("superuser", "done"),
    ],
)
def test_it_offers_the_actions_to_account_administrators_only(client, request, actor, outcome):
    alice = request.getfixturevalue("alice")
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))

    exported = run_action(client, "export_personal_data", [alice])
    erased = run_action(client, "erase_personal_data", [alice], apply="Erase")

    alice.refresh_from_db()
    if outcome == "login":
        for response in (exported, erased):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login"))
    elif outcome == "not offered":
        assert exported.status_code == 200 and not is_export(exported)  # the list again
        assert "erase_personal_data" not in exported.content.decode()
    else:
        assert is_export(exported)
        assert json.loads(exported.content)["account"]["username"] == "alice"
    assert alice.is_active == (outcome != "done")
    assert ErasureRecord.objects.exists() == (outcome == "done")


def test_it_logs_each_export_in_the_admin_history(client, alice, bob, superuser):
    client.force_login(superuser)

    response = run_action(client, "export_personal_data", [alice, bob])

    documents = json.loads(response.content)
    assert [document["account"]["username"] for document in documents] == ["alice", "bob"]
    assert "2-users" in response["Content-Disposition"]
    logged = LogEntry.objects.filter(change_message="Exported personal data.")
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(
        [str(alice.pk), str(bob.pk)]
    )
    assert {entry.user for entry in logged} == {superuser}


def test_it_exports_a_superusers_data_to_superusers_only(client, account_admin, superuser):
    client.force_login(account_admin)

    response = run_action(client, "export_personal_data", [superuser])

    assert not is_export(response)
    assert any("only a superuser may export" in m for m in messages_of(response))


def test_it_asks_before_erasing_and_erases_on_confirmation(client, alice, superuser):
    client.force_login(superuser)

    confirmation = run_action(client, "erase_personal_data", [alice])
    alice.refresh_from_db()
    assert alice.is_active
    assert confirmation.status_code == 200
    assert "Will be erased" in confirmation.content.decode()
    assert 'name="apply"' in confirmation.content.decode()

    done = run_action(client, "erase_personal_data", [alice], apply="Erase")

    alice.refresh_from_db()
    assert done.status_code == 302
    assert alice.username == f"deleted-user-{alice.pk}" and not alice.is_active
    record = ErasureRecord.objects.get()
    assert (record.erased_by, record.channel) == (superuser, "admin")
    assert "Erased 1 account." in messages_of(done)


def test_it_skips_accounts_the_rules_refuse_and_erases_the_others(
    client, alice, account_admin, superuser
):
    client.force_login(account_admin)

    confirmation = run_action(client, "erase_personal_data", [alice, superuser])
    done = run_action(client, "erase_personal_data", [alice, superuser], apply="Erase")

    assert "Skipped: only a superuser may erase a superuser" in confirmation.content.decode()
    alice.refresh_from_db()
    superuser.refresh_from_db()
    assert not alice.is_active and superuser.is_active and superuser.username == "root"
    assert any(m.startswith("Not erased: root") for m in messages_of(done))


def test_it_skips_the_last_active_superuser_in_the_admin(client, superuser):
    client.force_login(superuser)

    confirmation = run_action(client, "erase_personal_data", [superuser])
    done = run_action(client, "erase_personal_data", [superuser], apply="Erase")

    assert "Skipped: the last active superuser" in confirmation.content.decode()
    superuser.refresh_from_db()
    assert superuser.is_active
    assert any("last active superuser" in m for m in messages_of(done))


def test_it_keeps_everything_djangos_user_admin_has(client, superuser, alice):
    model_admin = admin.site.get_model_admin(User)
    client.force_login(superuser)

    assert isinstance(model_admin, DjangoUserAdmin)
    assert model_admin.fieldsets == DjangoUserAdmin.fieldsets
    assert model_admin.add_form is DjangoUserAdmin.add_form
    assert client.get(reverse("admin:auth_user_add")).status_code == 200
    password_page = reverse("admin:auth_user_password_change", args=[alice.pk])
    assert client.get(password_page).status_code == 200
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert {name for name, _ in actions} >= {
        "delete_selected",
        "export_personal_data",
        "erase_personal_data",
    }


def test_it_refuses_to_delete_a_user_who_left_a_trail_and_deletes_one_who_did_not(
    client, organization, alice, bob, superuser
):
    """
    Carol only corrected a colleague's entry: nothing protects her row, but deleting it would
    clear her name from that change in the history. The admin refuses and points to erasure.
    """
    carol = UserFactory(username="carol", role="Contributors", organizations=[organization])
    ProgressEntry.objects.get(created_by=alice).edit(carol, summary="Article 4 of the 2024 law")
    stranger = UserFactory(username="stranger")
    client.force_login(superuser)

    refused = client.post(reverse("admin:auth_user_delete", args=[carol.pk]), {"post": "yes"})
    deleted = client.post(reverse("admin:auth_user_delete", args=[stranger.pk]), {"post": "yes"})

    assert refused.status_code == 200
    assert "1 recorded changes of progress entries" in refused.content.decode()
    assert "Erase personal data" in refused.content.decode()
    assert ProgressEntry.history.filter(history_user=carol).count() == 1
    assert deleted.status_code == 302
    assert not User.objects.filter(pk=stranger.pk).exists()


def test_it_lists_erasures_read_only(client, alice, superuser):
    from privacy.personal_data import erase_user

    erase_user(alice, by=superuser)
    client.force_login(superuser)
    record = ErasureRecord.objects.get()

    listing = client.get(reverse("admin:privacy_erasurerecord_changelist"))
    change = reverse("admin:privacy_erasurerecord_change", args=[record.pk])

    assert f"deleted-user-{alice.pk}" in listing.content.decode()
    assert client.get(change).status_code == 200
    assert client.post(change, {}).status_code == 403
    assert client.get(reverse("admin:privacy_erasurerecord_add")).status_code == 403
    assert (
        client.post(reverse("admin:privacy_erasurerecord_delete", args=[record.pk])).status_code
        == 403
    )
