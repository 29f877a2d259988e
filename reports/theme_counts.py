"""
The unfiltered matrix's cells kept as counts (`reports.models.ThemeCount`), instead of counted
from every current assessment whenever the matrix is read.

Two things change them:

- An assessment moves (an approval, or a decision that changes which entry is current):
  `apply_move` adds one to the new status and takes one from the old, for each theme of the
  commitment, in the transaction that moved it. Increments commute, so simultaneous approvals
  each add their own; one statement writes a move's rows in key order, so two moves cannot
  deadlock on them.
- The structure changes (a commitment retagged, retired or made trackable by an import, a
  topic or state edited, the assessments rebuilt in bulk): the `STRUCTURE` token
  (`reports/caching.py`) is replaced, and the next read counts everything again (`rebuild`).

A rebuild locks the table against writers (PostgreSQL's SHARE ROW EXCLUSIVE), so it waits for
the moves that already wrote their counts to commit and then counts them in; a move still on
its way writes its delta after the rebuild, onto the new rows. Either way nothing is missed or
counted twice. The tests check the kept counts against a full count after every kind of
change, and under simultaneous approvals on real connections.
"""

from collections import defaultdict

from django.db import connection, transaction

from commitments.models import Commitment, CommitmentTheme
from states.models import CurrentAssessment

from .caching import STRUCTURE, cache, figures_version
from .models import ThemeCount

BUILT_FOR_KEY = "theme-counts:built-for"


def trackable_assessments():
    """The assessments the unfiltered matrix counts: those on trackable commitments."""
    return CurrentAssessment.objects.filter(
        commitment__in=Commitment.objects.trackable().values("pk")
    )


def cells() -> dict:
    """{(state_id, topic_id): {status: count}}, as `matrix.counted_cells` would count them."""
    structure = figures_version([STRUCTURE])
    if cache().get(BUILT_FOR_KEY) != structure:
        rebuild(structure)
    counted = defaultdict(dict)
    rows = ThemeCount.objects.filter(count__gt=0).values_list(
        "state_id", "topic_id", "status", "count"
    )
    for state_id, topic_id, status, count in rows:
        counted[(state_id, topic_id)][status] = count
    return dict(counted)


def rebuild(structure: str):
    """
    Count every cell again from the assessments, for the structure whose token is
    `structure`, read before counting: if the structure changes meanwhile, the token stored
    is already old and the next read counts again. Nothing is written to the cache under the
    lock, so an approval waiting for it never holds a row the rebuild needs.
    """
    from .matrix import counted_cells

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(ThemeCount._meta.db_table)} "
                    "IN SHARE ROW EXCLUSIVE MODE"
                )
        # A reader that waited here behind another's rebuild finds it done.
        if cache().get(BUILT_FOR_KEY) == structure:
            return
        ThemeCount.objects.all().delete()
        ThemeCount.objects.bulk_create(
            (
                ThemeCount(state_id=state_id, topic_id=topic_id, status=status, count=count)
                for (state_id, topic_id), counts in counted_cells(
                    trackable_assessments(), "topic"
                ).items()
                for status, count in counts.items()
            ),
            batch_size=2000,
        )
    cache().set(BUILT_FOR_KEY, structure, timeout=None)


def apply_move(commitment_id, state_id, old_status, new_status, **kwargs):
    """
    One assessment's move from `old_status` to `new_status` (either None for a row that
    appeared or went away), applied to its state's cells (receiver of `assessment_moved`).
    """
    if state_id is None:
        return  # the matrix has states only
    themes = CommitmentTheme.objects.filter(
        commitment__in=Commitment.objects.trackable().filter(pk=commitment_id).values("pk")
    ).values_list("topic_id", flat=True)
    deltas = defaultdict(int)
    for topic_id in themes:
        if old_status:
            deltas[(state_id, topic_id, old_status)] -= 1
        if new_status:
            deltas[(state_id, topic_id, new_status)] += 1
    rows = sorted((*key, delta) for key, delta in deltas.items() if delta)
    if not rows:
        return
    table = connection.ops.quote_name(ThemeCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (state_id, topic_id, status, count) VALUES {values} "
            "ON CONFLICT (state_id, topic_id, status) "
            f"DO UPDATE SET count = {table}.count + EXCLUDED.count",
            [value for row in rows for value in row],
        )
