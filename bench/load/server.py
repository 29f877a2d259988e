"""
The processes a run starts and the database it uses: a PostgreSQL database of its own (made
and dropped here unless one is given), gunicorn serving config.wsgi with DEBUG off as in
production, and `manage.py db_worker`. Everything listens on loopback only.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOOPBACK = "127.0.0.1"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    """The PostgreSQL server to make databases on: DATABASE_URL's, if it names one."""
    configured = os.getenv("DATABASE_URL", "")
    return configured if configured.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def connect(url: str, **kwargs):
    """A plain psycopg connection (not Django's), e.g. to the server's maintenance database."""
    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or LOOPBACK,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname=parts.path.lstrip("/") or "postgres",
        autocommit=True,
        **kwargs,
    )


def create_database(server: str, name: str) -> str:
    with connect(with_database(server, "postgres")) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return with_database(server, name)


def drop_database(url: str):
    with connect(with_database(url, "postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def environment(database_url: str, run_dir: Path, **extra) -> dict:
    """
    Production settings (DEBUG off, a random SECRET_KEY) for plain HTTP on loopback: no HTTPS
    redirect or secure-only cookies, anonymous API throttling out of the way (every reader
    comes from 127.0.0.1), notification mail dropped.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.load.settings",
        PYTHONPATH=str(BASE_DIR),
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=f"{LOOPBACK},localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(run_dir / "static"),
        MEDIA_ROOT=str(run_dir / "media"),
        API_ANON_RATE="1000000/minute",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def collect_static():
    """
    collectstatic for the manifest DEBUG-off pages need, in this (set-up) process. Without
    whitenoise's compression, which takes half a minute and nothing here measures.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    manifest = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": manifest}}
    with override_settings(STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)


class Process:
    """A child process with its output in a log file; stopped (and its group) on exit."""

    def __init__(self, args, env, log_path, name):
        self.name = name
        self.log_path = Path(log_path)
        self._log = open(self.log_path, "ab")  # noqa: SIM115
        self.popen = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL):
        """Send `sig` to this process only (not its children)."""
        if self.alive():
            os.kill(self.popen.pid, sig)

    def stop(self, timeout=15):
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
        self._log.close()

    def wait(self, timeout):
        return self.popen.wait(timeout)

    def tail(self, lines=30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def start_gunicorn(env, run_dir: Path, workers: int) -> tuple[Process, str]:
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    server = Process(args, env, run_dir / "gunicorn.log", "gunicorn")
    base = f"http://{LOOPBACK}:{port}"
    wait_until_up(server, f"{base}/api/v1/")
    return server, base


def wait_until_up(server: Process, url: str, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(f"{server.name} stopped:\n{server.tail()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer {url} within {timeout} s:\n{server.tail()}")


def warm_up(base_url: str, paths: list[str], workers: int):
    """
    Ask each page a few times at once, so every gunicorn worker has loaded its code and
    opened its connection before anything is measured.
    """
    from concurrent.futures import ThreadPoolExecutor

    def fetch(path):
        try:
            with urllib.request.urlopen(f"{base_url}{path}", timeout=60) as answer:
                answer.read()
        except urllib.error.HTTPError:
            pass  # the load will tell

    with ThreadPoolExecutor(workers) as pool:
        for path in paths:
            list(pool.map(fetch, [path] * workers))


def start_worker(env, run_dir: Path, *extra) -> Process:
    args = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.2",
        *extra,
    ]
    return Process(args, env, run_dir / "worker.log", "db_worker")
