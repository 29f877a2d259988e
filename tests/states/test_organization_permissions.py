"""
Who may see an organization's page and change its people: the permission matrix of
tests/permissions.py, with the reporting organization's author as its coordinator.
"""

import pytest
from django.urls import reverse

from states.choices import MembershipRole
from states.models import Invitation, Membership
from tests.factories.states import UserFactory
from tests.permissions import (
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Cast,
    check_matrix,
    row,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    cast = Cast()
    Membership.objects.filter(user=cast["reviewer_author"]).update(role=MembershipRole.COORDINATOR)
    return cast


def test_it_shows_the_organization_page_to_its_members_only(client, cast):
    check_matrix(
        client,
        cast,
        send=lambda client, _: client.get(cast.organization.get_absolute_url()),
        expected=row(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
    )


def test_it_lets_only_the_coordinator_invite(client, cast):
    url = reverse("states:organization_invite", args=[cast.organization.slug])

    check_matrix(
        client,
        cast,
        send=lambda client, _: client.post(url, {"email": "new@example.org", "role": "member"}),
        expected=row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND),
    )
    assert list(Invitation.objects.pending().values_list("invited_by", flat=True)) == [
        cast["reviewer_author"].pk
    ]


def test_it_lets_only_the_coordinator_change_a_role(client, cast):
    def send(client, _):
        newcomer = UserFactory()
        membership = Membership.objects.create(user=newcomer, organization=cast.organization)
        url = reverse("states:member_role", args=[cast.organization.slug, membership.pk])
        response = client.post(url, {"role": "coordinator"})
        membership.refresh_from_db()
        changed = membership.role == MembershipRole.COORDINATOR
        allowed = response.status_code == 302 and "/login/" not in response.url
        assert changed == allowed, "changed exactly when allowed"
        return response

    check_matrix(
        client,
        cast,
        send=send,
        expected=row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND),
    )
