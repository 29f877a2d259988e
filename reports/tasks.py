"""
Background work of the dashboards: counting the maintained counts again after a change of
structure (an import, a rebuild of the current-assessment table, a topic, state or
organization edited), in the worker, so that the next reader of the matrix or the overview
does not wait a second for it.
"""

from django.db import transaction
from django_tasks import task

from core.caching import mark_figures_changed


@task()
def recount_maintained_counts() -> None:
    """Each maintained count read once: counted again if its structure changed, else a no-op."""
    from states.counts import STATUSES, THEMES

    THEMES.counts()
    STATUSES.counts()


def structure_changed(**kwargs):
    """
    Receiver of the changes of structure (what the figures are grouped by and filtered on):
    every cached figure stale at once, and the maintained counts counted again in the worker.
    """
    mark_figures_changed()
    recount_after_commit(**kwargs)


def recount_after_commit(**kwargs):
    """
    Queue a recount once the change of structure is committed, once per transaction however
    many rows it changed (a recount finds the counts up to date after the first anyway). Rows
    loaded raw (fixtures, a restore) queue nothing: whoever reads the counts next counts them
    again.
    """
    if kwargs.get("raw"):
        return
    pending = transaction.get_connection().run_on_commit
    if not any(callback is _enqueue_recount for _, callback, *_ in pending):
        transaction.on_commit(_enqueue_recount, robust=True)


def _enqueue_recount():
    recount_maintained_counts.enqueue()
