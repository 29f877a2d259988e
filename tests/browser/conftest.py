"""
Browser tests: Playwright's sync API driving Debian's Chromium (/usr/bin/chromium, never a
browser Playwright downloads) against pytest-django's live server.

Use them through these fixtures:

- `page`: a fresh browser tab (own cookies) whose relative URLs go to the live server;
  a failing test leaves a screenshot of it in test-artifacts/.
- `log_in(page, username, password)`: logs in through the login page, as a person does.
- `screenshot(page, name)`: saves test-artifacts/<test>-<name>.png.

Mark browser tests `@pytest.mark.browser` and
`@pytest.mark.django_db(transaction=True, serialized_rollback=True)`: the live server reads
the database from another thread, so tests commit for real and the tables are emptied after
each one; serialized_rollback puts back the states, regions, roles and lexicon that the data
migrations loaded, for these tests and those that run after them.

Without Chromium or Playwright the tests are skipped, unless REQUIRE_BROWSER=1 (as in CI),
where a missing browser must fail the run rather than pass it unseen.
"""

import contextlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
TIMEOUT_MS = 15_000

# Playwright's sync API keeps an asyncio event loop in the test's thread, and Django refuses
# database access from such a thread unless told it is safe (it is: nothing else runs there).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def missing_browser() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -r requirements-dev.txt"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = missing_browser()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        keep_database_connections(thread_connections)
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def keep_database_connections(thread_connections):
    """
    Have Django use the thread's own database connections while Playwright runs.

    Playwright's sync API leaves its event loop marked as running in this thread between
    calls, so Django takes the thread for async code and keeps its connections per context
    instead: new ones, without the test database's state. serialized_rollback would then
    restore nothing (later tests would find no states, roles or lexicon), and PostgreSQL
    could not drop the test database while the extra connection stays open.
    """
    from django.db import connections

    for alias, connection in thread_connections.items():
        connections[alias] = connection


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    if report.when == "call" and report.failed and "browser" in getattr(item, "funcargs", {}):
        # Every tab the test opened (an invitee's second browser too), as it was when it failed.
        for number, context in enumerate(item.funcargs["browser"].contexts):
            for index, tab in enumerate(context.pages):
                # A tab that is gone or hung must not hide the failure.
                with contextlib.suppress(Exception):
                    save_screenshot(tab, item.name, f"failure-{number}-{index}")
    return report


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot named after the test: screenshot(page, "after-login")."""

    def save(tab, name: str) -> Path:
        return save_screenshot(tab, request.node.name, name)

    return save


@pytest.fixture
def log_in():
    """Log in through the login page: log_in(page, "contributor", "its-password")."""

    def submit(tab, username: str, password: str):
        tab.goto("/accounts/login/")
        tab.get_by_label("Username").fill(username)
        tab.get_by_label("Password").fill(password)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Log in").click()
        # A refused login shows the form again, with its reason, and no "Log out" button.
        if not tab.get_by_role("button", name="Log out").count():
            errors = " ".join(tab.locator("[role=alert]").all_inner_texts())
            raise AssertionError(f"Could not log in as {username}: {errors or tab.url}")

    return submit


def save_screenshot(tab, test_name: str, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "-", f"{test_name}-{name}")
    path = ARTIFACTS / f"{stem}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
