"""The migration that brought the "related" kind relabels the loose suggestions held before."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from commitments.models import CommitmentLink
from tests.factories.commitments import CommitmentLinkFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("commitments.migrations.0012_link_kind_related")
Kind, Status = CommitmentLink.Kind, CommitmentLink.Status


def test_it_relabels_suggested_links_below_the_line_and_nothing_else():
    assert MIGRATION.SIMILAR_ENOUGH == 0.45
    reviewer_said = CommitmentLinkFactory(
        score=0.38,
        kind=Kind.STRENGTHENED,
        status=Status.CONFIRMED,
        decided_at=timezone.now(),
    )
    links = {
        "below": CommitmentLinkFactory(score=0.449, kind=Kind.STRENGTHENED),
        "far below": CommitmentLinkFactory(score=0.36, kind=Kind.WEAKENED),
        "reworded below": CommitmentLinkFactory(score=0.4, kind=Kind.REWORDED),
        "at": CommitmentLinkFactory(score=0.45, kind=Kind.BROADENED),
        "above": CommitmentLinkFactory(score=0.7, kind=Kind.NARROWED),
    }

    MIGRATION.relabel_loose_links(apps, None)
    MIGRATION.relabel_loose_links(apps, None)  # a second run changes nothing more

    kinds = {name: CommitmentLink.objects.get(pk=link.pk).kind for name, link in links.items()}
    assert kinds == {
        "below": Kind.RELATED,
        "far below": Kind.RELATED,
        "reworded below": Kind.RELATED,
        "at": Kind.BROADENED,
        "above": Kind.NARROWED,
    }
    assert CommitmentLink.objects.get(pk=reviewer_said.pk).kind == Kind.STRENGTHENED
