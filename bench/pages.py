"""
Server time of the main pages on the data in the configured database (run
`manage.py generate_scale_data` first): `python -m bench.pages [--rounds N]`.

Each page is requested through Django's full stack in-process (middleware, views, templates;
no network), `rounds` times after one warm-up. The table gives median and p95 time, the
number of SQL queries, the time of the page's heaviest SQL statement run alone, and how much
the app adds on top of it (page median / heaviest statement median).
"""

import argparse
import contextlib
import os
import statistics
import time

import django


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rounds", type=int, default=20)
    options.add_argument("--pdf-rounds", type=int, default=3)
    options.add_argument("--show-sql", action="store_true", help="print each heaviest statement")
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    rows = [measure(page, args) for page in pages()]
    print_table(rows)
    if args.show_sql:
        for row in rows:
            print(f"\n-- {row['page']}: {row['heaviest']:.1f} ms\n{row['heaviest_sql']}")
    return rows


def pages():
    """(name, path, user or None, rounds key) for each page the issue names."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from commitments.models import Commitment, Resolution
    from states.models import CurrentAssessment, ProgressEntry, State

    busiest_state = State.objects.annotate(n=Count("assessments")).order_by("-n", "name").first()
    busiest_commitment = (
        Commitment.objects.annotate(n=Count("assessments")).order_by("-n", "pk").first()
    )
    resolution = Resolution.objects.order_by("-adopted_on").first()
    reviewer = _reviewer()
    found = [
        ("overview dashboard", reverse("reports:overview"), None),
        ("matrix, unfiltered", reverse("reports:matrix"), None),
        (
            "matrix, one resolution, Africa",
            f"{reverse('reports:matrix')}?resolution={resolution.pk}"
            f"&region={busiest_state.region_id}",
            None,
        ),
        ("state profile", reverse("states:state_detail", args=[busiest_state.slug]), None),
        (
            "commitment profile",
            reverse("commitments:commitment_detail", args=[busiest_commitment.pk]),
            None,
        ),
        ("reviewer queue", reverse("states:review_queue"), reviewer),
    ]
    with contextlib.suppress(NoReverseMatch):
        found.append(("API entry list", reverse("api:progressentry-list"), None))
    found.append(
        (
            "state PDF report",
            reverse("reports:state_report_file", args=[busiest_state.slug, "pdf"]),
            None,
        )
    )
    assert CurrentAssessment.objects.exists() and ProgressEntry.objects.exists(), (
        "No data: run manage.py generate_scale_data first."
    )
    return found


def _reviewer():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.filter(groups__name="Reviewers", is_active=True).order_by("pk").first()


def measure(page, args):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    name, path, user = page
    client = Client()
    if user is not None:
        client.force_login(user)
    rounds = args.pdf_rounds if path.endswith(".pdf") else args.rounds
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    heaviest_sql, heaviest_ms = _heaviest(captured.captured_queries, rounds)
    timings.sort()
    return {
        "page": name,
        "median": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        "queries": len(captured.captured_queries),
        "heaviest": heaviest_ms,
        "heaviest_sql": heaviest_sql,
    }


def _heaviest(queries, rounds):
    """The slowest statement of one request, re-run alone: its median time in ms."""
    from django.db import connection

    candidates = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    if not candidates:
        return "", 0.0
    slowest = max(candidates, key=lambda q: float(q["time"]))
    timings = []
    with connection.cursor() as cursor:
        for _ in range(max(rounds, 3)):
            began = time.perf_counter()
            cursor.execute(slowest["sql"])
            cursor.fetchall()
            timings.append((time.perf_counter() - began) * 1000)
    return slowest["sql"], statistics.median(timings)


def print_table(rows):
    from django.db import connection

    from states.models import ProgressEntry

    print(f"{connection.vendor}, {ProgressEntry.objects.count():,} progress entries")
    header = (
        f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8} "
        f"{'heaviest SQL ms':>16} {'app/SQL':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = row["median"] / row["heaviest"] if row["heaviest"] else float("nan")
        print(
            f"{row['page']:34} {row['median']:10.1f} {row['p95']:8.1f} {row['queries']:8d} "
            f"{row['heaviest']:16.1f} {ratio:8.1f}"
        )


if __name__ == "__main__":
    main()
