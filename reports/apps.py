from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Dashboards and reports"

    def ready(self):
        from commitments.models import Commitment, Resolution, Topic
        from commitments.signals import figures_changed
        from states.figures import evidence_changed
        from states.models import Evidence, Organization, Region, State

        from . import tasks

        # What the dashboards count changes in two ways. Progress entries and their current
        # assessments are written by the states app's own methods, which mark the figures
        # stale and move the maintained counts themselves (docs/caching.md); nothing here
        # for them. A change of structure (what the figures are grouped by) makes every
        # figure stale and queues the maintained counts' recount for the worker
        # (reports/tasks.py), once per transaction, so their next reader does not count: its
        # rows are written by many apps and the admin, hence receivers. Bulk writes send
        # `figures_changed`. Evidence changed makes its entry's printable reports stale.
        receivers = {Evidence: evidence_changed}
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
