"""
In Chromium, as a person does it: set two-factor sign-in up from the QR code page (which
must draw under the Content-Security-Policy without a violation), then sign in in two steps.
"""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import current_code
from tests.factories.states import UserFactory

# UserFactory's password
PASSWORD = "a-long-demo-passphrase"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def test_it_sets_up_two_factor_and_signs_in_with_a_code(page, log_in):
    user = UserFactory(username="careful", role="Reviewers")
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, "careful", PASSWORD)

    page.locator(".account-menu summary").click()  # the person's pages sit under their name
    page.get_by_role("link", name="Account security").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Set up two-factor sign-in").click()
    qr_code = page.get_by_role("img", name="QR code for your authenticator app")
    box = qr_code.bounding_box()
    assert box["width"] > 150 and box["height"] > 150
    assert page.evaluate("window.__violations") == []

    device = TOTPDevice.objects.get(user=user)
    page.get_by_label("Code from the app").fill(current_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert page.evaluate("window.__violations") == []

    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("careful")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("heading", name="Two-factor code").is_visible()
    assert not page.get_by_role("button", name="Log out").count()  # not signed in yet

    page.get_by_label("Code").fill(codes[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Verify").click()

    assert page.get_by_role("button", name="Log out").is_visible()
    assert "recovery code; 9 are left" in page.content()
    assert page.evaluate("window.__violations") == []
