"""
Background work of the dashboards: counting the maintained counts again after a bulk change
of structure (an import, a rebuild of the current-assessment table), in the worker, so that
the next reader of the matrix or the overview does not wait a second for it.
"""

from django.db import transaction
from django_tasks import task


@task()
def recount_maintained_counts() -> None:
    """Each maintained count read once: counted again if its structure changed, else a no-op."""
    from .maintained_counts import STATUSES, THEMES

    THEMES.counts()
    STATUSES.counts()


def recount_after_commit(**kwargs):
    """Receiver of `figures_changed`: queue a recount once the bulk change is committed."""
    transaction.on_commit(recount_maintained_counts.enqueue, robust=True)
