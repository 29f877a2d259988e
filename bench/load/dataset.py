"""
What a load run works on, made the product's own way: the seed resolutions, lexicon and demo
organizations, users and entries (`seed_lexicon`, `load_demo_data`), plus organizations and
accounts of the run's own through the factories. Safe to run again on the same database.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db.models import Max

from commitments.models import Commitment, Resolution
from states.models import Organization, ProgressEntry, State
from tests.factories.states import OrganizationFactory, UserFactory

COORDINATOR = "load-coordinator"


def split_users(users: int) -> dict:
    """How many of `users` contribute and review; the rest read."""
    contributors = max(1, users * 2 // 5)
    reviewers = max(1, round(users * 0.15))
    return {
        "contributors": contributors,
        "reviewers": reviewers,
        "readers": max(0, users - contributors - reviewers),
    }


def prepare(counts: dict, password: str) -> dict:
    """Migrate and seed the database, make the run's accounts; what the clients need to know."""
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", interactive=False, **quiet)
    call_command("seed_lexicon", **quiet)
    call_command("load_demo_data", **quiet)
    organizations = _organizations(max(2, min(4, counts["contributors"] // 2)))
    contributors = []
    for number in range(counts["contributors"]):
        # Every organization has two or more contributors (so they meet on the same entries),
        # and every third contributor reports for two organizations.
        own = [organizations[number % len(organizations)]]
        if number % 3 == 2:
            own.append(organizations[(number + 1) % len(organizations)])
        user = UserFactory(
            username=f"load-contributor-{number}", role="Contributors", organizations=own
        )
        contributors.append({"username": user.username, "organizations": [o.slug for o in own]})
    reviewers = [
        UserFactory(username=f"load-reviewer-{number}", role="Reviewers").username
        for number in range(counts["reviewers"])
    ]
    UserFactory(username=COORDINATOR, role="Administrators")
    # One hash for every account: hashing is deliberately slow, and they share the password.
    names = [c["username"] for c in contributors] + reviewers + [COORDINATOR]
    get_user_model().objects.filter(username__in=names).update(password=make_password(password))
    commitments = Commitment.objects.addressed_to_states().order_by("pk")
    members = State.objects.members().order_by("iso3")
    reported_on = State.objects.filter(progress_entries__isnull=False).distinct()
    return {
        "counts": counts,
        "contributors": contributors,
        "reviewers": reviewers,
        "coordinator": COORDINATOR,
        "commitments": list(commitments.values_list("pk", flat=True)),
        "states": list(members.values_list("iso3", flat=True)),
        # State pages: those with progress recorded, and some without.
        "state_slugs": sorted(
            {
                *reported_on.values_list("slug", flat=True),
                *members.values_list("slug", flat=True)[:10],
            }
        ),
        "resolutions": list(Resolution.objects.order_by("pk").values_list("pk", flat=True)),
        "baseline": ProgressEntry.objects.aggregate(last=Max("pk"))["last"] or 0,
        "prepared": datetime.datetime.now(datetime.UTC).isoformat(),
    }


def _organizations(count):
    found = []
    for number in range(count):
        slug = f"load-monitor-{number}"
        organization = Organization.objects.filter(slug=slug).first()
        found.append(organization or OrganizationFactory(name=f"Load Monitor {number}", slug=slug))
    return found
