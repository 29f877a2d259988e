"""A coordinator invites a new contributor by e-mail; they accept, make an account and record."""

import re

import pytest
from django.core import mail

from commitments.ingest import import_resolution
from states.choices import MembershipRole
from states.models import Membership, ProgressEntry, State
from tests.browser.conftest import TIMEOUT_MS
from tests.factories.states import OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's
SUMMARY = "The county opened a shelter for survivors in Mombasa."


@pytest.fixture
def second_tab(browser, live_server):
    """The invitee's own browser: nobody signed in there."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_it_walks_an_invitation_from_the_coordinator_to_a_first_entry(
    page, second_tab, log_in, screenshot, seed_texts
):
    resolution = import_resolution(seed_texts["001_c9802155344288f5.txt"]).resolution
    commitment = resolution.commitments.get(paragraph__number="16", paragraph__sub="")
    organization = OrganizationFactory(name="Coast Migrant Rights Forum")
    amina = UserFactory(username="amina", first_name="Amina", last_name="Otieno")
    Membership.objects.create(
        user=amina, organization=organization, role=MembershipRole.COORDINATOR
    )

    # The coordinator finds the organization from the account menu and invites by e-mail.
    log_in(page, "amina", PASSWORD)
    page.get_by_text("Account", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Your organizations").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Coast Migrant Rights Forum").click()
    page.get_by_label("E-mail address").fill("wanjiru@example.org")
    page.get_by_label("Role", exact=True).select_option(label="Member")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitation").click()
    assert "An invitation was sent to wanjiru@example.org." in page.inner_text("main")
    assert "wanjiru@example.org" in page.locator("#invitations").inner_text()
    screenshot(page, "1-invited")

    # The invitee follows the link from the e-mail, makes an account and joins.
    [message] = mail.outbox
    link = re.search(r"http://\S+(/organizations/invitations/\S+/)", message.body)[1]
    second_tab.goto(link)
    assert "Join Coast Migrant Rights Forum" in second_tab.inner_text("main")
    second_tab.get_by_label("First name").fill("Wanjiru")
    second_tab.get_by_label("Last name").fill("Kamau")
    second_tab.get_by_label("User name").fill("wanjiru")
    second_tab.get_by_label("Password", exact=True).fill("a-fresh-long-passphrase")
    second_tab.get_by_label("Password again").fill("a-fresh-long-passphrase")
    screenshot(second_tab, "2-joining")
    with second_tab.expect_navigation():
        second_tab.get_by_role("button", name="Make my account and join").click()
    assert "Welcome to Coast Migrant Rights Forum" in second_tab.inner_text("main")

    # The same link does not work twice.
    third = second_tab.context.browser.new_page(base_url=second_tab.url.split("/organizations")[0])
    third.goto(link)
    assert "This invitation was used already" in third.inner_text("main")
    third.close()

    # The new contributor records progress from the commitment's page.
    second_tab.goto(commitment.get_absolute_url())
    with second_tab.expect_navigation():
        second_tab.get_by_role("link", name="Record progress").first.click()
    second_tab.get_by_role("combobox", name="State", exact=True).fill("Kenya")
    second_tab.get_by_role("listbox", name="State").get_by_role("option", name="Kenya").click()
    from playwright.sync_api import expect

    # The type-ahead writes the choice into the form's own select: wait for it, so the form is
    # not sent (and refused by the browser) before the State is chosen.
    kenya = State.objects.get(iso3="KEN")
    expect(second_tab.locator("select[name=state]")).to_have_value(str(kenya.pk))
    second_tab.get_by_label("Implementation status").select_option(label="In progress")
    second_tab.get_by_label("As of").fill("2026-11-02")
    second_tab.get_by_label("What happened").fill(SUMMARY)
    second_tab.get_by_label("Citation").first.fill("County press release, 2 November 2026")
    # The browser sends only a form it finds valid: name any field it would refuse.
    refused = second_tab.eval_on_selector(
        "form.entry-form",
        "form => [...form.elements].filter(e => e.name && !e.checkValidity()).map(e => e.name)",
    )
    assert refused == []
    # The saved entry's page, as soon as it is read (its pictures and scripts need not be).
    with second_tab.expect_navigation(wait_until="domcontentloaded"):
        second_tab.get_by_role("button", name="Save draft").click()
    assert SUMMARY in second_tab.inner_text("main")
    screenshot(second_tab, "3-first-draft")

    entry = ProgressEntry.objects.get()
    assert (entry.created_by.username, entry.organization) == ("wanjiru", organization)

    # The coordinator sees the new member and the history of it.
    page.reload()
    assert "Wanjiru Kamau" in page.locator("#members").inner_text()
    assert "wanjiru@example.org accepted the invitation" in page.locator("#changes").inner_text()
