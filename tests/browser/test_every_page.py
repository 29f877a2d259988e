"""
Every page, as each kind of person sees it, fits a phone (390 px) and a laptop (1366 px) without
sideways scrolling and passes an axe-core audit with no serious or critical violation; chart
labels stay legible, the signed-in header stays one row at 1366 px, and a printed page leaves
out the menu, filters and buttons. One test, one browser context per role: the database is set
up once, and each page is audited at both widths in turn.

axe-core is vendored in tests/browser/vendor (see its README). It is injected as an inline
script, which the site's Content-Security-Policy forbids, so the audit's browser contexts
bypass the policy; tests/browser/test_content_security_policy.py checks the policy itself.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from commitments.ingest import import_resolution
from commitments.models import Topic
from following.digests import unsubscribe_token
from following.models import Follow, Follower
from jobs.choices import JobKind, JobStatus
from jobs.models import Job
from states.choices import MembershipRole
from states.models import Membership, State
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-demo-passphrase"  # UserFactory's
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
PRINT_HIDDEN = (".site-header", ".skip-link", ".filters", ".site-footer", "button")

# The page's serious and critical axe violations, as "rule: first offending element (count)".
AUDIT = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes[0].target.join(" ")} (${v.nodes.length})`);
}
"""

# Chart labels drawn smaller than 80% of the body text, as "label text: size in px".
SMALL_CHART_LABELS = """
() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  const small = [];
  for (const text of document.querySelectorAll("svg.chart text")) {
    const svg = text.ownerSVGElement;
    const shown = parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a;
    if (shown < 0.8 * body) small.push(`${text.textContent.trim()}: ${shown.toFixed(1)}`);
  }
  return small;
}
"""

# Header items (brand, menu links, account) whose middle is off the brand's line.
HEADER_OFF_ROW = """
() => {
  const middle = (el) => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; };
  const line = middle(document.querySelector(".brand"));
  const items = document.querySelectorAll(".nav a, .account-menu summary, .account button");
  // What a closed menu holds is on no row: only what is shown counts.
  const shown = [...items].filter((el) => el.checkVisibility());
  return shown.filter((el) => Math.abs(middle(el) - line) > 8).map((el) => el.textContent);
}
"""


@pytest.fixture
def site(seed_texts):
    """A resolution, entries on Kenya (a draft, one awaiting review, one approved), a failed job."""
    resolution = import_resolution(seed_texts["001_c9802155344288f5.txt"]).resolution
    commitment = resolution.commitments.get(paragraph__number="16", paragraph__sub="")
    commitments = resolution.commitments.exclude(pk=commitment.pk).order_by("pk")
    organization = OrganizationFactory(name="Coast Migrant Rights Forum")
    contributor = UserFactory(username="monitor", role="Contributors", organizations=[organization])
    # The monitor coordinates the organization: its page shows the tools, a colleague and an
    # invitation waiting; they follow Kenya.
    Membership.objects.filter(user=contributor).update(role=MembershipRole.COORDINATOR)
    UserFactory(username="colleague", first_name="Baraka", organizations=[organization])
    invitation = organization.invite(contributor, "newcomer@example.org")
    reviewer = UserFactory(username="checker", role="Reviewers", is_staff=True)
    UserFactory(username="coordinator", role="Administrators", is_staff=True)
    UserFactory(username="root", is_staff=True, is_superuser=True)
    kenya = State.objects.get(slug="kenya")
    follow = Follow.objects.create(user=contributor, kind="state", state=kenya)
    Follower.objects.create(user=contributor)

    def entry(commitment, steps):
        made = ProgressEntryFactory(
            commitment=commitment, state=kenya, organization=organization, created_by=contributor
        )
        for step, user in steps:
            made.transition(step, user)
        return made

    draft = entry(commitment, [])
    submitted = entry(commitments[1], [("submit", contributor)])
    entry(commitments[2], [("submit", contributor), ("approve", reviewer)])
    topic = Topic.objects.order_by("position").first()
    job = Job.objects.create(
        kind=JobKind.REPORT_PDF,
        title="PDF progress report: Kenya",
        params={"report": "state", "key": "kenya"},
        created_by=contributor,
        status=JobStatus.FAILED,
    )
    return {
        "invitation": invitation.get_absolute_url(),
        "unsubscribe": reverse(
            "following:unsubscribe", args=[unsubscribe_token(contributor, follow)]
        ),
        "organization": organization.get_absolute_url(),
        "job": job,
        "resolution": resolution,
        "commitment": commitment,
        "draft": draft,
        "submitted": submitted,
        "topic": topic,
    }


def pages(site):
    """Each role's pages; a callable visits a page in a state (a form with errors) of its own."""
    resolution, draft, submitted = site["resolution"], site["draft"], site["submitted"]
    return {
        None: [
            "/",
            "/resolutions/",
            resolution.get_absolute_url(),
            site["commitment"].get_absolute_url(),
            "/states/",
            "/states/kenya/",
            "/states/kenya/?status=none",
            ("/states/kenya/?status=bogus", "[role=alert]"),
            "/dashboard/",
            f"/dashboard/?resolution={resolution.pk}&fact_date_after=2020-01-01",
            ("/dashboard/?fact_date_after=not-a-date", "[role=alert]"),
            "/dashboard/matrix/",
            ("/dashboard/matrix/?fact_date_after=not-a-date", "[role=alert]"),
            "/reports/states/kenya/",
            f"/reports/resolutions/{resolution.pk}/",
            f"/reports/topics/{site['topic'].slug}/",
            "/reports/",
            "/embed/states/KEN/",
            f"/embed/commitments/{site['commitment'].pk}/",
            "/search/",
            "/search/?q=trafficking",
            "/search/?q=trafficking+women&state=kenya&kind=commitments",
            ("/search/?q=shelter&state=atlantis", "[role=alert]"),
            "/accounts/login/",
            refused_login,
            "/accounts/password_reset/",
            "/accounts/password_reset/done/",
            "/jobs/report/?report=state&key=kenya",
            "/downloads/",
            "/downloads/?dataset=statuses&state=KEN",
            invalid_download,
            api_docs,
            site["invitation"],
            broken_invitation,
            site["unsubscribe"],
        ],
        "monitor": [
            "/",  # with their work above the public home page
            "/progress/",
            "/progress/new/",
            empty_entry_form,
            draft.get_absolute_url(),
            f"/progress/{draft.pk}/edit/",
            "/progress/import/",
            import_preview_with_errors,
            "/resolutions/reminders/",
            "/jobs/",
            site["job"].get_absolute_url(),
            "/jobs/export/",
            "/downloads/?pending=1",
            "/privacy/",
            "/accounts/security/",
            "/accounts/profile/",
            "/accounts/sessions/",
            "/organizations/",
            site["organization"],
            "/following/",
        ],
        "checker": [
            "/",
            "/dashboard/",
            "/progress/review/",
            ("/progress/review/?submitted_after=not-a-date", "[role=alert]"),
            submitted.get_absolute_url(),
            f"{submitted.get_absolute_url()}?queue=",  # opened from the queue
        ],
        "coordinator": [
            "/resolutions/import/",
            "/jobs/import/",
            "/admin/",
            "/admin/states/progressentry/",
            f"/admin/states/progressentry/{submitted.pk}/change/",
            "/admin/commitments/resolution/",
            f"/admin/commitments/resolution/{resolution.pk}/change/",
            "/admin/states/organization/",
        ],
        # What only a superuser changes: the parser's readings and the lexicon.
        "root": [
            f"/admin/commitments/commitment/{site['commitment'].pk}/change/",
            f"/admin/commitments/topic/{site['topic'].pk}/change/",
        ],
    }


def refused_login(tab):
    tab.goto("/accounts/login/")
    tab.get_by_label("Username").fill("nobody")
    tab.get_by_label("Password").fill("not-the-password")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Log in").click()
    return "[role=alert]"


def broken_invitation(tab):
    """An invitation link that does not work (a 410): the page says why."""
    tab.goto("/organizations/invitations/not-a-link/")
    return "[role=alert]"


def invalid_download(tab):
    """A download asked for with a filter that is not valid: the page explains (a 400)."""
    tab.goto("/downloads/?fact_date_after=not-a-date&format=csv")
    return "[role=alert]"


def api_docs(tab):
    """The API's documentation (Swagger UI, drawn by script), with an operation opened."""
    tab.goto("/api/docs/")
    tab.locator(".opblock-summary-control").first.click()
    tab.locator(".opblock.is-open .opblock-body").wait_for()
    return ".opblock-body"


def import_preview_with_errors(tab):
    tab.goto("/progress/import/")
    rows = "Commitment,State,Status,As of,Summary\nA/RES/1/1 OP 1,Narnia,Done,2099-01-01,\n"
    tab.get_by_label("Spreadsheet").set_input_files(
        {"name": "progress.csv", "mimeType": "text/csv", "buffer": rows.encode()}
    )
    with tab.expect_navigation():
        tab.get_by_role("button", name="Check the file").click()
    return "[role=alert]"


def empty_entry_form(tab):
    tab.goto("/progress/new/")
    # Past the browser's own checks, so the server's errors show.
    tab.evaluate("document.querySelector('form.entry-form').noValidate = true")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save draft").click()
    return "[aria-invalid=true]"


def test_it_fits_every_page_to_a_phone_and_a_laptop_without_accessibility_violations(
    browser, live_server, log_in, site
):
    problems = {}
    for username, visits in pages(site).items():
        context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport=LAPTOP)
        context.set_default_timeout(15_000)
        tab = context.new_page()
        if username:
            log_in(tab, username, PASSWORD)
        for visit in visits:
            for viewport in (PHONE, LAPTOP):
                tab.set_viewport_size(viewport)
                name = f"{username or 'visitor'} {getattr(visit, '__name__', visit)} "
                name += f"{viewport['width']}px"
                found = audit(tab, visit, signed_in=bool(username))
                if found:
                    problems[name] = found
        if username is None:
            problems.update(printed(tab))
        context.close()

    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())


def audit(tab, visit, signed_in):
    """What is wrong with a page at the tab's width: a list of findings, empty when none."""
    if callable(visit):
        expected = visit(tab)
    else:
        path, expected = visit if isinstance(visit, tuple) else (visit, None)
        response = tab.goto(path)
        if response.status != 200:
            return [f"status {response.status}"]
    found = []
    if expected and not tab.locator(expected).count():
        found.append(f"shows no {expected}")
    width = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        found.append(f"scrolls sideways: {width[0]} px wide in {width[1]} px")
    found += tab.evaluate(SMALL_CHART_LABELS)
    if signed_in and width[1] >= 1366 and tab.locator(".site-header").count():
        found += [f"header item off its row: {item}" for item in tab.evaluate(HEADER_OFF_ROW)]
    tab.add_script_tag(path=str(AXE))
    found += tab.evaluate(AUDIT)
    return found


def printed(tab):
    """Printed, a page leaves out the menu, filters and buttons, and the matrix prints whole."""
    tab.emulate_media(media="print")
    tab.goto("/dashboard/matrix/")
    shown = [name for name in PRINT_HIDDEN if tab.locator(name).first.is_visible()]
    if not tab.locator("#matrix").is_visible():
        shown.append("no #matrix")
    if (
        tab.evaluate("getComputedStyle(document.querySelector('.matrix-scroll')).maxHeight")
        != "none"
    ):
        shown.append("the matrix cut to its box")
    tab.emulate_media(media="screen")
    return {"printed /dashboard/matrix/": shown} if shown else {}
