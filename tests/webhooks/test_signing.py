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
