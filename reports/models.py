from django.db import connection, models

from states.choices import ImplementationStatus


class ThemeCount(models.Model):
    """
    How many of one state's current assessments on trackable commitments of one theme (a
    top-level topic) have one status: the cells of the unfiltered implementation matrix.

    Counting them from every assessment when the matrix is read grows with the assessments
    and was paid by the first reader after every approval. This table is kept up to date
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

    Counting them from every assessment grows with the assessments and was paid by the
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


class RequestCountQuerySet(models.QuerySet):
    def count_request(
        self, scope: str, client: str, window_start: int, window_end: int, now: int
    ) -> int:
        """
        Count one request of `client` to `scope` in the window [window_start, window_end)
        (seconds since the epoch) and return how many it has made there, this one included.
        One upsert, so that web processes counting the same client at once never lose a
        request; windows that are over are deleted first, so the table holds the current ones
        only.
        """
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE window_end <= %s", [now])
            cursor.execute(
                f"INSERT INTO {table} (scope, client, window_start, window_end, count) "
                "VALUES (%s, %s, %s, %s, 1) "
                "ON CONFLICT (scope, client, window_start, window_end) "
                f"DO UPDATE SET count = {table}.count + 1 RETURNING count",
                [scope, client, window_start, window_end],
            )
            return cursor.fetchone()[0]


class RequestCount(models.Model):
    """
    How many requests one client made to one rate-limited part of the site (`scope`: the
    API's anonymous rate, the PDF reports') in one window of its rate (`reports/ratelimit.py`).
    In the database, so that every web process and replica counts a client once: counted in
    each process's memory, a client would get the rate once per process. The client is a
    keyed hash of its address (or of its account), never the address, and a row is deleted
    once its window is over.
    """

    scope = models.CharField(max_length=32)
    client = models.CharField(max_length=64)
    window_start = models.BigIntegerField()
    window_end = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    objects = RequestCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window_start", "window_end"],
                name="one_request_count_per_scope_client_and_window",
            )
        ]

    def __str__(self):
        window = f"{self.window_start}–{self.window_end}"
        return f"{self.scope} {self.client[:8]}… {window}: {self.count}"
