"""The cache tokens every app's figures are stored under (`core/caching.py`)."""

from django.db import models


class FiguresVersion(models.Model):
    """
    The token the cached figures counting one scope of data are stored under
    (`core/caching.py`): a new token makes every figure cached under the old one stale.

    A table rather than entries in the cache, so that a token is written in the transaction
    that changes what it stands for (visible exactly when the data is committed, whatever the
    cache backend) and is never dropped by the cache's culling, which would make every figure
    stale and count the maintained counts again for no change. One row per scope: the global
    scopes and one per state, region or commitment whose figures have been read or changed.
    """

    scope = models.CharField(max_length=100, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        # Made by the reports app, which kept the tokens before every app shared them.
        db_table = "reports_figuresversion"

    def __str__(self):
        return f"{self.scope}: {self.token}"
