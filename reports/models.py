from django.db import connection, models


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
