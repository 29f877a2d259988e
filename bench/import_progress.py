"""
Spreadsheet import of progress through the real path: `python -m bench.import_progress
[--rows 10000] [--organization SLUG] [--submit] [--format xlsx|csv]`.

Writes a file of `--rows` rows (every trackable commitment of an adopted resolution against
every state, in turn, each row with its own reference and summary; dates in the past), then
times, as the background job runs them (`states.spreadsheets`):

- reading: the file into rows (`read_sheet`);
- validation: every row checked, nothing written (`check_import`, import-export's dry run);
- saving: every row checked again and saved through `ProgressEntry.start` (and `transition`
  with --submit), CHUNK_ROWS rows a transaction (`save_in_chunks`, states/spreadsheets/saving.py).

The rows are committed a chunk at a time, as by the job, and deleted (with their history)
at the end, so the database is left as it was.
Targets for 10,000 rows on PostgreSQL: validation under 20 s, saving under 60 s. Run it on
the demo data (`load_demo_data`) or the scale data (`generate_scale_data`).
"""

import argparse
import datetime
import io
import itertools
import os
import time

import django

TARGETS = {"validation": 20.0, "saving": 60.0}


def write_file(rows, file_format):
    from states.spreadsheets import COLUMNS

    header = list(COLUMNS.values())
    if file_format == "csv":
        import csv

        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(header)
        writer.writerows(rows)
        return output.getvalue().encode()
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Progress")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def bench_rows(count):
    from states.models import State
    from states.spreadsheets import Lookups

    lookups = Lookups()
    references = sorted(reference for _, reference in lookups.commitments.values())
    states = list(State.objects.order_by("name").values_list("name", flat=True))
    if not references:
        raise SystemExit("No trackable commitments: load the demo data first.")
    pairs = itertools.cycle(itertools.product(references, states))
    today = datetime.date.today()
    statuses = ["Not started", "In progress", "Partially implemented", "Implemented"]
    rows = []
    for number in range(count):
        commitment, state = next(pairs)
        rows.append(
            [
                f"BENCH-{number + 1:05}",
                commitment,
                state,
                statuses[number % len(statuses)],
                today - datetime.timedelta(days=1 + number % 900),
                f"Benchmark fact {number + 1}: a law was tabled, debated and adopted.",
                "Medium",
            ]
        )
    return rows


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rows", type=int, default=10_000)
    options.add_argument("--organization", help="slug; by default the first with a contributor")
    options.add_argument("--submit", action="store_true", help="submit the entries for review")
    options.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    options.add_argument("--chunk", type=int, help="rows a transaction (CHUNK_ROWS by default)")
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    from states.models import Membership, ProgressEntry
    from states.spreadsheets import check_import, read_sheet, save_in_chunks, saving

    saving.CHUNK_ROWS = args.chunk or saving.CHUNK_ROWS

    memberships = Membership.objects.select_related("organization", "user").order_by("pk")
    if args.organization:
        memberships = memberships.filter(organization__slug=args.organization)
    membership = next((m for m in memberships if m.user.has_perm("states.add_progressentry")), None)
    if membership is None:
        raise SystemExit("No contributor belongs to an organization: load the demo data first.")
    organization, user = membership.organization, membership.user

    began = time.perf_counter()
    data = write_file(bench_rows(args.rows), args.format)
    written = time.perf_counter() - began
    print(
        f"{connection.vendor}, {ProgressEntry.objects.count():,} entries stored; "
        f"{args.rows:,} rows ({args.format}, {len(data) / 1e6:.1f} MB, written in "
        f"{written:.1f} s) for {organization} as {user}, {saving.CHUNK_ROWS} rows a "
        "transaction"
    )
    timings = {}
    try:
        began = time.perf_counter()
        dataset = read_sheet(data, f"bench.{args.format}")
        timings["reading"] = time.perf_counter() - began
        report("reading", timings["reading"], args.rows)

        began = time.perf_counter()
        checked = check_import(dataset, user=user, organization=organization)
        timings["validation"] = time.perf_counter() - began
        report("validation", timings["validation"], args.rows, checked.summary())

        began = time.perf_counter()
        saved = save_in_chunks(dataset, user=user, organization=organization, submit=args.submit)
        timings["saving"] = time.perf_counter() - began
        report("saving", timings["saving"], args.rows, saved.summary())
    finally:
        forget(organization)
    return timings


def report(step, seconds, rows, summary=""):
    target = TARGETS.get(step)
    verdict = ""
    if target is not None:
        verdict = f" (target < {target:.0f} s: {'met' if seconds < target else 'MISSED'})"
    print(f"{step:<11} {seconds:6.1f} s, {rows / seconds:,.0f} rows/s{verdict}", flush=True)
    if summary:
        print(f"            {summary}", flush=True)


def forget(organization):
    """
    Delete the benchmark's entries and their history. The import commits a chunk at a time,
    as the background job does (one transaction round all of it would measure a transaction
    of a size the job never makes), so the bench cleans up after itself instead.
    """
    from states.models import ProgressEntry

    mine = {"organization": organization, "external_reference__startswith": "BENCH-"}
    ProgressEntry.history.filter(**mine).delete()
    deleted, _ = ProgressEntry.objects.filter(**mine).delete()
    print(f"Removed the {deleted:,} benchmark entries and their history.")


if __name__ == "__main__":
    main()
