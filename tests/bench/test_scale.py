"""The scale-data generator and the page benchmark run at a tiny size, so they cannot rot."""

import pytest
from django.core.management import call_command

from bench import pages
from states.choices import WorkflowState
from states.models import CurrentAssessment, Evidence, ProgressEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_generates_entries_with_evidence_in_every_workflow_state(capsys):
    call_command(
        "generate_scale_data",
        "--resolutions",
        "3",
        "--organizations",
        "4",
        "--entries",
        "600",
        "--reviewers",
        "2",
        "--batch",
        "250",
    )

    assert ProgressEntry.objects.count() == 600
    assert Evidence.objects.count() == 600
    states = set(ProgressEntry.objects.values_list("workflow_state", flat=True))
    assert states == set(WorkflowState.values)
    assert not ProgressEntry.objects.approved().filter(decided_by__isnull=True).exists()
    assert CurrentAssessment.objects.exists()
    assert "600 entries" in capsys.readouterr().out

    # Running it again adds nothing: the sizes are totals, not increments.
    call_command(
        "generate_scale_data",
        "--resolutions",
        "3",
        "--organizations",
        "4",
        "--entries",
        "600",
        "--reviewers",
        "2",
    )
    assert ProgressEntry.objects.count() == 600


def test_it_benchmarks_every_page(capsys):
    call_command(
        "generate_scale_data",
        "--resolutions",
        "2",
        "--organizations",
        "2",
        "--entries",
        "200",
        "--reviewers",
        "1",
    )

    rows = pages.main(["--rounds", "1", "--pdf-rounds", "1"])

    measured = {row["page"] for row in rows}
    assert {
        "overview dashboard",
        "matrix, unfiltered",
        "state profile",
        "reviewer queue",
        "commitment profile",
        "state PDF report",
    } <= measured
    assert all(row["queries"] > 0 and row["median"] > 0 for row in rows)
    by_page = {row["page"]: row for row in rows}
    # the cold request computes what the warm ones read from the cache
    for cached in ("overview dashboard", "matrix, unfiltered", "state profile"):
        assert by_page[cached]["cold_queries"] > by_page[cached]["queries"], cached
    assert "cold/SQL" in capsys.readouterr().out
