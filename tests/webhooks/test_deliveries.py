import datetime
import json
import socket
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from states.choices import ImplementationStatus, WorkflowState
from states.models import Evidence, ProgressEntry
from tests.factories.commitments import CommitmentFactory, ParagraphFactory, ResolutionFactory
from tests.factories.states import OrganizationFactory, ProgressEntryFactory, StateFactory
from webhooks import addresses, events, signing, transport
from webhooks.choices import DeliveryStatus
from webhooks.models import MAX_ATTEMPTS, RETRY_DELAYS, Delivery, Webhook
from webhooks.tasks import deliver

pytestmark = pytest.mark.django_db


def queued_deliveries():
    """Delivery ids waiting in the worker's queue, with when they may run."""
    return [
        (result.args_kwargs["args"][0], result.run_after)
        for result in DBTaskResult.objects.filter(task_path="webhooks.tasks.deliver").order_by(
            "enqueued_at"
        )
    ]


def test_it_posts_the_decision_signed_to_the_organizations_receiver(
    webhook, receiver, submitted, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted.transition("approve", reviewer)
    delivery = Delivery.objects.get()
    assert queued_deliveries() == [(delivery.pk, queued_deliveries()[0][1])]
    deliver.call(delivery.pk)

    [request] = receiver.requests
    headers = request["headers"]
    assert request["path"] == "/hook"
    assert request["body"] == delivery.body.encode()
    assert headers["X-Tracker-Event"] == "entry.approved"
    assert headers["X-Tracker-Delivery"] == str(delivery.event_id)
    assert signing.verify(
        "s3cret", headers["X-Tracker-Timestamp"], request["body"], headers["X-Tracker-Signature"]
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 1)
    [attempt] = delivery.log.all()
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")
    assert attempt.response_excerpt == "ok"


def test_it_says_exactly_what_was_decided(
    organization, reviewer, settings, django_capture_on_commit_callbacks, local_receivers
):
    settings.SITE_URL = "https://tracker.example.org"
    Webhook.objects.create(organization=organization, url="http://127.0.0.1:9/", secret="x")
    resolution = ResolutionFactory(symbol="A/RES/79/123")
    commitment = CommitmentFactory(
        paragraph=ParagraphFactory(resolution=resolution, number="4", position=4)
    )
    state = StateFactory(name="Ruritania", iso3="RRT", slug="ruritania")
    entry = ProgressEntryFactory(
        organization=organization,
        commitment=commitment,
        state=state,
        status=ImplementationStatus.IN_PROGRESS,
        fact_date=datetime.date(2026, 3, 1),
        summary="A national action plan was adopted.",
    )
    for fields in (
        {"url": "https://gov.example.org/plan"},
        {"citation": "Official Gazette 12/2026"},
        {"url": "https://secret.example.org/source", "confidential": True},
    ):
        Evidence.objects.create(entry=entry, added_by=entry.created_by, **fields)
    entry.transition("submit", entry.created_by)
    with django_capture_on_commit_callbacks(execute=True):
        entry.transition("request_changes", reviewer, "Name the act.")

    delivery = Delivery.objects.get()
    payload = json.loads(delivery.body)
    entry.refresh_from_db()
    assert payload.pop("created_at")
    assert payload == {
        "event": "entry.changes_requested",
        "event_id": str(delivery.event_id),
        "sent_by": "https://tracker.example.org",
        "entry": {
            "id": entry.pk,
            "url": f"https://tracker.example.org/progress/{entry.pk}/",
            "organization": {"id": organization.pk, "name": "Watch Group"},
            "subject": {"type": "state", "iso3": "RRT", "name": "Ruritania"},
            "commitment": {
                "id": commitment.pk,
                "symbol": "A/RES/79/123",
                "paragraph": "4",
                "reference": "A/RES/79/123 OP 4",
                "url": f"https://tracker.example.org/resolutions/commitments/{commitment.pk}/",
            },
            "status": "in_progress",
            "status_label": "In progress",
            "fact_date": "2026-03-01",
            "summary": "A national action plan was adopted.",
            "decision": "request_changes",
            "decision_label": "sent back for changes",
            "decided_at": entry.decided_at.isoformat(),
            "reviewer_comment": "Name the act.",
            "evidence": [
                {"url": "https://gov.example.org/plan", "citation": ""},
                {"url": "", "citation": "Official Gazette 12/2026"},
            ],
        },
    }
    assert "secret.example.org" not in delivery.body


def test_it_sends_nothing_before_the_commit_nor_for_a_decision_rolled_back(
    webhook, submitted, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submitted.transition("approve", reviewer)
    assert not Delivery.objects.exists()
    assert queued_deliveries() == []

    other = ProgressEntryFactory(organization=webhook.organization)
    other.transition("submit", other.created_by)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        other.transition("approve", reviewer)
        raise RuntimeError("the request failed after the decision")
    assert not Delivery.objects.exists()

    for callback in callbacks:
        callback()
    assert Delivery.objects.get().entry_id == submitted.pk


def test_it_tells_only_the_entrys_own_organization(
    webhook, receiver, submitted, reviewer, django_capture_on_commit_callbacks
):
    Webhook.objects.create(organization=OrganizationFactory(), url=receiver.url("/other"))
    Webhook.objects.create(
        organization=webhook.organization, url=receiver.url("/off"), active=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        submitted.transition("reject", reviewer, "Not about this commitment.")
    assert list(Delivery.objects.values_list("webhook__url", "event")) == [
        (webhook.url, "entry.rejected")
    ]


def test_it_sends_nothing_for_steps_that_are_not_decisions(
    webhook, organization, django_capture_on_commit_callbacks
):
    entry = ProgressEntryFactory(organization=organization)
    with django_capture_on_commit_callbacks(execute=True):
        entry.transition("submit", entry.created_by)
        entry.transition("withdraw", entry.created_by)
    assert not Delivery.objects.exists()


def test_a_failing_webhook_never_blocks_nor_undoes_the_decision(
    webhook, submitted, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the webhooks' tables are gone")

    monkeypatch.setattr(events, "decision_body", broken)
    with django_capture_on_commit_callbacks(execute=True):
        submitted.transition("approve", reviewer)
    assert ProgressEntry.objects.get(pk=submitted.pk).workflow_state == WorkflowState.APPROVED
    assert not Delivery.objects.exists()


def test_an_unreachable_receiver_is_logged_and_retried_and_the_decision_stands(
    organization, submitted, reviewer, django_capture_on_commit_callbacks, local_receivers
):
    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    Webhook.objects.create(organization=organization, url=f"http://127.0.0.1:{port}/")
    with django_capture_on_commit_callbacks(execute=True):
        submitted.transition("approve", reviewer)
    delivery = Delivery.objects.get()
    deliver.call(delivery.pk)

    delivery.refresh_from_db()
    assert ProgressEntry.objects.get(pk=submitted.pk).workflow_state == WorkflowState.APPROVED
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    [attempt] = delivery.log.all()
    assert attempt.status_code is None
    assert attempt.error.startswith("ConnectionRefusedError")
    assert queued_deliveries()[-1] == (delivery.pk, delivery.next_attempt_at)


def test_it_retries_with_backoff_and_gives_up_after_the_last(webhook, monkeypatch):
    monkeypatch.setattr(
        transport, "post", lambda *args: transport.Outcome(503, "HTTP 503", 42, "busy")
    )
    delivery = events.ping(webhook)
    waits, retries = [], []
    for _ in range(MAX_ATTEMPTS):
        before = timezone.now()
        deliver.call(delivery.pk)
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - before)
            retries.append((delivery.pk, delivery.next_attempt_at))
    assert [round(wait.total_seconds() / 60) for wait in waits] == [1, 5, 30, 120, 720]
    assert all(
        timedelta(0) <= wait - delay < timedelta(seconds=5)
        for wait, delay in zip(waits, RETRY_DELAYS, strict=True)
    )
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 6)
    assert delivery.completed_at is not None
    assert list(delivery.log.values_list("number", "status_code", "error", "duration_ms")) == [
        (number, 503, "HTTP 503", 42) for number in range(1, 7)
    ]
    # The five retries queued for the worker, each for its time; none after the sixth attempt.
    assert queued_deliveries() == retries

    deliver.call(delivery.pk)  # a stray run of a given-up delivery does nothing
    assert delivery.log.count() == 6


def test_it_follows_no_redirect(webhook, receiver):
    receiver.status = 302
    receiver.headers = {"Location": receiver.url("/elsewhere")}
    delivery = events.ping(webhook)
    deliver.call(delivery.pk)
    assert [request["path"] for request in receiver.requests] == ["/hook"]
    [attempt] = delivery.log.all()
    assert attempt.status_code == 302
    assert attempt.error == f"Redirect to {receiver.url('/elsewhere')} not followed."
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_it_reads_no_more_than_the_limit_of_an_answer(webhook, receiver):
    receiver.body = b"x" * (transport.RESPONSE_LIMIT * 4)
    delivery = events.ping(webhook)
    deliver.call(delivery.pk)
    [attempt] = delivery.log.all()
    assert attempt.status_code == 200
    assert attempt.response_excerpt == "x" * transport.EXCERPT_LENGTH


def test_it_checks_the_address_again_before_sending(webhook, receiver, settings, monkeypatch):
    """A host name that resolved to a public address when saved and to a private one now."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(
        addresses.socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))
        ],
    )
    Webhook.objects.filter(pk=webhook.pk).update(url="http://rebound.example.org/hook")
    delivery = events.ping(webhook)
    deliver.call(delivery.pk)
    assert receiver.requests == []
    [attempt] = delivery.log.all()
    assert attempt.status_code is None
    assert attempt.error == (
        "Refused: The address rebound.example.org resolves to 10.0.0.7, which is not a public "
        "address: webhooks are sent to public addresses only."
    )


def test_it_gives_up_at_once_on_a_switched_off_webhook(webhook, receiver):
    delivery = events.ping(webhook)
    Webhook.objects.filter(pk=webhook.pk).update(active=False)
    deliver.call(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert receiver.requests == []
