"""
Who reads an entry's working history: the cast of tests/permissions.py, each user in turn,
and whether what they get (a page, an API answer, an export) holds any of it.

    cast = Cast()
    entry = approved_after_changes(cast)
    check_working_history(client, cast, lambda client: page_text(client.get(url)))

The entry was approved after a reviewer sent it back: its first draft named a victim, one
evidence item was taken off before approval, and the reviewers commented twice. Its
organization's members and the reviewers (the administrator is one) read all that; everyone
else reads only what was approved. Every text is fixed and found nowhere else, so its
absence means something; and everyone must read the approved content, so a page that failed
to show anything cannot pass for one that hid the working history.
"""

from states.choices import WorkflowState
from states.models import ProgressEntry
from tests.confidential import HIDDEN, SHOWN, force_login
from tests.files import pdf_upload
from tests.permissions import ACTORS, row

DRAFT_SUMMARY = "Draft naming Maria, aged 14, recruited at the Likoni ferry."
APPROVED_SUMMARY = "A shelter for trafficked children opened in Mombasa in March."
KEPT_CITATION = "Kenya Gazette Supplement No. 31"
REMOVED_CITATION = "Removed-before-approval leaflet"
REMOVED_FILE = "likoni-leaflet-scan.pdf"
REQUEST_COMMENT = "Please remove the name and age of the girl."
APPROVAL_COMMENT = "Checked against the shelter register."
WORKING = (DRAFT_SUMMARY, REMOVED_CITATION, REMOVED_FILE, REQUEST_COMMENT, APPROVAL_COMMENT)
APPROVED = (APPROVED_SUMMARY, KEPT_CITATION)

# The entry's organization's members and the reviewers.
WORKING_READERS = row(HIDDEN, HIDDEN, SHOWN, HIDDEN, SHOWN, SHOWN, SHOWN)
NOBODY = row(*(HIDDEN for _ in ACTORS))


def approved_after_changes(cast, **fields):
    """An entry of the cast's organization, drafted, sent back, corrected and approved."""
    member, author, reviewer = cast["member"], cast["reviewer_author"], cast["reviewer"]
    entry = cast.entry(WorkflowState.DRAFT, summary=DRAFT_SUMMARY, **fields)
    entry.add_evidence(member, citation=KEPT_CITATION, url="https://example.org/gazette-31")
    leaflet = entry.add_evidence(member, citation=REMOVED_CITATION, file=pdf_upload(REMOVED_FILE))
    entry.transition("submit", author)
    entry.transition("request_changes", reviewer, REQUEST_COMMENT)
    entry.remove_evidence(member, leaflet)
    entry.edit(member, summary=APPROVED_SUMMARY)
    entry.transition("submit", author)
    entry.transition("approve", reviewer, APPROVAL_COMMENT)
    return ProgressEntry.objects.get(pk=entry.pk)


def check_working_history(
    client,
    cast,
    read,
    expected=WORKING_READERS,
    *,
    working=WORKING,
    approved=APPROVED,
    sign_in=force_login,
):
    """
    For each actor in `expected` (which must name them all): sign in, `read(client)` the
    text, and check it. SHOWN: each of `working` is there. HIDDEN: none of the working
    history is. Always: each of `approved`.
    """
    assert set(expected) == set(ACTORS), "a matrix names every actor"
    failures = []
    for actor, outcome in expected.items():
        sign_in(client, cast[actor])
        text = read(client)
        missing = [part for part in approved if part not in text]
        if missing:
            failures.append(f"{actor}: misses the approved {missing}, so nothing was checked")
        if outcome == SHOWN:
            missing = [part for part in working if part not in text]
            if missing:
                failures.append(f"{actor}: should read the working history, misses {missing}")
        else:
            leaked = [part for part in WORKING if part in text]
            if leaked:
                failures.append(f"{actor}: may not read the working history, sees {leaked}")
    assert not failures, "\n".join(failures)
