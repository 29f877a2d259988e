"""One entry's life in a browser: a contributor's draft, a reviewer's approval, the state page."""

import pytest

from commitments.ingest import import_resolution
from tests.factories.states import OrganizationFactory, UserFactory
from tests.files import pdf_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's
SUMMARY = "Parliament adopted the Counter-Trafficking in Persons (Amendment) Act in March."


@pytest.fixture
def second_tab(browser, live_server):
    """Another person's browser: its own cookies, so two people can be logged in at once."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_it_walks_an_entry_from_draft_to_approval_and_shows_it_on_the_state_page(
    page, second_tab, log_in, screenshot, seed_texts, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    resolution = import_resolution(seed_texts["001_c9802155344288f5.txt"]).resolution
    commitment = resolution.commitments.get(paragraph__number="16", paragraph__sub="")
    organization = OrganizationFactory(name="Coast Migrant Rights Forum")
    UserFactory(username="monitor", role="Contributors", organizations=[organization])
    UserFactory(username="checker", role="Reviewers")
    evidence = tmp_path / "gazette.pdf"
    evidence.write_bytes(pdf_bytes("Kenya Gazette"))

    # The contributor records progress from the commitment's page.
    log_in(page, "monitor", PASSWORD)
    page.goto(commitment.get_absolute_url())
    page.get_by_role("link", name="Record progress").first.click()
    page.get_by_role("combobox", name="State", exact=True).fill("Kenya")
    page.get_by_role("listbox", name="State").get_by_role("option", name="Kenya").click()
    page.get_by_label("Implementation status").select_option(label="Implemented")
    page.get_by_label("As of").fill("2026-03-14")
    page.get_by_label("What happened").fill(SUMMARY)
    page.get_by_label("Citation").first.fill("Kenya Gazette Supplement No. 41 (Acts No. 5)")
    page.get_by_label("File").first.set_input_files(str(evidence))
    screenshot(page, "1-draft-form")
    page.get_by_role("button", name="Save draft").click()

    assert "Draft" in page.inner_text("main")
    assert SUMMARY in page.inner_text("main")
    entry_url = page.url
    page.get_by_role("button", name="Submit for review").click()
    assert "Submitted for review" in page.inner_text("main")
    screenshot(page, "2-submitted")

    # The reviewer finds it in the queue and approves it.
    log_in(second_tab, "checker", PASSWORD)
    second_tab.goto("/progress/review/")
    second_tab.get_by_role("link", name="Kenya").first.click()
    assert second_tab.url == entry_url
    second_tab.get_by_label("Comment to the contributors").fill("Checked against the gazette.")
    second_tab.get_by_role("button", name="Approve").click()
    assert "Approved" in second_tab.inner_text("main")
    screenshot(second_tab, "3-approved")

    # Anyone now sees the status on Kenya's page.
    page.goto("/states/kenya/")
    screenshot(page, "4-state-page")
    row = page.locator("#assessed-commitments").get_by_role("row", name="A/RES/65/190 OP 16")
    assert "Implemented" in row.inner_text()
    recent = page.get_by_role("row", name="Kenya A/RES/65/190 OP 16")
    assert "Approved" in recent.inner_text()
