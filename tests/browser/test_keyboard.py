"""A contributor on a phone records progress and submits it for review with the keyboard alone."""

import pytest

from commitments.ingest import import_resolution
from states.models import ProgressEntry
from tests.factories.states import OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's
SUMMARY = "Parliament adopted the Counter-Trafficking in Persons (Amendment) Act in March."

# The focused element's name as a person hears it: its label, else its own text.
FOCUSED = """
() => {
  const el = document.activeElement;
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  return (label || el.getAttribute("aria-label") || el.textContent || "").trim();
}
"""


def tab_to(tab, name: str, limit: int = 400) -> None:
    """Press Tab until the focus is on the control whose name starts with `name`."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(FOCUSED).startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_it_records_and_submits_progress_with_the_keyboard_alone_on_a_phone(
    page, log_in, seed_texts
):
    from playwright.sync_api import expect

    resolution = import_resolution(seed_texts["001_c9802155344288f5.txt"]).resolution
    commitment = resolution.commitments.get(paragraph__number="16", paragraph__sub="")
    organization = OrganizationFactory(name="Coast Migrant Rights Forum")
    UserFactory(username="monitor", role="Contributors", organizations=[organization])
    log_in(page, "monitor", PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(commitment.get_absolute_url())

    # The first Tab reaches the skip link, shown on screen; it moves the focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Skip to content"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # The menu folds behind its button; the keyboard opens it.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "Menu"
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="My progress").is_visible()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="My progress").is_visible()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"

    tab_to(page, "Record progress")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "State")
    # The state picker types ahead: Enter takes the one State the letters found.
    page.keyboard.type("Kenya", delay=20)
    states = page.get_by_role("listbox", name="State").get_by_role("option")
    expect(states).to_have_count(1)
    expect(states).to_have_text("Kenya")
    page.keyboard.press("Enter")
    tab_to(page, "Implementation status")
    page.keyboard.type("Implemented")
    tab_to(page, "As of")
    page.keyboard.type("03142026")
    tab_to(page, "What happened")
    page.keyboard.type(SUMMARY)
    tab_to(page, "Citation")
    page.keyboard.type("Kenya Gazette Supplement No. 41 (Acts No. 5)")
    tab_to(page, "Save and submit for review")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Submitted for review" in page.inner_text("main")
    entry = ProgressEntry.objects.get()
    assert (entry.state.name, entry.status, str(entry.fact_date), entry.summary) == (
        "Kenya",
        "implemented",
        "2026-03-14",
        SUMMARY,
    )
    assert entry.workflow_state == "submitted"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
