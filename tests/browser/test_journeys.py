"""
The product's journeys, walked in a browser as each kind of user meets them: a visitor who
finds a state's report and takes its PDF home, and a coordinator who corrects a draft's
heading in the import preview. Each step asserts what the page shows.

The contributor's and the reviewer's journeys have files of their own: recording progress
through the type-ahead and submitting it (test_entry_form_picker.py, test_keyboard.py), and
approving from the queue, going on to the next entry and sending several back at once
(test_progress_walkthrough.py).
"""

import datetime

import pytest
from django.core.management import call_command

from commitments.ingest import import_resolution
from commitments.models import Resolution
from states.choices import ImplementationStatus
from states.models import State
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's
TRAFFICKING = "001_c9802155344288f5.txt"
HRC_44 = "003_589e4493db1a0a20.txt"
APPROVED_SUMMARY = "Kenya's parliament adopted the Counter-Trafficking in Persons Amendment Act."


@pytest.fixture
def run_background_jobs(monkeypatch):
    """Work off the job queue as `manage.py db_worker` does, keeping the test's connection."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def test_it_leads_a_visitor_from_the_home_page_to_a_states_report_and_its_pdf(
    page, screenshot, seed_texts, run_background_jobs
):
    resolution = import_resolution(seed_texts[TRAFFICKING]).resolution
    entry = ProgressEntryFactory(
        commitment=resolution.commitments.get(paragraph__number="16", paragraph__sub=""),
        state=State.objects.get(iso3="KEN"),
        organization=OrganizationFactory(name="Coast Migrant Rights Forum"),
        status=ImplementationStatus.IMPLEMENTED,
        fact_date=datetime.date(2026, 3, 14),
        summary=APPROVED_SUMMARY,
    )
    entry.transition("submit", entry.created_by)
    entry.transition("approve", UserFactory(username="checker", role="Reviewers"))

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="States").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Kenya", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kenya"
    screenshot(page, "1-state")

    with page.expect_navigation():
        page.get_by_role("link", name="Printable report").first.click()
    main = page.inner_text("main")
    assert APPROVED_SUMMARY in main
    screenshot(page, "2-report")

    page.go_back()
    page.get_by_role("link", name="PDF", exact=False).first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Prepare the PDF").click()
    run_background_jobs()
    page.goto(page.url.split("&view=")[0] + "&view=status")
    assert "The PDF is ready" in page.inner_text("main")
    screenshot(page, "3-pdf-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")


def test_it_lets_a_coordinator_correct_a_drafts_heading_in_the_import_preview(
    page, log_in, screenshot, seed_texts
):
    coordinator = UserFactory(username="coordinator", role="Administrators")

    log_in(page, "coordinator", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    page.get_by_label("Paste the resolution's text").fill(seed_texts[HRC_44])
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    assert "Preview: nothing is saved yet" in page.inner_text("main")
    assert page.get_by_label("Symbol").input_value() == "44/…"
    screenshot(page, "1-preview")

    page.get_by_label("Symbol").fill("a/hrc/res/44/4")
    page.get_by_label("Adoption date").fill("2020-07-16")
    with page.expect_navigation():
        page.get_by_role("button", name="Save this resolution").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("A/HRC/RES/44/4")
    assert "Draft" not in page.locator("h1").inner_text()
    screenshot(page, "2-saved")
    resolution = Resolution.objects.get()
    assert (resolution.symbol, resolution.adopted_on, resolution.is_adopted) == (
        "A/HRC/RES/44/4",
        datetime.date(2020, 7, 16),
        True,
    )
    corrected = resolution.history.latest("history_id")
    assert (corrected.history_change_reason, corrected.history_user) == (
        "Corrected on import",
        coordinator,
    )
