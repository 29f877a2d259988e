"""
Every review, admin and token endpoint demands two-factor sign-in when
TWO_FACTOR_REQUIRED_FOR_REVIEWERS is on. The URL patterns are walked (every include, every
namespace), so a new endpoint of one of those kinds fails here until its view says it needs
the second factor: SecondFactorRequiredMixin on a Django view, the SecondFactorRequired
permission on an API view, the TwoFactorAdminSite for the admin.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLResolver, get_resolver, reverse
from knox import views as knox_views

from accounts.admin_site import TwoFactorAdminSite
from accounts.mixins import SecondFactorRequiredMixin
from accounts.permissions import SecondFactorRequired
from states.models import ProgressEntry
from tests.factories.states import UserFactory

from .conftest import PASSWORD

REVIEW_PERMISSION = "states.review_progressentry"
SECURITY = "/accounts/security/"

# Each kind's endpoints known today: the walk must find every one of them as that kind.
KNOWN = {
    "review": {"states:review_queue", "states:entry_transition", "api:progressentry-transition"},
    "token": {"api:login"},
    "admin": {
        "admin:index",
        "admin:states_progressentry_changelist",
        "admin:states_progressentry_change",
        "admin:auth_user_changelist",
        "admin:otp_totp_totpdevice_changelist",
        "admin:knox_authtoken_changelist",
    },
}
# Left open on purpose: leaving must always work, even for someone the setting now holds up
# (signing out takes access away, it gives none), and the admin's own login page only sends
# to the site's two-step sign-in.
OPEN = {"admin:logout", "admin:login", "api:logout", "api:logout-all"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str
    pattern: object
    callback: object

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)

    @property
    def api_view(self):
        return getattr(self.callback, "cls", None)

    @property
    def actions(self) -> set:
        return set((getattr(self.callback, "actions", None) or {}).values())

    @property
    def admin_site(self):
        """The admin site a view of the admin belongs to (a site's or a model admin's page)."""
        if hasattr(self.callback, "admin_site"):
            return self.callback.admin_site
        if hasattr(self.callback, "model_admin"):
            return self.callback.model_admin.admin_site
        return getattr(self.callback, "__self__", None)  # the site's own login page


def endpoints(resolver=None, route="", namespaces=()):
    """Every URL pattern of the project, with its full route and namespaced name."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        full_route = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from endpoints(pattern, full_route, inner)
        else:
            name = ":".join((*namespaces, pattern.name or "(unnamed)"))
            yield Endpoint(name, full_route, pattern, pattern.callback)


def kind(endpoint) -> str | None:
    """
    What an endpoint is, told apart by what it does rather than by what guards it: the admin
    by its namespace; a token endpoint by its route under the API's auth/ or by issuing
    tokens (knox's sign-in); a review endpoint by its name or route, by the review permission
    it asks for, or by taking a workflow step (which may be a reviewer's decision).
    """
    if endpoint.name.startswith("admin:"):
        return "admin"
    api_view = endpoint.api_view
    if "/auth/" in f"/{endpoint.route}" or (
        api_view and issubclass(api_view, knox_views.LoginView)
    ):
        return "token"
    view = endpoint.view_class or api_view
    permissions = getattr(view, "permission_required", None) or ()
    if isinstance(permissions, str):
        permissions = (permissions,)
    if (
        "review" in endpoint.name
        or "review" in endpoint.route
        or REVIEW_PERMISSION in permissions
        or "action" in endpoint.pattern.pattern.regex.groupindex
        or "transition" in endpoint.actions
    ):
        return "review"
    return None


def demands_second_factor(endpoint) -> bool:
    """
    An admin page wrapped by the TwoFactorAdminSite (now, or on each request: the site's and
    model admins' own pages), an API view with the permission, a Django view with the mixin.
    """
    if endpoint.name.startswith("admin:"):
        return getattr(endpoint.callback, "second_factor_required", False) or isinstance(
            endpoint.admin_site, TwoFactorAdminSite
        )
    if endpoint.api_view is not None:
        return SecondFactorRequired in endpoint.api_view.permission_classes
    if endpoint.view_class is not None:
        return issubclass(endpoint.view_class, SecondFactorRequiredMixin)
    return False


@pytest.fixture(scope="module")
def classified():
    found = {}
    for endpoint in endpoints():
        found.setdefault(kind(endpoint), []).append(endpoint)
    return found


def test_it_finds_every_known_review_admin_and_token_endpoint(classified):
    for name, known in KNOWN.items():
        assert known - {endpoint.name for endpoint in classified.get(name, [])} == set(), name


def test_it_has_every_review_admin_and_token_endpoint_demand_two_factor(classified):
    unguarded = sorted(
        f"{endpoint.name} ({endpoint.route})"
        for name in KNOWN
        for endpoint in classified.get(name, [])
        if endpoint.name not in OPEN and not demands_second_factor(endpoint)
    )

    assert unguarded == []


def test_it_knows_a_review_page_by_its_route_even_without_the_mixin():
    """The walk tells a review page by what it is: a new one without the mixin is caught."""

    class NewReviewPage:  # a plain view: neither the mixin nor the permission
        pass

    def callback():
        pass

    callback.view_class = NewReviewPage
    pattern = next(e.pattern for e in endpoints() if e.name == "states:review_queue")
    endpoint = Endpoint("states:review_summary", "progress/review/summary/", pattern, callback)

    assert kind(endpoint) == "review"
    assert not demands_second_factor(endpoint)


# --- what they answer: a staff reviewer without two-factor sign-in, the setting on ----------

ARGUMENTS = {"action": "approve", "format": "json", "url": "x", "object_id": "1"}


def url_of(endpoint) -> str | None:
    """The endpoint's address with made-up arguments: the refusal comes before any lookup."""
    regex = endpoint.pattern.pattern.regex
    kwargs = {}
    for name in regex.groupindex:
        alternatives = re.search(rf"\(\?P<{name}>([\w|]+)\)", regex.pattern)
        if name in ARGUMENTS:
            kwargs[name] = ARGUMENTS[name]
        elif alternatives:
            kwargs[name] = alternatives[1].split("|")[0]
        else:
            kwargs[name] = "1"
    if endpoint.pattern.name is None:
        return None
    if regex.groups > len(regex.groupindex):  # unnamed groups (simple_history's admin pages)
        return reverse(endpoint.name, args=["1"] * regex.groups)
    return reverse(endpoint.name, kwargs=kwargs)


@pytest.mark.django_db
def test_it_holds_every_one_of_them_until_two_factor_is_set_up(client, settings, classified):
    settings.TWO_FACTOR_REQUIRED_FOR_REVIEWERS = True
    staff = UserFactory(
        username="chief", is_staff=True, is_superuser=True, role="Reviewers", password=PASSWORD
    )
    client.force_login(staff)
    answers = {}
    for name in KNOWN:
        for endpoint in classified.get(name, []):
            url = url_of(endpoint)
            if endpoint.name in OPEN or url is None or url in answers:
                continue
            if endpoint.name == "api:login":
                response = client.post(url, {"username": "chief", "password": PASSWORD})
            elif endpoint.api_view is not None:
                body = {"action": "approve", "revision": 1}
                response = client.post(url, body, content_type="application/json")
            elif getattr(endpoint.view_class, "http_method_names", None) == ["post"]:
                response = client.post(url, {"revision": 1})
            else:
                response = client.get(url)
            answers[url] = held(response)

    assert {url: answer for url, answer in answers.items() if answer != "held"} == {}
    assert len(answers) > 100  # the admin's pages among them


def held(response) -> str:
    if response.status_code == 302 and response["Location"] == SECURITY:
        return "held"
    if response.status_code == 403 and response.json().get("code") == "two_factor_required":
        return "held"
    return f"{response.status_code} {response.get('Location', '')}"


def test_it_names_the_review_actions_the_transition_is_held_for():
    assert ARGUMENTS["action"] in ProgressEntry.REVIEW_ACTIONS
