"""
Download speed and memory: the "Download data" page's CSV and XLSX of approved progress
entries (reports/downloads.py), in its readable columns, and what the page answers.
`python -m bench.download [--rows N] [--evidence K]`.

Runs against the configured database (set DATABASE_URL for PostgreSQL) inside a transaction
that is rolled back, so it leaves no rows behind; the rows are the export benchmark's
(bench/approved_entries.py). Each format is measured over a quarter of the rows and over all
of them: seconds for the whole file, rows per second, the file's size, and the peak of Python
memory (tracemalloc) while the file is produced and thrown away. A flat peak across the two
sizes shows the download holds a chunk of rows, never the result. (tracemalloc sees Python's
own allocations: lxml's buffers, which openpyxl writes XML through, are not counted.)

Then the page itself, asked for each file by a signed-in user as a browser would: how long
the request takes and what it answers: the file, written while the reader waits, or, past
the format's DOWNLOADS_*_INLINE_MAX_ROWS, the offer to prepare it in the background (whose
job writes the file as measured above, off the request).
"""

import os
import time
import tracemalloc

from bench.approved_entries import approved_entries, arguments, sizes


def main(argv=None):
    args = arguments(__doc__, argv)
    with approved_entries(args) as first_id:
        print(
            f"{'rows':>9} {'format':>6} {'seconds':>8} {'rows/s':>9} {'size':>10} "
            f"{'peak memory':>12}"
        )
        measured = sizes(args.rows)
        report(first_id, min(measured), show=False)  # warm up: imports, caches
        for size in measured:
            report(first_id, size)
        print(f"{'rows':>9} {'format':>6} {'request s':>10}  page answers")
        for size in measured:
            for file_format in ("csv", "xlsx"):
                page(first_id, size, file_format)


def entries(first_id, size):
    from states.models import ProgressEntry

    return ProgressEntry.objects.approved().filter(pk__gte=first_id, pk__lt=first_id + size)


def sheet(first_id, size):
    from django.test import RequestFactory

    from reports.downloads import Sheet

    return Sheet(entries(first_id, size), RequestFactory().get("/downloads/"))


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


def page(first_id, size, file_format):
    """
    The page asked for the file of the bench's first `size` entries, as the user who made
    them (their address asks for their organization's rows; the bench's entries are all of
    one organization, so the filter is on a range of ids, put in by patching the rows read).
    """
    import logging
    from unittest import mock

    from django.test import Client

    from reports import downloads
    from states.models import ProgressEntry

    logging.getLogger("axes").setLevel(logging.WARNING)  # the sign-in's log lines
    user = ProgressEntry.objects.get(pk=first_id).created_by
    client = Client()
    client.force_login(user)
    download = downloads.DOWNLOADS["entries"]
    own = download.entries
    with mock.patch.object(
        type(download),
        "entries",
        lambda self, filterset: own(filterset).filter(pk__gte=first_id, pk__lt=first_id + size),
    ):
        began = time.perf_counter()
        response = client.get("/downloads/", {"format": file_format})
        if response.streaming:
            for _ in response.streaming_content:
                pass
        elapsed = time.perf_counter() - began
    if response.get("Content-Disposition", "").startswith("attachment"):
        answer = "the file"
    elif "Prepare the" in response.content.decode():
        answer = "the offer to prepare it in the background"
    else:
        answer = f"status {response.status_code}"
    print(f"{size:>9,} {file_format.upper():>6} {elapsed:>10.2f}  {answer}")


if __name__ == "__main__":
    main()
