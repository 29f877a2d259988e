"""One entry's life in a browser: a contributor's draft, a reviewer's approval, the state page."""

import pytest

from commitments.ingest import import_resolution
from states.choices import WorkflowState
from states.models import ProgressEntry, State
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
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
    # Once the page has loaded, its script has put the type-ahead in the drop-down's place.
    with page.expect_navigation():
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
    assert "Would change Not assessed → Implemented" in second_tab.inner_text("main")
    second_tab.get_by_role("link", name="Kenya").first.click()
    assert second_tab.url == f"{entry_url}?queue="
    second_tab.get_by_label("Comment to the contributors").fill("Checked against the gazette.")
    second_tab.get_by_role("button", name="Approve", exact=True).click()
    assert "Approved" in second_tab.inner_text("main")
    screenshot(second_tab, "3-approved")

    # Anyone now sees the status on Kenya's page.
    page.goto("/states/kenya/")
    screenshot(page, "4-state-page")
    row = page.locator("#assessed-commitments").get_by_role("row", name="A/RES/65/190 OP 16")
    assert "Implemented" in row.inner_text()
    recent = page.get_by_role("row", name="Kenya A/RES/65/190 OP 16")
    assert "Approved" in recent.inner_text()


def test_it_works_through_the_review_queue_with_approve_and_next_and_a_bulk_decision(
    page, log_in, screenshot, seed_texts
):
    resolution = import_resolution(seed_texts["001_c9802155344288f5.txt"]).resolution
    organization = OrganizationFactory(name="Coast Migrant Rights Forum")
    author = UserFactory(username="monitor", role="Contributors", organizations=[organization])
    UserFactory(username="checker", role="Reviewers")
    entries = []
    for number, iso3 in (("16", "KEN"), ("17", "TZA"), ("18", "UGA")):
        entry = ProgressEntryFactory(
            commitment=resolution.commitments.get(paragraph__number=number, paragraph__sub=""),
            state=State.objects.get(iso3=iso3),
            organization=organization,
            created_by=author,
            status="implemented",
            summary=f"Progress on paragraph {number}.",
        )
        entry.transition("submit", author)
        entries.append(entry)
    first, second, third = entries

    log_in(page, "checker", PASSWORD)
    page.goto("/progress/review/")
    screenshot(page, "1-queue-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "2-queue-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})

    # "Approve and next" from the first entry leads to the second, in the queue's order.
    page.get_by_role("link", name="Kenya", exact=True).click()
    page.get_by_role("button", name="Approve and next").click()
    assert page.url.endswith(f"{second.get_absolute_url()}?queue=")
    assert "Here is the next entry in the review queue." in page.inner_text("main")
    screenshot(page, "3-next-entry")

    # Back in the queue, the two left are sent back together, with the keyboard alone.
    page.get_by_role("link", name="Back to the review queue").click()
    for entry in (second, third):
        checkbox = page.get_by_label(f"Select {entry.state.name} on", exact=False)
        checkbox.focus()
        page.keyboard.press("Space")
        assert checkbox.is_checked()
    page.get_by_label("Comment to the contributors").focus()
    page.keyboard.type("Name the act and its number.")
    page.get_by_role("button", name="Request changes on selected").focus()
    # The queue posts to its own address and comes back to it: wait for that round trip.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "2 entries sent back for changes." in page.inner_text("main")
    assert "No entries match these filters." in page.inner_text("main")
    screenshot(page, "4-queue-emptied")
    states = [ProgressEntry.objects.get(pk=e.pk).workflow_state for e in entries]
    assert states == [
        WorkflowState.APPROVED,
        WorkflowState.CHANGES_REQUESTED,
        WorkflowState.CHANGES_REQUESTED,
    ]
