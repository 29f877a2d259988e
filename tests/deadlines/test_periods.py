"""Periodic reporting requests: the period kept, and when the request next falls due."""

import datetime

import pytest

from commitments.ingest import import_resolution
from commitments.models import ReportingRequest
from tests.factories.commitments import ReportingRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (datetime.date(2020, 7, 1), datetime.date(2020, 7, 17)),  # not yet due: its date
        (datetime.date(2020, 7, 17), datetime.date(2020, 7, 17)),
        (datetime.date(2020, 7, 18), datetime.date(2021, 7, 17)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 7, 17)),
        (datetime.date(2026, 7, 17), datetime.date(2026, 7, 17)),
    ],
)
def test_it_moves_a_periodic_request_on_by_whole_periods(today, due):
    request = ReportingRequestFactory.build(due_date=datetime.date(2020, 7, 17), period_months=12)
    assert request.next_due(today) == due


def test_it_keeps_the_end_of_a_month_in_the_month():
    request = ReportingRequestFactory.build(due_date=datetime.date(2024, 8, 31), period_months=6)
    assert request.next_due(datetime.date(2025, 1, 1)) == datetime.date(2025, 2, 28)


def test_it_keeps_the_due_date_of_a_request_made_once():
    request = ReportingRequestFactory.build(due_date=datetime.date(2020, 7, 17), period_months=None)
    assert request.next_due(datetime.date(2026, 1, 1)) == datetime.date(2020, 7, 17)
    assert ReportingRequestFactory.build(due_date=None).next_due(datetime.date(2026, 1, 1)) is None


TEXT = """General Assembly

Resolution adopted by the General Assembly on 21 December 2010

65/999. Reporting

The General Assembly,

Recalling its resolutions,

1. Requests the Secretary-General to submit to the General Assembly an annual report on
the implementation of the present resolution;

2. Requests the Secretary-General to report to the General Assembly at its sixty-seventh session;
"""


def test_it_stores_the_period_of_a_request():
    import_resolution(TEXT)
    rows = ReportingRequest.objects.all()
    assert sorted((r.commitment.paragraph.number, r.period_months, r.basis) for r in rows) == [
        ("1", 12, "period"),
        ("2", None, "session"),
    ]
    annual = rows.get(commitment__paragraph__number="1")
    assert (annual.due_date, annual.is_estimate) == (datetime.date(2011, 12, 21), True)


@pytest.mark.parametrize(
    ("months", "label"),
    [
        (None, ""),
        (1, "every month"),
        (6, "every six months"),
        (12, "every year"),
        (24, "every two years"),
        (36, "every three years"),
        (18, "every 18 months"),
    ],
)
def test_it_says_how_often_a_request_recurs(months, label):
    assert ReportingRequestFactory.build(period_months=months).period_label == label


def test_the_resolution_page_says_a_request_recurs(client):
    request = ReportingRequestFactory(period_months=24, source_text="to report biennially")

    content = client.get(request.resolution.get_absolute_url()).content.decode()

    section = content[content.index('id="deadlines"') :]
    assert "· Report, every two years" in section


def test_it_says_how_often_a_request_recurs_in_the_readers_language():
    from django.utils import translation

    with translation.override("fr"):
        assert ReportingRequestFactory.build(period_months=24).period_label == "tous les deux ans"
        assert ReportingRequestFactory.build(period_months=18).period_label == "tous les 18 mois"
