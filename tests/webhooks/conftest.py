import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories.states import OrganizationFactory, ProgressEntryFactory, UserFactory
from webhooks.models import Webhook


class Receiver:
    """A receiver on 127.0.0.1 that records each request and answers as told."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.headers = {}
        self.body = b"ok"
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(receiver.status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(receiver.body)))
                self.end_headers()
                self.wfile.write(receiver.body)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path="/hook"):
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def payloads(self):
        return [json.loads(request["body"]) for request in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_receivers(settings):
    """Plain http and loopback addresses allowed, as for a receiver tried out locally."""
    settings.DEBUG = True
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def receiver(local_receivers):
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def organization():
    return OrganizationFactory(name="Watch Group")


@pytest.fixture
def webhook(organization, receiver):
    return Webhook.objects.create(organization=organization, url=receiver.url(), secret="s3cret")


@pytest.fixture
def reviewer():
    return UserFactory(username="rev", role="Reviewers")


@pytest.fixture
def submitted(organization):
    entry = ProgressEntryFactory(organization=organization)
    entry.transition("submit", entry.created_by)
    return entry
