"""
Which cached figures a change of progress data makes stale (the scopes of `core/caching.py`):
an entry saved, an evidence item changed, an assessment moved.
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


def entry_changed(instance, **kwargs):
    """Receiver of a progress entry saved or deleted."""
    mark_figures_changed(entry_scopes(instance.state_id, instance.commitment_id))


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


def assessment_changed(instance, **kwargs):
    """Receiver of a current assessment saved or deleted (an approval, a rejection)."""
    mark_figures_changed(assessment_scopes(instance.commitment_id, instance.state_id))
