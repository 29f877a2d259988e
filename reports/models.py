from django.db import models

from states.choices import ImplementationStatus


class ThemeCount(models.Model):
    """
    How many of one state's current assessments on trackable commitments of one theme (a
    top-level topic) have one status: the cells of the unfiltered implementation matrix.

    Counting them from every assessment when the matrix is read took 570 ms at 588,277
    assessments, paid by the first reader after every approval. This table is kept up to date
    by each assessment move instead, inside the approving transaction, and counted again from
    scratch only after a change of structure (`reports/maintained_counts.py`). Derived data: it
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
        ]

    def __str__(self):
        return f"{self.state_id}/{self.topic_id} {self.status}: {self.count}"


class StateStatusCount(models.Model):
    """
    How many of one state's current assessments on current, trackable, state-addressed
    commitments have one status: the overview's status counts and coverage, and each state
    profile's distribution beside its region's, summed from 195 states' rows.

    Counting them from every assessment took 140–200 ms at 588,277 assessments, paid by the
    first reader of the overview after every approval (and again by each state profile). Kept
    up to date like `ThemeCount` (`reports/maintained_counts.py`); derived data, it can always
    be rebuilt.
    """

    state = models.ForeignKey("states.State", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=32, choices=ImplementationStatus)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state", "status"], name="one_status_count_per_state"),
        ]

    def __str__(self):
        return f"{self.state_id} {self.status}: {self.count}"


class FiguresVersion(models.Model):
    """
    The token the cached figures counting one scope of data are stored under
    (`reports/caching.py`): a new token makes every figure cached under the old one stale.

    A table rather than entries in the cache, so that a token is written in the transaction
    that changes what it stands for (visible exactly when the data is committed, whatever the
    cache backend) and is never dropped by the cache's culling, which would make every figure
    stale and count the maintained counts again for no change. One row per scope: the global
    scopes and one per state, region or commitment whose figures have been read or changed.
    """

    scope = models.CharField(max_length=100, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.scope}: {self.token}"
