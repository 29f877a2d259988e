"""
Organizations run by their coordinators: invitations (sent, accepted, expired, withdrawn,
reused), roles and who may change them, removing members, leaving, and the history of it all.
"""

import datetime
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from states.choices import MembershipRole
from states.models import Invitation, Membership, ProgressEntry
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-demo-passphrase"
AUTH = 4  # the session, the user, the user's own and group permissions (tests/states)


@pytest.fixture
def organization():
    return OrganizationFactory(name="Coast Migrant Rights Forum")


@pytest.fixture
def coordinator(organization):
    user = UserFactory(username="amina", first_name="Amina", last_name="Otieno")
    Membership.objects.create(user=user, organization=organization, role=MembershipRole.COORDINATOR)
    return user


@pytest.fixture
def member(organization):
    return UserFactory(username="baraka", role="Contributors", organizations=[organization])


def invite(client, organization, email="new.person@example.org", role="member"):
    return client.post(
        reverse("states:organization_invite", args=[organization.slug]),
        {"email": email, "role": role},
    )


def link_in(message) -> str:
    return re.search(r"http://\S+/organizations/invitations/\S+/", message.body)[0]


def path_of(url: str) -> str:
    return url.split("8000", 1)[1] if "8000" in url else url


# --- sending -----------------------------------------------------------------------------


def test_it_sends_an_invitation_with_a_link(
    client, organization, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organization)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.person@example.org",
        "member",
        coordinator,
    )
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert (
        message.subject == "[Commitment Tracker] You are invited to join Coast Migrant Rights Forum"
    )
    assert "Amina Otieno invites you to join Coast Migrant Rights Forum" in message.body
    assert link_in(message).endswith(invitation.get_absolute_url())


def test_it_says_the_same_whether_or_not_the_address_has_an_account(
    client, organization, coordinator
):
    UserFactory(username="ownerofknown", email="known@example.org")
    client.force_login(coordinator)

    known = client.post(
        reverse("states:organization_invite", args=[organization.slug]),
        {"email": "known@example.org", "role": "member"},
        follow=True,
    )
    unknown = client.post(
        reverse("states:organization_invite", args=[organization.slug]),
        {"email": "unknown@example.org", "role": "member"},
        follow=True,
    )

    said = [str(m) for r in (known, unknown) for m in r.context["messages"]]
    assert said[0].replace("known@", "X@") == said[1].replace("unknown@", "X@")
    assert b"ownerofknown" not in known.content


def test_it_refuses_an_invitation_from_a_member(client, organization, coordinator, member):
    client.force_login(member)

    response = invite(client, organization)

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_it_hides_an_organization_from_another_organizations_coordinator(
    client, organization, coordinator, member
):
    other = OrganizationFactory()
    outsider = UserFactory()
    Membership.objects.create(user=outsider, organization=other, role=MembershipRole.COORDINATOR)
    client.force_login(outsider)
    membership = Membership.objects.get(user=member)

    responses = [
        client.get(organization.get_absolute_url()),
        invite(client, organization),
        client.post(
            reverse("states:member_role", args=[organization.slug, membership.pk]),
            {"role": "coordinator"},
        ),
        client.post(reverse("states:member_remove", args=[organization.slug, membership.pk])),
        # The member's row asked for through the coordinator's own organization.
        client.post(reverse("states:member_remove", args=[other.slug, membership.pk])),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404, 404]
    membership.refresh_from_db()
    assert membership.role == "member"
    assert not Invitation.objects.exists()


def test_it_limits_invitations_per_hour(client, organization, coordinator, settings):
    settings.INVITATIONS_PER_HOUR = 2
    client.force_login(coordinator)
    invite(client, organization, "one@example.org")
    invite(client, organization, "two@example.org")

    response = invite(client, organization, "three@example.org")

    assert response.status_code == 400
    assert (
        "You have sent 2 invitations in the last hour: wait a while." in response.content.decode()
    )
    assert Invitation.objects.count() == 2


def test_it_refuses_to_invite_a_member_already(client, organization, coordinator, member):
    client.force_login(coordinator)

    response = invite(client, organization, member.email.upper())

    assert response.status_code == 400
    assert f"{member.email.upper()} is a member already." in response.content.decode()


def test_it_refuses_a_malformed_address_in_words(client, organization, coordinator):
    client.force_login(coordinator)

    response = invite(client, organization, "not an address")

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


# --- accepting ---------------------------------------------------------------------------


def sent(organization, coordinator, email="new.person@example.org", role="member"):
    return organization.invite(coordinator, email, role)


def test_it_makes_an_account_for_a_new_person_who_then_can_record(
    client, organization, coordinator
):
    invitation = sent(organization, coordinator)

    response = client.post(
        invitation.get_absolute_url(),
        {
            "first_name": "Wanjiru",
            "last_name": "Kamau",
            "username": "wanjiru",
            "password1": "a-fresh-long-passphrase",
            "password2": "a-fresh-long-passphrase",
        },
    )

    assert response.status_code == 302
    assert response.url == organization.get_absolute_url()
    user = get_user_model().objects.get(username="wanjiru")
    assert (user.email, user.get_full_name()) == ("new.person@example.org", "Wanjiru Kamau")
    assert user.check_password("a-fresh-long-passphrase")
    assert user.has_perm("states.add_progressentry")
    assert Membership.objects.get(user=user).role == "member"
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_it_lets_a_signed_in_person_join_with_their_account(client, organization, coordinator):
    someone = UserFactory(username="existing")
    invitation = sent(organization, coordinator, someone.email, role="coordinator")
    client.force_login(someone)

    page = client.get(invitation.get_absolute_url())
    response = client.post(invitation.get_absolute_url())

    assert "Join as existing" in page.content.decode()
    assert response.status_code == 302
    assert Membership.objects.get(user=someone).role == "coordinator"


def test_it_asks_an_existing_account_to_sign_in(client, organization, coordinator):
    someone = UserFactory(username="existing")
    invitation = sent(organization, coordinator, someone.email)

    page = client.get(invitation.get_absolute_url())
    response = client.post(invitation.get_absolute_url(), {"username": "x"})

    assert "An account already uses this e-mail address." in page.content.decode()
    assert "form" not in page.context or page.context.get("form") is None
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Membership.objects.filter(user=someone).exists()


def test_it_refuses_a_used_link(client, organization, coordinator):
    invitation = sent(organization, coordinator)
    invitation.accept(UserFactory())

    page = client.get(invitation.get_absolute_url())
    again = client.post(invitation.get_absolute_url(), {"username": "second"})

    assert page.status_code == again.status_code == 410
    assert "This invitation was used already: each link works once." in page.content.decode()
    assert not get_user_model().objects.filter(username="second").exists()


def test_it_refuses_an_expired_link(client, organization, coordinator):
    invitation = sent(organization, coordinator)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires=timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    )

    page = client.get(invitation.get_absolute_url())

    assert page.status_code == 410
    assert "This invitation expired on 1 March 2026." in page.content.decode()


def test_it_refuses_a_withdrawn_link(client, organization, coordinator):
    invitation = sent(organization, coordinator)
    client.force_login(coordinator)

    client.post(reverse("states:invitation_withdraw", args=[organization.slug, invitation.pk]))
    client.logout()
    page = client.get(invitation.get_absolute_url())

    assert page.status_code == 410
    assert "This invitation was withdrawn." in page.content.decode()


def test_it_refuses_a_damaged_link(client, organization, coordinator):
    invitation = sent(organization, coordinator)

    page = client.get(invitation.get_absolute_url()[:-6] + "xxxxx/")

    assert page.status_code == 410
    assert "This invitation link is not valid" in page.content.decode()


def test_it_replaces_a_pending_invitation_to_the_same_address(organization, coordinator):
    first = sent(organization, coordinator)
    second = sent(organization, coordinator, "NEW.person@example.org")

    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert list(Invitation.objects.pending()) == [second]


def test_it_lets_a_member_not_withdraw(client, organization, coordinator, member):
    invitation = sent(organization, coordinator)
    client.force_login(member)

    response = client.post(
        reverse("states:invitation_withdraw", args=[organization.slug, invitation.pk])
    )

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


# --- roles, removal, leaving -------------------------------------------------------------


def test_it_changes_a_role_as_a_coordinator(client, organization, coordinator, member):
    membership = Membership.objects.get(user=member)
    client.force_login(coordinator)

    response = client.post(
        reverse("states:member_role", args=[organization.slug, membership.pk]),
        {"role": "coordinator"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "coordinator"
    record = membership.history.first()
    assert (record.history_user, record.history_change_reason) == (coordinator, "role changed")


def test_it_refuses_a_role_change_from_a_member(client, organization, coordinator, member):
    own = Membership.objects.get(user=member)
    client.force_login(member)

    response = client.post(
        reverse("states:member_role", args=[organization.slug, own.pk]), {"role": "coordinator"}
    )

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == "member"


def test_it_keeps_the_last_coordinator(client, organization, coordinator):
    own = Membership.objects.get(user=coordinator)
    client.force_login(coordinator)

    response = client.post(
        reverse("states:member_role", args=[organization.slug, own.pk]),
        {"role": "member"},
        follow=True,
    )
    leave = client.post(reverse("states:organization_leave", args=[organization.slug]), follow=True)

    own.refresh_from_db()
    assert own.role == "coordinator"
    assert "An organization keeps at least one coordinator" in response.content.decode()
    assert "You are its only coordinator" in leave.content.decode()


def test_it_removes_a_member_and_keeps_their_entries(client, organization, coordinator, member):
    entry = ProgressEntryFactory(organization=organization, created_by=member)
    client.force_login(coordinator)

    response = client.post(
        reverse(
            "states:member_remove",
            args=[organization.slug, Membership.objects.get(user=member).pk],
        ),
        follow=True,
    )

    assert "Their entries stay, under their name." in response.content.decode()
    assert not Membership.objects.filter(user=member).exists()
    assert ProgressEntry.objects.get(pk=entry.pk).created_by == member
    record = Membership.history.filter(user=member).first()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "-",
        coordinator,
        "removed",
    )
    assert not ProgressEntry.objects.filter(pk=entry.pk).restrict(member).exists()


def test_it_lets_a_member_leave(client, organization, coordinator, member):
    client.force_login(member)

    response = client.post(
        reverse("states:organization_leave", args=[organization.slug]), follow=True
    )

    assert f"You left {organization.name}." in response.content.decode()
    assert not Membership.objects.filter(user=member).exists()
    assert Membership.history.filter(user=member).first().history_change_reason == "left"
    assert client.get(organization.get_absolute_url()).status_code == 404


def test_it_shows_the_history_in_words(client, organization, coordinator, member):
    invitation = sent(organization, coordinator)
    newcomer = UserFactory(username="newcomer", first_name="Neema", last_name="Ali")
    invitation.accept(newcomer)
    Membership.objects.get(user=member).change_role(coordinator, "coordinator")
    client.force_login(coordinator)

    page = client.get(organization.get_absolute_url()).content.decode()

    for words in (
        "Amina Otieno invited new.person@example.org as member",
        "new.person@example.org accepted the invitation",
        "Neema Ali joined as member",
        "Amina Otieno made baraka a coordinator",
    ):
        assert words in page


def test_it_shows_a_member_the_members_without_the_tools(client, organization, coordinator, member):
    client.force_login(member)

    page = client.get(organization.get_absolute_url())

    assert page.status_code == 200
    assert "Amina Otieno" in page.content.decode()
    assert "invite-form" not in page.content.decode()
    assert coordinator.email not in page.content.decode()


# --- what the pages cost -----------------------------------------------------------------


def test_it_shows_the_organization_page_in_constant_queries(
    client, organization, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    # AUTH + the organization + the user's membership + the members + the invitations
    # waiting + two for the history (memberships', invitations').
    limit = AUTH + 6

    def grow(count):
        for _ in range(count):
            user = UserFactory()
            organization.join(user, "member", by=coordinator)
            sent(organization, coordinator, f"{user.username}.new@example.org")

    grow(1)
    with django_assert_num_queries(limit):
        client.get(organization.get_absolute_url())
    grow(8)
    with django_assert_num_queries(limit):
        response = client.get(organization.get_absolute_url())
    assert response.status_code == 200


def test_it_lists_your_organizations_in_constant_queries(
    client, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    for _ in range(5):
        OrganizationFactory().join(coordinator, "member")

    # AUTH + the memberships with their organizations.
    with django_assert_num_queries(AUTH + 1):
        response = client.get(reverse("states:organization_list"))
    assert len(response.context["memberships"]) == 6


def test_it_makes_the_site_administrators_among_members_their_coordinators():
    migration = import_module("states.migrations.0018_coordinators_from_administrators")
    organization = OrganizationFactory()
    administrator = UserFactory(role="Administrators", organizations=[organization])
    superuser = UserFactory(is_superuser=True, organizations=[organization])
    contributor = UserFactory(role="Contributors", organizations=[organization])

    migration.map_roles(apps, None)

    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        administrator.username: "coordinator",
        superuser.username: "coordinator",
        contributor.username: "member",
    }


def test_it_shows_an_invitation_page_in_constant_queries(
    client, organization, coordinator, django_assert_num_queries
):
    invitation = sent(organization, coordinator)

    # The invitation with its organization and inviter, whether an account has the address.
    with django_assert_num_queries(2):
        response = client.get(invitation.get_absolute_url())
    assert response.status_code == 200
