"""
Drafts (resolutions whose adoption is not established) are left out of state reports, the
matrix, coverage and the dashboard's counts, unless the reader asks for them (drafts=1); a
draft marked adopted is counted at once (cached figures and maintained counts go stale).
"""

import datetime

import pytest
from django.urls import reverse

from commitments.choices import Body
from commitments.models import Topic
from states.choices import ImplementationStatus as Status
from states.counts import STATUSES, THEMES
from states.models import State
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(approve):
    """Nigeria's approved progress on one adopted resolution's commitment and a draft's."""
    prosecution = Topic.objects.get(slug="prosecution")
    adopted = CommitmentFactory(
        paragraph__resolution=ResolutionFactory(symbol="A/RES/65/190"), topics=[prosecution]
    )
    draft = CommitmentFactory(
        paragraph__resolution=ResolutionFactory(
            symbol="44/…", body=Body.HUMAN_RIGHTS_COUNCIL, adopted_on=None
        ),
        topics=[prosecution],
    )
    nga = State.objects.get(iso3="NGA")
    approve(ProgressEntryFactory(commitment=adopted, state=nga, status=Status.IMPLEMENTED))
    approve(ProgressEntryFactory(commitment=draft, state=nga, status=Status.PARTIAL))
    return {"adopted": adopted, "draft": draft, "nga": nga}


def reported(client, **params):
    response = client.get(reverse("reports:state_report", args=["nigeria"]), params)
    return response, [section.commitment for section in response.context["report"].sections]


def test_it_leaves_drafts_out_of_a_state_report_unless_asked(client, world):
    response, commitments = reported(client)
    with_drafts, commitments_with_drafts = reported(client, drafts="1")

    assert commitments == [world["adopted"]]
    assert set(commitments_with_drafts) == {world["adopted"], world["draft"]}
    assert '<span class="badge draft-badge"' not in response.content.decode()
    assert '<span class="badge draft-badge"' in with_drafts.content.decode()


def matrix_assessed(client, **params):
    return client.get(reverse("reports:matrix"), params).context["matrix"].assessed


def test_it_leaves_drafts_out_of_the_matrix_unless_asked(client, world):
    assert matrix_assessed(client) == 1  # the unfiltered matrix, from the maintained counts
    assert matrix_assessed(client, columns="topic") == 1  # a filtered one, counted
    assert matrix_assessed(client, columns="topic", drafts="1") == 2
    assert matrix_assessed(client, resolution=world["draft"].resolution_id) == 0
    assert matrix_assessed(client, resolution=world["draft"].resolution_id, drafts="1") == 1


def overview(client, **params):
    return client.get(reverse("reports:overview"), params).context["overview"]


def test_it_leaves_drafts_out_of_coverage_and_counts_unless_asked(client, world):
    figures = overview(client)
    with_drafts = overview(client, drafts="1")

    assert (figures.resolutions, figures.trackable_commitments, figures.state_commitments) == (
        1,
        1,
        1,
    )
    assert figures.assessed_pairs == 1
    assert figures.coverage_percent == f"{100 / figures.states_total:.1f}"
    assert (with_drafts.resolutions, with_drafts.state_commitments) == (2, 2)
    assert with_drafts.assessed_pairs == 2
    assert STATUSES.counts()[(world["nga"].pk,)] == {Status.IMPLEMENTED: 1}


def test_it_counts_a_draft_once_it_is_marked_adopted(client, world):
    assert overview(client).state_commitments == 1
    assert matrix_assessed(client) == 1

    world["draft"].resolution.mark_adopted(
        symbol="A/HRC/RES/44/4", adopted_on=datetime.date(2020, 7, 16)
    )

    figures = overview(client)
    assert (figures.state_commitments, figures.assessed_pairs) == (2, 2)
    assert matrix_assessed(client) == 2
    assert THEMES.counts() == THEMES.count_all()
    assert STATUSES.counts() == STATUSES.count_all()
    _, commitments = reported(client)
    assert set(commitments) == {world["adopted"], world["draft"]}
