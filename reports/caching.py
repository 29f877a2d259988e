"""
Cached dashboard figures, invalidated whenever the data they count changes.

Every cached value is stored under the current *figures version*, a random token kept in the
same cache. Any change to what the dashboards count (an entry saved, an approval that moves
the current-assessment table, an import, a rebuild, a state or topic edited) replaces the
token, so every figure computed before the change is simply never read again and expires.

The cache is the database (`CACHES["reports"]`): one copy for every web process, and its
writes join the writer's transaction, so the new token becomes visible exactly when the data
it stands for is committed. The token is also replaced after commit, for cache backends that
are not transactional.
"""

import uuid

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction

CACHE_ALIAS = "reports"
VERSION_KEY = "figures-version"


def cache():
    return caches[CACHE_ALIAS]


def figures_version() -> str:
    """The token the cached figures are stored under (a new one when none is cached)."""
    version = cache().get(VERSION_KEY)
    if version is None:
        version = _new_token()
        cache().set(VERSION_KEY, version, timeout=None)
    return version


def mark_figures_changed(**kwargs):
    """Make every cached figure stale (a signal receiver, hence **kwargs)."""
    cache().set(VERSION_KEY, _new_token(), timeout=None)
    if not isinstance(cache(), DatabaseCache):
        transaction.on_commit(lambda: cache().set(VERSION_KEY, _new_token(), timeout=None))


def cached_figures(name: str, compute, *parts):
    """`compute()`, read from the cache when figures of this version are there already."""
    key = ":".join([name, figures_version(), *map(str, parts)])
    value = cache().get(key)
    if value is None:
        value = compute()
        cache().set(key, value)
    return value


def _new_token() -> str:
    return uuid.uuid4().hex
