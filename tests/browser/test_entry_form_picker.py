"""
The entry form's type-ahead pickers in a browser, by keyboard: a commitment found by what one
types, its text quoted as soon as it is chosen, a state found by name, the entry saved; under
the Content-Security-Policy without a violation. Without JavaScript the plain drop-downs do.
"""

import pytest

from commitments.ingest import import_resolution
from states.models import ProgressEntry
from tests.factories.states import OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's
SUMMARY = "The labour inspectorate published its first report on trafficking for forced labour."
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def resolution(seed_texts):
    return import_resolution(seed_texts["001_c9802155344288f5.txt"]).resolution


@pytest.fixture
def monitor():
    organization = OrganizationFactory(name="Coast Migrant Rights Forum")
    return UserFactory(username="monitor", role="Contributors", organizations=[organization])


def words(text):
    return " ".join(text.split())


def test_it_finds_a_commitment_as_one_types_quotes_it_and_saves_the_entry(
    page, log_in, screenshot, resolution, monitor
):
    from playwright.sync_api import expect

    op16 = resolution.commitments.get(paragraph__number="16", paragraph__sub="")
    op3 = resolution.commitments.get(paragraph__number="3", paragraph__sub="")
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, "monitor", PASSWORD)

    # Opened from a commitment's page, the form quotes that commitment.
    page.goto(f"/progress/new/?commitment={op16.pk}", wait_until="networkidle")
    quote = page.locator("#commitment-quote")
    assert words(op16.paragraph.text) in words(quote.inner_text())

    # The keyboard alone: into the type-ahead, a symbol in another spelling and a paragraph.
    page.get_by_role("link", name="My progress").last.focus()
    page.keyboard.press("Tab")
    combobox = page.get_by_role("combobox", name="Commitment")
    assert combobox.evaluate("element => element === document.activeElement")
    page.keyboard.type("a/res/65/ 190 op 3", delay=20)
    found = page.get_by_role("listbox", name="Commitment").get_by_role("option")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("A/RES/65/190 OP 3 ")
    screenshot(page, "1-typed")
    page.keyboard.press("Enter")

    # The quoted paragraph follows the choice.
    page.wait_for_function(
        "text => document.getElementById('commitment-quote').innerText.includes(text)",
        arg=op3.paragraph.text[:60],
    )
    assert words(op16.paragraph.text) not in words(quote.inner_text())
    assert quote.inner_text().startswith("A/RES/65/190 OP 3")

    # The state by the first letters of its name, still by keyboard.
    page.get_by_role("combobox", name="State", exact=True).focus()
    page.keyboard.type("keny", delay=20)
    states = page.get_by_role("listbox", name="State").get_by_role("option")
    expect(states).to_have_count(1)
    expect(states).to_have_text("Kenya")
    page.keyboard.press("Enter")

    page.get_by_label("Implementation status").select_option(label="In progress")
    page.get_by_label("As of").fill("2026-02-01")
    page.get_by_label("What happened").fill(SUMMARY)
    page.get_by_label("Citation").first.fill("Labour Inspectorate, Annual Report 2025, p. 4")
    screenshot(page, "2-chosen")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()

    assert "Entry recorded as a draft." in page.inner_text("main")
    entry = ProgressEntry.objects.get()
    assert (entry.commitment, entry.state.name, entry.summary) == (op3, "Kenya", SUMMARY)
    assert page.evaluate("window.__violations") == []


def test_it_records_an_entry_with_the_plain_drop_downs_without_javascript(
    browser, live_server, log_in, resolution, monitor
):
    op3 = resolution.commitments.get(paragraph__number="3", paragraph__sub="")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    log_in(tab, "monitor", PASSWORD)
    tab.goto("/progress/new/")

    tab.get_by_label("Commitment").select_option(value=str(op3.pk))
    tab.get_by_label("State", exact=True).select_option(label="Kenya")
    tab.get_by_label("Implementation status").select_option(label="In progress")
    tab.get_by_label("As of").fill("2026-02-01")
    tab.get_by_label("What happened").fill(SUMMARY)
    tab.get_by_label("Citation").first.fill("Labour Inspectorate, Annual Report 2025, p. 4")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save draft").click()

    assert "Entry recorded as a draft." in tab.inner_text("main")
    assert ProgressEntry.objects.get().commitment == op3
    context.close()
