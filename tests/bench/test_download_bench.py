"""The download benchmark runs at a tiny size, so its code path cannot rot."""

import pytest
from django.db import connection

from bench import download
from states.models import Evidence, ProgressEntry

pytestmark = pytest.mark.django_db


def test_it_prints_download_times_and_peak_memory_at_two_sizes_and_leaves_no_rows(capsys):
    download.main(["--rows", "40", "--evidence", "2", "--commitments", "3"])

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{connection.vendor}: 40 approved entries with 2 evidence")
    assert lines[1].split() == ["rows", "format", "seconds", "rows/s", "size", "peak", "memory"]
    assert [line.split()[:2] for line in lines[2:]] == [
        ["10", "CSV"],
        ["10", "XLSX"],
        ["40", "CSV"],
        ["40", "XLSX"],
    ]
    for line in lines[2:]:
        assert line.endswith("KiB") and "MiB" in line
    assert not ProgressEntry.objects.exists()
    assert not Evidence.objects.exists()
