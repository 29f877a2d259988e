"""
Bulk export speed and memory: the API's streamed CSV (and JSON Lines) export of approved
progress entries, and the bare `COPY (SELECT ...) TO STDOUT` under the CSV export on
PostgreSQL (`Export.copy_csv()`): on PostgreSQL the CSV export is that COPY, so the two
columns differ by what the response adds (the header, pieces of 64 KiB).
`python -m bench.export [--rows N] [--evidence K]`.

Runs against the configured database (set DATABASE_URL for PostgreSQL) inside a transaction
that is rolled back, so it leaves no rows behind (bench/approved_entries.py). Each export is
measured over a quarter of the rows and over all of them: rows per second, and the peak of
Python memory (tracemalloc) while the whole response is produced and thrown away, as a client
download would. A flat peak across the two sizes shows the stream holds a batch, never the
result. COPY needs PostgreSQL and is skipped elsewhere.
"""

import time
import tracemalloc

from bench.approved_entries import approved_entries, arguments, sizes


def main(argv=None):
    args = arguments(__doc__, argv)
    from django.db import connection

    with approved_entries(args) as first_id:
        print(
            f"{'rows':>9} {'CSV rows/s':>12} {'JSONL rows/s':>13} {'COPY rows/s':>12} "
            f"{'CSV peak memory':>16} {'JSONL peak memory':>18}"
        )
        measured = sizes(args.rows)
        report(first_id, min(measured), connection, show=False)  # warm up: imports, caches
        for size in measured:
            report(first_id, size, connection)


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
