"""
Search reads an entry's current content and its attached evidence only, on whichever
database the suite runs: words only its working history holds (a draft's summary, evidence
removed before approval, reviewers' comments) find nothing, for anyone.
"""

import pytest

from tests.confidential import force_login
from tests.permissions import ACTORS, Cast
from tests.working_history import approved_after_changes

from .conftest import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def test_it_finds_an_approved_entry_by_what_was_approved_only(client, cast):
    entry = approved_after_changes(cast)

    for actor in ACTORS:
        force_login(client, cast[actor])
        # The draft's summary, the removed leaflet, the request for changes, the approval.
        for word in ("Maria", "Likoni", "leaflet", "girl", "register"):
            found = [row.pk for row in search(client, word, kind="evidence").context["results"]]
            assert found == [], (actor, word)
        found = [row.pk for row in search(client, "shelter", kind="evidence").context["results"]]
        assert found == [entry.pk], actor
