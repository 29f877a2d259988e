"""
Confidential evidence in reports: printable reports and their PDFs are documents meant to be
passed on, so they never carry it, whoever makes them; the commitment profile's recent
evidence is a page, so it shows it to reviewers and the reporting organization's members.
"""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from pypdf import PdfReader

from commitments.models import Topic
from reports import printable
from reports.profiles import commitment_profile
from states.models import State
from tests.confidential import (
    NOBODY,
    PUBLIC_CITATION,
    READERS,
    SECRET_CITATION,
    SECRET_FILE,
    SHOWN,
    check_disclosure,
    entry_with_secret,
    page_text,
)
from tests.permissions import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


@pytest.fixture
def entry(cast):
    kenya = State.objects.get(iso3="KEN")
    return entry_with_secret(cast, state=kenya)


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_it_prints_no_confidential_evidence_for_anyone(client, cast, entry):
    url = reverse("reports:state_report", args=[entry.state.slug])

    check_disclosure(client, cast, NOBODY, lambda client: page_text(client.get(url)))


def test_it_puts_no_confidential_evidence_in_the_pdf_for_anyone(client, cast, entry, prepare):
    def pdf(client):
        return pdf_text(client.get(prepare(client, "state", entry.state.slug)))

    check_disclosure(client, cast, NOBODY, pdf, badge=False)


@pytest.mark.parametrize("kind", ["state", "resolution", "topic"])
def test_it_numbers_only_public_sources_in_every_kind_of_report(cast, entry, kind):
    topic = Topic.objects.get(slug="criminalization")
    entry.commitment.topics.add(topic)
    subject = {
        "state": entry.state,
        "resolution": entry.commitment.resolution,
        "topic": topic,
    }[kind]

    report = printable.BUILDERS[kind](subject, cast["reviewer"])

    assert [(source.number, source.text) for source in report.sources] == [(1, PUBLIC_CITATION)]
    (cited,) = [cited for s in report.sections for cited in s.entries]
    assert [source.evidence.citation for source in cited.sources] == [PUBLIC_CITATION]


def test_it_builds_a_report_with_confidential_evidence_in_the_same_queries(
    client, cast, entry, django_assert_num_queries
):
    url = reverse("reports:state_report", args=[entry.state.slug])
    client.force_login(cast["member"])
    client.get(url)  # the session and the user's permissions, read once

    # the session, the user, the state, the figures tokens and the size kept under them
    # (reports/delivery.py), commitments in scope, assessments, the States named as
    # addressees, approved entries, their evidence, the status summary, whether the reader
    # follows the state (the Follow button)
    with django_assert_num_queries(12):
        assert SECRET_CITATION not in page_text(client.get(url))


def test_it_shows_recent_confidential_evidence_on_the_commitment_page_to_readers_only(
    client, cast, entry
):
    url = entry.commitment.get_absolute_url()

    check_disclosure(
        client,
        cast,
        READERS,
        lambda client: page_text(client.get(url)),
        # the profile lists a citation, a link and a file, not descriptions
        secrets=(SECRET_CITATION, SECRET_FILE),
    )


def test_it_lists_recent_evidence_the_reader_may_read(cast, entry):
    for actor, expected in READERS.items():
        user = cast[actor] or AnonymousUser()
        profile = commitment_profile(entry.commitment, user)
        found = [evidence.citation for evidence in profile.recent_evidence]
        readable = [SECRET_CITATION, PUBLIC_CITATION] if expected == SHOWN else [PUBLIC_CITATION]
        assert sorted(found) == sorted(readable), actor
