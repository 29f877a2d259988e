"""
Bulk export speed and memory: the API's streamed CSV (and JSON Lines) export of approved
progress entries, and the bare `COPY (SELECT ...) TO STDOUT` under the CSV export on
PostgreSQL (`Export.copy_csv()`): on PostgreSQL the CSV export is that COPY, so the two
columns differ by what the response adds (the header, pieces of 64 KiB).
`python -m bench.export [--rows N] [--evidence K]`.

Runs against the configured database (set DATABASE_URL for PostgreSQL) inside a transaction
that is rolled back, so it leaves no rows behind. Each export is measured over a quarter of
the rows and over all of them: rows per second, and the peak of Python memory (tracemalloc)
while the whole response is produced and thrown away, as a client download would. A flat
peak across the two sizes shows the stream holds a batch, never the result. COPY needs
PostgreSQL and is skipped elsewhere.
"""

import argparse
import datetime
import os
import random
import time
import tracemalloc

import django


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rows", type=int, default=100_000, help="approved entries to export")
    options.add_argument("--evidence", type=int, default=2, help="evidence items per entry")
    options.add_argument("--commitments", type=int, default=50)
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.conf import settings
    from django.db import connection, transaction

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the export's request

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            began = time.perf_counter()
            first_id = build(args.rows, args.evidence, args.commitments)
            print(
                f"{connection.vendor}: {args.rows:,} approved entries with {args.evidence} "
                f"evidence items each, built in {time.perf_counter() - began:.1f} s"
            )
            sizes = sorted({max(1, args.rows // 4), args.rows})
            print(
                f"{'rows':>9} {'CSV rows/s':>12} {'JSONL rows/s':>13} {'COPY rows/s':>12} "
                f"{'CSV peak memory':>16} {'JSONL peak memory':>18}"
            )
            report(first_id, min(sizes), connection, show=False)  # warm up: imports, caches
            for size in sizes:
                report(first_id, size, connection)
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


def report(first_id, size, connection, show=True):
    from django.test import RequestFactory

    from reports.exports import EXPORTS
    from states.models import ProgressEntry

    def export():
        entries = ProgressEntry.objects.approved().filter(pk__gte=first_id, pk__lt=first_id + size)
        request = RequestFactory().get("/api/v1/exports/entries.csv")
        return EXPORTS["entries"].export(entries, request)

    csv_rate, csv_peak = measure(lambda: export().csv_stream(), size, header=True)
    jsonl_rate, jsonl_peak = measure(lambda: export().jsonl_stream(), size, header=False)
    copy_rate = copy(export(), size) if connection.vendor == "postgresql" else None
    copy_text = f"{copy_rate:>12,.0f}" if copy_rate else f"{'skipped':>12}"
    if not show:
        return None
    print(
        f"{size:>9,} {csv_rate:>12,.0f} {jsonl_rate:>13,.0f} {copy_text} "
        f"{csv_peak / 1024:>13,.0f} KiB {jsonl_peak / 1024:>15,.0f} KiB"
    )
    return {"csv": csv_rate, "jsonl": jsonl_rate, "copy": copy_rate, "csv_peak": csv_peak}


def measure(stream, rows, header):
    """Rows per second of a full pass, then the peak of traced memory of another pass."""
    began = time.perf_counter()
    lines = sum(piece.count(b"\n") for piece in stream())
    elapsed = time.perf_counter() - began
    if lines != rows + header:
        raise AssertionError(f"exported {lines - header} rows, expected {rows}")
    tracemalloc.start()
    for _ in stream():
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows / elapsed, peak


def copy(export, rows):
    """The export's COPY (psycopg 3 cursor.copy), read to the end."""
    began = time.perf_counter()
    lines = sum(piece.count(b"\n") for piece in export.copy_csv())
    elapsed = time.perf_counter() - began
    if lines < rows:
        raise AssertionError(f"COPY gave {lines} lines, expected at least {rows}")
    return rows / elapsed


if __name__ == "__main__":
    main()
