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

There is one token per *scope* of data, so that a figure goes stale only when what it counts
changes: `ASSESSMENTS` (the current-assessment table), `ENTRIES` (progress entries in any
workflow state) and `STRUCTURE` (what figures are grouped by and filtered on: resolutions,
commitments and their topics, states, regions, organizations; and every bulk write). Every
figure's version includes the `STRUCTURE` token, so replacing that one token (one cache write)
makes everything stale; an entry saved replaces only `ENTRIES`'s, an assessment moved only
`ASSESSMENTS`'s. The matrix reads assessments only, so the drafts contributors save all day
leave it cached; only an approval (or rejection) that moves an assessment, or a change of
structure, makes it stale. The overview counts entries too. `STRUCTURE` alone tells when the
maintained counts (by theme and by state, `reports/maintained_counts.py`) must be counted again
from scratch.

Figures about one subject have tokens of their own (`subject_scope`): a commitment's tiles
count that commitment's assessments (`assessments:commitment:<id>`), a state's profile its own
entries and its region's assessments (`entries:state:<id>`, `assessments:region:<id>`, the
region because the profile compares the state with it). An approval replaces the global
tokens and those of its commitment, state and region, so it makes one commitment's tiles and
one region's state profiles stale, not those of all 9,760 commitments and 195 states.
"""

import uuid
import zlib

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe

CACHE_ALIAS = "reports"
ASSESSMENTS = "assessments"
ENTRIES = "entries"
STRUCTURE = "structure"
SCOPES = (ASSESSMENTS, ENTRIES)


def cache():
    return caches[CACHE_ALIAS]


def _version_key(scope: str) -> str:
    return f"figures-version:{scope}"


def figures_version(scopes=SCOPES) -> str:
    """
    The token the figures counting `scopes` are stored under: the structure's token and each
    scope's (new ones where none is cached; a token the cache dropped just makes its figures
    stale). One query when all are cached.
    """
    keys = [_version_key(scope) for scope in dict.fromkeys([STRUCTURE, *scopes])]
    tokens = cache().get_many(keys)
    for key in keys:
        if key not in tokens:
            tokens[key] = _new_token()
            cache().set(key, tokens[key], timeout=None)
    return "-".join(tokens[key] for key in keys)


def mark_figures_changed(scopes=(STRUCTURE,), **kwargs):
    """
    Make every cached figure that counts `scopes` stale; by default the structure, which is
    every figure (also a signal receiver, hence **kwargs; `entry_changed` and
    `assessment_changed` are the receivers for entries and assessments).
    """

    def replace():
        for scope in scopes:
            cache().set(_version_key(scope), _new_token(), timeout=None)

    replace()
    if not isinstance(cache(), DatabaseCache):
        transaction.on_commit(replace)


def subject_scope(scope: str, kind: str, pk) -> str:
    """One subject's share of `scope`: `subject_scope(ASSESSMENTS, "region", 2)`."""
    return f"{scope}:{kind}:{pk}"


def entry_scopes(state_id) -> list[str]:
    """What an entry saved or deleted makes stale: every entry figure, and its state's."""
    scopes = [ENTRIES]
    if state_id is not None:
        scopes.append(subject_scope(ENTRIES, "state", state_id))
    return scopes


def assessment_scopes(commitment_id, state_id) -> list[str]:
    """
    What an assessment moved makes stale: every assessment figure, its commitment's, and its
    state's region's (every state profile in the region compares itself with the region).
    """
    from states.models import State

    scopes = [ASSESSMENTS, subject_scope(ASSESSMENTS, "commitment", commitment_id)]
    if state_id is not None:
        region_id = State.objects.filter(pk=state_id).values_list("region_id", flat=True).first()
        if region_id is not None:
            scopes.append(subject_scope(ASSESSMENTS, "region", region_id))
    return scopes


def entry_changed(instance, **kwargs):
    """Receiver of a progress entry saved or deleted."""
    mark_figures_changed(entry_scopes(instance.state_id))


def assessment_changed(instance, **kwargs):
    """Receiver of a current assessment saved or deleted (an approval, a rejection)."""
    mark_figures_changed(assessment_scopes(instance.commitment_id, instance.state_id))


def cached_figures(name: str, compute, *parts, scopes=SCOPES):
    """
    `compute()`, read from the cache when figures of this version are there already. Name in
    `scopes` every kind of data the figure counts (the structure always counts): it is
    recomputed when any of them changes.
    """
    key = ":".join([name, figures_version(scopes), *map(str, parts)])
    value = cache().get(key)
    if value is None:
        value = compute()
        cache().set(key, value)
    return value


def cached_html(name: str, render, *parts, scopes=SCOPES) -> SafeString:
    """
    `render()`'s HTML, cached as `cached_figures` caches, stored compressed: the unfiltered
    matrix is close to a megabyte of markup that repeats itself, which zlib's fastest level
    shrinks tenfold in a few milliseconds, so the database cache writes and reads back
    (pickled and base64-encoded) 117 KB instead of 1.2 MB.
    """
    # Keys of their own ("...:zlib"), so that HTML cached uncompressed (as releases before
    # this one did) is never read as compressed.
    stored = cached_figures(
        f"{name}:zlib", lambda: zlib.compress(str(render()).encode(), 1), *parts, scopes=scopes
    )
    return mark_safe(zlib.decompress(stored).decode())


def _new_token() -> str:
    return uuid.uuid4().hex
