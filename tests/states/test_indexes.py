"""The indexes the progress pages rely on, read as they are meant to be on PostgreSQL."""

import pytest
from django.db import connection

from states import queries
from states.models import State
from tests.factories.states import ProgressEntryFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


def test_it_reads_a_state_pages_newest_entries_in_order_from_the_index():
    kenya = State.objects.get(iso3="KEN")
    ProgressEntryFactory.create_batch(3, state=kenya)
    page = queries.state_entries(kenya, None)[:26]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE states_progressentry")
        # Whatever the statistics of a test database: what matters is that a plan reading the
        # page in order exists, which only this index gives (the timeline's has no state).
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")

        plan = page.explain()

    assert "Index Scan using entry_state_recent" in plan
    assert "Sort" not in plan.split("Index Scan using entry_state_recent")[0]
