"""
Reading the latest approved status per (commitment, state): the maintained current-assessment
table against ranking the entries on the fly. `python -m bench.assessment [--entries N]`.

Runs against the configured database (set DATABASE_URL for PostgreSQL) inside a transaction
that is rolled back, so it leaves no rows behind. Prints median and p95 per read.
"""

import argparse
import datetime
import os
import random
import statistics
import time

import django


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--entries", type=int, default=100_000)
    options.add_argument("--commitments", type=int, default=100)
    options.add_argument("--rounds", type=int, default=20)
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.db import connection, transaction

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            build(args.entries, args.commitments)
            print(
                f"{connection.vendor}: {args.entries:,} approved entries, "
                f"{args.commitments} commitments, 195 states"
            )
            report(args.rounds)
            raise Rollback
    except Rollback:
        pass


def build(entries, commitments):
    from states.choices import ImplementationStatus, WorkflowState
    from states.models import CurrentAssessment, ProgressEntry, State
    from tests.factories.commitments import CommitmentFactory
    from tests.factories.states import OrganizationFactory, UserFactory

    rng = random.Random(7)
    user = UserFactory(username="bench-reviewer")
    organization = OrganizationFactory(name="Bench organization")
    commitment_ids = [c.pk for c in CommitmentFactory.create_batch(commitments)]
    state_ids = list(State.objects.values_list("pk", flat=True))
    statuses = list(ImplementationStatus.values)
    start = datetime.date(2015, 1, 1)
    now = datetime.datetime.now(datetime.UTC)
    batch = []
    for _ in range(entries):
        batch.append(
            ProgressEntry(
                commitment_id=rng.choice(commitment_ids),
                state_id=rng.choice(state_ids),
                organization=organization,
                created_by=user,
                decided_by=user,
                decided_at=now,
                status=rng.choice(statuses),
                fact_date=start + datetime.timedelta(days=rng.randrange(3650)),
                summary="Bench entry",
                workflow_state=WorkflowState.APPROVED,
            )
        )
        if len(batch) == 10_000:
            ProgressEntry.objects.bulk_create(batch, refresh_assessments=False)
            batch.clear()
    ProgressEntry.objects.bulk_create(batch, refresh_assessments=False)
    began = time.perf_counter()
    rows = CurrentAssessment.objects.rebuild()
    print(f"rebuild: {rows:,} assessments in {time.perf_counter() - began:.2f} s")


def report(rounds):
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber

    from states.models import CurrentAssessment, ProgressEntry, State

    def ranked():
        return (
            ProgressEntry.objects.approved()
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("commitment_id"), F("state_id")],
                    order_by=[F("fact_date").desc(), F("decided_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank=1)
        )

    state = State.objects.get(iso3="NGA")
    commitment_id = CurrentAssessment.objects.values_list("commitment_id", flat=True).first()
    reads = {
        "one state, every commitment": (
            lambda: list(ranked().filter(state=state).values_list("commitment_id", "status")),
            lambda: list(
                CurrentAssessment.objects.filter(state=state).values_list("commitment_id", "status")
            ),
        ),
        "one commitment, every state": (
            lambda: list(
                ranked().filter(commitment_id=commitment_id).values_list("state_id", "status")
            ),
            lambda: list(
                CurrentAssessment.objects.filter(commitment_id=commitment_id).values_list(
                    "state_id", "status"
                )
            ),
        ),
        "status distribution": (
            lambda: _distribution(ranked()),
            lambda: list(
                CurrentAssessment.objects.values("status").annotate(n=Count("pk")).order_by()
            ),
        ),
    }
    print(f"{'read':32} {'ranked entries':>22} {'current assessment':>22}")
    for name, (on_the_fly, table) in reads.items():
        # Both ways must give the same answer, or the timing means nothing.
        assert _normalized(on_the_fly()) == _normalized(table()), name
        print(f"{name:32} {_timed(on_the_fly, rounds):>22} {_timed(table, rounds):>22}")


def _distribution(ranked):
    """Count per status over the ranked rows (the window query must be a subquery)."""
    from django.db.models import Count

    from states.models import ProgressEntry

    return list(
        ProgressEntry.objects.filter(pk__in=ranked.values("pk"))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _normalized(rows):
    return sorted(tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in rows)


def _timed(read, rounds):
    read()
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        read()
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return f"{statistics.median(timings):7.1f} / {p95:7.1f} ms"


if __name__ == "__main__":
    main()
