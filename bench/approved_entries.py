"""
What the export and download benchmarks share: their options, and approved progress entries
(with evidence) written in bulk inside a transaction that is rolled back afterwards, so a
run leaves no rows behind.
"""

import argparse
import datetime
import os
import random
import time
from contextlib import contextmanager

import django


def arguments(doc: str, argv=None) -> argparse.Namespace:
    """The benchmark's options (--rows, --evidence, --commitments); Django set up."""
    options = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    options.add_argument("--rows", type=int, default=100_000, help="approved entries to read")
    options.add_argument("--evidence", type=int, default=2, help="evidence items per entry")
    options.add_argument("--commitments", type=int, default=50)
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the benchmark's requests
    return args


def sizes(rows: int) -> list[int]:
    """A quarter of the rows and all of them: a flat memory peak across the two shows a
    stream holds a batch, never the result."""
    return sorted({max(1, rows // 4), rows})


class Rollback(Exception):
    pass


@contextmanager
def approved_entries(args):
    """
    The id of the first of `args.rows` approved entries written for the run, each with
    `args.evidence` evidence items, all rolled back when the block ends.
    """
    from django.db import connection, transaction

    try:
        with transaction.atomic():
            began = time.perf_counter()
            first_id = build(args.rows, args.evidence, args.commitments)
            print(
                f"{connection.vendor}: {args.rows:,} approved entries with {args.evidence} "
                f"evidence items each, built in {time.perf_counter() - began:.1f} s"
            )
            yield first_id
            raise Rollback
    except Rollback:
        pass


def build(rows, evidence_per_entry, commitments):
    """Approved entries (and their evidence) written in bulk; returns the first entry's id."""
    from states.choices import ImplementationStatus, WorkflowState
    from states.models import Evidence, ProgressEntry, State
    from tests.factories.commitments import CommitmentFactory
    from tests.factories.states import OrganizationFactory, UserFactory

    rng = random.Random(11)
    user = UserFactory(username="bench-exporter")
    organization = OrganizationFactory(name="Bench export organization")
    commitment_ids = [c.pk for c in CommitmentFactory.create_batch(commitments)]
    state_ids = list(State.objects.values_list("pk", flat=True))
    statuses = list(ImplementationStatus.values)
    start = datetime.date(2015, 1, 1)
    now = datetime.datetime.now(datetime.UTC)
    first_id = None
    for offset in range(0, rows, 5000):
        # Exports read entries, not assessments: none computed for these.
        entries = ProgressEntry.objects.bulk_create(
            (
                ProgressEntry(
                    commitment_id=rng.choice(commitment_ids),
                    state_id=rng.choice(state_ids),
                    organization=organization,
                    created_by=user,
                    decided_by=user,
                    decided_at=now,
                    status=rng.choice(statuses),
                    fact_date=start + datetime.timedelta(days=rng.randrange(3650)),
                    summary=f"Bench entry {offset + number}: the national action plan was adopted "
                    "and its budget line funded for the next three years.",
                    workflow_state=WorkflowState.APPROVED,
                )
                for number in range(min(5000, rows - offset))
            ),
            refresh_assessments=False,
        )
        if first_id is None:
            first_id = entries[0].pk
        Evidence.objects.bulk_create(
            Evidence(
                entry=entry,
                url=f"https://example.org/gazette/{entry.pk}/{item}" if item % 2 == 0 else "",
                citation=f"Official Gazette No. {entry.pk}, p. {item + 1}",
                added_by=user,
            )
            for entry in entries
            for item in range(evidence_per_entry)
        )
    return first_id
