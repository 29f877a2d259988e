"""
What a fault run breaks on purpose, and how it checks the app came through:

- BackendKiller terminates every PostgreSQL backend of the app's database several times while
  requests flow (`pg_terminate_backend`, as an administrator or a failover would); afterwards
  `probe_recovery` kills them once more and requires the next requests, reads and writes, on
  every gunicorn worker, to succeed;
- `kill_worker_mid_job` SIGKILLs `manage.py db_worker` in the middle of a batch import and
  follows the job as its owner sees it: shown as interrupted once its heartbeat is stale,
  retried from its page, completed by a new worker, every resolution imported exactly once
  and whole.
"""

import re
import threading
import time
from pathlib import Path

import requests

from .server import BASE_DIR, connect, database_name, start_worker

TERMINATE = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = %s AND pid <> pg_backend_pid()"
)
SEED = BASE_DIR / "data" / "resolutions" / "001_c9802155344288f5.txt"  # A/RES/65/190
SEED_NUMBER = "65/190"


def terminate_backends(database_url: str) -> int:
    """Terminate every other backend connected to the database; how many there were."""
    with connect(database_url) as admin:
        return admin.execute(TERMINATE, [database_name(database_url)]).fetchone()[0]


class BackendKiller(threading.Thread):
    """Terminates the app's backends `times` times, evenly spread over `seconds`."""

    def __init__(self, database_url: str, times: int, seconds: float):
        super().__init__(name="backend-killer", daemon=True)
        self.database_url = database_url
        self.times = times
        self.interval = seconds / (times + 1)
        self.kills: list[tuple[float, int]] = []  # (time.time(), backends terminated)
        self.stopped = threading.Event()

    def run(self):
        for _ in range(self.times):
            if self.stopped.wait(self.interval):
                return
            self.kills.append((time.time(), terminate_backends(self.database_url)))

    def stop(self):
        self.stopped.set()
        self.join()


def probe_recovery(base_url: str, database_url: str, workers: int, username, password) -> dict:
    """
    Kill the backends once more, then ask every kind of request a few times per gunicorn
    worker: each must succeed, since each worker tests its reused connection (CONN_HEALTH_CHECKS)
    and opens a new one.
    """
    client = requests.Session()
    token = client.post(
        f"{base_url}/api/v1/auth/login/",
        json={"username": username, "password": password},
        timeout=30,
    ).json()["token"]
    killed = terminate_backends(database_url)
    answers = []
    for _ in range(4 * workers):
        answers.append(client.get(f"{base_url}/api/v1/resolutions/", timeout=30).status_code)
        answers.append(client.get(f"{base_url}/resolutions/", timeout=30).status_code)
        answers.append(
            client.get(
                f"{base_url}/api/v1/entries/?workflow_state=draft",
                headers={"Authorization": f"Token {token}"},
                timeout=30,
            ).status_code
        )
    failed = [status for status in answers if status != 200]
    return {"killed": killed, "requests": len(answers), "failed": len(failed)}


def seed_variants(count: int, first_number: int) -> list[dict]:
    """Copies of a seed resolution under new symbols: new resolutions for an import job."""
    text = SEED.read_text(encoding="utf-8")
    return [
        {
            "name": f"A-RES-65-{number}.txt",
            "text": text.replace(SEED_NUMBER, f"65/{number}"),
            "symbol": f"A/RES/65/{number}",
        }
        for number in range(first_number, first_number + count)
    ]


def kill_worker_mid_job(env, run_dir: Path, base_url: str, owner: str, password: str, texts=8):
    """The worker-kill scenario; returns what was seen, with `failures` (empty when right)."""
    workers = []

    def worker(*extra):
        workers.append(start_worker(env, run_dir, *extra))
        return workers[-1]

    try:
        return _kill_worker_mid_job(worker, base_url, owner, password, texts)
    finally:
        for process in workers:
            process.stop()


def _kill_worker_mid_job(worker, base_url, owner, password, texts):
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from commitments.models import Resolution
    from jobs.choices import JobKind, JobStatus
    from jobs.models import Job

    failures = []
    taken = Resolution.objects.filter(symbol__startswith="A/RES/65/9").count()
    variants = seed_variants(texts, 900 + taken)
    user = get_user_model().objects.get(username=owner)
    original = Resolution.objects.annotate(
        n_paragraphs=Count("paragraphs", distinct=True),
        n_commitments=Count("commitments", distinct=True),
    ).get(symbol=f"A/RES/{SEED_NUMBER}")

    first = worker()
    job = Job.start(
        JobKind.IMPORT_RESOLUTIONS,
        user,
        title=f"Import of {texts} resolution files",
        params={"texts": [{"name": v["name"], "text": v["text"]} for v in variants]},
    )
    # Wait until two resolutions are in and the third is being imported, then kill.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == JobStatus.RUNNING and job.progress >= 2 or not job.is_active:
            break
        time.sleep(0.05)
    first.kill()
    first.wait(10)
    killed_at = time.monotonic()
    job.refresh_from_db()
    seen = {"job": job.pk, "status_after_kill": job.status, "progress_after_kill": job.progress}
    if job.status != JobStatus.RUNNING:
        failures.append(f"the job was not running when the worker was killed ({job.status})")
    seen["queue_rows_left_running"] = DBTaskResult.objects.filter(status="RUNNING").count()

    # As its owner sees it, through the server: running, then interrupted with Try again.
    browser = requests.Session()
    sign_in(browser, base_url, owner, password)
    page_url = f"{base_url}/jobs/{job.pk}/"
    page = browser.get(page_url, timeout=30).text
    while "The job failed" not in page and time.monotonic() - killed_at < 60:
        time.sleep(0.5)
        page = browser.get(page_url, timeout=30).text
    seen["seconds_until_shown_failed"] = round(time.monotonic() - killed_at, 1)
    if "The job was interrupted" not in page or "Try again" not in page:
        failures.append("the job page never showed the job as interrupted with Try again")
    seen["imported_before_retry"] = len(_imported(variants))
    failures.extend(_half_written(variants, original))

    retry = browser.post(
        f"{base_url}/jobs/{job.pk}/retry/",
        data={"csrfmiddlewaretoken": csrf_token(page)},
        headers={"Referer": page_url},
        timeout=30,
        allow_redirects=False,
    )
    if retry.status_code != 302:
        failures.append(f"Try again answered {retry.status_code}")
    worker("--batch").wait(180)
    job.refresh_from_db()
    seen.update(status_after_retry=job.status, attempts=job.attempts)
    if job.status != JobStatus.SUCCEEDED:
        failures.append(f"the retried job ended {job.status}: {job.error or job.message}")
    imported = _imported(variants)
    if len(imported) != len(variants):
        failures.append(f"{len(variants) - len(imported)} resolutions missing after the retry")
    failures.extend(_half_written(variants, original))
    seen["imported_after_retry"] = len(imported)
    seen["failures"] = failures
    return seen


def _imported(variants):
    from commitments.models import Resolution

    return list(Resolution.objects.filter(symbol__in=[v["symbol"] for v in variants]))


def _half_written(variants, original):
    """Each resolution is in once and whole (one transaction each), or not at all."""
    from django.db.models import Count

    from commitments.models import Resolution

    problems = []
    rows = (
        Resolution.objects.filter(symbol__in=[v["symbol"] for v in variants])
        .values("symbol")
        .annotate(
            n=Count("pk", distinct=True),
            n_paragraphs=Count("paragraphs", distinct=True),
            n_commitments=Count("commitments", distinct=True),
        )
    )
    for row in rows:
        whole = (row["n_paragraphs"], row["n_commitments"]) == (
            original.n_paragraphs,
            original.n_commitments,
        )
        if row["n"] != 1 or not whole:
            problems.append(
                f"{row['symbol']}: {row['n']} rows, {row['n_paragraphs']} paragraphs, "
                f"{row['n_commitments']} commitments"
            )
    return problems


def sign_in(browser, base_url, username, password):
    login_url = f"{base_url}/accounts/login/"
    form = browser.get(login_url, timeout=30).text
    answer = browser.post(
        login_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token(form),
        },
        headers={"Referer": login_url},
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"signing in as {username} answered {answer.status_code}")


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""
