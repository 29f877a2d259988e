from webhooks import signing


def test_it_signs_the_timestamp_and_the_raw_body_with_the_secret():
    body = b'{"event":"ping"}'
    headers = signing.headers(
        secret="s3cret", timestamp=1700000000, body=body, event="ping", event_id="e-1"
    )
    assert headers == {
        "Content-Type": "application/json",
        "User-Agent": "CommitmentTracker-Webhook/1",
        "X-Tracker-Signature": (
            "sha256=6846770b4cb3a67aa55cb7edb85678c8c36b8caf1022a60693ee1a47db73c48d"
        ),
        "X-Tracker-Timestamp": "1700000000",
        "X-Tracker-Event": "ping",
        "X-Tracker-Delivery": "e-1",
    }


def test_it_verifies_only_the_same_secret_timestamp_and_body():
    body = b'{"event":"ping"}'
    header = signing.signature("s3cret", 1700000000, body)
    assert signing.verify("s3cret", "1700000000", body, header)
    assert not signing.verify("other", "1700000000", body, header)
    assert not signing.verify("s3cret", "1700000001", body, header)
    assert not signing.verify("s3cret", "1700000000", body + b" ", header)


def test_the_readmes_receiver_snippet_verifies_a_delivery():
    """The snippet receivers copy from the README accepts what is sent and nothing else."""
    import re
    import time
    from pathlib import Path

    from django.conf import settings

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    snippet = re.search(r"```python\n(import hashlib.*?def verified.*?)```", readme, re.S)
    receiver = {}
    exec(snippet.group(1), receiver)  # noqa: S102 - the project's own README
    body = b'{"event":"ping"}'
    headers = signing.headers(
        secret="the webhook's secret",
        timestamp=int(time.time()),
        body=body,
        event="ping",
        event_id="e",
    )
    assert receiver["verified"](headers, body)
    assert not receiver["verified"](headers, body + b" ")
    stale = {**headers, "X-Tracker-Timestamp": str(int(time.time()) - 3600)}
    assert not receiver["verified"](stale, body)
