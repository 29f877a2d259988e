"""The assessment benchmark runs at a small size, so its code path cannot rot."""

import pytest

from bench import assessment
from states.models import CurrentAssessment, ProgressEntry

pytestmark = pytest.mark.django_db


def test_it_prints_both_read_paths_and_leaves_no_rows(capsys):
    assessment.main(["--entries", "300", "--commitments", "3", "--rounds", "2"])

    out = capsys.readouterr().out
    assert "300 approved entries, 3 commitments" in out
    for read in (
        "one state, every commitment",
        "one commitment, every state",
        "status distribution",
    ):
        assert read in out
    assert not ProgressEntry.objects.exists()
    assert not CurrentAssessment.objects.exists()
