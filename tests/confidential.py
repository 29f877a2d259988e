"""
Who reads confidential evidence: the cast of tests/permissions.py, each user in turn, and
whether what they get (a page, an API answer, a report's text) holds a confidential item.

    cast = Cast()
    entry = entry_with_secret(cast)
    check_disclosure(client, cast, READERS, lambda client: page_text(client.get(url)))

A confidential item is read by reviewers (the administrator is one) and by members of the
reporting organization; documents meant to be passed on (printable reports, PDFs, exports)
carry it for nobody. Whoever may not read it must not see any of its parts, nor its badge;
everyone must still see the entry's public source, so a page that failed to show evidence at
all cannot pass for one that hid the secret.
"""

from states.choices import WorkflowState
from states.models import ProgressEntry
from tests.files import pdf_bytes, upload
from tests.permissions import ACTORS, row

SHOWN, HIDDEN = "shown", "hidden"

READERS = row(HIDDEN, HIDDEN, SHOWN, HIDDEN, SHOWN, SHOWN, SHOWN)
NOBODY = row(*(HIDDEN for _ in ACTORS))

PUBLIC_CITATION = "Kenya Gazette Supplement No. 77"
SECRET_CITATION = "Interview with a shelter manager in Mombasa, notes on file"
SECRET_DESCRIPTION = "Confirms referrals since March; the manager asked not to be named"
SECRET_FILE = "mombasa-interview-notes.pdf"
SECRETS = (SECRET_CITATION, SECRET_DESCRIPTION, SECRET_FILE)
BADGE = ">Confidential</span>"


def entry_with_secret(cast, workflow_state=WorkflowState.APPROVED, **fields):
    """
    An entry of the cast's organization, walked to `workflow_state`, with one public source
    and one confidential item that has a citation, a description and a file.
    """
    entry = cast.entry(WorkflowState.DRAFT, **fields)
    member = cast["member"]
    entry.add_evidence(member, citation=PUBLIC_CITATION, url="https://example.org/gazette-77")
    entry.add_evidence(
        member,
        citation=SECRET_CITATION,
        description=SECRET_DESCRIPTION,
        file=upload(SECRET_FILE, pdf_bytes("Interview notes")),
        confidential=True,
    )
    steps = {
        WorkflowState.DRAFT: [],
        WorkflowState.SUBMITTED: [("submit", "reviewer_author")],
        WorkflowState.APPROVED: [("submit", "reviewer_author"), ("approve", "reviewer")],
    }[workflow_state]
    for action, actor in steps:
        entry.transition(action, cast[actor])
    return ProgressEntry.objects.get(pk=entry.pk)


def force_login(client, user):
    client.logout()
    client.cookies.clear()
    if user is not None:
        client.force_login(user)


def page_text(response):
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def check_disclosure(
    client,
    cast,
    expected,
    read,
    *,
    secrets=SECRETS,
    public=PUBLIC_CITATION,
    badge=True,
    sign_in=force_login,
):
    """
    For each actor in `expected` (which must name them all): sign in, `read(client)` the
    text, and check it. SHOWN: each of `secrets` is there (and the "Confidential" badge, if
    `badge`). HIDDEN: no part of the confidential item is, nor the badge. Always: `public`.
    """
    assert set(expected) == set(ACTORS), "a matrix names every actor"
    failures = []
    for actor, outcome in expected.items():
        sign_in(client, cast[actor])
        text = read(client)
        if public and public not in text:
            failures.append(f"{actor}: the public source is missing, so nothing was checked")
        if outcome == SHOWN:
            missing = [secret for secret in secrets if secret not in text]
            if missing:
                failures.append(f"{actor}: should read the confidential item, misses {missing}")
            if badge and BADGE not in text:
                failures.append(f"{actor}: the confidential item has no visible badge")
        else:
            leaked = [secret for secret in {*SECRETS, *secrets} if secret in text]
            if leaked:
                failures.append(f"{actor}: may not read the confidential item, sees {leaked}")
            if BADGE in text:
                failures.append(f"{actor}: sees a confidential badge")
    assert not failures, "\n".join(failures)
