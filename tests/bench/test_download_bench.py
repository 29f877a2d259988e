"""The download benchmark runs at a tiny size, so its code path cannot rot."""

import pytest
from django.db import connection

from bench import download
from states.models import Evidence, ProgressEntry

pytestmark = pytest.mark.django_db


def test_it_prints_download_times_and_peak_memory_at_two_sizes_and_leaves_no_rows(capsys, settings):
    settings.DOWNLOADS_XLSX_INLINE_MAX_ROWS = 20
    download.main(["--rows", "40", "--evidence", "2", "--commitments", "3"])

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{connection.vendor}: 40 approved entries with 2 evidence")
    assert lines[1].split() == ["rows", "format", "seconds", "rows/s", "size", "peak", "memory"]
    assert [line.split()[:2] for line in lines[2:6]] == [
        ["10", "CSV"],
        ["10", "XLSX"],
        ["40", "CSV"],
        ["40", "XLSX"],
    ]
    for line in lines[2:6]:
        assert line.endswith("KiB") and "MiB" in line
    assert lines[6].split() == ["rows", "format", "request", "s", "page", "answers"]
    answers = [(line.split()[:2], line.split("  ")[-1]) for line in lines[7:]]
    assert answers == [
        (["10", "CSV"], "the file"),
        (["10", "XLSX"], "the file"),
        (["40", "CSV"], "the file"),
        (["40", "XLSX"], "the offer to prepare it in the background"),
    ]
    assert not ProgressEntry.objects.exists()
    assert not Evidence.objects.exists()
