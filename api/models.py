from django.db import connection, models


class AnonymousRequestCountQuerySet(models.QuerySet):
    def count_request(self, client: str, window_start: int, window_end: int, now: int) -> int:
        """
        Count one request of `client` in the window [window_start, window_end) (seconds since
        the epoch) and return how many it has made there, this one included. One upsert, so
        that web processes counting the same client at once never lose a request; windows
        that are over are deleted first, so the table holds the current ones only.
        """
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE window_end <= %s", [now])
            cursor.execute(
                f"INSERT INTO {table} (client, window_start, window_end, count) "
                "VALUES (%s, %s, %s, 1) "
                "ON CONFLICT (client, window_start, window_end) "
                f"DO UPDATE SET count = {table}.count + 1 RETURNING count",
                [client, window_start, window_end],
            )
            return cursor.fetchone()[0]


class AnonymousRequestCount(models.Model):
    """
    How many requests one anonymous client made to the API in one window of the anonymous
    rate (`api/throttling.py`). In the database, so that every web process and replica counts
    a client once: counted in each process's memory, a client would get the rate once per
    process. The client is a keyed hash of its address, not the address, and a row is deleted
    once its window is over.
    """

    client = models.CharField(max_length=64)
    window_start = models.BigIntegerField()
    window_end = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    objects = AnonymousRequestCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "window_start", "window_end"],
                name="one_request_count_per_client_and_window",
            )
        ]

    def __str__(self):
        return f"{self.client[:8]}… {self.window_start}–{self.window_end}: {self.count}"
