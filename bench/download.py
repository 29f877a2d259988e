"""
Download speed and memory: the "Download data" page's CSV and XLSX of approved progress
entries (reports/downloads.py), in its readable columns.
`python -m bench.download [--rows N] [--evidence K]`.

Runs against the configured database (set DATABASE_URL for PostgreSQL) inside a transaction
that is rolled back, so it leaves no rows behind; the rows are the export benchmark's
(bench/export.py). Each format is measured over a quarter of the rows and over all of them:
seconds for the whole file, rows per second, the file's size, and the peak of Python memory
(tracemalloc) while the file is produced and thrown away. A flat peak across the two sizes
shows the download holds a chunk of rows, never the result. (tracemalloc sees Python's own
allocations: lxml's buffers, which openpyxl writes XML through, are not counted.)
"""

import argparse
import os
import time
import tracemalloc

import django


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rows", type=int, default=100_000, help="approved entries to download")
    options.add_argument("--evidence", type=int, default=2, help="evidence items per entry")
    options.add_argument("--commitments", type=int, default=50)
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.conf import settings
    from django.db import connection, transaction

    from bench.export import build

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the download's request

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
            print(
                f"{'rows':>9} {'format':>6} {'seconds':>8} {'rows/s':>9} {'size':>10} "
                f"{'peak memory':>12}"
            )
            sizes = sorted({max(1, args.rows // 4), args.rows})
            report(first_id, min(sizes), show=False)  # warm up: imports, caches
            for size in sizes:
                report(first_id, size)
            raise Rollback
    except Rollback:
        pass


def sheet(first_id, size):
    from django.test import RequestFactory

    from reports.downloads import Sheet
    from states.models import ProgressEntry

    entries = ProgressEntry.objects.approved().filter(pk__gte=first_id, pk__lt=first_id + size)
    return Sheet(entries, RequestFactory().get("/downloads/"))


def csv_bytes(first_id, size):
    from reports.downloads import csv_stream

    return sum(len(piece) for piece in csv_stream(sheet(first_id, size)))


def xlsx_bytes(first_id, size):
    from reports.downloads import xlsx_file

    with xlsx_file(sheet(first_id, size), "Progress entries") as file:
        file.seek(0, os.SEEK_END)
        return file.tell()


def report(first_id, size, show=True):
    for name, make in (("CSV", csv_bytes), ("XLSX", xlsx_bytes)):
        began = time.perf_counter()
        length = make(first_id, size)
        elapsed = time.perf_counter() - began
        tracemalloc.start()
        make(first_id, size)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if show:
            print(
                f"{size:>9,} {name:>6} {elapsed:>8.1f} {size / elapsed:>9,.0f} "
                f"{length / 1024 / 1024:>6.1f} MiB {peak / 1024:>8,.0f} KiB"
            )


if __name__ == "__main__":
    main()
