"""The GIN indexes: created on PostgreSQL for the very expressions the search filters on."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from commitments.models import Paragraph, Resolution
from search import engine
from states.models import Evidence, ProgressEntry

from .conftest import postgres_only

pytestmark = pytest.mark.django_db

INDEXES = {
    "search_resolution_document": (Resolution, engine.RESOLUTION_FIELDS),
    "search_paragraph_document": (Paragraph, ("text",)),
    "search_progressentry_document": (ProgressEntry, engine.ENTRY_FIELDS),
    "search_evidence_document": (Evidence, engine.EVIDENCE_FIELDS),
}


def test_it_searches_the_paragraph_text_the_index_covers():
    assert engine.COMMITMENT_FIELDS == ("paragraph__text",)


@postgres_only
def test_it_creates_a_gin_index_for_every_kind():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'search_%%'"
        )
        found = dict(cursor.fetchall())

    assert set(found) == set(INDEXES)
    assert all("USING gin (to_tsvector('english_unaccent'::regconfig" in d for d in found.values())


@postgres_only
@pytest.mark.parametrize("index", INDEXES)
def test_it_filters_on_the_expression_of_the_index(seeds, index):
    model, fields = INDEXES[index]
    # A word found nowhere: however the statistics stand, the index is the plan to read it.
    query = SearchQuery("zebra", config=engine.CONFIG, search_type="websearch")
    queryset = (
        model.objects.alias(document=engine.PostgresBackend.document(fields))
        .filter(document=query)
        .order_by()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {model._meta.db_table}")
        cursor.execute("SET LOCAL enable_seqscan = off")

        plan = queryset.explain()

    assert f"Bitmap Index Scan on {index}" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the fallback database")
def test_it_adds_no_index_elsewhere():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_%'")
        assert cursor.fetchall() == []
