"""
Where a webhook may send: checked when the address is saved and again before every attempt
(a host name may resolve elsewhere by then: DNS rebinding). https only, unless DEBUG; every
address the host name resolves to must be a public one, never private, loopback, link-local,
multicast, reserved or unspecified. The attempt then connects to an address checked here, so
a second lookup cannot lead it elsewhere (`transport.py`).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def allowed_schemes():
    return ("https", "http") if settings.DEBUG else ("https",)


def is_public(address) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def parse(url: str):
    """(scheme, host, port, path with query) of `url`, or ValidationError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("Enter a valid address."), code="invalid") from None
    scheme = parts.scheme.lower()
    if scheme not in allowed_schemes():
        raise ValidationError(_("The address must start with https://."), code="scheme")
    if not parts.hostname:
        raise ValidationError(_("The address has no host name."), code="invalid")
    if parts.username or parts.password:
        raise ValidationError(
            _("The address may not carry a user name or password."), code="invalid"
        )
    port = port or (443 if scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port, path


def resolve(host: str, port: int) -> list[str]:
    """
    Every address `host` resolves to, each checked; ValidationError if it resolves to none or
    to any that is not public (unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES, for tests and local
    receivers only).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise ValidationError(f"The host name {host} could not be resolved.", code="dns") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise ValidationError(f"The host name {host} could not be resolved.", code="dns")
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not is_public(address.split("%")[0]):
                raise ValidationError(
                    f"The address {host} resolves to {address}, which is not a public "
                    "address: webhooks are sent to public addresses only.",
                    code="private",
                )
    return addresses


def check(url: str):
    """(scheme, host, port, path, addresses) of an address a webhook may be sent to."""
    scheme, host, port, path = parse(url)
    return scheme, host, port, path, resolve(host, port)


def validate_webhook_url(url: str) -> None:
    """The model field's validator."""
    check(url)
