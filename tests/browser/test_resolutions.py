import pytest

from commitments.ingest import import_resolution
from tests.factories.states import OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's


def test_it_shows_a_contributor_a_resolution_and_its_commitments(
    page, log_in, screenshot, seed_texts
):
    resolution = import_resolution(seed_texts["001_c9802155344288f5.txt"]).resolution
    UserFactory(username="monitor", role="Contributors", organizations=[OrganizationFactory()])

    log_in(page, "monitor", PASSWORD)
    page.get_by_role("link", name="Resolutions").click()
    screenshot(page, "list")
    row = page.get_by_role("row").filter(has_text="A/RES/65/190")
    assert "Trafficking in women and girls" in row.inner_text()
    row.get_by_role("link", name="A/RES/65/190").click()
    page.wait_for_url(f"**{resolution.get_absolute_url()}")
    screenshot(page, "detail")

    assert page.get_by_role("heading", level=1).inner_text().startswith("A/RES/65/190")
    paragraph = page.locator("#op-16")
    assert paragraph.locator(".verb").inner_text() == "Calls upon"
    assert paragraph.locator(".action").inner_text() == "→ criminalize"
    assert "criminalize all forms of trafficking in persons" in paragraph.inner_text()
    assert paragraph.locator(".actor").first.is_visible()
