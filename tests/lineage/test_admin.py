import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from commitments.models import CommitmentLink
from tests.factories.commitments import CommitmentLinkFactory
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:commitments_commitmentlink_changelist")
Status = CommitmentLink.Status


def choose(client, action, links):
    return client.post(
        CHANGELIST,
        {"action": action, "index": 0, "_selected_action": [link.pk for link in links]},
        follow=True,
    )


@pytest.mark.parametrize("role", ["Reviewers", "Administrators"])
def test_it_lets_reviewers_and_administrators_review_links(role):
    group = Group.objects.get(name=role)
    assert group.permissions.filter(
        content_type__app_label="commitments", codename="review_commitmentlink"
    ).exists()


def test_it_confirms_and_rejects_links_with_who_and_when(client):
    reviewer = UserFactory(role="Reviewers", is_staff=True)
    client.force_login(reviewer)
    kept, wrong, untouched = (
        CommitmentLinkFactory(),
        CommitmentLinkFactory(),
        CommitmentLinkFactory(),
    )

    confirmed = choose(client, "confirm_links", [kept])
    rejected = choose(client, "reject_links", [wrong])

    assert "Confirmed 1 link." in confirmed.content.decode()
    assert "Rejected 1 link." in rejected.content.decode()
    for link in (kept, wrong, untouched):
        link.refresh_from_db()
    assert (kept.status, kept.decided_by) == (Status.CONFIRMED, reviewer)
    assert (wrong.status, wrong.decided_by) == (Status.REJECTED, reviewer)
    assert kept.decided_at and wrong.decided_at
    assert (untouched.status, untouched.decided_at) == (Status.SUGGESTED, None)


def test_it_offers_the_review_actions_to_reviewers_only(client):
    link = CommitmentLinkFactory()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_commitmentlink"))
    client.force_login(viewer)

    page = client.get(CHANGELIST)
    choose(client, "confirm_links", [link])

    assert page.status_code == 200
    assert "confirm_links" not in page.content.decode()
    link.refresh_from_db()
    assert link.status == Status.SUGGESTED


def test_it_shows_the_wording_diff_on_the_link_page(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    link = CommitmentLinkFactory(
        earlier__paragraph__text="Calls upon all Governments to criminalize trafficking;",
        later__paragraph__text="Calls upon Governments to criminalize all forms of trafficking;",
    )

    page = client.get(reverse("admin:commitments_commitmentlink_change", args=[link.pk]))

    assert "<ins>all forms of</ins>" in page.content.decode()
