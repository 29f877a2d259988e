from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Dashboards and reports"

    def ready(self):
        from commitments.models import Commitment, Resolution, Topic
        from commitments.signals import figures_changed
        from states.counts import STATUSES, THEMES
        from states.figures import assessment_changed, entry_changed, evidence_changed
        from states.models import (
            CurrentAssessment,
            Evidence,
            Organization,
            ProgressEntry,
            Region,
            State,
        )
        from states.signals import assessment_moved

        from . import tasks

        # What the dashboards count, by scope (core/caching.py). An approval saves the
        # entry and its current-assessment row, so it makes both scopes stale (and those of
        # its commitment, state and region); a draft saved only the entries'. A change of
        # structure (what the figures are grouped by) makes every figure stale. Bulk writes
        # send `figures_changed`. Evidence changed makes its entry's printable reports stale.
        # A change of structure also queues the maintained counts' recount for the worker
        # (reports/tasks.py), once per transaction, so their next reader does not count.
        receivers = {
            ProgressEntry: entry_changed,
            CurrentAssessment: assessment_changed,
            Evidence: evidence_changed,
        }
        for model in (Commitment, Resolution, Topic, State, Region, Organization):
            receivers[model] = tasks.structure_changed
        for model, receiver in receivers.items():
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"figures-{model}")
            post_delete.connect(
                receiver, sender=model, weak=False, dispatch_uid=f"figures-del-{model}"
            )
        m2m_changed.connect(
            tasks.structure_changed,
            sender=Commitment.topics.through,
            dispatch_uid="figures-topics",
        )
        figures_changed.connect(tasks.structure_changed, dispatch_uid="figures-bulk")
        # The maintained counts follow each assessment move in its own transaction.
        assessment_moved.connect(THEMES.apply_move, dispatch_uid="theme-counts")
        assessment_moved.connect(STATUSES.apply_move, dispatch_uid="status-counts")
