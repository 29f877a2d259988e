"""
What pages, jobs and the command call: check a sheet's rows (nothing written), save them in
one transaction, or a large file a chunk of rows at a time; who may import.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from tablib import Dataset

from ..models import ProgressEntry
from ..notifications import notify_import_submitted
from .resource import ProgressResource, Report
from .values import Lookups

LARGE_FILE_ROWS = 500  # more rows than this are saved by a background job
CHUNK_ROWS = 250  # a background import commits this many rows at a time


# What pages, jobs and the command call -----------------------------------------------------


def check_import(dataset, *, user, organization, submit=False, lookups=None) -> Report:
    """Validate every row; nothing is written (an import-export dry run)."""
    check_may_import(user, organization)
    resource = ProgressResource(
        user=user, organization=organization, submit=submit, lookups=lookups
    )
    result = resource.import_data(dataset, dry_run=True, use_transactions=True)
    _raise_base_errors(result)
    return Report(list(resource.outcomes.values()), submit=submit)


def save_import(
    dataset, *, user, organization, submit=False, lookups=None, source="", notify=True
) -> Report:
    """
    Validate and save every row in one transaction: if any row is not valid (the data changed
    since the preview), nothing is saved and the report says why. Entries submitted are
    announced to the reviewers in one message once the transaction commits (`source`, the
    file's name, in it), unless `notify` is False (the caller announces them).
    """
    check_may_import(user, organization)
    resource = ProgressResource(
        user=user, organization=organization, submit=submit, lookups=lookups
    )
    # One transaction: the entries, then their first history rows and the figures they make
    # stale, each written once for all the rows (`ProgressEntry.started_in_bulk`).
    with ProgressEntry.started_in_bulk(user, organization) as resource.batch:
        result = resource.import_data(
            dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
        )
        _raise_base_errors(result)
        report = Report(list(resource.outcomes.values()), submit=submit)
        report.saved = report.is_valid
        if not report.saved:
            transaction.set_rollback(True)
        else:
            report.submitted = resource.submitted
    if notify:
        announce_submitted(report.submitted, user, organization, source)
    return report


def announce_submitted(entry_ids, user, organization, source=""):
    """The reviewers' one message about the entries an import submitted, after it commits."""
    if entry_ids:
        transaction.on_commit(
            lambda: notify_import_submitted(entry_ids, user, organization, source), robust=True
        )


def save_in_chunks(
    dataset, *, user, organization, submit=False, progress=None, source=""
) -> Report:
    """
    A large file: checked whole first, then saved CHUNK_ROWS rows a transaction at a time,
    telling `progress(done, total, message)` after each. Interrupted, it has saved whole
    chunks; run again, it finds those rows already imported and goes on with the rest. The
    reviewers hear of the entries submitted in one message, once every chunk is saved.
    """
    total = len(dataset)
    lookups = Lookups()
    report = check_import(dataset, user=user, organization=organization, lookups=lookups)
    if not report.is_valid:
        return report
    rows, submitted = [], []
    for start in range(0, total, CHUNK_ROWS):
        chunk = Dataset(*dataset[start : start + CHUNK_ROWS], headers=dataset.headers)
        part = save_import(
            chunk,
            user=user,
            organization=organization,
            submit=submit,
            lookups=lookups,
            notify=False,
        )
        rows.extend(part.rows)
        submitted.extend(part.submitted)
        if not part.saved:
            announce_submitted(submitted, user, organization, source)  # the chunks saved
            return Report(rows, submit=submit)
        done = min(start + CHUNK_ROWS, total)
        if progress:
            progress(done, total, f"{done:,} of {total:,} rows saved")
    announce_submitted(submitted, user, organization, source)
    return Report(rows, saved=True, submit=submit, submitted=submitted)


def _raise_base_errors(result):
    if result.base_errors:
        raise result.base_errors[0].error


def check_may_import(user, organization) -> None:
    """Only a contributor who belongs to the organization imports its progress."""
    if not user.has_perm("states.add_progressentry"):
        raise PermissionDenied(_("Only contributors record progress."))
    if not organization.memberships.filter(user=user).exists():
        raise PermissionDenied(_("You can only import progress for an organization you belong to."))
