"""
Counts of current assessments kept up to date as tables, instead of counted from every
assessment whenever a page is read:

- `THEMES` (`states.models.ThemeCount`): by state, theme (top-level topic) and status, on
  trackable commitments of adopted resolutions: the unfiltered matrix's cells;
- `STATUSES` (`states.models.StateStatusCount`): by state and status, on current,
  trackable, state-addressed commitments of adopted resolutions: the overview's status counts
  and coverage, and each state profile's own and regional distributions.

Drafts (`Resolution.is_adopted` false) are never in these tables: a page that counts them on
a reader's request counts from the assessments instead. A resolution saved (one marked
adopted) replaces the structure token, so the tables are counted again.

Two things change them:

- An assessment moves (an approval, or a decision that changes which entry is current):
  `CurrentAssessment.objects.refresh` calls `apply_move`, which adds one to the new status
  and takes one from the old, for each key the commitment counts under, in the transaction
  that moved it. Increments commute, so simultaneous approvals each add their own; one
  statement writes a move's rows in key order, so two moves cannot deadlock on them.
- The structure changes (a commitment retagged, retired or made trackable by an import, a
  topic or state edited, the assessments rebuilt in bulk): the `STRUCTURE` token
  (`core/caching.py`) is replaced, and the next read counts everything again (`rebuild`).

A rebuild locks its table against writers (PostgreSQL's SHARE ROW EXCLUSIVE), so it waits for
the moves that already wrote their counts to commit and then counts them in; a move still on
its way writes its delta after the rebuild, onto the new rows. Either way nothing is missed or
counted twice. The tests check the kept counts against a full count after every kind of
change, and under simultaneous approvals on real connections.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, F, Q

from commitments.models import Commitment, CommitmentTheme
from core.caching import STRUCTURE, cache, figures_version

from .choices import STATUS_ORDER
from .models import CurrentAssessment, StateStatusCount, ThemeCount


def counted_cells(assessments, by):
    """{(state_id, column_key): {status: count}} from one grouped query."""
    # By topic, through each commitment's top-level themes (a view with one row per commitment
    # and theme), so a commitment tagged with a topic and its sub-topic counts once without a
    # COUNT(DISTINCT ...).
    column = F("commitment__themes__topic_id") if by == "topic" else F("commitment_id")
    rows = (
        assessments.filter(state__isnull=False)
        .annotate(column=column)
        .filter(column__isnull=False)
        .values("state_id", "column")
        .annotate(**{status: Count("pk", filter=Q(status=status)) for status in STATUS_ORDER})
        .order_by()
    )
    return {
        (row["state_id"], row["column"]): {s: row[s] for s in STATUS_ORDER if row[s]}
        for row in rows
    }


class MaintainedCounts:
    """
    Current assessments counted by status under keys (tuples of `key_fields`), kept in
    `model` (those fields, `status` and `count`, unique together).
    """

    model = None
    key_fields: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def built_for_key(self) -> str:
        return f"maintained-counts:{self.table}:built-for"

    def assessments(self):
        """The current assessments counted."""
        raise NotImplementedError

    def count_all(self) -> dict:
        """{key: {status: count}} counted from the assessments, as the table should hold."""
        raise NotImplementedError

    def keys_of_move(self, commitment_id, state_id) -> list[tuple]:
        """The keys one assessment of `state_id` on `commitment_id` counts under."""
        raise NotImplementedError

    def counts(self) -> dict:
        """{key: {status: count}} from the table, counted again first if the structure changed."""
        structure = figures_version([STRUCTURE])
        if cache().get(self.built_for_key) != structure:
            self.rebuild(structure)
        counted = defaultdict(dict)
        rows = self.model.objects.filter(count__gt=0).values_list(
            *self.key_fields, "status", "count"
        )
        for *key, status, count in rows:
            counted[tuple(key)][status] = count
        return dict(counted)

    def differences(self) -> list[tuple]:
        """
        (key, status, kept, counted) for every count the table holds that a full count
        does not give, brought up to date first as any reader would (counted again if the
        structure changed). Empty when the kept counts are right.
        """
        self.counts()
        kept = defaultdict(dict)
        rows = self.model.objects.exclude(count=0).values_list(*self.key_fields, "status", "count")
        for *key, status, count in rows:
            kept[tuple(key)][status] = count
        counted = self.count_all()
        return [
            (key, status, kept.get(key, {}).get(status, 0), counted.get(key, {}).get(status, 0))
            for key in sorted(kept.keys() | counted.keys())
            for status in sorted(kept.get(key, {}).keys() | counted.get(key, {}).keys())
            if kept.get(key, {}).get(status, 0) != counted.get(key, {}).get(status, 0)
        ]

    def rebuild(self, structure: str):
        """
        Count everything again from the assessments, for the structure whose token is
        `structure`, read before counting: if the structure changes meanwhile, the token
        stored is already old and the next read counts again. Nothing is written to the cache
        under the lock, so an approval waiting for it never holds a row the rebuild needs.
        """
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"LOCK TABLE {connection.ops.quote_name(self.table)} "
                        "IN SHARE ROW EXCLUSIVE MODE"
                    )
            # A reader that waited here behind another's rebuild finds it done.
            if cache().get(self.built_for_key) == structure:
                return
            self.model.objects.all().delete()
            self.model.objects.bulk_create(
                (
                    self.model(
                        **dict(zip(self.key_fields, key, strict=True)), status=status, count=count
                    )
                    for key, counts in self.count_all().items()
                    for status, count in counts.items()
                ),
                batch_size=2000,
            )
        cache().set(self.built_for_key, structure, timeout=None)

    def apply_move(self, commitment_id, state_id, old_status, new_status):
        """
        One assessment's move from `old_status` to `new_status` (either None for a row that
        appeared or went away), applied to its keys; called by
        `CurrentAssessment.objects.refresh` in the transaction that moved it.
        """
        if state_id is None:
            return  # states only
        deltas = defaultdict(int)
        for key in self.keys_of_move(commitment_id, state_id):
            if old_status:
                deltas[(*key, old_status)] -= 1
            if new_status:
                deltas[(*key, new_status)] += 1
        rows = sorted((*key, delta) for key, delta in deltas.items() if delta)
        if not rows:
            return
        table = connection.ops.quote_name(self.table)
        columns = ", ".join([*self.key_fields, "status", "count"])
        conflict = ", ".join([*self.key_fields, "status"])
        values = ", ".join(["(" + ", ".join(["%s"] * len(rows[0])) + ")"] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET count = {table}.count + EXCLUDED.count",
                [value for row in rows for value in row],
            )


class ThemeCounts(MaintainedCounts):
    model = ThemeCount
    key_fields = ("state_id", "topic_id")

    def assessments(self):
        """The assessments the unfiltered matrix counts: on trackable, adopted commitments."""
        return CurrentAssessment.objects.filter(
            commitment__in=Commitment.objects.trackable().adopted().values("pk")
        )

    def count_all(self):
        return counted_cells(self.assessments(), "topic")

    def keys_of_move(self, commitment_id, state_id):
        themes = CommitmentTheme.objects.filter(
            commitment__in=Commitment.objects.trackable()
            .adopted()
            .filter(pk=commitment_id)
            .values("pk")
        ).values_list("topic_id", flat=True)
        return [(state_id, topic_id) for topic_id in themes]


class StatusCounts(MaintainedCounts):
    model = StateStatusCount
    key_fields = ("state_id",)

    def assessments(self):
        """States' assessments on current, trackable, state-addressed, adopted commitments."""
        return CurrentAssessment.objects.filter(
            state__isnull=False,
            commitment__in=Commitment.objects.addressed_to_states().adopted().values("pk"),
        )

    def count_all(self):
        counted = defaultdict(dict)
        rows = (
            self.assessments().values_list("state_id", "status").annotate(n=Count("*")).order_by()
        )
        for state_id, status, n in rows:
            counted[(state_id,)][status] = n
        return dict(counted)

    def keys_of_move(self, commitment_id, state_id):
        counted = (
            Commitment.objects.addressed_to_states().adopted().filter(pk=commitment_id).exists()
        )
        return [(state_id,)] if counted else []

    def of_states(self, *groups) -> list[dict]:
        """{status: count} over each group of state ids, from one read of the counts."""
        by_state = self.counts()
        totals = [defaultdict(int) for _ in groups]
        for (state_id,), counts in by_state.items():
            for group, total in zip(groups, totals, strict=True):
                if state_id in group:
                    for status, count in counts.items():
                        total[status] += count
        return [dict(total) for total in totals]


THEMES = ThemeCounts()
STATUSES = StatusCounts()
