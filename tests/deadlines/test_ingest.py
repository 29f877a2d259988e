"""Importing stores each operative paragraph's reporting requests, and re-imports replace them."""

import datetime

import pytest
from django.core.management import call_command

from commitments.choices import Body
from commitments.ingest import import_resolution
from commitments.models import ReminderSent, ReportingRequest, Resolution
from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db

HRC = "Human Rights Council"
SPECIAL_RAPPORTEUR = "Special Rapporteur on trafficking in persons, especially women and children"
# file -> [(paragraph, kind, requested of, due body, due session, due date, estimated)]
SEED_REQUESTS = {
    "000_88eff498be9b4030.txt": [
        ("13", "consideration", HRC, Body.HUMAN_RIGHTS_COUNCIL, None, None, False)
    ],
    "001_c9802155344288f5.txt": [
        (
            "33",
            "report",
            "Secretary-General",
            Body.GENERAL_ASSEMBLY,
            67,
            datetime.date(2012, 9, 18),
            True,
        )
    ],
    "002_8176edd7db462559.txt": [
        ("17", "consideration", HRC, Body.HUMAN_RIGHTS_COUNCIL, None, None, False)
    ],
    "003_589e4493db1a0a20.txt": [
        (
            "14",
            "mandate",
            SPECIAL_RAPPORTEUR,
            Body.HUMAN_RIGHTS_COUNCIL,
            None,
            datetime.date(2023, 6, 10),
            True,
        ),
        ("18", "consideration", HRC, Body.HUMAN_RIGHTS_COUNCIL, None, None, False),
    ],
    "004_19dacbe51c6a67fc.txt": [
        (
            "18",
            "report",
            "Secretary-General",
            Body.COMMISSION_CRIME_PREVENTION,
            17,
            datetime.date(2008, 4, 20),
            True,
        )
    ],
}


def rows(resolution):
    return [
        (
            request.commitment.paragraph.label,
            request.kind,
            request.requested_of,
            request.due_body,
            request.due_session,
            request.due_date,
            request.is_estimate,
        )
        for request in resolution.reporting_requests.select_related("commitment__paragraph")
    ]


@pytest.mark.parametrize("name", sorted(SEED_REQUESTS))
def test_it_stores_the_requests_a_reader_finds_in_each_seed(import_seed, name):
    assert rows(import_seed(name)) == SEED_REQUESTS[name]


def test_it_links_each_request_to_its_commitment_and_phrase(import_seed):
    resolution = import_seed("001_c9802155344288f5.txt")
    request = resolution.reporting_requests.get()
    assert request.commitment.resolution == resolution
    paragraph = request.commitment.paragraph
    assert paragraph.text[request.span_start : request.span_end] == request.source_text
    assert request.source_text == "to submit to the General Assembly at its sixty-seventh session"
    assert request.basis == "session"
    assert request.session_label == "General Assembly, 67th session"
    assert request.due_label == "about 18 September 2012"


def test_it_changes_nothing_when_the_same_text_comes_again(seed_texts):
    text = seed_texts["003_589e4493db1a0a20.txt"]
    import_resolution(text)
    before = list(ReportingRequest.objects.values_list("pk", "due_date"))
    assert import_resolution(text).status == "unchanged"
    assert list(ReportingRequest.objects.values_list("pk", "due_date")) == before


def corrected(text, old, new):
    assert old in text
    return text.replace(old, new)


def test_a_corrected_text_keeps_unchanged_requests_with_their_reminders(seed_texts):
    text = seed_texts["001_c9802155344288f5.txt"]
    resolution = import_resolution(text).resolution
    request = resolution.reporting_requests.get()
    request.fulfilled_on = datetime.date(2012, 8, 1)
    request.save()
    reminder = ReminderSent.objects.create(
        user=UserFactory(),
        request=request,
        due_date=request.due_date,
        window_days=30,
        sent_on=datetime.date(2012, 8, 20),
    )

    outcome = import_resolution(corrected(text, "Reiterating its strong", "Reiterating its firm"))

    assert outcome.status == "new_version"
    kept = resolution.reporting_requests.get()
    assert kept.pk == request.pk
    assert kept.fulfilled_on == datetime.date(2012, 8, 1)
    assert ReminderSent.objects.filter(pk=reminder.pk).exists()


def test_a_corrected_text_replaces_a_changed_request(seed_texts):
    text = seed_texts["001_c9802155344288f5.txt"]
    resolution = import_resolution(text).resolution
    old = resolution.reporting_requests.get()

    import_resolution(
        corrected(text, "at its sixty-seventh session", "at its sixty-eighth session")
    )

    new = resolution.reporting_requests.get()
    assert new.pk != old.pk
    assert (new.due_session, new.due_date) == (68, datetime.date(2013, 9, 17))
    assert new.commitment_id == old.commitment_id  # the same commitment, read again


def test_a_corrected_text_without_the_request_removes_it(seed_texts):
    text = seed_texts["001_c9802155344288f5.txt"]
    resolution = import_resolution(text).resolution
    import_resolution(
        corrected(
            text,
            "Requests the Secretary-General to submit to the General Assembly at its "
            "sixty-seventh session a report",
            "Takes note of the report of the Secretary-General submitted to the General "
            "Assembly at its sixty-fifth session, a report",
        )
    )
    assert not resolution.reporting_requests.exists()


def test_requests_are_written_in_the_imports_transaction(seed_texts, monkeypatch):
    def fail(resolution, parsed):
        raise RuntimeError("storing the requests failed")

    monkeypatch.setattr("commitments.ingest.store_reporting_requests", fail)
    with pytest.raises(RuntimeError):
        import_resolution(seed_texts["001_c9802155344288f5.txt"])
    assert not Resolution.objects.exists()


def test_it_reads_the_requests_of_stored_resolutions_again(seed_texts, capsys):
    for text in seed_texts.values():
        import_resolution(text)
    ReportingRequest.objects.all().delete()

    call_command("refresh_reporting_requests")

    assert ReportingRequest.objects.count() == 6
    assert "A/RES/65/190: 1 request(s)" in capsys.readouterr().out
    call_command("refresh_reporting_requests", "A/RES/65/190")
    assert ReportingRequest.objects.count() == 6
