"""
A permission matrix: one request, sent by every kind of user in turn, and the outcome each
must get. Every row gets a fresh entry, so a step one user takes cannot hide what the next
one may do; whatever is refused (or merely shown) must leave the entry exactly as it was.

    cast = Cast()
    check_matrix(
        client,
        make=lambda: cast.entry("submitted"),
        send=lambda client, entry: client.post(transition_url(entry, "approve"), {...}),
        expected=row(LOGIN, NOT_FOUND, FORBIDDEN, NOT_FOUND, DONE, FORBIDDEN, DONE),
    )
"""

import enum
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse

from states.choices import WorkflowState
from states.models import Evidence, ProgressEntry
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory

# Everyone an entry's page can meet, in the order `row` takes them.
ACTORS = (
    "anonymous",  # not logged in
    "no_role",  # logged in, in no group and no organization
    "member",  # contributor of the reporting organization (not the author)
    "outsider",  # contributor of another organization
    "reviewer",  # reviewer, not the author
    "reviewer_author",  # contributor and reviewer of the reporting organization, the author
    "administrator",  # the Administrators group, member of no organization
)


class Outcome(enum.Enum):
    LOGIN = "redirect to the login page"
    OK = "200"
    DONE = "redirect after success"
    REFUSED = "redirect back with an error message"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    NOT_ALLOWED = "405"


LOGIN, OK, DONE, REFUSED = Outcome.LOGIN, Outcome.OK, Outcome.DONE, Outcome.REFUSED
FORBIDDEN, NOT_FOUND, NOT_ALLOWED = Outcome.FORBIDDEN, Outcome.NOT_FOUND, Outcome.NOT_ALLOWED


def row(*outcomes):
    """{actor: outcome} from outcomes given in the order of ACTORS."""
    assert len(outcomes) == len(ACTORS), "give one outcome for every actor"
    return dict(zip(ACTORS, outcomes, strict=True))


class Cast:
    """The people around one reporting organization."""

    def __init__(self):
        self.organization = OrganizationFactory()
        author = UserFactory(role="Contributors", organizations=[self.organization])
        author.groups.add(Group.objects.get(name="Reviewers"))
        self.users = {
            "anonymous": None,
            "no_role": UserFactory(),
            "member": UserFactory(role="Contributors", organizations=[self.organization]),
            "outsider": UserFactory(role="Contributors", organizations=[OrganizationFactory()]),
            "reviewer": UserFactory(role="Reviewers"),
            "reviewer_author": author,
            "administrator": UserFactory(role="Administrators"),
        }

    def __getitem__(self, actor):
        return self.users[actor]

    def entry(self, workflow_state=WorkflowState.DRAFT, **fields):
        """An entry of the organization, by `reviewer_author`, walked to `workflow_state`."""
        author, reviewer = self.users["reviewer_author"], self.users["reviewer"]
        entry = ProgressEntryFactory(organization=self.organization, created_by=author, **fields)
        steps = {
            WorkflowState.DRAFT: [],
            WorkflowState.SUBMITTED: [("submit", author)],
            WorkflowState.APPROVED: [("submit", author), ("approve", reviewer)],
            WorkflowState.CHANGES_REQUESTED: [("submit", author), ("request_changes", reviewer)],
            WorkflowState.REJECTED: [("submit", author), ("reject", reviewer)],
            WorkflowState.WITHDRAWN: [("withdraw", author)],
        }[workflow_state]
        for action, user in steps:
            entry.transition(action, user, comment=f"{action} by the cast")
        return ProgressEntry.objects.get(pk=entry.pk)


@dataclass(frozen=True)
class EntrySnapshot:
    workflow_state: str
    revision: int
    summary: str
    status: str
    evidence_shown: int
    history_records: int


def snapshot(entry):
    """What a refused request must not change about an entry."""
    if entry is None:
        return (ProgressEntry.objects.count(), Evidence.objects.count())
    entry = ProgressEntry.objects.get(pk=entry.pk)
    return EntrySnapshot(
        entry.workflow_state,
        entry.revision,
        entry.summary,
        entry.status,
        entry.evidence.filter(removed=False).count(),
        entry.history.count(),
    )


def classify(response):
    if response.status_code == 302:
        if response.url.startswith(reverse("login")):
            return LOGIN
        errors = [m for m in get_messages(response.wsgi_request) if m.level == ERROR]
        return REFUSED if errors else DONE
    return {
        200: OK,
        403: FORBIDDEN,
        404: NOT_FOUND,
        405: NOT_ALLOWED,
    }.get(response.status_code, response.status_code)


def check_matrix(client, cast, expected, send, make=lambda: None, after=None):
    """
    For each actor in `expected` (which must name them all): make a fresh target, log in as
    the actor, `send(client, target)`, and check the outcome. Anything but DONE must leave
    the target as it was, and a hidden entry's summary must not appear in a refusal; after
    DONE, `after(target, actor)` may check what changed.
    """
    assert set(expected) == set(ACTORS), "a matrix names every actor"
    failures = []
    for actor, outcome in expected.items():
        target = make()
        before = snapshot(target)
        client.logout()
        client.cookies.clear()  # no message or session left over from the previous row
        if cast[actor] is not None:
            client.force_login(cast[actor])
        response = send(client, target)
        got = classify(response)
        if got != outcome:
            failures.append(f"{actor}: expected {outcome.name}, got {getattr(got, 'name', got)}")
            continue
        if outcome is not DONE and snapshot(target) != before:
            failures.append(f"{actor}: {outcome.name}, yet the data changed")
        if (
            outcome in (NOT_FOUND, FORBIDDEN, LOGIN)
            and isinstance(target, ProgressEntry)
            and target.summary.encode() in response.content
        ):
            failures.append(f"{actor}: {outcome.name} shows the entry's summary")
        if outcome is DONE and after is not None:
            try:
                after(target, actor)
            except AssertionError as error:
                failures.append(f"{actor}: {error}")
    assert not failures, "\n".join(failures)
