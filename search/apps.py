from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_fold(sender, connection, **kwargs):
    """Give SQLite the function the fallback search folds text with (core.text.fold)."""
    if connection.vendor == "sqlite":
        from .engine import FOLD_FUNCTION, fold_sql

        connection.connection.create_function(FOLD_FUNCTION, 1, fold_sql, deterministic=True)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        connection_created.connect(register_fold, dispatch_uid="search_register_fold")
