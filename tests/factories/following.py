"""factory-boy factories for follows and followers' digests (tests)."""

import factory
from factory.django import DjangoModelFactory

from following.choices import Frequency, SubjectKind
from following.models import Follow, Follower


class FollowerFactory(DjangoModelFactory):
    class Meta:
        model = Follower
        django_get_or_create = ["user"]

    user = factory.SubFactory("tests.factories.states.UserFactory")
    frequency = Frequency.DAILY


class FollowFactory(DjangoModelFactory):
    """A follow of a state by default; pass kind and the subject (topic=..., ...)."""

    class Meta:
        model = Follow

    user = factory.SubFactory("tests.factories.states.UserFactory")
    kind = SubjectKind.STATE
    state = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == SubjectKind.STATE),
        factory.SubFactory("tests.factories.states.StateFactory"),
        None,
    )
