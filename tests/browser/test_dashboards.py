"""The dashboard and the matrix as a reader sees them, numbers and colours included."""

import datetime

import pytest

from commitments.models import Topic
from states.choices import ImplementationStatus as Status
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def approved_entries():
    reviewer = UserFactory(role="Reviewers")
    resolution = ResolutionFactory(symbol="A/RES/97/3")
    topic = Topic.objects.get(slug="criminalization")
    commitment = CommitmentFactory(paragraph__resolution=resolution, topics=[topic])
    today = datetime.date.today()
    for code, status in [
        ("KEN", Status.IMPLEMENTED),
        ("PER", Status.PARTIAL),
        ("NPL", Status.NOT_STARTED),
    ]:
        entry = ProgressEntryFactory(
            commitment=commitment,
            state=State.objects.get(iso3=code),
            status=status,
            fact_date=today.replace(day=1),
        )
        entry.transition("submit", entry.created_by)
        entry.transition("approve", reviewer)
    return resolution


def test_it_shows_the_overview_and_the_matrix(page, screenshot, approved_entries):
    page.goto("/dashboard/")
    screenshot(page, "overview")
    assert page.locator("[data-figure=states-with-evidence]").inner_text().startswith("3")
    assert page.locator("#status-chart rect").count() == 6
    assert "Implemented: 1" in page.locator("#status-chart").inner_html()

    page.get_by_role("link", name="Matrix").click()
    page.get_by_label("Resolution").select_option(label=str(approved_entries))
    page.get_by_role("button", name="Show").click()
    screenshot(page, "matrix")
    kenya = page.get_by_role("row").filter(has=page.get_by_role("link", name="Kenya", exact=True))
    cell = kenya.locator("td.cell").first
    assert cell.inner_text().startswith("IM")
    assert "status-implemented" in cell.get_attribute("class")
    colour = cell.evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert colour == "rgb(0, 158, 115)"  # Okabe-Ito bluish green
