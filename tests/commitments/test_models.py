import pytest
from django.db import IntegrityError, transaction

from commitments.choices import AddresseeKind, ParagraphKind, Strength
from commitments.models import Commitment, Paragraph
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_two_resolutions_with_one_symbol():
    ResolutionFactory(symbol="A/RES/65/190")
    with pytest.raises(IntegrityError), transaction.atomic():
        ResolutionFactory(symbol="A/RES/65/190")


def test_it_allows_many_resolutions_without_a_symbol():
    ResolutionFactory(symbol=None)
    ResolutionFactory(symbol=None)


def test_it_refuses_the_same_source_text_twice():
    first = ResolutionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ResolutionFactory(source_text=first.source_text, source_hash=first.source_hash)


def test_it_refuses_two_current_paragraphs_at_one_position():
    paragraph = ParagraphFactory(position=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParagraphFactory(resolution=paragraph.resolution, position=3, number="4")


def test_it_refuses_two_current_operative_paragraphs_with_one_label():
    paragraph = ParagraphFactory(position=1, number="1", sub="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ParagraphFactory(resolution=paragraph.resolution, position=2, number="1", sub="a")


def test_it_lets_a_retired_paragraph_keep_its_label():
    paragraph = ParagraphFactory(position=1, number="1")
    ParagraphFactory(resolution=paragraph.resolution, position=None, retired=True, number="1")
    assert paragraph.resolution.paragraphs.current().count() == 1


def test_it_refuses_a_current_paragraph_without_a_position():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParagraphFactory(position=None, retired=False)


def test_it_keeps_paragraphs_in_document_order():
    resolution = ResolutionFactory()
    for position in (3, 1, 2):
        ParagraphFactory(resolution=resolution, position=position, number=str(position))
    assert [p.position for p in resolution.paragraphs.current()] == [1, 2, 3]


@pytest.mark.parametrize(
    ("number", "sub", "label"),
    [("7", "", "7"), ("7", "a", "7(a)"), ("1", "b-i", "1(b)(i)")],
)
def test_it_labels_operative_paragraphs_as_printed(number, sub, label):
    assert Paragraph(kind=ParagraphKind.OPERATIVE, number=number, sub=sub).label == label


@pytest.mark.parametrize(
    ("strength", "actor_kind", "trackable"),
    [
        (Strength.STRONG, AddresseeKind.STATES, True),
        (Strength.BINDING, AddresseeKind.MIXED, True),
        (Strength.DECLARATORY, AddresseeKind.STATES, False),
        (Strength.BINDING, AddresseeKind.SELF, False),
    ],
)
def test_it_tracks_only_asks_addressed_to_someone(strength, actor_kind, trackable):
    commitment = CommitmentFactory(strength=strength, actor_kind=actor_kind)
    commitment.refresh_from_db()
    assert commitment.is_trackable is trackable
    assert (commitment in Commitment.objects.trackable()) is trackable


def test_it_finds_commitments_addressed_to_states():
    to_states = CommitmentFactory()
    CommitmentFactory(actor_kind=AddresseeKind.SELF)
    assert list(Commitment.objects.addressed_to_states()) == [to_states]
