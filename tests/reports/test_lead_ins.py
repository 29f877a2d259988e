"""
A sub-paragraph is read after the lead-in it completes: "Calls upon all States: … (a) To
establish …", in reports, on the entry page, the entry form and the state page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from states.counts import STATUSES
from states.models import State
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db

LEAD_IN = (
    '<span class="lead-in">Calls upon all States: …</span> <span class="sub-label">(a)</span> '
    "To establish national referral mechanisms;"
)
NESTED = (
    '<span class="lead-in">Calls upon all States: …</span> '
    '<span class="lead-in">(b) To protect victims, in particular: …</span> '
    '<span class="sub-label">(i)</span> By opening shelters for children;'
)


@pytest.fixture
def kenya():
    return State.objects.get(iso3="KEN")


@pytest.fixture
def resolution():
    return ResolutionFactory(symbol="A/RES/98/7")


@pytest.fixture
def chapeau(resolution):
    return ParagraphFactory(
        resolution=resolution, number="2", position=2, text="Calls upon all States:"
    )


@pytest.fixture
def sub(chapeau):
    return CommitmentFactory(
        paragraph__resolution=chapeau.resolution,
        paragraph__parent=chapeau,
        paragraph__number="2",
        paragraph__sub="a",
        paragraph__position=3,
        paragraph__text="To establish national referral mechanisms;",
    )


@pytest.fixture
def nested(chapeau):
    middle = ParagraphFactory(
        resolution=chapeau.resolution,
        parent=chapeau,
        number="2",
        sub="b",
        position=4,
        text="To protect victims, in particular:",
    )
    return CommitmentFactory(
        paragraph__resolution=chapeau.resolution,
        paragraph__parent=middle,
        paragraph__number="2",
        paragraph__sub="b-i",
        paragraph__position=5,
        paragraph__text="By opening shelters for children;",
    )


def test_it_prints_a_sub_paragraph_after_its_lead_ins_in_a_report(
    client, approve, kenya, sub, nested
):
    for commitment in (sub, nested):
        approve(ProgressEntryFactory(commitment=commitment, state=kenya))

    html = client.get(reverse("reports:state_report", args=[kenya.slug])).content.decode()

    assert f'<blockquote class="paragraph-text">{LEAD_IN}</blockquote>' in html
    assert f'<blockquote class="paragraph-text">{NESTED}</blockquote>' in html


def test_it_shows_the_lead_in_on_the_entry_page_and_the_entry_form(client, approve, sub, kenya):
    entry = approve(ProgressEntryFactory(commitment=sub, state=kenya))

    page = client.get(entry.get_absolute_url()).content.decode()
    client.force_login(entry.created_by)
    form = client.get(reverse("states:entry_create") + f"?commitment={sub.pk}").content.decode()

    assert f'<span class="label">2(a)</span> {LEAD_IN}</blockquote>' in page
    assert f'<span class="label">A/RES/98/7 OP 2(a)</span> {LEAD_IN}</blockquote>' in form


def test_it_shows_the_lead_ins_on_the_state_page_without_a_query_a_row(
    client, kenya, sub, nested, chapeau
):
    url = reverse("states:state_detail", args=[kenya.slug])

    def queries():
        client.get(url)  # the structure cached, the profile rendered
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        return html, len(captured.captured_queries)

    STATUSES.counts()
    html, few = queries()
    for position in range(6, 12):
        CommitmentFactory(
            paragraph__resolution=chapeau.resolution,
            paragraph__parent=chapeau,
            paragraph__number="2",
            paragraph__sub=chr(ord("c") + position - 6),
            paragraph__position=position,
        )
    STATUSES.counts()
    _, more = queries()

    assert f'<span class="muted commitment-text">{LEAD_IN}</span>' in html
    assert f'<span class="muted commitment-text">{NESTED}</span>' in html
    assert few == more
