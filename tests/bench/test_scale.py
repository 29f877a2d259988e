"""
The scale-data generator, the page benchmark and the import benchmark run at a tiny size, so
they cannot rot.
"""

import pytest
from django.core.management import call_command

from bench import imports, pages
from commitments.ingest import import_resolution
from commitments.models import Commitment, CommitmentLink, Resolution
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

    rows = pages.main(["--rounds", "1"])

    measured = {row["page"] for row in rows}
    assert {
        "overview dashboard",
        "matrix, unfiltered",
        "state profile",
        "reviewer queue",
        "commitment profile",
        "state PDF report (its job's page)",
    } <= measured
    assert all(row["median"] > 0 for row in rows)
    assert all(row["queries"] > 0 for row in rows if row["page"] != pages.FLOOR)
    by_page = {row["page"]: row for row in rows}
    # the cold request computes what the warm ones read from the cache
    # (the approval it simulates is of the pages' own state and commitment)
    cached = ("overview dashboard", "matrix, unfiltered", "state profile", "commitment profile")
    for page in cached:
        assert by_page[page]["cold_queries"] > by_page[page]["queries"], page
    printed = capsys.readouterr().out
    assert "cold/SQL" in printed and "after other approval" in printed


def test_it_benchmarks_batch_and_single_imports_to_the_same_links(seed_texts, capsys):
    for text in seed_texts.values():
        import_resolution(text)
    stored = (Resolution.objects.count(), Commitment.objects.count())
    links = sorted(CommitmentLink.objects.values_list("pk", "score"))

    runs = imports.main(["--rounds", "1"])

    batch, single = runs["batch"], runs["single"]
    assert batch["per_second"] > 0 and single["per_second"] > 0
    assert batch["seconds"] > batch["linking"] > 0
    assert len(single["timings"]) == len(batch["outcomes"]) == len(seed_texts)
    assert all("imported with" in outcome for outcome in batch["outcomes"] + single["outcomes"])
    # The imports were linked to the stored seeds and to each other, the same both ways...
    assert batch["links"] == single["links"]
    # (9002 and 9003 are copies of 65/190, of 2010, and 32/3, of 2016)
    linked = {(pair[0], pair[4]) for pair in batch["links"]}
    assert {("A/RES/99/9002", "A/RES/99/9003"), ("A/RES/65/190", "A/RES/99/9003")} <= linked
    # ...and rolled back.
    assert (Resolution.objects.count(), Commitment.objects.count()) == stored
    assert sorted(CommitmentLink.objects.values_list("pk", "score")) == links
    out = capsys.readouterr().out
    assert "resolutions per second" in out
    assert f"both ways left the same {len(batch['links']):,} links" in out


def test_it_benchmarks_imports_of_new_versions(seed_texts):
    for text in seed_texts.values():
        import_resolution(text)

    runs = imports.main(["--rounds", "1", "--mode", "batch", "--versions"])

    assert list(runs) == ["batch"]
    outcomes = runs["batch"]["outcomes"]
    assert len(outcomes) == 5
    assert all("version 2 imported" in outcome for outcome in outcomes)
    assert Resolution.objects.filter(version=2).count() == 0
