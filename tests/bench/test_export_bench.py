"""The export benchmark runs at a tiny size, so its code path cannot rot."""

import pytest
from django.db import connection

from bench import export
from states.models import Evidence, ProgressEntry

pytestmark = pytest.mark.django_db


def test_it_prints_export_rates_and_peak_memory_at_two_sizes_and_leaves_no_rows(capsys):
    export.main(["--rows", "40", "--evidence", "2", "--commitments", "3"])

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{connection.vendor}: 40 approved entries with 2 evidence")
    assert "CSV rows/s" in lines[1] and "COPY rows/s" in lines[1]
    sizes = [line.split()[0] for line in lines[2:]]
    assert sizes == ["10", "40"]
    for line in lines[2:]:
        assert line.count("KiB") == 2
        assert ("skipped" in line) == (connection.vendor != "postgresql")
    assert not ProgressEntry.objects.exists()
    assert not Evidence.objects.exists()
