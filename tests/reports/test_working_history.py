"""
Reports show what was approved: an approved entry's working history (a draft's summary,
evidence removed before approval, reviewers' comments) is in no report, page or PDF, and not
in the commitment page's recent evidence, for anyone.
"""

import pytest
from django.urls import reverse

from states.models import State
from tests.confidential import page_text
from tests.permissions import Cast
from tests.working_history import (
    KEPT_CITATION,
    NOBODY,
    approved_after_changes,
    check_working_history,
)

from .test_confidential_evidence import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


@pytest.fixture
def entry(cast):
    return approved_after_changes(cast, state=State.objects.get(iso3="KEN"))


def test_it_prints_no_working_history_for_anyone(client, cast, entry):
    url = reverse("reports:state_report", args=[entry.state.slug])

    check_working_history(client, cast, lambda client: page_text(client.get(url)), NOBODY)


def test_it_puts_no_working_history_in_the_pdf_for_anyone(client, cast, entry, prepare):
    def pdf(client):
        return pdf_text(client.get(prepare(client, "state", entry.state.slug)))

    check_working_history(
        client,
        cast,
        pdf,
        NOBODY,
        approved=(KEPT_CITATION,),  # the PDF's lines may break inside the summary
    )


def test_it_lists_no_removed_evidence_on_the_commitment_page(client, cast, entry):
    url = entry.commitment.get_absolute_url()

    check_working_history(
        client, cast, lambda client: page_text(client.get(url)), NOBODY, approved=(KEPT_CITATION,)
    )
