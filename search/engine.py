"""
Full-text search over resolutions, commitments and progress (entries and their evidence).

A query's words must all occur, in any order ("trafficking women" finds "Trafficking in
women and girls"); a quoted phrase must occur as written; ``or`` separates alternatives and a
``-word`` must not occur. Case and accents do not count ("cote d'ivoire" finds "Côte
d'Ivoire").

On PostgreSQL the search is PostgreSQL's own: the 'english_unaccent' text-search
configuration (the 'english' one, stemming included, with accents taken off words first:
this app's migrations make it), ``websearch_to_tsquery``, ``ts_rank`` and ``ts_headline``.
Every document expression below matches one of the GIN expression indexes created by this
app's migrations, character for character, so that the planner can use them: change one and
change the other (``tests/search/test_indexes.py`` checks the plans).

Elsewhere (SQLite in development) a simpler fallback runs: every term must occur in the text,
both folded (`fold`: no accents, case-folded, by a function this app gives SQLite), a
``-term`` must not; the rank is the number of terms matched; snippets mark the terms in
Python. It does not stem: "shelter" finds "shelters" (a part of a word counts), "criminalize"
does not find "criminalization" there.

Commitments are also found by their topics: a commitment tagged with a topic whose name has
all the words of the query (or of one of its alternatives) is found even when its paragraph
uses other words ("human trafficking" finds what is tagged "Human trafficking"), and carries
the topic's name in `searched_topic`.

Hyphenated words work on both: PostgreSQL indexes "non-punishment" as the compound and its
parts, and a compound built on a bound prefix (non-, anti-, counter-, co-, …) is also looked
for as its head word, so that *non-punishment* finds paragraphs on protecting victims "from
prosecution or punishment" too. Paragraphs with the compound itself match more terms and
rank first.

Snippets never carry unescaped text: PostgreSQL marks the matches with two private-use
characters, and the text is escaped before they become ``<mark>`` elements.

Confidential evidence is searched only for those who may read it (reviewers, members of the
reporting organization): for anyone else it neither finds an entry nor shows a snippet.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import build_localized_fieldname, get_language

from commitments.models import Commitment, Resolution, Topic
from commitments.symbols import normalize_symbol, symbol_condition
from core.text import fold
from states.models import Evidence, ProgressEntry, reads_confidential

CONFIG = "english_unaccent"

# The searched text of each kind, as paths from the model searched. The PostgreSQL document
# of each is to_tsvector('english_unaccent', COALESCE(a, '') || ' ' || COALESCE(b, '')).
RESOLUTION_FIELDS = ("symbol", "title")
COMMITMENT_FIELDS = ("paragraph__text",)
ENTRY_FIELDS = ("summary",)
EVIDENCE_FIELDS = ("citation", "description")
# A topic is found by its name in any of the six languages (commitments/translation.py).
TOPIC_FIELDS = tuple(build_localized_fieldname("name", code) for code, _ in settings.LANGUAGES)


def topic_name(path: str):
    """The name of the topic at `path`, in the reader's language where it has one."""
    localized = build_localized_fieldname("name", get_language())
    return Coalesce(F(f"{path}__{localized}"), F(f"{path}__name"))


# The SQL function the fallback folds text with (registered by search.apps on SQLite).
FOLD_FUNCTION = "search_fold"

# Prefixes that do not stand as words: a compound on one is also looked for as its head.
BOUND_PREFIXES = frozenset(
    [
        "anti",
        "co",
        "counter",
        "cross",
        "extra",
        "inter",
        "intra",
        "multi",
        "non",
        "post",
        "pre",
        "re",
        "semi",
        "sub",
        "trans",
        "un",
    ]
)

# Where PostgreSQL's headline marks a match; escaped text cannot contain them as markup.
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.S)
SNIPPET_CHARACTERS = 240

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_EDGE_PUNCTUATION = ".,;:!?()[]{}'\u201c\u201d\u2018\u2019"


@dataclass(frozen=True)
class Term:
    """
    A word or quoted phrase of the query, with the head word of a bound-prefix compound.
    Terms of one `group` must all match; ``or`` between words starts the next group.
    """

    text: str
    head: str = ""
    excluded: bool = False
    group: int = 0

    @property
    def variants(self) -> tuple[str, ...]:
        return (self.text, self.head) if self.head else (self.text,)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...] = field(default=())

    @classmethod
    def parse(cls, text: str) -> "ParsedQuery":
        text = " ".join(text.split())
        terms, group = [], 0
        for match in _TOKEN.finditer(text):
            phrase, word = match.groups()
            if phrase is not None:
                if phrase.strip():
                    terms.append(Term(" ".join(phrase.split()), group=group))
                continue
            if word.lower() == "or":
                group += 1 if terms and terms[-1].group == group else 0
                continue
            excluded = word.startswith("-") and len(word) > 1
            word = word.lstrip("-") if excluded else word
            word = word.strip(_EDGE_PUNCTUATION)
            if word:
                terms.append(Term(word, head=_head(word), excluded=excluded, group=group))
        return cls(text, tuple(terms))

    @property
    def wanted(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.excluded)

    @property
    def groups(self) -> list[tuple[Term, ...]]:
        """The alternatives of the query: any one of them matching is enough."""
        numbers = sorted({term.group for term in self.terms})
        return [tuple(t for t in self.terms if t.group == number) for number in numbers]

    @property
    def loose_text(self) -> str | None:
        """The query with each bound-prefix compound replaced by its head, when there is one."""
        if not any(term.head for term in self.wanted):
            return None
        return " or ".join(
            " ".join(
                f"-{term.text}" if term.excluded else term.head or _quoted(term.text)
                for term in group
            )
            for group in self.groups
        )

    @property
    def highlighted(self) -> tuple[str, ...]:
        return tuple(variant for term in self.wanted for variant in term.variants)


def _head(word: str) -> str:
    prefix, hyphen, rest = word.partition("-")
    if hyphen and prefix.lower() in BOUND_PREFIXES and len(rest) > 2:
        return rest
    return ""


def _quoted(text: str) -> str:
    return f'"{text}"' if " " in text else text


def backend_for(query: ParsedQuery) -> "Backend":
    """PostgreSQL's full-text search where the database has it, the fallback elsewhere."""
    if connection.vendor == "postgresql":
        return PostgresBackend(query)
    return FallbackBackend(query)


class Backend:
    """Finds, ranks and highlights the rows of one kind for one query."""

    def __init__(self, query: ParsedQuery):
        self.query = query

    def resolutions(self, queryset=None):
        queryset = Resolution.objects.all() if queryset is None else queryset
        return self.search(queryset, RESOLUTION_FIELDS, also=self.symbol_match()).order_by(
            F("rank").desc(), F("adopted_on").desc(nulls_last=True), "pk"
        )

    def commitments(self, queryset=None):
        """
        Commitments whose paragraph matches, or that are tagged with a topic whose name
        matches (or with one of its sub-topics), unless the paragraph has a word the query
        excludes. Each carries `searched_topic`: the name of such a topic, or None.
        """
        queryset = Commitment.objects.current() if queryset is None else queryset
        topics = self.search(Topic.objects.all(), TOPIC_FIELDS).values("pk")
        tags = Commitment.topics.through.objects.filter(
            Q(topic__in=topics) | Q(topic__parent__in=topics), commitment=OuterRef("pk")
        )
        on_topic = Q(Exists(tags))
        if (excluded := self.excluded(COMMITMENT_FIELDS)) is not None:
            on_topic &= ~excluded
        searched_topic = (
            tags.annotate(
                shown=Case(
                    When(topic__in=topics, then=topic_name("topic")),
                    default=topic_name("topic__parent"),
                )
            )
            .order_by("topic__position", "pk")
            .values("shown")[:1]
        )
        return (
            self.search(queryset, COMMITMENT_FIELDS, also=on_topic)
            .annotate(searched_topic=Subquery(searched_topic))
            .select_related("paragraph", "resolution")
            .order_by(F("rank").desc(), "resolution_id", "paragraph__position")
        )

    def entries(self, user, queryset=None):
        """
        Entries `user` may see whose summary, or one of whose shown evidence items `user` may
        read, matches. Each carries `reads_confidential` for `matching_evidence`.
        """
        queryset = ProgressEntry.objects.all() if queryset is None else queryset
        evidence = Evidence.objects.shown().disclosed_to(user)
        with_evidence = Q(pk__in=self.search(evidence, EVIDENCE_FIELDS).values("entry_id"))
        best_evidence = (
            self.search(evidence.filter(entry=OuterRef("pk")), EVIDENCE_FIELDS)
            .order_by("-rank")
            .values("rank")[:1]
        )
        return (
            self.search(
                queryset.restrict(user),
                ENTRY_FIELDS,
                also=with_evidence,
                extra_rank=Subquery(best_evidence),
            )
            .select_related(
                "state",
                "subject_organization",
                "organization",
                "commitment__paragraph",
                "commitment__resolution",
            )
            .annotate(reads_confidential=reads_confidential(user))
            .order_by(F("rank").desc(), "-fact_date", "-pk")
        )

    def matching_evidence(self, entries):
        """
        The shown evidence of `entries` (rows of `entries()`) that matches, with snippets, by
        entry id; confidential items only of the entries whose reader may read them.
        """
        readable = Q(confidential=False) | Q(
            entry__in=[entry.pk for entry in entries if entry.reads_confidential]
        )
        queryset = self.search(
            Evidence.objects.shown().filter(readable, entry__in=[entry.pk for entry in entries]),
            EVIDENCE_FIELDS,
        )
        queryset = self.with_headlines(
            queryset, {"citation": "citation", "description": "description"}
        )
        found: dict[int, list] = {}
        for item in queryset.order_by("-rank", "pk"):
            item.snippets = {
                name: self.snippet(item, name, getattr(item, name))
                for name in ("citation", "description")
                if getattr(item, name)
            }
            found.setdefault(item.entry_id, []).append(item)
        return found

    def symbol_match(self) -> Q | None:
        """
        Resolutions named by the query as a symbol, in any usual spelling ("res 2006/27",
        "a/res/65/190", "65/190": commitments.symbols.symbol_condition), or that contain it
        ("65/19"). The text search would split it into words, or keep it as one token.
        """
        return symbol_condition(self.query.text)

    # To implement ------------------------------------------------------------------------

    def search(self, queryset, fields, *, also=None, extra_rank=None):
        """`queryset` narrowed to the matching rows, each annotated with its `rank`."""
        raise NotImplementedError

    def excluded(self, fields) -> Q | None:
        """Rows whose text has a word or phrase the query excludes (None: it excludes none)."""
        raise NotImplementedError

    def with_headlines(self, queryset, fields: dict[str, str]):
        """Annotate what `snippet` needs for each {name: path} (a page's rows only)."""
        return queryset

    def snippet(self, row, name: str, text: str) -> SafeString:
        raise NotImplementedError


class PostgresBackend(Backend):
    def __init__(self, query):
        super().__init__(query)
        search_query = SearchQuery(query.text, config=CONFIG, search_type="websearch")
        if loose := query.loose_text:
            search_query |= SearchQuery(loose, config=CONFIG, search_type="websearch")
        self.search_query = search_query

    @staticmethod
    def document(fields):
        return SearchVector(*fields, config=CONFIG)

    def search(self, queryset, fields, *, also=None, extra_rank=None):
        rank = SearchRank(self.document(fields), self.search_query)
        queryset = queryset.alias(document=self.document(fields))
        if extra_rank is not None:
            rank = rank + Coalesce(extra_rank, Value(0.0))
        matches = Q(document=self.search_query)
        if also is not None:
            matches |= also
        return queryset.filter(matches).annotate(rank=rank)

    def excluded(self, fields):
        terms = [term for term in self.query.terms if term.excluded]
        if not terms:
            return None
        unwanted = reduce(
            or_,
            (SearchQuery(term.text, config=CONFIG, search_type="phrase") for term in terms),
        )
        # `search` names the fields' document "document" before it reads `also`.
        return Q(document=unwanted)

    def symbol_match(self):
        # The parser keeps a symbol such as A/RES/65/190 as one token: a part of one (65/19)
        # is found by its characters. Only queries with a slash ask for that, so that word
        # queries keep to the index.
        named = super().symbol_match()
        if named is None:
            return None
        return named | Q(symbol__icontains=normalize_symbol(self.query.text))

    def with_headlines(self, queryset, fields):
        return queryset.annotate(
            **{
                f"headline_{name}": SearchHeadline(
                    path,
                    self.search_query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
                for name, path in fields.items()
            }
        )

    def snippet(self, row, name, text):
        headline = getattr(row, f"headline_{name}", None)
        return marked(headline if headline is not None else text)


class FallbackBackend(Backend):
    @staticmethod
    def contains(fields, text) -> Q:
        """Any of `fields` has `text`, both folded (no accents, case-folded)."""
        folded = fold(text)
        # An empty column (a topic's name left untranslated) has nothing, rather than an
        # unknown that a query's excluded word would turn into "no match" for the whole row.
        return reduce(
            or_, (Q(Contains(Fold(Coalesce(path, Value(""))), folded)) for path in fields)
        )

    def excluded(self, fields):
        terms = [term for term in self.query.terms if term.excluded]
        if not terms:
            return None
        return reduce(or_, (self.contains(fields, term.text) for term in terms))

    def search(self, queryset, fields, *, also=None, extra_rank=None):
        matches = Q(pk__in=[])
        for group in self.query.groups:
            alternative = Q()
            for term in group:
                if term.excluded:
                    alternative &= ~self.contains(fields, term.text)
                else:
                    variants = (self.contains(fields, variant) for variant in term.variants)
                    alternative &= reduce(or_, variants)
            matches |= alternative
        rank = reduce(
            lambda total, variant: (
                total + Case(When(self.contains(fields, variant), then=Value(1)), default=Value(0))
            ),
            self.query.highlighted,
            Value(0),
        )
        if extra_rank is not None:
            rank = rank + Coalesce(extra_rank, Value(0))
        if also is not None:
            matches = matches | also
        return queryset.filter(matches).annotate(rank=rank)

    def snippet(self, row, name, text):
        return highlight(text, self.query.highlighted)


def fold_sql(text):
    """`fold` as the SQL function the fallback calls (NULL stays NULL)."""
    return None if text is None else fold(text)


class Fold(Func):
    """The folded text of a column, in SQL (the fallback's database only)."""

    function = FOLD_FUNCTION
    output_field = TextField()


def marked(headline: str) -> SafeString:
    """A ts_headline result, matches between START and STOP, as escaped HTML with <mark>."""
    pieces, position = [], 0
    for match in _MARKED.finditer(headline):
        pieces.append(_plain(headline[position : match.start()]))
        pieces.append(f"<mark>{_plain(match.group(1))}</mark>")
        position = match.end()
    pieces.append(_plain(headline[position:]))
    return mark_safe("".join(pieces))


def _plain(text: str) -> str:
    return escape(text.replace(START, "").replace(STOP, ""))


def highlight(text: str, variants, length: int = SNIPPET_CHARACTERS) -> SafeString:
    """
    A window of `text` around its first match, escaped, with every match in <mark>; matched
    as the fallback searches, without accents and case-folded ("cote" marks "Côte").

    The text is cut into matched and unmatched pieces first and each piece escaped on its
    own, so that a term can never match inside an entity the escaping made ("amp" in &amp;).
    """
    text = " ".join((text or "").split())
    pattern = _pattern(variants)
    first = next(_matches(text, pattern), None)
    start = 0
    if len(text) > length:
        start = max(0, (first[0] if first else 0) - length // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    window = text[start : start + length]
    if start + length < len(text):
        window = window[: window.rfind(" ")] if " " in window else window
    pieces, position = [], 0
    for begin, end in _matches(window, pattern):
        pieces.append(escape(window[position:begin]))
        pieces.append(f"<mark>{escape(window[begin:end])}</mark>")
        position = end
    pieces.append(escape(window[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + len(window) < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


def _matches(text: str, pattern):
    """The (start, end) of each match of `pattern` in the folded `text`, in `text`'s places."""
    if pattern is None:
        return
    folded, origin = [], []  # origin: the index in `text` of each folded character
    for index, char in enumerate(text):
        piece = fold(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    for match in pattern.finditer("".join(folded)):
        if match.end() == match.start():
            continue
        begin, end = origin[match.start()], origin[match.end() - 1] + 1
        while end < len(text) and not fold(text[end]):  # a separate accent goes along
            end += 1
        yield begin, end


def _pattern(variants):
    variants = sorted({fold(v) for v in variants if v and fold(v)}, key=len, reverse=True)
    if not variants:
        return None
    return re.compile("|".join(re.escape(variant) for variant in variants))
