"""
Requests for PDF reports (the ".pdf" address, and asking for one to be prepared) are limited
per client, an account or else an address, counted in the database for every web process
(reports/ratelimit.py): over REPORTS_PDF_RATE a readable 429 page with Retry-After.
"""

import pytest
from django.urls import reverse

from jobs.models import Job
from reports.models import RequestCount
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

PDF = "/reports/states/kenya.pdf"
ASK = {"report": "state", "key": "kenya"}


@pytest.fixture(autouse=True)
def rate(settings):
    settings.REPORTS_PDF_RATE = "2/minute"


def test_it_refuses_more_pdf_requests_than_the_rate_per_client(client):
    allowed = [client.get(PDF).status_code, client.post(reverse("jobs:report"), ASK).status_code]
    refused = client.get(PDF)
    asked = client.post(reverse("jobs:report"), ASK)

    assert allowed == [302, 302]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert "<h1>Too many report requests</h1>" in page
    assert "You have asked for more than 2 PDF reports within 60 seconds" in page
    # Asking for one to be prepared is refused the same way, after the one job it made.
    assert asked.status_code == 429
    assert Job.objects.count() == 1


def test_it_counts_each_address_apart_under_a_keyed_hash(client):
    for _ in range(3):
        client.get(PDF)

    assert client.get(PDF, REMOTE_ADDR="203.0.113.9").status_code == 302
    counts = RequestCount.objects.filter(scope="reports-pdf").values_list("client", "count")
    assert sorted(count for _, count in counts) == [1, 3]
    assert all(len(client) == 64 and "127.0.0.1" not in client for client, _ in counts)


def test_it_reads_the_address_a_trusted_proxy_forwards(client, settings):
    settings.NUM_PROXIES = 1

    def get(address):
        # The proxy appends the address it was connected from to what the client sent.
        forged = "198.51.100.7"
        return client.get(PDF, HTTP_X_FORWARDED_FOR=f"{forged}, {address}").status_code

    assert [get("203.0.113.1"), get("203.0.113.2"), get("203.0.113.1")] == [302, 302, 302]
    assert get("203.0.113.1") == 429


def test_it_counts_a_signed_in_reader_by_account_wherever_they_connect(client):
    client.force_login(UserFactory())

    statuses = [client.get(PDF, REMOTE_ADDR=f"203.0.113.{n}").status_code for n in range(3)]

    assert statuses == [302, 302, 429]


def test_it_leaves_the_job_page_a_visitor_waits_on_uncounted(client):
    for _ in range(5):
        assert client.get("/jobs/report/?report=state&key=kenya").status_code == 200

    assert not RequestCount.objects.exists()
