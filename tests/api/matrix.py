"""
The permission matrix of tests/permissions.py, for the API: the same cast of users, each
signed in with a real API token, and the statuses an API answers with instead of pages.

    check_api_matrix(
        api,
        cast,
        row(UNAUTHORIZED, FORBIDDEN, OK, NOT_FOUND, FORBIDDEN, OK, FORBIDDEN),
        make=lambda: cast.entry("draft"),
        send=lambda api, entry: api.patch(entry_url(entry), {...}),
    )

Whatever is refused must leave the entry exactly as it was and answer in JSON with a
message and a code, without the hidden entry's summary.
"""

import enum
import json

from knox.models import AuthToken

from tests.permissions import ACTORS, row, snapshot  # noqa: F401  (row: for the tests' import)


class ApiOutcome(enum.Enum):
    OK = 200
    CREATED = 201
    INVALID = 400
    UNAUTHORIZED = 401
    FORBIDDEN = 403
    NOT_FOUND = 404
    CONFLICT = 409


OK, CREATED, INVALID = ApiOutcome.OK, ApiOutcome.CREATED, ApiOutcome.INVALID
UNAUTHORIZED, FORBIDDEN = ApiOutcome.UNAUTHORIZED, ApiOutcome.FORBIDDEN
NOT_FOUND, CONFLICT = ApiOutcome.NOT_FOUND, ApiOutcome.CONFLICT
SUCCESS = (OK, CREATED)


def sign_in(api, user):
    """Send the API client's requests with a fresh token of `user` (None: anonymous)."""
    api.logout()
    api.credentials()
    if user is not None:
        _, token = AuthToken.objects.create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")


def check_api_matrix(api, cast, expected, send, make=lambda: None, after=None, writes=False):
    """
    For each actor: make a fresh target, sign in as the actor with a token, send, and check
    the status. A read must change nothing; a write must change nothing unless it succeeded.
    After a success, `after(target, actor, response)` may check the answer and the change.
    """
    assert set(expected) == set(ACTORS), "a matrix names every actor"
    failures = []
    for actor, outcome in expected.items():
        target = make()
        before = snapshot(target)
        sign_in(api, cast[actor])
        response = send(api, target)
        try:
            got = ApiOutcome(response.status_code)
        except ValueError:
            got = response.status_code
        if got != outcome:
            failures.append(
                f"{actor}: expected {outcome.name}, got {getattr(got, 'name', got)} "
                f"{response.content[:200]!r}"
            )
            continue
        if (not writes or outcome not in SUCCESS) and snapshot(target) != before:
            failures.append(f"{actor}: {outcome.name}, yet the data changed")
        if outcome not in SUCCESS:
            body = json.loads(response.content)
            if not (body.get("detail") and body.get("code")):
                failures.append(f"{actor}: {outcome.name} without a JSON detail and code: {body}")
            summary = getattr(target, "summary", None)
            if summary and summary.encode() in response.content:
                failures.append(f"{actor}: {outcome.name} shows the entry's summary")
        elif after is not None:
            try:
                after(target, actor, response)
            except AssertionError as error:
                failures.append(f"{actor}: {error}")
    api.credentials()
    assert not failures, "\n".join(failures)
