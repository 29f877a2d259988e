"""
Every API list and export reads a fixed number of queries however many rows it returns:
each test measures with a few rows, then with many more, and compares.
"""

import pytest

from commitments.models import Topic
from states.choices import WorkflowState
from tests.api.matrix import sign_in
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, TopicFactory
from tests.factories.states import OrganizationFactory
from tests.files import pdf_upload
from tests.permissions import Cast

pytestmark = pytest.mark.django_db

# A token-signed request: the token with its user, the user's other tokens (knox drops the
# expired ones), then the user's own and group permissions (asked once, then cached).
TOKEN = 2
PERMISSIONS = 2
# An anonymous request: the windows of the anonymous rate that are over deleted, then the
# client's count in this one counted up (api/throttling.py).
THROTTLE = 2


@pytest.fixture
def cast():
    return Cast()


def entries(cast, count):
    """Approved entries, each with two evidence items and one removed, on new commitments."""
    author = cast["reviewer_author"]
    for number in range(count):
        entry = cast.entry(commitment=CommitmentFactory(topics=[TopicFactory()]))
        entry.add_evidence(author, citation=f"Gazette No. {number}", file=pdf_upload())
        entry.add_evidence(author, url=f"https://example.org/report/{number}")
        gone = entry.add_evidence(author, citation="Withdrawn source")
        entry.remove_evidence(author, gone)
        entry.transition("submit", author)
        entry.transition("approve", cast["reviewer"])


def measure(api, path, limit, assert_max):
    with assert_max(limit) as captured:
        response = api.get(path, {"page_size": 500})
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, content
    return len(captured.captured_queries), content


def constant(api, path, limit, assert_max, grow, rows_of=None):
    grow(2)
    small, small_content = measure(api, path, limit, assert_max)
    grow(12)
    large, large_content = measure(api, path, limit, assert_max)
    assert small == large, f"{small} queries for a few rows, {large} for many"
    assert len(large_content) > len(small_content) * 1.5, "the larger page should hold more rows"
    return small


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # entries, their shown evidence
        ("/api/v1/entries/", 2),
        # the assessments with commitment, resolution, paragraph and subject joined
        ("/api/v1/assessments/", 1),
        # commitments, their addressees with actors, their topics
        ("/api/v1/commitments/", 3),
        # count, resolutions with their commitment counts
        ("/api/v1/resolutions/", 2),
        # count, organizations
        ("/api/v1/organizations/", 2),
        # one streamed SELECT, evidence aggregated in it
        ("/api/v1/exports/entries.csv", 1),
        ("/api/v1/exports/entries.jsonl", 1),
        # one streamed SELECT, addressees and topics aggregated in it
        ("/api/v1/exports/commitments.csv", 1),
        ("/api/v1/exports/commitments.jsonl", 1),
    ],
)
def test_it_lists_anonymously_in_constant_queries(
    api, cast, django_assert_max_num_queries, path, queries
):
    def grow(count):
        entries(cast, count)
        OrganizationFactory.create_batch(count)

    limit = THROTTLE + queries
    assert constant(api, path, limit, django_assert_max_num_queries, grow) == limit


def test_it_lists_a_members_entries_in_constant_queries(api, cast, django_assert_max_num_queries):
    sign_in(api, cast["member"])

    def grow(count):
        entries(cast, count)
        for _ in range(count):
            cast.entry(WorkflowState.DRAFT).add_evidence(cast["member"], citation="Draft source")

    limit = TOKEN + PERMISSIONS + 2
    assert constant(api, "/api/v1/entries/", limit, django_assert_max_num_queries, grow) == limit


def test_it_gives_a_resolution_and_its_document_in_constant_queries(
    api, django_assert_max_num_queries
):
    parent = Topic.objects.filter(parent=None).first()
    commitment = CommitmentFactory(topics=[TopicFactory()])
    resolution = commitment.resolution
    position = iter(range(2, 1000))

    def grow(count):
        for _ in range(count):
            CommitmentFactory(
                paragraph=ParagraphFactory(resolution=resolution, position=next(position)),
                topics=[TopicFactory(parent=parent), TopicFactory(parent=parent)],
            )

    # the resolution with its counts, its current paragraphs with their commitments, its texts
    # in other languages (their paragraphs are fetched only when it has one)
    detail = f"/api/v1/resolutions/{resolution.pk}/"
    limit = THROTTLE + 3
    assert constant(api, detail, limit, django_assert_max_num_queries, grow) == limit
    # the resolution, its revisions, paragraphs with commitments, addressees with actors,
    # reporting requests, topics with parents, and the topics' and their parents' SDG targets
    document = f"/api/v1/resolutions/{resolution.pk}/document.json"
    limit = THROTTLE + 8
    assert constant(api, document, limit, django_assert_max_num_queries, grow) == limit
