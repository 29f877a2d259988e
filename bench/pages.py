"""
Server time of the main pages on the data in the configured database (run
`manage.py generate_scale_data` first): `python -m bench.pages [--rounds N]`.

Each page is requested through Django's full stack in-process (middleware, views, templates;
no network), `rounds` times after one warm-up. The table gives median and p95 time of warm
requests and their SQL query count; then cold requests, each made just after the cached
figures were made stale as an approval makes them (an approval of the busiest commitment for
the busiest state, so that every page shown counts again): the median one's time and query count,
the time of its heaviest SQL statement run alone, and how much the app adds on top of it
(cold time / heaviest statement); the time of all its SQL statements together and what the
app spends besides (cold time less that). Then one request after an approval elsewhere (another
commitment, a state of another region), which leaves the state and commitment pages' figures
cached; one after an entry changed (a draft saved or submitted), which leaves the figures
counted from current assessments cached; and one after a change of structure (an import, a
topic edited), after which everything is counted again.
"""

import argparse
import contextlib
import os
import statistics
import time

import django


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    options.add_argument("--rounds", type=int, default=60)
    options.add_argument("--cold-rounds", type=int, default=5)
    options.add_argument("--show-sql", action="store_true", help="print each heaviest statement")
    options.add_argument("--only", help="measure only the pages whose name contains this")
    options.add_argument("--skip", help="leave out the pages whose name contains this")
    options.add_argument(
        "--profile",
        type=int,
        metavar="N",
        help="print the N functions the cold request spends most time in (cProfile)",
    )
    args = options.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    # Repeated requests from one address would meet the API's anonymous rate limit and time
    # its 429 answers instead of the list: a rate no run reaches, still counted as in
    # production (api/throttling.py).
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000000/minute"},
    }
    api_settings.reload()
    # Start up as a production process does (the views loaded, then gc.freeze()), after the
    # settings above: the API's views read their throttles when imported.
    import config.wsgi  # noqa: F401

    # The pages' subjects, found once (two grouped counts of every assessment).
    busiest = _busiest_state(), _busiest_commitment()
    chosen = [
        page
        for page in pages(*busiest)
        if (args.only or "") in page[0] and not (args.skip and args.skip in page[0])
    ]
    args.approvals = approvals(*busiest)
    rows = [measure(page, args) for page in chosen]
    print_table(rows)
    if args.show_sql:
        for row in rows:
            print(f"\n-- {row['page']}: {row['heaviest']:.1f} ms\n{row['heaviest_sql']}")
    return rows


FLOOR = "sign-in page (layout only, no SQL)"


def pages(busiest_state, busiest_commitment):
    """(name, path, user or None) for each page the issue names."""
    from django.urls import NoReverseMatch, reverse

    from commitments.models import Resolution
    from states.models import CurrentAssessment, ProgressEntry

    resolution = Resolution.objects.order_by("-adopted_on").first()
    reviewer = _reviewer()
    found = [
        # No data, the layout and a form only: what any page costs before its own work.
        (FLOOR, reverse("login"), None),
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
            reverse("reports:commitment_detail", args=[busiest_commitment.pk]),
            None,
        ),
        ("reviewer queue", reverse("states:review_queue"), reviewer),
    ]
    with contextlib.suppress(NoReverseMatch):
        found.append(("API entry list", reverse("api:progressentry-list"), None))
    # A PDF is never laid out on a request (reports/delivery.py): what the ".pdf" address
    # and the busiest state's report page lead to is its background job's page.
    found.append(
        (
            "state PDF report (its job's page)",
            f"{reverse('jobs:report')}?report=state&key={busiest_state.slug}",
            None,
        )
    )
    assert CurrentAssessment.objects.exists() and ProgressEntry.objects.exists(), (
        "No data: run manage.py generate_scale_data first."
    )
    return found


def approvals(state, commitment):
    """
    The scopes of cached figures (core/caching.py) that two approvals make stale: one of
    `commitment` for `state`, the subjects of the pages measured, and one elsewhere (another
    commitment, a state of another region).
    """
    from commitments.models import Commitment
    from states.figures import assessment_scopes, entry_scopes
    from states.models import State

    other_state = State.objects.members().exclude(region=state.region_id).order_by("pk").first()
    other_commitment = Commitment.objects.exclude(pk=commitment.pk).order_by("pk").first()
    return {
        "here": entry_scopes(state.pk, commitment.pk) + assessment_scopes(commitment.pk, state.pk),
        "elsewhere": entry_scopes(other_state.pk, other_commitment.pk)
        + assessment_scopes(other_commitment.pk, other_state.pk),
    }


def _busiest_state():
    from django.db.models import Count

    from states.models import State

    return State.objects.annotate(n=Count("assessments")).order_by("-n", "name").first()


def _busiest_commitment():
    from django.db.models import Count

    from commitments.models import Commitment

    return Commitment.objects.annotate(n=Count("assessments")).order_by("-n", "pk").first()


def _reviewer():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.filter(groups__name="Reviewers", is_active=True).order_by("pk").first()


def measure(page, args):
    """
    `cold_rounds` cold requests (each just after the cached figures were made stale, as after
    an approval), then `rounds` warm ones. The heaviest statement is the median cold
    request's: what the database must do when nothing is cached.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.caching import ENTRIES, STRUCTURE, mark_figures_changed

    name, path, user = page
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    if args.profile:
        _profile(client, path, args.profile, args.approvals["here"])
    # The median of `cold_rounds` cold requests (one alone is at the mercy of a garbage
    # collection or a checkpoint), with its queries.
    colds = []
    for _ in range(args.cold_rounds):
        mark_figures_changed(args.approvals["here"])  # what an approval does
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            client.get(path)
            elapsed = (time.perf_counter() - began) * 1000
        # Read now: the next request clears the connection's query log.
        colds.append((elapsed, captured.captured_queries))
    colds.sort(key=lambda run: run[0])
    cold, cold_queries = colds[len(colds) // 2]
    cold_sql = sum(float(q["time"]) for q in cold_queries) * 1000
    heaviest_sql, heaviest_ms = _heaviest(cold_queries, args.rounds)
    # The commonest change on a live site: a draft saved or an entry submitted, which leaves
    # the figures counted from current assessments cached (core/caching.py). The rarest:
    # a change of structure (an import, a topic or state edited), after which everything is
    # counted again, the matrix's maintained theme counts included.
    after = {}
    changes = (
        ("elsewhere", args.approvals["elsewhere"]),
        ("entry", [ENTRIES]),
        ("structure", [STRUCTURE]),
    )
    for label, scopes in changes:
        mark_figures_changed(scopes)
        began = time.perf_counter()
        client.get(path)
        after[label] = (time.perf_counter() - began) * 1000
    timings = []
    for _ in range(args.rounds):
        began = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
    warm_queries = warm.captured_queries
    timings.sort()
    return {
        "page": name,
        "median": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        "queries": len(warm_queries),
        "cold": cold,
        "cold_queries": len(cold_queries),
        "cold_sql": cold_sql,
        "after_elsewhere": after["elsewhere"],
        "after_entry": after["entry"],
        "after_structure": after["structure"],
        "heaviest": heaviest_ms,
        "heaviest_sql": heaviest_sql,
    }


def _profile(client, path, limit, scopes):
    """Where a cold request's time goes: its `limit` costliest functions, own time first."""
    import cProfile
    import pstats

    from core.caching import mark_figures_changed

    mark_figures_changed(scopes)
    profiler = cProfile.Profile()
    profiler.runcall(client.get, path)
    print(f"\n== {path}")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)


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
        f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'cold ms':>8} "
        f"{'cold queries':>13} {'cold SQL ms':>12} {'app ms':>7} {'heaviest SQL ms':>16} "
        f"{'cold/SQL':>9} {'after other approval ms':>24} {'after entry ms':>15} "
        f"{'after import ms':>16}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = row["cold"] / row["heaviest"] if row["heaviest"] else float("nan")
        print(
            f"{row['page']:34} {row['median']:10.1f} {row['p95']:8.1f} {row['queries']:8d} "
            f"{row['cold']:8.1f} {row['cold_queries']:13d} {row['cold_sql']:12.1f} "
            f"{row['cold'] - row['cold_sql']:7.1f} {row['heaviest']:16.1f} {ratio:9.1f} "
            f"{row['after_elsewhere']:24.1f} {row['after_entry']:15.1f} "
            f"{row['after_structure']:16.1f}"
        )


if __name__ == "__main__":
    main()
