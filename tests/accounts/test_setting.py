"""TWO_FACTOR_REQUIRED_FOR_REVIEWERS is read from the environment, off unless set."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

READ = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED_FOR_REVIEWERS)"


def setting_with(value):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key != "TWO_FACTOR_REQUIRED_FOR_REVIEWERS"
    }
    if value is not None:
        environment["TWO_FACTOR_REQUIRED_FOR_REVIEWERS"] = value
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", READ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "value, expected", [(None, "False"), ("0", "False"), ("1", "True"), ("yes", "True")]
)
def test_it_reads_the_requirement_from_the_environment(value, expected):
    assert setting_with(value) == expected
