"""
One POST to a receiver, with no redirect followed (http.client follows none), short timeouts,
at most RESPONSE_LIMIT bytes of the answer read, and a connection made to an address checked
just before (`addresses.check`), so the host name cannot resolve elsewhere between the check
and the connection. TLS still checks the certificate against the host name.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from . import addresses

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 10
RESPONSE_LIMIT = 64 * 1024
EXCERPT_LENGTH = 500


@dataclass
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int
    response_excerpt: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to `address`, whatever the host name resolves to now."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), CONNECT_TIMEOUT)
        self.sock.settimeout(self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), CONNECT_TIMEOUT)
        sock.settimeout(self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict) -> Outcome:
    started = time.monotonic()

    def outcome(status_code=None, error="", excerpt=""):
        duration = int((time.monotonic() - started) * 1000)
        return Outcome(status_code, error[:1000], duration, excerpt)

    try:
        scheme, host, port, path, resolved = addresses.check(url)
    except ValidationError as error:
        return outcome(error="Refused: " + " ".join(error.messages))
    connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    connection = connection_class(host, port, resolved[0], timeout=READ_TIMEOUT)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read(RESPONSE_LIMIT)
        excerpt = data[:EXCERPT_LENGTH].decode("utf-8", "replace")
        if 300 <= response.status < 400:
            location = response.getheader("Location", "")
            return outcome(response.status, f"Redirect to {location[:300]} not followed.", excerpt)
        error = "" if 200 <= response.status < 300 else f"HTTP {response.status}"
        return outcome(response.status, error, excerpt)
    except (OSError, http.client.HTTPException) as error:
        return outcome(error=f"{type(error).__name__}: {error}".rstrip(": "))
    finally:
        connection.close()
