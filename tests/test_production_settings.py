"""Production settings: safe by default, and the app refuses to start on development defaults."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

LONG_KEY = "a-long-random-looking-test-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checklist_with_debug_off():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=LONG_KEY,
        ALLOWED_HOSTS="tracker.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "tracker.example.org"}, "Set SECRET_KEY to a long random value"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "x.org"}, "Set SECRET_KEY to a long random"),
        ({"SECRET_KEY": LONG_KEY}, "Set ALLOWED_HOSTS"),
    ],
)
def test_it_refuses_to_start_in_production_on_development_defaults(env, message):
    result = manage("check", DEBUG="0", **env)

    assert result.returncode != 0
    assert message in result.stderr
