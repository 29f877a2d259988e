"""
The load run's checks (bench/load/checks.py) catch what they are there to catch: a journal of
what clients were told, against a database made to disagree with it in one way at a time.
"""

import pytest

from bench.load.checks import check
from bench.load.journal import tag
from states.models import CurrentAssessment, Evidence, ProgressEntry
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def request(status, kind="api: submit", **extra):
    return {"request": 1, "t": 0, "kind": kind, "status": status, "ms": 10, **extra}


def told(entry, kind, **extra):
    return {
        "told": kind,
        "entry": entry.pk,
        "revision": entry.revision,
        "state": entry.workflow_state,
        **extra,
    }


@pytest.fixture
def story():
    """An entry created, given evidence, submitted and approved, as the journal tells it."""
    baseline = ProgressEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    entry = ProgressEntryFactory(summary=f"A new law. {tag('t1')}")
    author = entry.created_by
    records = [request(201, "api: create entry"), told(entry, "create", token="t1")]
    entry.add_evidence(author, citation="Official Gazette No. 12")
    records += [request(201, "api: add evidence"), told(entry, "evidence")]
    entry.transition("submit", author)
    records += [request(200), told(entry, "submit")]
    entry.transition("approve", UserFactory(role="Reviewers"))
    records += [request(200, "api: approve"), told(entry, "approve")]
    return entry, records, baseline


def failures(records, baseline, **options):
    outcome = check(records, baseline, **options)
    assert outcome["ok"] == (not outcome["failures"])
    return outcome["failures"]


def test_it_passes_a_run_the_database_agrees_with(story):
    entry, records, baseline = story

    outcome = check(records + [request(409)], baseline)

    assert outcome["ok"], outcome["failures"]
    figures = outcome["figures"]
    assert (figures["created"], figures["conflicts_409"], figures["assessments"]) == (1, 1, 1)


def test_it_fails_a_server_error_and_a_503_outside_a_fault_run(story):
    entry, records, baseline = story

    assert failures(records + [request(500)], baseline) == [
        "1 5xx answers: " + str({"200": 2, "201": 2, "500": 1})
    ]
    assert failures(records + [request(503, **{"bad_503": True})], baseline, faults=True) == [
        "1 503 answers without Retry-After (or not JSON under /api/)"
    ]
    assert not failures(records + [request(503)], baseline, faults=True)
    assert failures(records + [request(0)], baseline, faults=True)


def test_it_finds_an_entry_confirmed_but_missing_and_one_nobody_created(story):
    entry, records, baseline = story
    ghost = {"told": "create", "entry": 10**9, "token": "t2", "revision": 0, "state": "draft"}
    ProgressEntryFactory(summary="Not made by any client.")

    found = failures(records + [ghost], baseline)

    assert found[0].startswith("1 entries confirmed created are missing: [1000000000]")
    assert found[1].startswith("1 entries no client created")


def test_it_finds_an_entry_out_of_step_with_the_last_write_confirmed(story):
    entry, records, baseline = story
    ProgressEntry.objects.filter(pk=entry.pk).update(workflow_state="submitted", revision=3)

    found = failures(records, baseline)

    assert any("differ from the last write confirmed" in line for line in found)


def test_it_allows_a_write_without_verdict_to_have_happened_only_under_faults(story):
    entry, records, baseline = story
    other = ProgressEntryFactory(summary=f"Another law. {tag('t2')}")
    records.append(told(other, "create", token="t2"))
    other.transition("submit", other.created_by)
    records.append(told(other, "submit"))
    other.transition("approve", UserFactory(role="Reviewers"))  # its answer never came
    records.append({"unknown": "approve", "status": 503, "entry": other.pk})

    assert failures(records, baseline)  # without faults, no write goes unconfirmed
    outcome = check(records, baseline, faults=True)
    assert outcome["ok"], outcome["failures"]
    assert outcome["figures"]["applied_without_verdict"] == 1


def test_it_finds_a_change_without_its_history(story):
    entry, records, baseline = story
    ProgressEntry.history.filter(id=entry.pk, revision=2).delete()

    found = failures(records, baseline)

    assert found[0].startswith("2 changes without their history")
    assert "revision 3 but 3 history rows" in found[0]


def test_it_finds_evidence_without_history(story):
    entry, records, baseline = story
    Evidence.history.filter(entry_id=entry.pk).delete()

    assert "evidence" in failures(records, baseline)[0]


def test_it_finds_assessments_out_of_step_with_the_approved_entries(story):
    entry, records, baseline = story
    CurrentAssessment.objects.all().delete()

    assert failures(records, baseline)[0].startswith("current assessments out of step: 1 missing")


def test_it_finds_a_new_entry_without_its_history_even_under_faults(story):
    """A create whose client got no verdict must still be whole if it happened."""
    entry, records, baseline = story
    half_made = ProgressEntryFactory(summary=f"Half made. {tag('t3')}")
    ProgressEntry.history.filter(id=half_made.pk).delete()
    records.append({"unknown": "create", "status": 503, "token": "t3"})

    assert failures(records, baseline, faults=True)
    assert failures(records, baseline)
