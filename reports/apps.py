from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Dashboards and reports"

    def ready(self):
        from commitments.models import Commitment, Resolution, Topic
        from commitments.signals import figures_changed
        from states.models import Organization, ProgressEntry, Region, State

        from .caching import mark_figures_changed

        # What the dashboards count. Saving an entry covers approvals too (the entry is
        # saved with the current-assessment row). Bulk writes send `figures_changed`.
        for model in (ProgressEntry, Commitment, Resolution, Topic, State, Region, Organization):
            post_save.connect(mark_figures_changed, sender=model, dispatch_uid=f"figures-{model}")
            post_delete.connect(
                mark_figures_changed, sender=model, dispatch_uid=f"figures-del-{model}"
            )
        m2m_changed.connect(
            mark_figures_changed, sender=Commitment.topics.through, dispatch_uid="figures-topics"
        )
        figures_changed.connect(mark_figures_changed, dispatch_uid="figures-bulk")
