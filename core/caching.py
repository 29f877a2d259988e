"""
Cached dashboard figures, invalidated whenever the data they count changes.

Every cached value is stored under the current *figures version*, random tokens kept in a
table of their own (`models.FiguresVersion`). Any change to what the dashboards count (an
entry saved, an approval that moves the current-assessment table, an import, a rebuild, a
state or topic edited) replaces a token, so every figure computed before the change is simply
never read again and expires.

The tokens are written in the writer's transaction, so a new token becomes visible exactly
when the data it stands for is committed, and the cache's culling never drops one. The
figures themselves are in the cache (`CACHES["reports"]`, the database: one copy for every
web process), where culling only costs a recount.

There is one token per *scope* of data, so that a figure goes stale only when what it counts
changes: `ASSESSMENTS` (the current-assessment table), `ENTRIES` (progress entries in any
workflow state) and `STRUCTURE` (what figures are grouped by and filtered on: resolutions,
commitments and their topics, states, regions, organizations; and every bulk write). Every
figure's version includes the `STRUCTURE` token, so replacing that one token (one row written)
makes everything stale; an entry saved replaces only `ENTRIES`'s, an assessment moved only
`ASSESSMENTS`'s. The matrix reads assessments only, so the drafts contributors save all day
leave it cached; only an approval (or rejection) that moves an assessment, or a change of
structure, makes it stale. The overview counts entries too. `STRUCTURE` alone tells when the
maintained counts (by theme and by state, `states/counts.py`) must be counted again
from scratch. Which scopes a change of progress data makes stale is the states app's to say
(`states/figures.py`); this module knows tokens, not what they stand for.

Figures about one subject have tokens of their own (`subject_scope`): a commitment's tiles
count that commitment's assessments (`assessments:commitment:<id>`), a state's profile its own
entries and its region's assessments (`entries:state:<id>`, `assessments:region:<id>`, the
region because the profile compares the state with it). An approval replaces the global
tokens and those of its commitment, state and region, so it makes one commitment's tiles and
one region's state profiles stale, not those of all 9,760 commitments and 195 states.
Printable reports (`reports/delivery.py`) are kept under the entry tokens of their subject:
a state's (`entries:state:<id>`) or those of the commitments a resolution or topic report
covers (`entries:commitment:<id>`). Every entry saved replaces its state's and commitment's,
and so does every change to an entry's evidence (a report prints public evidence).

Every figure and fragment is kept once per language (the active one is part of its key): a
figure may hold labels, a fragment whole sentences, and a French reader never gets the English
copy nor the other way round. The maintained counts (`states/counts.py`) and report sizes hold
numbers only and are shared by every language.
"""

import uuid
import zlib
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

CACHE_ALIAS = "reports"
ASSESSMENTS = "assessments"
ENTRIES = "entries"
STRUCTURE = "structure"
SCOPES = (ASSESSMENTS, ENTRIES)


def cache():
    return caches[CACHE_ALIAS]


def figures_version(scopes=SCOPES) -> str:
    """
    The token the figures counting `scopes` are stored under: the structure's token and each
    scope's, new ones made for scopes that have none yet. One query when all have one.
    """
    from .models import FiguresVersion

    wanted = list(dict.fromkeys([STRUCTURE, *scopes]))
    tokens = dict(FiguresVersion.objects.filter(scope__in=wanted).values_list("scope", "token"))
    missing = [scope for scope in wanted if scope not in tokens]
    if missing:
        # Another reader may make the same scope's token meanwhile: the first one stored
        # stands, and is read back.
        FiguresVersion.objects.bulk_create(
            [FiguresVersion(scope=scope, token=_new_token()) for scope in missing],
            ignore_conflicts=True,
        )
        tokens.update(
            FiguresVersion.objects.filter(scope__in=missing).values_list("scope", "token")
        )
    return "-".join(tokens[scope] for scope in wanted)


# The scopes marked while `figures_marked_once` holds them back; None outside it.
_held_back: ContextVar[set | None] = ContextVar("held_back_figure_marks", default=None)


@contextmanager
def figures_marked_once():
    """
    Inside the block (in a transaction: a chunk of rows imported), every figure marked stale
    is marked once, when the block ends, in the same transaction: one statement for the
    block rather than one for each entry saved in it. Nothing is written when the block
    raises or its transaction is to be rolled back.
    """
    held = set()
    token = _held_back.set(held)
    try:
        yield
    finally:
        _held_back.reset(token)
    if held and not transaction.get_rollback():
        mark_figures_changed(held)


def mark_figures_changed(scopes=(STRUCTURE,), **kwargs):
    """
    Make every cached figure that counts `scopes` stale; by default the structure, which is
    every figure (also a signal receiver, hence **kwargs; `entry_changed` and
    `assessment_changed` are the receivers for entries and assessments). One statement, in
    the caller's transaction; the scopes are written in one order, so that two transactions
    replacing the same tokens wait for each other rather than deadlock. Held back to the
    end of a `figures_marked_once` block.
    """
    from .models import FiguresVersion

    held = _held_back.get()
    if held is not None:
        held.update(scopes)
        return

    FiguresVersion.objects.bulk_create(
        [FiguresVersion(scope=scope, token=_new_token()) for scope in sorted(set(scopes))],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["token"],
    )


def subject_scope(scope: str, kind: str, pk) -> str:
    """One subject's share of `scope`: `subject_scope(ASSESSMENTS, "region", 2)`."""
    return f"{scope}:{kind}:{pk}"


def cached_figures(name: str, compute, *parts, scopes=SCOPES):
    """
    `compute()`, read from the cache when figures of this version are there already. Name in
    `scopes` every kind of data the figure counts (the structure always counts): it is
    recomputed when any of them changes.
    """
    # Kept per language: figures may hold labels (a status's name), HTML holds whole sentences.
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = ":".join([name, language, figures_version(scopes), *map(str, parts)])
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
