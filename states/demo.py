"""
Demo organizations, users and progress entries, so that `make run` shows a lived-in tracker:
entries in every workflow state, across a dozen states, from several kinds of organization.

Everything is made the way the product makes it: users, their roles (groups) and memberships
through Django's own methods, and every workflow step through `ProgressEntry.transition` (and
`edit`) by the user who would take it, so the history, the decisions and the dashboards read
as if people had done the work. Choices (commitments, statuses, dates) come from a fixed
random seed.

A few evidence items are confidential (a source who asked not to be named), so the demo shows
who may read them: the reporting organization and the reviewers, nobody else.

Running it again changes nothing: organizations and users are looked up by slug and user
name, and entries are built only while the demo organizations have none, in one transaction.
"""

import datetime
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from commitments.models import Commitment

from .choices import (
    Confidence,
    ImplementationStatus,
    MembershipRole,
    OrganizationKind,
    WorkflowState,
)
from .models import Membership, Organization, ProgressEntry, State

DEMO_PASSWORD = "demo-password"
SEED = 20261123

# slug, name, acronym, kind, country (ISO alpha-3) for national bodies
ORGANIZATIONS = [
    ("global-trafficking-monitor", "Global Trafficking Monitor", "GTM", OrganizationKind.NGO, None),
    (
        "coast-migrant-rights-forum",
        "Coast Migrant Rights Forum",
        "CMRF",
        OrganizationKind.NGO,
        "KEN",
    ),
    (
        "commission-on-human-dignity",
        "Commission on Human Dignity",
        "CHD",
        OrganizationKind.NHRI,
        "PHL",
    ),
    (
        "observatorio-de-movilidad-humana",
        "Observatorio de Movilidad Humana",
        "OMH",
        OrganizationKind.NGO,
        "MEX",
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organizations: tuple[str, ...] = ()
    is_staff: bool = False
    note: str = ""
    # The organizations among `organizations` they coordinate (invite, change roles).
    coordinates: tuple[str, ...] = ()


# One user per role (the superuser `admin` is made by load_demo_data itself). All share
# DEMO_PASSWORD; README.md lists them.
USERS = [
    DemoUser(
        "contributor",
        "Contributors",
        ("global-trafficking-monitor",),
        note="reports for Global Trafficking Monitor, an international NGO, and coordinates it",
        coordinates=("global-trafficking-monitor",),
    ),
    DemoUser(
        "contributor2",
        "Contributors",
        ("coast-migrant-rights-forum",),
        note="reports for Coast Migrant Rights Forum, a national NGO in Kenya",
    ),
    DemoUser(
        "contributor3",
        "Contributors",
        ("commission-on-human-dignity", "observatorio-de-movilidad-humana"),
        note="reports for a national human rights institution (Philippines) and an NGO (Mexico)",
    ),
    DemoUser("reviewer", "Reviewers", is_staff=True, note="reviews entries, in the admin too"),
    DemoUser(
        "coordinator",
        "Administrators",
        is_staff=True,
        note="manages resolutions, organizations and memberships",
    ),
]

# How each demo entry got where it is: the workflow steps taken after it was drafted.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "approved": ["submit", "approve"],
    "changes_requested": ["submit", "request_changes"],
    "rejected": ["submit", "reject"],
    "withdrawn": ["submit", "withdraw"],
    "approved_after_changes": ["submit", "request_changes", "edit", "submit", "approve"],
}

# (reporting organization, state reported on, path)
PLAN = [
    *(
        ("global-trafficking-monitor", iso3, "approved")
        for iso3 in ("NGA", "BRA", "PHL", "IND", "UKR", "THA", "GBR", "COL", "MDA")
    ),
    ("global-trafficking-monitor", "NGA", "submitted"),
    ("global-trafficking-monitor", "BRA", "submitted"),
    ("global-trafficking-monitor", "IND", "changes_requested"),
    ("global-trafficking-monitor", "UKR", "rejected"),
    ("global-trafficking-monitor", "THA", "draft"),
    ("global-trafficking-monitor", "GBR", "withdrawn"),
    ("global-trafficking-monitor", "COL", "approved_after_changes"),
    ("global-trafficking-monitor", "MDA", "draft"),
    *(
        ("coast-migrant-rights-forum", "KEN", path)
        for path in (
            "approved",
            "approved",
            "approved_after_changes",
            "submitted",
            "changes_requested",
            "draft",
            "rejected",
            "withdrawn",
        )
    ),
    *(
        ("commission-on-human-dignity", "PHL", path)
        for path in ("approved", "approved", "submitted", "draft")
    ),
    *(
        ("observatorio-de-movilidad-humana", "MEX", path)
        for path in ("approved", "approved", "submitted", "rejected")
    ),
]

SUMMARIES = {
    ImplementationStatus.IMPLEMENTED: [
        "{state} adopted a comprehensive anti-trafficking act covering all forms of "
        "exploitation; it is in force and the first prosecutions under it have been reported.",
        "{state} set up a national referral mechanism; shelters run with civil society now "
        "receive victims in every province.",
        "A national rapporteur on trafficking now reports to the parliament of {state} every "
        "year; the first report was published with disaggregated data.",
        "Labour inspectors in {state} were trained and given powers to identify victims of "
        "forced labour; inspections of recruitment agencies began the same year.",
    ],
    ImplementationStatus.PARTIAL: [
        "{state} issued victim-identification guidelines to border officials, but labour "
        "inspectors and health workers are not yet covered.",
        "{state} amended its criminal code; victims are protected from punishment for "
        "immigration offences only, not for other offences they were compelled to commit.",
        "Residence permits for victims of trafficking exist in {state} but are granted only to "
        "those who testify against their traffickers.",
        "A hotline for victims operates in {state} in the capital's languages only; there is "
        "no service in the border regions.",
    ],
    ImplementationStatus.IN_PROGRESS: [
        "{state} published a draft national action plan for consultation; the ministry "
        "expects to adopt it within the year.",
        "A bill on supply-chain transparency is before the parliament of {state}; its second "
        "reading is scheduled.",
        "The authorities of {state} are piloting a data-collection system on identified "
        "victims with the national statistics office.",
        "{state} signed a cooperation agreement with two neighbouring states on joint "
        "investigations; ratification is pending.",
    ],
    ImplementationStatus.NOT_STARTED: [
        "No measure found: the latest report of {state} to the treaty body does not mention "
        "this commitment.",
        "The government of {state} announced a review of its trafficking law in its last "
        "universal periodic review but has taken no step since.",
    ],
    ImplementationStatus.REGRESSED: [
        "{state} halved the budget of the national trafficking hotline and two state-funded "
        "shelters closed.",
        "A new migration law in {state} makes irregular entry a criminal offence with no "
        "exception for victims of trafficking.",
    ],
    ImplementationStatus.NO_INFORMATION: [
        "The government of {state} did not answer our request for information and no public "
        "source was found.",
    ],
}
STATUS_WEIGHTS = {
    ImplementationStatus.IMPLEMENTED: 3,
    ImplementationStatus.PARTIAL: 4,
    ImplementationStatus.IN_PROGRESS: 4,
    ImplementationStatus.NOT_STARTED: 2,
    ImplementationStatus.REGRESSED: 1,
    ImplementationStatus.NO_INFORMATION: 1,
}
REVIEW_COMMENTS = {
    "approve": [
        "Checked against the official gazette.",
        "Sources confirm the claim.",
        "Consistent with the treaty body's concluding observations.",
        "",
    ],
    "request_changes": [
        "Please cite the law (number and date) and link the official text.",
        "Say which provinces the measure covers and since when.",
    ],
    "reject": [
        "The source predates the reform it describes; the claim is not supported.",
        "This reports a statement of intent, not an action: record it once something is adopted.",
    ],
}


# Where a claim was read: (citation, path of a page on the reporting organization's site)
SOURCES = [
    ("Official Gazette No. {number}, {date:%d %B %Y}", "sources/gazette-{number}"),
    ("Concluding observations on the periodic report of {state}, para. {number}", None),
    ("Ministry of Labour press release, {date:%d %B %Y}", "sources/press-{number}"),
    ("{organization} annual monitoring report {date:%Y}, p. {number}", "reports/{date:%Y}"),
    ("Parliamentary record, session of {date:%d %B %Y}", None),
]

# Marked confidential, on the first approved entry with sources of each organization named:
# (citation, description), read by the reporting organization and reviewers only.
CONFIDENTIAL_SOURCES = {
    "coast-migrant-rights-forum": (
        "Interview with the manager of a shelter in Mombasa, {date:%d %B %Y} (notes on file)",
        "Confirms referrals under the new mechanism; the manager asked not to be named.",
    ),
    "global-trafficking-monitor": (
        "Letter from a labour inspector, {date:%d %B %Y} (on file)",
        "Inspection figures for recruitment agencies, shared in confidence.",
    ),
}


@dataclass
class DemoOutcome:
    created: Counter = field(default_factory=Counter)
    states: set = field(default_factory=set)
    skipped_reason: str = ""

    @property
    def lines(self) -> list[str]:
        accounts = ", ".join(user.username for user in USERS)
        lines = [f"Demo users (password {DEMO_PASSWORD}): {accounts}"]
        if self.skipped_reason:
            lines.append(f"Demo progress entries: {self.skipped_reason}")
        else:
            by_workflow = ", ".join(
                f"{count} {WorkflowState(state).label.lower()}"
                for state, count in sorted(self.created.items())
            )
            lines.append(
                f"Demo progress entries: {self.created.total()} across "
                f"{len(self.states)} states ({by_workflow})"
            )
        return lines


def load_demo_progress(today: datetime.date | None = None) -> DemoOutcome:
    """
    Make the demo organizations, users and progress entries that are missing.

    Notification mail is switched off while the entries are walked through their workflow:
    these steps were never taken by anyone, and nobody should be told of them.
    """
    organizations = {slug: _organization(slug, *rest) for slug, *rest in ORGANIZATIONS}
    users = {user.username: _user(user, organizations) for user in USERS}
    outcome = DemoOutcome()
    if ProgressEntry.objects.filter(organization__in=organizations.values()).exists():
        outcome.skipped_reason = "already there; nothing changed"
        return outcome
    commitments = list(
        Commitment.objects.addressed_to_states()
        .select_related("resolution", "paragraph")
        .order_by("resolution__source_hash", "paragraph__position")
    )
    if len(commitments) < len(PLAN):
        outcome.skipped_reason = "not enough trackable commitments; import resolutions first"
        return outcome
    rng = random.Random(SEED)
    today = today or timezone.localdate()
    # Each status's sentences are used in turn, in an order of their own, so few repeat.
    summaries = {
        status: itertools.cycle(rng.sample(texts, len(texts)))
        for status, texts in SUMMARIES.items()
    }
    authors = {
        slug: next(users[u.username] for u in USERS if slug in u.organizations)
        for slug in organizations
    }
    quiet_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    confidential_left = dict(CONFIDENTIAL_SOURCES)
    with quiet_mail, transaction.atomic():
        for (slug, iso3, path), commitment in zip(
            PLAN, rng.sample(commitments, len(PLAN)), strict=True
        ):
            state = State.objects.get(iso3=iso3)
            entry = _walk(
                rng,
                path,
                commitment=commitment,
                state=state,
                organization=organizations[slug],
                author=authors[slug],
                reviewer=users["reviewer"],
                today=today,
                summaries=summaries,
                confidential=confidential_left.get(slug) if path.startswith("approved") else None,
            )
            if entry.evidence.filter(confidential=True).exists():
                del confidential_left[slug]
            outcome.created[entry.workflow_state] += 1
            outcome.states.add(state)
    return outcome


def _organization(slug, name, acronym, kind, country_iso3):
    organization, _ = Organization.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "acronym": acronym,
            "kind": kind,
            "country": State.objects.get(iso3=country_iso3) if country_iso3 else None,
            "website": f"https://{slug}.example.org/",
        },
    )
    return organization


def _user(demo_user, organizations):
    user = ensure_user(
        demo_user.username,
        password=DEMO_PASSWORD,
        role=demo_user.role,
        is_staff=demo_user.is_staff,
        organizations=[organizations[slug] for slug in demo_user.organizations],
    )
    Membership.objects.filter(
        user=user, organization__slug__in=demo_user.coordinates, role=MembershipRole.MEMBER
    ).update(role=MembershipRole.COORDINATOR)
    return user


def ensure_user(username, *, password, role="", is_staff=False, organizations=()):
    """
    The user `username` (mail at example.org), made if missing, in the group `role` and a
    member of `organizations`. An existing account keeps its password and other details, so
    loading demo or benchmark data again never undoes what someone changed.
    """
    users = get_user_model().objects
    user = users.filter(username=username).first()
    if user is None:
        user = users.create_user(username, f"{username}@example.org", password, is_staff=is_staff)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for organization in organizations:
        Membership.objects.get_or_create(user=user, organization=organization)
    return user


def _walk(
    rng, path, *, commitment, state, organization, author, reviewer, today, summaries, confidential
):
    """
    Draft one entry as its author, then take each step of `path` as the right user;
    `confidential` (citation, description) adds a confidential source to an entry with any.
    """
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    entry = ProgressEntry(
        commitment=commitment,
        state=state,
        organization=organization,
        created_by=author,
        status=status,
        fact_date=today - datetime.timedelta(days=rng.randint(30, 4 * 365)),
        summary=next(summaries[status]).format(state=state.name),
        confidence=rng.choice([Confidence.MEDIUM, Confidence.MEDIUM, Confidence.HIGH]),
        workflow_state=WorkflowState.DRAFT,
    )
    entry._history_user = author
    entry._change_reason = "create"
    entry.full_clean()
    entry.save()
    if status != ImplementationStatus.NO_INFORMATION:
        for citation, page in rng.sample(SOURCES, rng.randint(1, 2)):
            values = {
                "number": rng.randint(12, 480),
                "date": entry.fact_date,
                "state": state.name,
                "organization": organization.acronym,
            }
            entry.add_evidence(
                author,
                citation=citation.format(**values),
                url=f"{organization.website}{page.format(**values)}" if page else "",
            )
        if confidential:
            citation, description = confidential
            entry.add_evidence(
                author,
                citation=citation.format(date=entry.fact_date),
                description=description,
                confidential=True,
            )
    for step in PATHS[path]:
        if step == "edit":
            entry.edit(
                author,
                summary=f"{entry.summary} Source: official gazette, {entry.fact_date:%d %B %Y}.",
                confidence=Confidence.HIGH,
            )
        elif step in ProgressEntry.REVIEW_ACTIONS:
            entry.transition(step, reviewer, rng.choice(REVIEW_COMMENTS[step]))
        else:
            entry.transition(step, author)
    return entry
