"""
A chunk of a spreadsheet import saved in one transaction: every row through
`ProgressEntry.start`, with what would cost a statement a row (the membership check, the
first history row, the figures made stale) done once for the chunk.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.caching import ENTRIES, figures_version
from states.choices import WorkflowState
from states.models import ProgressEntry, State
from states.spreadsheets import read_sheet, save_import
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, UserFactory

from .sheets import csv_bytes

pytestmark = pytest.mark.django_db

STATES = ["Kenya", "France", "Peru", "Chile", "Ghana", "Nepal"]


@pytest.fixture
def organization():
    return OrganizationFactory(name="Gazette Watch")


@pytest.fixture
def contributor(organization):
    return UserFactory(username="importer", role="Contributors", organizations=[organization])


@pytest.fixture
def commitment():
    resolution = ResolutionFactory(symbol="A/RES/65/190", adopted_on=datetime.date(2010, 12, 21))
    return CommitmentFactory(paragraph__resolution=resolution, paragraph__number="17")


def rows(count, offset=0):
    return [
        [
            f"GW-{offset + n}",
            "A/RES/65/190 OP 17",
            state,
            "In progress",
            "2025-03-31",
            f"Fact {offset + n} about {state}.",
            "High",
        ]
        for n, state in enumerate(STATES[:count])
    ]


def save(count, user, organization, offset=0, **kwargs):
    dataset = read_sheet(csv_bytes(rows(count, offset)), "p.csv")
    with CaptureQueriesContext(connection) as queries:
        report = save_import(dataset, user=user, organization=organization, **kwargs)
    return report, [query["sql"] for query in queries.captured_queries]


def test_it_saves_a_row_in_one_statement(contributor, organization, commitment):
    def fresh(count, offset):
        ProgressEntry.history.all().delete()
        ProgressEntry.objects.all().delete()
        return save(count, contributor, organization, offset=offset)[1]

    fresh(1, 100)  # the user's permissions read once
    three = fresh(3, 0)
    six = fresh(6, 10)

    assert len(six) - len(three) == 3
    assert sum('INSERT INTO "states_progressentry"' in sql for sql in six) == 6
    assert sum('INSERT INTO "states_historicalprogressentry"' in sql for sql in six) == 1
    assert sum('INSERT INTO "reports_figuresversion"' in sql for sql in six) == 1
    assert sum('FROM "states_membership"' in sql for sql in six) == 2  # the import's, the chunk's


def test_it_submits_a_row_in_three_statements(contributor, organization, commitment):
    UserFactory(role="Reviewers")

    def fresh(count, offset):
        ProgressEntry.history.all().delete()
        ProgressEntry.objects.all().delete()
        return save(count, contributor, organization, offset=offset, submit=True)[1]

    fresh(1, 100)
    three = fresh(3, 0)
    six = fresh(6, 10)

    # The entry made, its revision claimed, the step saved; the history rows at the end.
    assert len(six) - len(three) == 9
    assert sum('INSERT INTO "states_historicalprogressentry"' in sql for sql in six) == 1


def test_it_gives_each_entry_the_history_row_the_form_gives(contributor, organization, commitment):
    by_form = ProgressEntry.start(
        contributor,
        organization,
        commitment=commitment,
        state=State.objects.get(name="Peru"),
        status="in_progress",
        fact_date=datetime.date(2025, 3, 31),
        summary="Entered on the form.",
    )
    report, _ = save(2, contributor, organization)

    assert report.saved
    fields = [f.attname for f in ProgressEntry.history.model.tracked_fields]
    form_record = by_form.history.get()
    for entry in ProgressEntry.objects.exclude(pk=by_form.pk):
        record = entry.history.get()
        assert [getattr(record, name) for name in fields] == [
            getattr(entry, name) for name in fields
        ]
        assert (
            (record.history_type, record.history_user, record.history_change_reason)
            == (
                form_record.history_type,
                form_record.history_user,
                form_record.history_change_reason,
            )
            == ("+", contributor, "create")
        )
        assert record.history_date >= form_record.history_date


def test_it_keeps_the_order_of_an_entrys_history_when_submitting(
    contributor, organization, commitment
):
    UserFactory(role="Reviewers")
    report, _ = save(2, contributor, organization, submit=True)

    assert report.saved
    for entry in ProgressEntry.objects.all():
        assert entry.workflow_state == WorkflowState.SUBMITTED
        history = entry.history.order_by("history_id")
        assert [(r.history_change_reason, r.workflow_state) for r in history] == [
            ("create", WorkflowState.DRAFT),
            ("submit", WorkflowState.SUBMITTED),
        ]
        assert [r.history_id for r in entry.history.order_by("history_date")] == [
            r.history_id for r in history
        ]


def test_it_makes_the_entry_figures_stale(contributor, organization, commitment):
    before = figures_version([ENTRIES])

    save(2, contributor, organization)

    assert figures_version([ENTRIES]) != before


def test_it_writes_nothing_of_a_chunk_a_row_of_which_fails(
    contributor, organization, commitment, monkeypatch
):
    before = figures_version([ENTRIES])
    saved = ProgressEntry.save

    def failing(entry, *args, **kwargs):
        if entry.state.name == "Peru":
            raise PermissionDenied("Peru is refused.")
        return saved(entry, *args, **kwargs)

    monkeypatch.setattr(ProgressEntry, "save", failing)

    report, _ = save(3, contributor, organization)

    assert not report.saved
    assert [row.errors for row in report.invalid] == [["Peru is refused."]]
    assert not ProgressEntry.objects.exists()
    assert not ProgressEntry.history.exists()
    assert figures_version([ENTRIES]) == before


def test_it_refuses_a_chunk_for_an_organization_the_user_left(
    contributor, organization, commitment
):
    organization.memberships.filter(user=contributor).delete()

    with pytest.raises(PermissionDenied):
        save(2, contributor, organization)
    assert not ProgressEntry.objects.exists()


def test_it_starts_in_a_batch_only_what_the_batch_was_opened_for(contributor, organization):
    other = OrganizationFactory(name="Other")
    other.memberships.create(user=contributor)

    with (
        ProgressEntry.started_in_bulk(contributor, organization) as batch,
        pytest.raises(PermissionDenied),
    ):
        ProgressEntry.start(contributor, other, batch=batch, summary="x")


def test_it_says_the_rows_after_one_that_failed_were_not_saved_either(
    contributor, organization, commitment, monkeypatch
):
    saved = ProgressEntry.save

    def failing(entry, *args, **kwargs):
        if entry.state.name == "France":
            raise RuntimeError("the database went away")
        return saved(entry, *args, **kwargs)

    monkeypatch.setattr(ProgressEntry, "save", failing)

    report, _ = save(3, contributor, organization)

    assert not report.saved
    assert [(row.number, row.errors) for row in report.invalid] == [
        (3, ["The row could not be saved (RuntimeError)."]),
        (
            4,
            ["Not saved: row 3 could not be saved, so nothing of this part of the file was."],
        ),
    ]
    assert not ProgressEntry.objects.exists()
