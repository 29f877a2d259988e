"""Exporting personal data: everything about the account, nothing about anyone else."""

import json
import stat

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.core.management import CommandError, call_command
from django.urls import reverse
from knox.models import AuthToken

from privacy.personal_data import export_personal_data
from states.models import Evidence, ProgressEntry

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("privacy:export")
PAGE_URL = reverse("privacy:personal_data")


def test_it_exports_the_users_entries_evidence_and_history_and_nothing_of_another_user(
    alice, bob, reviewer
):
    data = export_personal_data(alice)

    hers = ProgressEntry.objects.get(created_by=alice)
    assert data["account"]["username"] == "alice"
    assert data["account"]["email"] == "alice@example.org"
    assert data["account"]["groups"] == ["Contributors"]
    assert [entry["id"] for entry in data["progress_entries"]] == [hers.pk]
    assert data["progress_entries"][0]["summary"] == "Alice's report on the new law, article 4"
    assert data["memberships"] == [
        {
            "organization_id": hers.organization_id,
            "organization": "Coast Rights Forum",
            "role": "member",
            "since": data["memberships"][0]["since"],
        }
    ]
    assert sorted(item["id"] for item in data["evidence"]) == sorted(
        Evidence.objects.filter(added_by=alice).values_list("pk", flat=True)
    )
    # Her history: the entry's creation, her correction and her submission; the evidence
    # she added. Bob's correction of her entry and the reviewer's decision are theirs.
    entry_changes = [r for r in data["history"] if r["model"] == "states.progressentry"]
    assert [(r["object_id"], r["change"], r["reason"]) for r in entry_changes] == [
        (hers.pk, "created", "create"),
        (hers.pk, "changed", "edit"),
        (hers.pk, "changed", "submit"),
    ]
    assert {r["object_id"] for r in data["history"] if r["model"] == "states.evidence"} == set(
        Evidence.objects.filter(added_by=alice).values_list("pk", flat=True)
    )
    assert len(data["reminder_subscriptions"]) == 1
    assert [job["title"] for job in data["jobs"]] == ["PDF progress report: Kenya"]
    text = json.dumps(data)
    for other in (bob, reviewer):
        assert other.username not in text
        assert other.email not in text
    assert "Otieno" not in text and "Bob's report" not in text


def test_it_lists_tokens_by_dates_and_never_their_secrets(alice):
    token = AuthToken.objects.get(user=alice)

    data = export_personal_data(alice)

    assert data["api_tokens"] == [
        {"created": token.created.isoformat(), "expiry": token.expiry.isoformat()}
    ]
    text = json.dumps(data)
    assert token.digest not in text
    assert token.token_key not in text


def test_it_references_evidence_files_by_id_without_embedding_them(alice):
    with_file = Evidence.objects.get(added_by=alice, description="The law as published")

    item = next(e for e in export_personal_data(alice)["evidence"] if e["id"] == with_file.pk)

    assert item["file"] == {
        "evidence_id": with_file.pk,
        "name": "gazette.pdf",
        "content_type": "application/pdf",
        "size": with_file.size,
        "sha256": with_file.sha256,
    }
    assert "%PDF" not in json.dumps(item)


def test_it_includes_the_users_sign_ins_but_not_who_else_tried_the_username(alice):
    AccessLog.objects.create(username="alice", ip_address="192.0.2.10", user_agent="Firefox")
    AccessFailureLog.objects.create(username="alice", ip_address="203.0.113.66", user_agent="x")
    AccessLog.objects.create(username="bob", ip_address="198.51.100.7", user_agent="Safari")

    data = export_personal_data(alice)

    assert [(s["ip_address"], s["user_agent"]) for s in data["sign_ins"]] == [
        ("192.0.2.10", "Firefox")
    ]
    assert len(data["failed_sign_ins"]) == 1
    assert "203.0.113.66" not in json.dumps(data)


def test_it_downloads_my_data_as_a_json_attachment(client, alice, bob):
    client.force_login(alice)

    response = client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"personal-data-{alice.pk}-" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["id"] == alice.pk
    assert "bob" not in response.content.decode()


def test_it_exports_only_the_signed_in_users_data_whatever_is_asked(client, alice, bob):
    client.force_login(bob)

    response = client.get(EXPORT_URL, {"user": alice.pk, "username": "alice"})

    assert json.loads(response.content)["account"]["username"] == "bob"
    assert "Alice" not in response.content.decode()


def test_it_lists_what_is_held_on_the_your_data_page(client, alice):
    client.force_login(alice)

    response = client.get(PAGE_URL)

    assert response.status_code == 200
    held = dict(response.context["held"])
    assert held["Progress entries you recorded"] == 1
    assert held["Evidence items you added"] == 2
    assert held["API tokens"] == 1
    assert held["Recorded changes you made"] == 5  # entry: create, edit, submit; 2 evidence
    content = response.content.decode()
    assert EXPORT_URL in content and reverse("privacy:erase") in content
    assert 'href="/privacy/"' in content  # the header menu links here


@pytest.mark.parametrize("url", [PAGE_URL, EXPORT_URL])
def test_it_sends_anonymous_visitors_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_prints_the_export_from_the_command_line(alice, capsys):
    call_command("export_personal_data", "alice")

    assert json.loads(capsys.readouterr().out)["account"]["username"] == "alice"


def test_it_writes_the_export_to_a_file_only_its_owner_can_read(alice, tmp_path):
    target = tmp_path / "alice.json"

    call_command("export_personal_data", "alice", "--output", str(target))

    assert json.loads(target.read_text())["account"]["email"] == "alice@example.org"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_it_names_an_unknown_user_on_the_command_line(db):
    with pytest.raises(CommandError, match="No user is named 'nobody'"):
        call_command("export_personal_data", "nobody")


def test_it_reports_an_output_file_it_cannot_write(alice, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_personal_data", "alice", "-o", str(tmp_path))
