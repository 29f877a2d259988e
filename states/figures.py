"""
Which cached figures a change of progress data makes stale (the scopes of `core/caching.py`):
an entry saved, an evidence item changed, an assessment moved. The models call these in the
write itself (docs/caching.md shows the order on a decision); only evidence is still followed
by a signal receiver (reports/apps.py), as no decision depends on it.
"""

from core.caching import ASSESSMENTS, ENTRIES, mark_figures_changed, subject_scope

from .models import ProgressEntry, State


def entry_scopes(state_id, commitment_id=None) -> list[str]:
    """
    What an entry saved or deleted makes stale: every entry figure, its state's and its
    commitment's (the printable reports of a state, a resolution or a topic,
    `reports/delivery.py`).
    """
    return [ENTRIES, *subject_entry_scopes(state_id, commitment_id)]


def subject_entry_scopes(state_id, commitment_id) -> list[str]:
    """One entry's share of `ENTRIES`: its state's, and its commitment's."""
    scopes = []
    if state_id is not None:
        scopes.append(subject_scope(ENTRIES, "state", state_id))
    if commitment_id is not None:
        scopes.append(subject_scope(ENTRIES, "commitment", commitment_id))
    return scopes


def assessment_scopes(commitment_id, state_id) -> list[str]:
    """
    What an assessment moved makes stale: every assessment figure, its commitment's, and its
    state's region's (every state profile in the region compares itself with the region).
    """
    scopes = [ASSESSMENTS, subject_scope(ASSESSMENTS, "commitment", commitment_id)]
    if state_id is not None:
        region_id = State.objects.filter(pk=state_id).values_list("region_id", flat=True).first()
        if region_id is not None:
            scopes.append(subject_scope(ASSESSMENTS, "region", region_id))
    return scopes


def entries_changed(*subjects):
    """
    Entries of `subjects` ((state_id, commitment_id) pairs) written: every entry figure
    stale, and those of each subject. Called by the entries' own writes
    (`ProgressEntry.save`, `.delete`, the queryset's `update` and `bulk_create`).
    """
    scopes = [ENTRIES]
    for state_id, commitment_id in subjects:
        scopes.extend(subject_entry_scopes(state_id, commitment_id))
    mark_figures_changed(scopes)


def evidence_changed(instance, **kwargs):
    """
    Receiver of an evidence item saved or deleted: added, removed, or made confidential
    after its entry's approval. Only the printable reports show evidence, so only its
    entry's state and commitment go stale; never leaving a report kept from before an item
    was made confidential is the point.
    """
    subject = (
        ProgressEntry.objects.filter(pk=instance.entry_id)
        .values_list("state_id", "commitment_id")
        .first()
    )
    if subject is not None:
        mark_figures_changed(subject_entry_scopes(*subject))


def assessment_changed(commitment_id, state_id):
    """
    A current assessment written or gone (an approval, a rejection, a withdrawal, a
    correction): called by `CurrentAssessment.objects.refresh`, after the row is written.
    """
    mark_figures_changed(assessment_scopes(commitment_id, state_id))
