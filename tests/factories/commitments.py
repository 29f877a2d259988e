"""factory-boy factories for resolutions, paragraphs and commitments (tests and benchmarks)."""

import datetime
import hashlib

import factory
from factory.django import DjangoModelFactory

from commitments.choices import (
    ActorKind,
    AddresseeKind,
    Body,
    DueBasis,
    ParagraphKind,
    RequestKind,
    Strength,
    SubscriptionScope,
)
from commitments.models import (
    Actor,
    Commitment,
    CommitmentActor,
    CommitmentLink,
    DeadlineSubscription,
    Paragraph,
    ReportingRequest,
    Resolution,
    Topic,
)


class ResolutionFactory(DjangoModelFactory):
    class Meta:
        model = Resolution

    symbol = factory.Sequence(lambda n: f"A/RES/90/{n + 1}")
    body = Body.GENERAL_ASSEMBLY
    session = "90"
    title = factory.Sequence(lambda n: f"Trafficking in persons, resolution {n + 1}")
    adopted_on = factory.Faker("date_between", start_date="-10y", end_date="today")
    source_text = factory.LazyAttribute(lambda o: f"{o.symbol}\n{o.title}\nThe General Assembly,")
    source_hash = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.source_text.encode()).hexdigest()
    )


class ParagraphFactory(DjangoModelFactory):
    class Meta:
        model = Paragraph

    resolution = factory.SubFactory(ResolutionFactory)
    kind = ParagraphKind.OPERATIVE
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.position) if o.kind == "operative" else "")
    opener = "Calls upon"
    text = "Calls upon all Governments to criminalize all forms of trafficking in persons;"
    source_start = 0
    source_end = factory.LazyAttribute(lambda o: len(o.text))
    spans = factory.LazyAttribute(lambda o: [[o.source_start, o.source_end]])


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = ActorKind.OTHER


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class CommitmentFactory(DjangoModelFactory):
    """A trackable commitment addressed to States, unless told otherwise."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    paragraph = factory.SubFactory(ParagraphFactory)
    resolution = factory.SelfAttribute("paragraph.resolution")
    verb_phrase = "Calls upon"
    canonical_verb = "call upon"
    strength = Strength.STRONG
    action = "criminalize"
    actor_kind = AddresseeKind.STATES

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        """Link the given actors; by default the canonical 'States' as 'Governments'."""
        if not create:
            return
        if extracted is None:
            extracted = (
                []
                if self.actor_kind == AddresseeKind.SELF
                else [ActorFactory(name="States", kind=ActorKind.STATES)]
            )
        CommitmentActor.objects.bulk_create(
            CommitmentActor(
                commitment=self, actor=actor, text=actor.name, kind=actor.kind, position=i
            )
            for i, actor in enumerate(extracted)
        )

    @factory.post_generation
    def named_states(self, create, extracted, **kwargs):
        """Addressees naming States by their ISO codes: named_states=["KEN"]."""
        if not create or not extracted:
            return
        start = self.actor_links.count()
        CommitmentActor.objects.bulk_create(
            CommitmentActor(
                commitment=self,
                text=f"Government of {code}",
                kind=ActorKind.STATES,
                state_code=code,
                position=start + i,
            )
            for i, code in enumerate(extracted)
        )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.add(*extracted)


class ReportingRequestFactory(DjangoModelFactory):
    """A report asked of the Secretary-General at a General Assembly session, due in 60 days."""

    class Meta:
        model = ReportingRequest

    commitment = factory.SubFactory(
        CommitmentFactory,
        actor_kind=AddresseeKind.UN_SYSTEM,
        actors=[],
        paragraph__text="Requests the Secretary-General to submit a report at its next session.",
    )
    resolution = factory.SelfAttribute("commitment.resolution")
    kind = RequestKind.REPORT
    requested_of = "Secretary-General"
    due_body = Body.GENERAL_ASSEMBLY
    due_session = 91
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))
    is_estimate = True
    basis = DueBasis.SESSION
    source_text = "to submit a report at its next session"
    span_start = 31
    span_end = factory.LazyAttribute(lambda o: o.span_start + len(o.source_text))


class DeadlineSubscriptionFactory(DjangoModelFactory):
    """Reminders of one resolution's deadlines; pass scope and topic, or scope=ALL."""

    class Meta:
        model = DeadlineSubscription

    user = factory.SubFactory("tests.factories.states.UserFactory")
    scope = SubscriptionScope.RESOLUTION
    resolution = factory.Maybe(
        factory.LazyAttribute(lambda o: o.scope == SubscriptionScope.RESOLUTION),
        factory.SubFactory(ResolutionFactory),
        None,
    )
    topic = None


class CommitmentLinkFactory(DjangoModelFactory):
    """A suggested lineage link from a commitment of an older resolution to a newer one's."""

    class Meta:
        model = CommitmentLink

    earlier = factory.SubFactory(
        CommitmentFactory, paragraph__resolution__adopted_on=datetime.date(2010, 12, 21)
    )
    later = factory.SubFactory(
        CommitmentFactory, paragraph__resolution__adopted_on=datetime.date(2016, 6, 30)
    )
    score = 0.8
    kind = CommitmentLink.Kind.RENEWED


def chapeau_with_subs(resolution=None, number="2", subs="abcd", **kwargs):
    """
    A chapeau ("Calls upon all States:", not tracked itself) and its sub-paragraphs (a), (b),
    ... (each a trackable commitment): (chapeau, [sub-paragraphs' commitments]). `kwargs` go
    to each sub-paragraph's commitment.
    """
    resolution = resolution or ResolutionFactory()
    chapeau = CommitmentFactory(
        paragraph__resolution=resolution,
        paragraph__number=number,
        paragraph__text="Calls upon all States:",
        is_chapeau=True,
    )
    children = [
        CommitmentFactory(
            paragraph__resolution=resolution,
            paragraph__number=number,
            paragraph__sub=sub,
            paragraph__parent=chapeau.paragraph,
            paragraph__opener="",
            paragraph__text=f"To act on point ({sub});",
            **kwargs,
        )
        for sub in subs
    ]
    return chapeau, children
