"""Every kind of page runs under the Content-Security-Policy without a single violation."""

import pytest

from commitments.ingest import import_resolution
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's

# Collects violations as the browser reports them, from before any page script runs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def test_it_shows_every_page_without_a_policy_violation(page, log_in, seed_texts):
    resolution = import_resolution(seed_texts["001_c9802155344288f5.txt"]).resolution
    commitment = resolution.commitments.get(paragraph__number="16", paragraph__sub="")
    organization = OrganizationFactory()
    UserFactory(username="checker", role="Reviewers", is_staff=True, organizations=[organization])
    entry = ProgressEntryFactory(commitment=commitment, organization=organization)
    entry.transition("submit", entry.created_by)
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, "checker", PASSWORD)

    paths = [
        "/dashboard/",
        "/dashboard/matrix/",
        f"/states/{entry.state.slug}/",
        commitment.get_absolute_url(),
        resolution.get_absolute_url(),
        entry.get_absolute_url(),
        "/progress/review/",
        "/search/?q=trafficking",
        f"/reports/states/{entry.state.slug}/",
        f"/jobs/report/?report=state&key={entry.state.slug}",
        "/jobs/",
        "/accounts/security/",
        "/admin/states/progressentry/",
        "/api/docs/",
    ]
    violations = {}
    for path in paths:
        response = page.goto(path, wait_until="networkidle")
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy, path
        found = page.evaluate("window.__violations")
        if found:
            violations[path] = found

    assert violations == {}
    # The API docs really ran (their scripts are files, their styles too), and an operation
    # opens and shows its parameters without a violation.
    page.goto("/api/docs/", wait_until="networkidle")
    assert page.locator(".opblock").count() > 10
    page.locator(".opblock-summary-control").first.click()
    page.locator(".opblock.is-open .opblock-body").wait_for()
    assert page.evaluate("window.__violations") == []
