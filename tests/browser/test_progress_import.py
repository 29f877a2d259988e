"""A contributor imports progress from a spreadsheet: sees the bad rows, fixes them, imports."""

import datetime

import pytest

from states.choices import WorkflowState
from states.models import ProgressEntry
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, UserFactory
from tests.states.sheets import xlsx_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's
SUMMARY = "Parliament adopted the Counter-Trafficking in Persons (Amendment) Act in March."


def test_it_shows_the_bad_rows_and_imports_the_file_once_fixed(
    page, log_in, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    resolution = ResolutionFactory(symbol="A/RES/65/190", adopted_on=datetime.date(2010, 12, 21))
    CommitmentFactory(paragraph__resolution=resolution, paragraph__number="17")
    organization = OrganizationFactory(name="Coast Migrant Rights Forum")
    UserFactory(username="monitor", role="Contributors", organizations=[organization])
    good = ["CMRF-1", "A/RES/65/190 OP 17", "Kenya", "Implemented", "2026-03-14", SUMMARY, "High"]
    broken = tmp_path / "progress.xlsx"
    broken.write_bytes(
        xlsx_bytes(
            [
                good,
                ["CMRF-2", "A/RES/65/190 OP 99", "Atlantide", "In progress", "2026-03-20", "", ""],
            ]
        )
    )

    log_in(page, "monitor", PASSWORD)
    page.goto("/progress/")
    page.get_by_role("link", name="Import from a spreadsheet").click()
    page.get_by_label("Spreadsheet").set_input_files(str(broken))
    page.get_by_role("button", name="Check the file").click()

    alert = page.get_by_role("alert").inner_text()
    assert "1 row cannot be imported." in alert
    rows = page.locator("table.import-rows tbody tr")
    assert rows.nth(1).inner_text().split("\n")[-3:] == [
        "Unknown commitment “A/RES/65/190 OP 99”: no adopted, trackable commitment has this "
        "reference. Write it like “A/RES/65/190 OP 17” (the Commitments sheet lists them).",
        "State “Atlantide” not found: use a name or ISO3 code from the States sheet.",
        "Summary is required.",
    ]
    assert page.get_by_role("button", name="Import").count() == 0
    screenshot(page, "1-errors")
    assert not ProgressEntry.objects.exists()

    fixed = tmp_path / "progress-fixed.xlsx"
    fixed.write_bytes(
        xlsx_bytes(
            [
                good,
                [
                    "CMRF-2",
                    "A/RES/65/190 OP 17",
                    "Kenya",
                    "In progress",
                    "2026-03-20",
                    "The bill's second reading took place.",
                    "",
                ],
            ]  # fmt: skip
        )
    )
    page.get_by_role("link", name="Upload a file").click()
    page.get_by_label("Spreadsheet").set_input_files(str(fixed))
    page.get_by_label("Submitted for review at once").check()
    page.get_by_role("button", name="Check the file").click()
    assert "2 entries will be submitted for review." in page.inner_text("main")
    page.get_by_role("button", name="Import 2 entries").click()

    assert "2 rows: 2 new entries submitted, 0 changed, 0 already imported, 0 not valid." in (
        page.get_by_role("status").inner_text()
    )
    screenshot(page, "2-imported")
    entries = ProgressEntry.objects.order_by("external_reference")
    assert [(e.external_reference, e.workflow_state) for e in entries] == [
        ("CMRF-1", WorkflowState.SUBMITTED),
        ("CMRF-2", WorkflowState.SUBMITTED),
    ]
    page.get_by_role("link", name=f"entry #{entries[0].pk}").click()
    assert SUMMARY in page.inner_text("main")
