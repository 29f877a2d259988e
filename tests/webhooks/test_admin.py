import pytest
from django.urls import reverse

from tests.factories.states import ProgressEntryFactory, UserFactory
from webhooks import events
from webhooks.choices import EventType
from webhooks.models import Delivery, Webhook
from webhooks.tasks import deliver

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:webhooks_webhook_changelist")
ADD = reverse("admin:webhooks_webhook_add")


@pytest.fixture
def administrator():
    return UserFactory(username="boss", role="Administrators", is_staff=True)


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("role", ["Contributors", "Reviewers"])
def test_it_keeps_webhooks_from_other_roles(client, webhook, role):
    client.force_login(UserFactory(role=role, is_staff=True))
    change = reverse("admin:webhooks_webhook_change", args=[webhook.pk])
    for url in (CHANGELIST, ADD, change, reverse("admin:webhooks_delivery_changelist")):
        assert client.get(url).status_code == 403
    response = client.post(ADD, {"organization": webhook.organization_id, "url": webhook.url})
    assert response.status_code == 403
    assert Webhook.objects.count() == 1


def test_administrators_register_a_webhook_with_a_generated_secret(
    administrator_client, organization, receiver
):
    response = administrator_client.get(ADD)
    secret = response.context["adminform"].form["secret"].value()
    assert len(secret) == 64
    response = administrator_client.post(
        ADD,
        {
            "organization": organization.pk,
            "url": receiver.url(),
            "secret": secret,
            "active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert (webhook.organization, webhook.url, webhook.secret) == (
        organization,
        receiver.url(),
        secret,
    )


def test_the_form_says_why_an_address_is_refused(administrator_client, organization, settings):
    settings.DEBUG = False
    response = administrator_client.post(
        ADD,
        {
            "organization": organization.pk,
            "url": "https://127.0.0.1/hook",
            "secret": "s",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"] == [
        "The address 127.0.0.1 resolves to 127.0.0.1, which is not a public address: "
        "webhooks are sent to public addresses only."
    ]
    assert not Webhook.objects.exists()


def test_it_sends_a_test_ping_and_shows_the_delivery_log(
    administrator_client, webhook, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(
            CHANGELIST,
            {"action": "send_test_ping", "index": 0, "_selected_action": [webhook.pk]},
            follow=True,
        )
    assert "1 test ping(s) queued; the delivery log shows the answer." in [
        str(message) for message in response.context["messages"]
    ]
    delivery = Delivery.objects.get()
    assert delivery.event == EventType.PING
    deliver.call(delivery.pk)
    assert receiver.payloads()[0]["webhook"]["organization"]["name"] == "Watch Group"

    page = administrator_client.get(reverse("admin:webhooks_webhook_change", args=[webhook.pk]))
    assert page.status_code == 200
    [inline] = [
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.opts.model is Delivery
    ]
    assert [form.original for form in inline] == [delivery]
    assert "200 (" in page.content.decode()

    log = administrator_client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk]))
    assert log.status_code == 200
    assert str(delivery.event_id) in log.content.decode()


def add_deliveries(webhook, count):
    for _ in range(count):
        entry = ProgressEntryFactory(organization=webhook.organization)
        Delivery.objects.create(webhook=webhook, event=EventType.APPROVED, entry=entry, body="{}")
        events.ping(webhook)


@pytest.mark.parametrize(
    "page", ["admin:webhooks_webhook_change", "admin:webhooks_delivery_changelist"]
)
def test_the_log_pages_read_as_many_queries_whatever_the_deliveries(
    administrator_client, webhook, page, django_assert_max_num_queries
):
    url = reverse(page, args=[webhook.pk] if page.endswith("change") else [])
    add_deliveries(webhook, 2)
    administrator_client.get(url)
    with django_assert_max_num_queries(25) as few:
        assert administrator_client.get(url).status_code == 200
    add_deliveries(webhook, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        administrator_client.get(url)


def test_deliveries_are_read_only(administrator_client, webhook):
    assert administrator_client.get(reverse("admin:webhooks_delivery_add")).status_code == 403
