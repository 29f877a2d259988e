"""
Counts of current assessments kept as tables (`states/counts.py` keeps them up to date), so
that the matrix, the overview and the state profiles read a few rows instead of counting
every assessment.
"""

from django.db import models

from ..choices import ImplementationStatus


class ThemeCount(models.Model):
    """
    How many of one state's current assessments on trackable commitments of one theme (a
    top-level topic) have one status: the cells of the unfiltered implementation matrix.

    Counting them from every assessment when the matrix is read grows with the assessments
    and was paid by the first reader after every approval. This table is kept up to date
    by each assessment move instead, inside the approving transaction, and counted again from
    scratch only after a change of structure (`states/counts.py`). Derived data: it
    can always be rebuilt.
    """

    state = models.ForeignKey("states.State", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("commitments.Topic", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=32, choices=ImplementationStatus)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["state", "topic", "status"], name="one_theme_count_per_cell_status"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ImplementationStatus.values),
                name="theme_count_status_valid",
            ),
        ]
        # Made by the reports app, which kept these counts before the states app did.
        db_table = "reports_themecount"

    def __str__(self):
        return f"{self.state_id}/{self.topic_id} {self.status}: {self.count}"


class StateStatusCount(models.Model):
    """
    How many of one state's current assessments on current, trackable, state-addressed
    commitments have one status: the overview's status counts and coverage, and each state
    profile's distribution beside its region's, summed from 195 states' rows.

    Counting them from every assessment grows with the assessments and was paid by the first
    reader of the overview after every approval (and again by each state profile). Kept
    up to date like `ThemeCount` (`states/counts.py`); derived data, it can always
    be rebuilt.
    """

    state = models.ForeignKey("states.State", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=32, choices=ImplementationStatus)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state", "status"], name="one_status_count_per_state"),
            models.CheckConstraint(
                condition=models.Q(status__in=ImplementationStatus.values),
                name="status_count_status_valid",
            ),
        ]
        db_table = "reports_statestatuscount"

    def __str__(self):
        return f"{self.state_id} {self.status}: {self.count}"
