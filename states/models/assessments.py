"""
Current assessments: the latest approved status of each subject on each commitment, kept as a
table on every approval so that dashboards, the matrix and reports read one row per pair
instead of ranking all entries.
"""

import itertools

from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import RowNumber

from commitments.signals import figures_changed

from ..choices import (
    ImplementationStatus,
)
from .entries import ProgressEntry
from .organizations import Organization
from .places import State


class CurrentAssessmentQuerySet(models.QuerySet):
    def refresh(self, commitment_id, state_id, subject_organization_id, lost_status=None):
        """
        Recompute the row for one (commitment, subject) from its approved entries: the one
        whose fact is the most recent wins (ties go to the latest decision). Called whenever
        an approved entry is saved, so dashboards read one indexed row per pair.

        Then, in this transaction and in this order, what follows from the row: the cached
        figures counting assessments go stale (`states/figures.py`) and, when the status
        moved, the maintained counts take the move (`states/counts.py`). Called here rather
        than from signal receivers, so no caller can move an assessment without them
        (docs/caching.md). `lost_status`: the status of a row its entry's deletion took with it.
        """
        from commitments.models import Commitment

        from .. import counts, figures

        subject = {"state_id": state_id, "subject_organization_id": subject_organization_id}
        # Two approvals on one commitment at once would both insert its row: locking the
        # commitment makes the second wait, then see the first's row.
        list(Commitment.objects.select_for_update().filter(pk=commitment_id).values("pk"))
        latest = (
            ProgressEntry.objects.approved()
            .filter(commitment_id=commitment_id, **subject)
            .order_by("-fact_date", "-decided_at", "-pk")
            .values("pk", "status", "fact_date", "decided_at")
            .first()
        )
        row = self.select_for_update().filter(commitment_id=commitment_id, **subject).first()
        old_status = row.status if row else lost_status
        if latest is None:
            if row is not None:
                row.delete()
            row = None
        else:
            fields = {
                "entry_id": latest["pk"],
                "status": latest["status"],
                "fact_date": latest["fact_date"],
                "approved_at": latest["decided_at"],
            }
            if row is None:
                row = self.create(commitment_id=commitment_id, **subject, **fields)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
                row.save()
        new_status = row.status if row else None
        if row is not None or old_status is not None:  # a row written, or one gone
            figures.assessment_changed(commitment_id, state_id)
        if new_status != old_status:
            for kept in (counts.THEMES, counts.STATUSES):
                kept.apply_move(commitment_id, state_id, old_status, new_status)
        return row

    def rebuild(self, batch_size=5000):
        """Recompute every row in SQL (after a bulk load that bypassed save())."""
        ranked = (
            ProgressEntry.objects.approved()
            .annotate(
                rank=models.Window(
                    RowNumber(),
                    partition_by=[F("commitment_id"), F("state_id"), F("subject_organization_id")],
                    order_by=[F("fact_date").desc(), F("decided_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank=1)
            .values_list(
                "pk",
                "commitment_id",
                "state_id",
                "subject_organization_id",
                "status",
                "fact_date",
                "decided_at",
            )
        )
        with transaction.atomic():
            self.all().delete()
            rows = (
                CurrentAssessment(
                    entry_id=row[0],
                    commitment_id=row[1],
                    state_id=row[2],
                    subject_organization_id=row[3],
                    status=row[4],
                    fact_date=row[5],
                    approved_at=row[6],
                )
                for row in ranked.iterator(chunk_size=batch_size)
            )
            created = 0
            while batch := list(itertools.islice(rows, batch_size)):
                self.bulk_create(batch)
                created += len(batch)
            figures_changed.send(sender=CurrentAssessment)
        return created


class CurrentAssessment(models.Model):
    """
    The latest approved status of one subject on one commitment, kept up to date on every
    approval so dashboards, the matrix and reports read one row per pair instead of ranking
    all entries. Derived data: `rebuild_assessments` recomputes it from the entries.
    """

    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.CASCADE, related_name="assessments"
    )
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    subject_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    entry = models.OneToOneField(ProgressEntry, on_delete=models.CASCADE, related_name="assessment")
    status = models.CharField(max_length=32, choices=ImplementationStatus)
    fact_date = models.DateField()
    approved_at = models.DateTimeField()

    objects = CurrentAssessmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "state"],
                condition=Q(state__isnull=False),
                name="one_assessment_per_commitment_state",
            ),
            models.UniqueConstraint(
                fields=["commitment", "subject_organization"],
                condition=Q(subject_organization__isnull=False),
                name="one_assessment_per_commitment_organization",
            ),
            models.CheckConstraint(
                condition=Q(state__isnull=False, subject_organization__isnull=True)
                | Q(state__isnull=True, subject_organization__isnull=False),
                name="assessment_has_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ImplementationStatus.values),
                name="assessment_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "status"]),
            models.Index(fields=["commitment", "status"]),
        ]

    def __str__(self):
        return f"{self.state or self.subject_organization} on {self.commitment_id}: {self.status}"
