import socket

import pytest
from django.core.exceptions import ValidationError

from tests.factories.states import OrganizationFactory
from webhooks import addresses
from webhooks.models import Webhook

pytestmark = pytest.mark.django_db


def resolving_to(monkeypatch, *ips):
    """getaddrinfo answers `ips` for any host name, as a DNS server under test would."""

    def getaddrinfo(host, port, *args, **kwargs):
        family = {True: socket.AF_INET6, False: socket.AF_INET}
        return [(family[":" in ip], socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]

    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)


def errors_of(url):
    webhook = Webhook(organization=OrganizationFactory(), url=url, secret="s")
    with pytest.raises(ValidationError) as raised:
        webhook.full_clean()
    return raised.value.message_dict["url"]


def test_it_accepts_an_https_address_resolving_to_public_addresses(monkeypatch, settings):
    settings.DEBUG = False
    resolving_to(monkeypatch, "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
    Webhook(organization=OrganizationFactory(), url="https://hooks.example.org/in").full_clean()


def test_it_refuses_plain_http_unless_debug(monkeypatch, settings):
    resolving_to(monkeypatch, "93.184.216.34")
    settings.DEBUG = False
    assert errors_of("http://hooks.example.org/in") == ["The address must start with https://."]
    settings.DEBUG = True
    Webhook(organization=OrganizationFactory(), url="http://hooks.example.org/in").full_clean()


@pytest.mark.parametrize(
    "url, resolved",
    [
        ("https://127.0.0.1/in", "127.0.0.1"),
        ("https://10.1.2.3/in", "10.1.2.3"),
        ("https://169.254.169.254/latest", "169.254.169.254"),
        ("https://[::1]/in", "::1"),
        ("https://0.0.0.0/in", "0.0.0.0"),
        ("https://[::ffff:127.0.0.1]/in", "::ffff:127.0.0.1"),
        ("https://240.0.0.1/in", "240.0.0.1"),
    ],
)
def test_it_refuses_addresses_that_are_not_public(monkeypatch, settings, url, resolved):
    settings.DEBUG = False
    resolving_to(monkeypatch, resolved)
    [message] = errors_of(url)
    assert "which is not a public address" in message


def test_it_refuses_a_host_name_with_any_private_address_among_its_addresses(monkeypatch, settings):
    settings.DEBUG = False
    resolving_to(monkeypatch, "93.184.216.34", "192.168.1.5")
    assert errors_of("https://rebind.example.org/in") == [
        "The address rebind.example.org resolves to 192.168.1.5, which is not a public "
        "address: webhooks are sent to public addresses only."
    ]


def test_it_refuses_a_host_name_that_does_not_resolve(monkeypatch, settings):
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)
    assert errors_of("https://nowhere.invalid/in") == [
        "The host name nowhere.invalid could not be resolved."
    ]


def test_it_refuses_credentials_in_the_address(monkeypatch):
    resolving_to(monkeypatch, "93.184.216.34")
    assert errors_of("https://user:pw@hooks.example.org/in") == [
        "The address may not carry a user name or password."
    ]
