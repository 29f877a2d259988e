import pytest
from django.db import connection
from django.urls import reverse

from commitments.ingest import import_resolution
from tests.factories.states import UserFactory

SEARCH_URL = reverse("search:results")

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search"
)


@pytest.fixture
def seeds(seed_texts):
    """The five seed resolutions, imported, by their display symbol."""
    imported = [import_resolution(text).resolution for text in seed_texts.values()]
    return {resolution.display_symbol: resolution for resolution in imported}


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def approve(reviewer):
    """Take an entry through submission and approval, as the workflow requires."""

    def approve(entry):
        entry.transition("submit", entry.created_by)
        entry.transition("approve", reviewer)
        return entry

    return approve


def search(client, q, **params):
    return client.get(SEARCH_URL, {"q": q, **params})


def labels(response):
    """The commitments on the page as 'A/RES/65/190 OP 16', in the page's order."""
    return [
        f"{c.resolution.display_symbol} OP {c.paragraph.label}" for c in response.context["results"]
    ]
