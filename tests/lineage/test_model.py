import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commitments.models import CommitmentLink
from tests.factories.commitments import CommitmentFactory, CommitmentLinkFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_link_from_a_commitment_to_itself():
    commitment = CommitmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentLinkFactory(earlier=commitment, later=commitment)


def test_it_refuses_the_same_pair_twice():
    link = CommitmentLinkFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentLinkFactory(earlier=link.earlier, later=link.later)


def test_it_refuses_a_score_outside_zero_to_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentLinkFactory(score=1.5)


def test_it_refuses_a_decision_without_its_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentLinkFactory(status=CommitmentLink.Status.CONFIRMED)


def test_it_requires_the_earlier_resolution_to_be_adopted_first():
    link = CommitmentLinkFactory.build(
        earlier=CommitmentFactory(paragraph__resolution__adopted_on=datetime.date(2016, 6, 30)),
        later=CommitmentFactory(paragraph__resolution__adopted_on=datetime.date(2010, 12, 21)),
    )
    with pytest.raises(ValidationError, match="adopted before"):
        link.full_clean()
    link.earlier, link.later = link.later, link.earlier
    link.full_clean()


def test_it_takes_an_undated_resolution_as_the_later_one():
    dated = ResolutionFactory(adopted_on=datetime.date(2016, 6, 30))
    draft = ResolutionFactory(adopted_on=None)
    assert CommitmentLink.adopted_before(dated, draft)
    assert not CommitmentLink.adopted_before(draft, dated)
    assert not CommitmentLink.adopted_before(draft, ResolutionFactory(adopted_on=None))
    assert not CommitmentLink.adopted_before(dated, dated)


def test_it_hides_rejected_links_from_the_pages():
    kept = CommitmentLinkFactory()
    rejected = CommitmentLinkFactory()
    rejected.decide(CommitmentLink.Status.REJECTED, None, timezone.now())
    assert list(CommitmentLink.objects.shown()) == [kept]
    assert list(CommitmentLink.objects.decided()) == [rejected]
