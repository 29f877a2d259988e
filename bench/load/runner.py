"""
Load and fault tests against gunicorn on PostgreSQL: `python -m bench.load`.

Makes a PostgreSQL database (or takes --database-url), migrates and seeds it, makes the run's
accounts, starts gunicorn (DEBUG off) on a free loopback port and runs locust headless from a
second process for a bounded time: readers, contributors and reviewers (bench/load/locustfile.py).
Then checks the database against what the clients were told (bench/load/checks.py) and prints
a table: requests, rate and p50/p95/p99 per kind of request, 5xx, 409 and what was lost or
duplicated. --kill-backends N terminates the app's PostgreSQL backends N times during the run
and checks the app recovers; --kill-worker SIGKILLs the background worker mid-job. Exits 1 if
any check fails.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from . import journal, server

JOB_TIMING = {"JOBS_HEARTBEAT_SECONDS": "0.5", "JOBS_STALLED_AFTER_SECONDS": "3"}


def options(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.strip().splitlines()[0]
    )
    parser.add_argument("--users", type=int, default=30, help="simulated people (default 30)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to use (it is migrated and seeded; entries are added); by "
        "default a new one is made on DATABASE_URL's server (or 127.0.0.1) and dropped after",
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--kill-backends",
        type=int,
        default=0,
        metavar="N",
        help="terminate the app's PostgreSQL backends N times during the run",
    )
    parser.add_argument(
        "--kill-worker", action="store_true", help="SIGKILL the background worker mid-job"
    )
    parser.add_argument("--json", type=Path, help="also write the outcome to this file")
    args = parser.parse_args(argv)
    if args.users < 3:
        parser.error("--users must be at least 3 (a reader, a contributor, a reviewer)")
    return args


def main(argv=None) -> int:
    args = options(argv)
    run_dir = Path(tempfile.mkdtemp(prefix="ct-load-"))
    made_database = args.database_url is None
    database_url = args.database_url or server.create_database(
        server.server_url(), f"ct_load_{datetime.now():%Y%m%d_%H%M%S}_{os.getpid()}"
    )
    env = server.environment(database_url, run_dir, **JOB_TIMING)
    os.environ.update(env)
    gunicorn = None
    try:
        import django

        django.setup()
        from . import dataset

        password = secrets.token_urlsafe(24)
        started = time.monotonic()
        config = dataset.prepare(dataset.split_users(args.users), password)
        server.collect_static()
        close_connections()
        gunicorn, base_url = server.start_gunicorn(env, run_dir, args.workers)
        server.warm_up(base_url, warm_up_paths(config), args.workers)
        prepared_in = time.monotonic() - started

        outcome = run_load(args, config, password, run_dir, base_url, database_url)
        outcome["prepared_in_seconds"] = round(prepared_in, 1)
        if args.kill_worker:
            from . import faults

            outcome["worker_kill"] = faults.kill_worker_mid_job(
                env, run_dir, base_url, config["coordinator"], password
            )
            outcome["failures"].extend(outcome["worker_kill"]["failures"])
        if not gunicorn.alive():
            outcome["failures"].append(f"gunicorn stopped during the run:\n{gunicorn.tail()}")
        outcome["ok"] = not outcome["failures"]
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        close_connections()
        if made_database and not args.keep_database:
            server.drop_database(database_url)
    print_report(outcome, args)
    if args.json:
        args.json.write_text(json.dumps(outcome, indent=2, default=str))
    if outcome["ok"]:
        shutil.rmtree(run_dir, ignore_errors=True)
    else:
        print(f"\nLogs kept in {run_dir}")
    return 0 if outcome["ok"] else 1


def warm_up_paths(config) -> list[str]:
    return [
        "/resolutions/",
        f"/resolutions/{config['resolutions'][0]}/",
        f"/resolutions/commitments/{config['commitments'][0]}/",
        "/dashboard/",
        "/dashboard/matrix/",
        "/states/",
        f"/states/{config['state_slugs'][0]}/",
        "/api/v1/entries/",
        "/api/v1/commitments/",
        "/api/v1/assessments/",
    ]


def run_load(args, config, password, run_dir, base_url, database_url) -> dict:
    from . import checks, faults

    journal_dir = run_dir / "journal"
    journal_dir.mkdir()
    config_path = run_dir / "clients.json"
    config_path.touch(mode=0o600)
    run_id = secrets.token_hex(4)
    config_path.write_text(
        json.dumps({**config, "run": run_id, "password": password, "journal_dir": str(journal_dir)})
    )
    locust = server.Process(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "--host",
            base_url,
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.duration}s",
            "--stop-timeout",
            "30",
            "--only-summary",
            "--exit-code-on-error",
            "0",
            "--loglevel",
            "WARNING",
        ],
        {**os.environ, "LOAD_CONFIG": str(config_path), "PYTHONPATH": str(server.BASE_DIR)},
        run_dir / "locust.log",
        "locust",
    )
    killer = None
    if args.kill_backends:
        # Kills spread over the run, the last leaving time to see requests succeed again.
        killer = faults.BackendKiller(database_url, args.kill_backends, args.duration * 0.8)
        killer.start()
    try:
        returncode = locust.wait(args.duration + 120)
    except subprocess.TimeoutExpired:
        locust.stop()
        returncode = "timeout"
    finally:
        if killer is not None:
            killer.stop()
    locust.stop()
    records = journal.read(journal_dir)
    outcome = {"failures": []}
    if returncode != 0:
        outcome["failures"].append(f"locust exited with {returncode}:\n{locust.tail()}")
    if killer is not None:
        outcome["backend_kills"] = [count for _, count in killer.kills]
        outcome["after_last_kill"] = _after(records, killer.kills[-1][0] + 1 if killer.kills else 0)
        if outcome["after_last_kill"]["failed"]:
            outcome["failures"].append(
                f"{outcome['after_last_kill']['failed']} requests failed more than 1 s after "
                "the last kill"
            )
        outcome["recovery"] = faults.probe_recovery(
            base_url, database_url, args.workers, config["contributors"][0]["username"], password
        )
        if outcome["recovery"]["failed"]:
            outcome["failures"].append(
                f"{outcome['recovery']['failed']} requests failed right after a kill"
            )
    close_connections()
    verdict = checks.check(records, config["baseline"], faults=bool(args.kill_backends))
    outcome["figures"] = verdict["figures"]
    outcome["failures"].extend(verdict["failures"])
    outcome["kinds"] = per_kind(records, args.duration)
    return outcome


def _after(records, since):
    later = [r for r in records if "request" in r and r["t"] >= since]
    failed = [r for r in later if r["status"] >= 500 or r["status"] == 0]
    return {"requests": len(later), "failed": len(failed)}


def per_kind(records, duration) -> list[dict]:
    times = defaultdict(list)
    statuses = defaultdict(list)
    for record in records:
        if "request" in record:
            times[record["kind"]].append(record["ms"])
            statuses[record["kind"]].append(record["status"])
    rows = []
    for kind in sorted(times):
        rows.append(_row(kind, times[kind], statuses[kind], duration))
    everything = [ms for kind in times for ms in times[kind]]
    every_status = [s for kind in statuses for s in statuses[kind]]
    if everything:
        rows.append(_row("all", everything, every_status, duration))
    return rows


def _row(kind, times, statuses, duration):
    ordered = sorted(times)
    cuts = (
        statistics.quantiles(ordered, n=100, method="inclusive")
        if len(ordered) > 1
        else ordered * 99
    )
    return {
        "kind": kind,
        "requests": len(ordered),
        "rps": round(len(ordered) / duration, 2),
        "p50": round(cuts[49]),
        "p95": round(cuts[94]),
        "p99": round(cuts[98]),
        "5xx": sum(1 for s in statuses if s >= 500),
        "409": sum(1 for s in statuses if s == 409),
        "other 4xx": sum(1 for s in statuses if 400 <= s < 500 and s != 409),
    }


def print_report(outcome, args):
    print(
        f"Load run: {args.users} users for {args.duration} s against gunicorn "
        f"({args.workers} workers) on PostgreSQL, {os.cpu_count()} CPU(s), "
        f"{datetime.now():%Y-%m-%d %H:%M}"
    )
    rows = outcome.get("kinds", [])
    if rows:
        width = max(len(row["kind"]) for row in rows)
        print(
            f"{'request':<{width}}  {'count':>6} {'rps':>7} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'p99 ms':>7} {'5xx':>5} {'409':>5} {'4xx':>5}"
        )
        for row in rows:
            print(
                f"{row['kind']:<{width}}  {row['requests']:>6} {row['rps']:>7.2f} {row['p50']:>7} "
                f"{row['p95']:>7} {row['p99']:>7} {row['5xx']:>5} {row['409']:>5} "
                f"{row['other 4xx']:>5}"
            )
        print(
            "409: conflicts (a stale revision, a step the entry's state no longer allows); "
            "4xx: other refusals (403 when the entry stopped being editable meanwhile)"
        )
    figures = outcome.get("figures", {})
    if figures:
        print(
            f"\n5xx: {figures['server_errors']} (503: {figures['unavailable_503']})  "
            f"409 conflicts: {figures['conflicts_409']}  no answer: {figures['no_answer']}\n"
            f"entries created: {figures['created']}  lost: {figures['lost']}  "
            f"duplicated: {figures['duplicated']}  unexpected: {figures['unexpected']}  "
            f"state mismatches: {figures['state_mismatches']}  "
            f"history gaps: {figures['history_gaps']}  "
            f"assessment mismatches: {figures['assessment_mismatches']}  "
            f"count mismatches: {figures['count_mismatches']}"
        )
    if "backend_kills" in outcome:
        recovery = outcome["recovery"]
        print(
            f"backend kills: {len(outcome['backend_kills'])} (backends terminated: "
            f"{', '.join(map(str, outcome['backend_kills']))}); "
            f"writes without verdict: {figures['writes_without_verdict']} "
            f"+ {figures['creates_without_verdict']} creates, of which applied: "
            f"{figures['applied_without_verdict'] + figures['created_despite_error']}; "
            f"after the last kill: {outcome['after_last_kill']['requests']} requests, "
            f"{outcome['after_last_kill']['failed']} failed; recovery probe: "
            f"{recovery['requests']} requests, {recovery['failed']} failed"
        )
    if "worker_kill" in outcome:
        seen = outcome["worker_kill"]
        print(
            f"worker killed mid-job: job {seen['job']} was {seen['status_after_kill']} at "
            f"{seen['progress_after_kill']} texts; shown failed after "
            f"{seen['seconds_until_shown_failed']} s; {seen['imported_before_retry']} imported "
            f"before the retry, {seen['imported_after_retry']} after; retried job "
            f"{seen['status_after_retry']} (attempt {seen['attempts']}); queue rows left "
            f"'running' by the killed worker: {seen['queue_rows_left_running']}"
        )
    print("\nPASSED: every check" if outcome["ok"] else "\nFAILED:")
    for failure in outcome["failures"]:
        print(f"- {failure}")


def close_connections():
    from django.db import connections

    connections.close_all()
