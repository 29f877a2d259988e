"""
factory-boy factories for states, organizations, users and progress entries (tests, benchmarks).

The test database already holds the 195 real states and their M49 regions (the 0002 data
migration runs when it is created), so a factory row must never take a real code or name.
Instead of get_or_create, which would quietly hand back France when a test asked for a new
state with code FRA, every code comes from a range that ISO 3166-1 reserves for user
assignment and will never give to a country:

- alpha-2: AA, QM-QZ, XA-XZ, ZZ (42 codes)
- alpha-3: XAA-XZZ (676 codes)
- numeric (and so M49): 900-999 (100 codes)

Sequences are global for a test session and each pool wraps around, so a single test can
build up to 42 states (50 if it passes its own codes) without a clash. Tests that need a
real state fetch it, e.g. State.objects.get(iso3="FRA").
"""

import string

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from states.choices import (
    ImplementationStatus,
    OrganizationKind,
    RegionLevel,
    UnStatus,
    WorkflowState,
)
from states.models import Membership, Organization, ProgressEntry, Region, State

USER_ASSIGNED_ISO2 = (
    ["AA"]
    + [f"Q{letter}" for letter in string.ascii_uppercase[string.ascii_uppercase.index("M") :]]
    + [f"X{letter}" for letter in string.ascii_uppercase]
    + ["ZZ"]
)
USER_ASSIGNED_ISO3 = [f"X{a}{b}" for a in string.ascii_uppercase for b in string.ascii_uppercase]
USER_ASSIGNED_NUMERIC = [str(number) for number in range(900, 1000)]


def _cycle(pool):
    return factory.Sequence(lambda n: pool[n % len(pool)])


class RegionFactory(factory.django.DjangoModelFactory):
    """A top-level region by default; pass level and parent for a lower tier."""

    class Meta:
        model = Region

    m49_code = _cycle(USER_ASSIGNED_NUMERIC)
    name = factory.Sequence(lambda n: f"Test region {n}")
    level = RegionLevel.REGION
    parent = None

    class Params:
        subregion = factory.Trait(
            level=RegionLevel.SUBREGION,
            parent=factory.SubFactory("tests.factories.states.RegionFactory"),
        )


class StateFactory(factory.django.DjangoModelFactory):
    """A member state in a region and sub-region of its own, clear of the real 195."""

    class Meta:
        model = State

    name = factory.Sequence(lambda n: f"Testland {n}")
    slug = factory.LazyAttribute(lambda state: slugify(state.name))
    iso2 = _cycle(USER_ASSIGNED_ISO2)
    iso3 = _cycle(USER_ASSIGNED_ISO3)
    m49_code = _cycle(USER_ASSIGNED_NUMERIC)
    region = factory.SubFactory(RegionFactory)
    subregion = factory.SubFactory(
        RegionFactory, level=RegionLevel.SUBREGION, parent=factory.SelfAttribute("..region")
    )
    intermediate_region = None
    un_status = UnStatus.MEMBER

    class Params:
        observer = factory.Trait(un_status=UnStatus.OBSERVER)


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An international NGO; the national trait gives it a country."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Test organization {n}")
    slug = factory.LazyAttribute(lambda organization: slugify(organization.name))
    acronym = ""
    kind = OrganizationKind.NGO
    country = None
    website = factory.LazyAttribute(
        lambda organization: f"https://{organization.slug}.example.org/"
    )

    class Params:
        national = factory.Trait(country=factory.SubFactory(StateFactory))


class UserFactory(DjangoModelFactory):
    """A user; pass `role="Contributors"` (or Reviewers, Administrators) to give a role."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("a-long-demo-passphrase")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        """Memberships; get_or_create, as the user itself may be an existing one."""
        for organization in extracted or ():
            Membership.objects.get_or_create(user=self, organization=organization)


class ProgressEntryFactory(DjangoModelFactory):
    """A draft entry on a state, reported by an organization its author belongs to."""

    class Meta:
        model = ProgressEntry
        skip_postgeneration_save = True

    commitment = factory.SubFactory("tests.factories.commitments.CommitmentFactory")
    state = factory.Iterator(State.objects.members().order_by("iso3"))
    organization = factory.SubFactory(OrganizationFactory)
    created_by = factory.SubFactory(UserFactory, role="Contributors")
    status = ImplementationStatus.IN_PROGRESS
    fact_date = factory.Faker("date_between", start_date="-5y", end_date="today")
    summary = factory.Faker("paragraph")
    workflow_state = WorkflowState.DRAFT

    @factory.post_generation
    def author_membership(self, create, extracted, **kwargs):
        """The author belongs to the reporting organization, as the workflow requires."""
        if create:
            Membership.objects.get_or_create(user=self.created_by, organization=self.organization)
