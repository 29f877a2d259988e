"""
Lineage: the same ask coming back in later resolutions.

"Criminalize all forms of trafficking" is asked by ECOSOC in 2006, by the General Assembly in
65/190 (OP 16) and by the Human Rights Council in 32/3 (OP 13). The linker finds such pairs
when a resolution is imported and stores them as suggested `CommitmentLink` rows, each with
a similarity score and a kind (renewed, strengthened, ...); reviewers confirm or reject them
in the admin, and the commitment page draws the lineage as a timeline.

Which commitments are compared
    Current trackable commitments, except a chapeau whose sub-paragraphs carry the asks
    ("Calls upon all States:"). Two commitments are compared only when their resolutions
    follow one another (by adoption date; an undated resolution, such as a draft, is newer
    than every dated one; two on the same day, or two undated, are not compared) and their
    principal addressees (the first one named) are of the same kind: Governments, States and
    Member States are all States; the Secretary-General and the High Commissioner are both the
    UN system. Mandate decisions ("Decides to extend the mandate of the Special Rapporteur ...
    for a period of three years", with their lettered items), which the tracker does not
    track, are compared too, with one another only (asks.is_mandate_decision).

How similar they are
    TF-IDF cosine over character n-grams (3 to 5 letters within words) of the ask's wording,
    i.e. the paragraph without its operative verb, normalized (asks.normalize: "Governments",
    "Member States" and "the Belarusian authorities" are all "states"; a date, a year, a
    session, a number is one token each, so that what only moved is not a difference),
    computed by scikit-learn. Between two resolutions of one subject (matching.subject_of:
    their titles, or the words of their asks), a pair's score is the better of that cosine
    and the Dice coefficient of the two asks' content stems (asks.object_similarity) where
    the latter reaches WORDS_ENOUGH; between resolutions of different subjects only asks
    worded nearly alike (ELSEWHERE) are linked: "provide the Special Rapporteur with the
    resources" of one mandate is not the same ask for another. Chosen over
    pg_trgm with a rapidfuzz fallback because:

    - one implementation serves PostgreSQL and SQLite, so both give the same links and the
      same scores by construction rather than by tuning two measures to agree;
    - inverse document frequency discounts the boilerplate every paragraph of this field
      repeats ("trafficking in persons, especially women and children"), which plain trigram
      or token-set similarity counts as agreement (token_set_ratio gives 100 to any short
      ask whose words all occur in a longer paragraph);
    - character n-grams match "criminalize" with "criminalization" and "Governments" with
      "Government" without a stemmer.

    The document frequencies are those of the two resolutions compared, not of the whole
    database: a link depends on its two resolutions only, so importing in any order gives
    the same links and linking one resolution never changes the links between two others.

How it is computed
    The scores are scikit-learn's to the last bit (CountVectorizer counts, TfidfTransformer
    weights, the sparse product of the normalized rows), but not computed by scikit-learn,
    which refitted its vectorizer over every stored commitment at each import: at 10,000
    commitments that was 98% of an import's time. Here the counts are made a word at a time
    (`ngram_counts`), and each pair of resolutions is weighted from their own rows with the
    same floating-point operations in the same order (`_Similarity`; tests/lineage/
    test_similarity.py holds the two to each other). A batch import links all its
    resolutions once, at its end (`link_resolutions`): one reading of the corpus for all.

Which pairs become links (bounded candidate generation)
    Between two resolutions the compatible pairs scoring at least SCORE_THRESHOLD are matched
    one to one, best score first: a commitment has at most one link to each other resolution,
    so the links of a commitment are bounded by the number of resolutions, and an import
    compares the new resolution's asks with each other resolution's once. A confirmed link
    holds its two places; a rejected pair is never suggested again, and its places are free
    for the next best candidate. Then an ask left over whose best partner is taken, and
    which is mostly a part of it, is linked to it too: one ask split in two paragraphs, or
    two merged in one (matching.match). Each link stores why (asks.explain): the rule that
    found it, what matched (addressee, action, content words) and what changed (verb,
    addressees, moved dates and sessions, words added and dropped, an item become a
    paragraph), which the commitment page and the admin put into words.

What kind of change (`classify`)
    In this order, the first rule that applies:

    0. related: the two wordings score below SIMILAR_ENOUGH (0.45; the reasons are beside it
       in commitments/lineage/models.py). Wording that far apart may be a neighbouring ask
       rather than the same one, so no change of verb or length is claimed for it.
    1. strengthened / weakened: the operative verb's strength rank rose or fell ("encourages"
       became "urges"); or, with the same rank, "strongly" was added or dropped; or hedges
       ("consider", "as appropriate", "where applicable", ...) were dropped or added.
    2. broadened / narrowed: the addressees grew or shrank (a strict superset or subset,
       with every kind of State counted as "States").
    3. From the word diff of the normalized wordings (difflib over the ask's words; a moved
       session or a new name for the States is no change), with n the length
       of the longer wording: renewed when at most EDIT_SHARE * n words were inserted or
       deleted (unchanged or editorial wording); broadened when the later text inserts at
       least EDIT_SHARE * n words more than it deletes (further forms of exploitation,
       addressees, clauses); narrowed when it deletes that many more than it inserts;
       reworded otherwise (changed both ways).

    This reads the length and the verbs of an ask, not its meaning: "women and girls" becoming
    "women and children" is a one-word change and so "renewed". Reviewers correct the kind
    when they confirm a link.
"""

import difflib
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..choices import ActorKind, Strength
from ..models import Commitment, CommitmentActor, CommitmentLink, Paragraph, Resolution
from .asks import explain, is_mandate_decision, normalize
from .matching import (  # noqa: F401 (SCORE_THRESHOLD: the linker's bar, read from here)
    MANDATE,
    SCORE_THRESHOLD,
    _kind_codes,
    combined_scores,
    match,
    subject_of,
)
from .models import SIMILAR_ENOUGH

NGRAM_RANGE = (3, 5)
EDIT_SHARE = 0.15
HEDGES = re.compile(
    r"\b(consider|considering|as appropriate|where appropriate|when appropriate|if appropriate|"
    r"where applicable|as far as possible|where possible|when necessary|if necessary)\b"
)
INTENSIFIERS = frozenset({"strongly"})
WORD = re.compile(r"\w[\w'’-]*")

Kind = CommitmentLink.Kind
Status = CommitmentLink.Status


@dataclass
class Ask:
    """A commitment as the linker reads it."""

    id: int
    resolution_id: int
    position: int
    verb_phrase: str
    strength: str
    text: str
    principal_kind: str = ""
    addressees: frozenset = field(default_factory=frozenset)
    # The normalized wording the n-grams are cut from (asks.normalize); the text if empty.
    compared: str = ""
    is_item: bool = False  # a lettered item of a chapeau


@dataclass
class LinkOutcome:
    """What a linker run changed, for the import message and the command line."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    decided: int = 0

    @property
    def summary(self) -> str:
        return (
            f"{self.created} links suggested, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged; {self.decided} decided by reviewers left as they are."
        )


def link_resolution(resolution: Resolution) -> LinkOutcome:
    """
    Suggest links between `resolution`'s commitments and those of every earlier and later
    resolution, in one transaction: new pairs are added, changed ones updated, suggestions
    that no longer hold removed. Links a reviewer decided are left as they are. Running it
    again changes nothing.
    """
    return _link(focus={resolution.pk})


def link_resolutions(resolutions) -> LinkOutcome:
    """
    `link_resolution` for several resolutions (or their primary keys) at once, in one
    transaction: what a batch import does once at its end. The corpus is read and vectorized
    once for all of them rather than once each, and a pair of two of them is compared once;
    the links are those that linking each in turn would leave.
    """
    focus = {getattr(resolution, "pk", resolution) for resolution in resolutions}
    return _link(focus=focus) if focus else LinkOutcome()


def link_all(*, rebuild: bool = False) -> LinkOutcome:
    """
    Recompute the suggested links between every two resolutions. With `rebuild`, every
    suggestion is deleted and made anew; reviewers' decisions are kept either way.
    """
    return _link(focus=None, rebuild=rebuild)


@transaction.atomic
def _link(focus: set[int] | None, rebuild: bool = False) -> LinkOutcome:
    asks = load_asks()
    resolutions = Resolution.objects.values_list("pk", "adopted_on", "title")
    dates = {pk: adopted for pk, adopted, _ in resolutions}
    titles = {pk: title for pk, _, title in resolutions}
    existing = CommitmentLink.objects.all()
    if focus is not None:
        existing = existing.filter(
            Q(earlier__resolution_id__in=focus) | Q(later__resolution_id__in=focus)
        )
    outcome = LinkOutcome()
    if rebuild:
        outcome.removed = existing.filter(status=Status.SUGGESTED).delete()[0]
    rows = list(
        existing.values("pk", "earlier_id", "later_id", "status", "score", "kind", "explanation")
    )
    decided = {
        (r["earlier_id"], r["later_id"]): r["status"] for r in rows if r["status"] != "suggested"
    }
    suggested = {(r["earlier_id"], r["later_id"]): r for r in rows if r["status"] == "suggested"}

    by_resolution = defaultdict(list)
    for ask in asks.values():
        by_resolution[ask.resolution_id].append(ask)
    pairs = []
    for first in sorted(by_resolution):
        for second in sorted(by_resolution):
            if first == second or (
                focus is not None and first not in focus and second not in focus
            ):
                continue
            if _precedes(dates.get(first), dates.get(second)):
                pairs.append((first, second))
    # The decisions bearing on each pair of resolutions, so that matching one pair does not
    # look through every decision.
    decided_between = defaultdict(dict)
    for (earlier_id, later_id), status in decided.items():
        if earlier_id in asks and later_id in asks:
            key = (asks[earlier_id].resolution_id, asks[later_id].resolution_id)
            decided_between[key][(earlier_id, later_id)] = status

    wanted = {}
    if pairs:
        similarity = _Similarity(list(asks.values()), keep=focus)
        kinds = _kind_codes(by_resolution)
        vocabularies = {}
        found = {}
        # Pairs with the same other resolution one after the other, so that its rows are
        # read once for every resolution in focus and then let go (see _Similarity).
        for pair in _by_other_resolution(pairs, focus):
            earlier_id, later_id = pair
            earlier, later = by_resolution[earlier_id], by_resolution[later_id]
            scores, words = combined_scores(
                earlier,
                later,
                similarity.between(earlier_id, earlier, later_id, later),
                subject_of(earlier_id, later_id, titles, by_resolution, vocabularies),
            )
            found[pair] = match(
                earlier,
                later,
                scores,
                decided_between.get(pair),
                kinds=(kinds[earlier_id], kinds[later_id]),
                words=words,
            )
        for pair in pairs:
            for old, new, score, word_score, rule in found[pair]:
                stored = round(score, 3)
                edits = _changed_words(old.compared or old.text, new.compared or new.text)
                wanted[(old.id, new.id)] = (
                    stored,
                    classify(old, new, stored),
                    explain(old, new, score=stored, words=word_score, rule=rule, edits=edits),
                )

    outcome.decided = len(decided)
    now = timezone.now()
    create, update = [], []
    for pair, (score, kind, explanation) in wanted.items():
        if pair in decided:
            continue
        row = suggested.pop(pair, None)
        if row is None:
            create.append((pair[0], pair[1], score, kind, explanation))
        elif (row["score"], row["kind"], row["explanation"]) != (score, kind, explanation):
            update.append(
                CommitmentLink(
                    pk=row["pk"], score=score, kind=kind, explanation=explanation, updated=now
                )
            )
        else:
            outcome.unchanged += 1
    if suggested:
        outcome.removed += CommitmentLink.objects.filter(
            pk__in=[row["pk"] for row in suggested.values()]
        ).delete()[0]
    _insert_suggestions(create, now)
    CommitmentLink.objects.bulk_update(update, ["score", "kind", "explanation", "updated"])
    outcome.created, outcome.updated = len(create), len(update)
    return outcome


def _by_other_resolution(pairs: list[tuple[int, int]], focus: set[int] | None):
    """`pairs` ordered by their resolution outside `focus` (all of them: as they are)."""
    if focus is None:
        return pairs
    return sorted(pairs, key=lambda pair: pair[0] if pair[0] not in focus else pair[1])


def _insert_suggestions(rows: list[tuple[int, int, float, str, dict]], now):
    """
    Insert (earlier, later, score, kind, explanation) as suggested links, leaving out a pair a
    concurrent import suggested a moment ago (that one is kept): what
    bulk_create(ignore_conflicts=True) does, written here because an import against a large
    corpus can suggest thousands of links, and bulk_create's model instances and field-by-field
    preparation (and, on PostgreSQL, the driver's reading of a statement with thousands of
    placeholders) took several times longer than the database took to store them. PostgreSQL
    gets the rows as five arrays in one statement, SQLite one statement run for every row (in
    C).
    """
    import json

    from django.db import connection
    from django.db.models.constants import OnConflict

    if not rows:
        return
    meta = CommitmentLink._meta
    fields = [
        meta.get_field(name)
        for name in (
            "earlier",
            "later",
            "score",
            "kind",
            "explanation",
            "status",
            "created",
            "updated",
        )
    ]
    quote = connection.ops.quote_name
    head = (
        f"{connection.ops.insert_statement(on_conflict=OnConflict.IGNORE)} "
        f"{quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"
    )
    tail = connection.ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    stamp = connection.ops.adapt_datetimefield_value(now)
    suggested = str(Status.SUGGESTED)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            earlier, later, score, kind, explanation = zip(*rows, strict=True)
            # Array literals of numbers and of the kinds' plain words: nothing to escape, and
            # repr gives back the very float. The explanations go as a list the driver adapts.
            cursor.execute(
                f"{head} SELECT earlier, later, score, kind, explanation::jsonb, %s, %s, %s "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::text[], %s::text[]"
                f") AS link (earlier, later, score, kind, explanation) {tail}",
                [
                    suggested,
                    stamp,
                    stamp,
                    "{" + ",".join(map(str, earlier)) + "}",
                    "{" + ",".join(map(str, later)) + "}",
                    "{" + ",".join(repr(float(value)) for value in score) + "}",
                    "{" + ",".join(map(str, kind)) + "}",
                    [json.dumps(value) for value in explanation],
                ],
            )
        else:
            cursor.executemany(
                f"{head} VALUES ({', '.join(['%s'] * len(fields))}) {tail}",
                [
                    (
                        earlier,
                        later,
                        score,
                        str(kind),
                        json.dumps(explanation),
                        suggested,
                        stamp,
                        stamp,
                    )
                    for earlier, later, score, kind, explanation in rows
                ],
            )


def _precedes(earlier_date, later_date) -> bool:
    """The same rule as CommitmentLink.adopted_before, on bare dates."""
    if earlier_date is None:
        return False
    return later_date is None or earlier_date < later_date


def load_asks() -> dict[int, Ask]:
    """
    Every commitment the linker compares, by primary key, in three queries: the trackable
    ones, and the mandate decisions with their lettered items (asks.is_mandate_decision),
    which are compared with one another only (their principal kind is MANDATE).
    """
    chapeau = Paragraph.objects.filter(parent_id=OuterRef("paragraph_id"), retired=False)
    columns = (
        "pk",
        "resolution_id",
        "paragraph__position",
        "verb_phrase",
        "strength",
        "paragraph__text",
        "paragraph__opener",
        "paragraph__sub",
    )
    rows = list(
        Commitment.objects.trackable()
        .exclude(Exists(chapeau))
        .order_by("resolution_id", "paragraph__position")
        .values_list(*columns)
    )
    # Mandate decisions: a cheap filter in the database, the exact one here.
    mandates = (
        Commitment.objects.current()
        .filter(is_trackable=False, paragraph__text__icontains="mandate")
        .values_list(*columns, "paragraph_id")
    )
    decisions = {}
    for *row, paragraph_id in mandates:
        if is_mandate_decision(row[5]):
            decisions[paragraph_id] = row
    items = (
        Commitment.objects.current()
        .filter(is_trackable=False, paragraph__parent_id__in=decisions)
        .values_list(*columns)
    )
    mandate_ids = {row[0] for row in decisions.values()} | {row[0] for row in items}
    rows += [*decisions.values(), *items]
    rows.sort(key=lambda row: (row[1], row[2]))
    asks = {}
    for pk, resolution_id, position, verb_phrase, strength, text, opener, sub in rows:
        wording = ask_text(text, opener)
        asks[pk] = Ask(
            pk,
            resolution_id,
            position,
            verb_phrase,
            strength,
            wording,
            compared=normalize(wording),
            is_item=bool(sub),
        )
    addressees = defaultdict(list)
    actors = (
        CommitmentActor.objects.filter(commitment__in=Commitment.objects.trackable())
        .order_by("commitment_id", "position")
        .values_list("commitment_id", "kind", "actor__name", "text")
    )
    for commitment_id, kind, name, text in actors:
        if commitment_id in asks:
            addressees[commitment_id].append((kind, name, text))
    for pk, ask in asks.items():
        named = addressees.get(pk, [])
        ask.principal_kind = MANDATE if pk in mandate_ids else named[0][0] if named else ""
        ask.addressees = frozenset(_addressee_key(*item) for item in named)
    return asks


def ask_text(text: str, opener: str) -> str:
    """The ask without its operative verb: what is asked, of whom."""
    if opener and text.startswith(opener):
        text = text[len(opener) :]
    return text.strip()


def _addressee_key(kind: str, name: str | None, text: str) -> str:
    if kind == ActorKind.STATES:
        return ActorKind.STATES
    return name or text.casefold()


class _Similarity:
    """
    The TF-IDF cosine of two resolutions' asks (see the module docstring), computed as
    scikit-learn's TfidfTransformer(sublinear_tf=True) computes it on their rows of a
    CountVectorizer(analyzer="char_wb") count matrix, operation for operation, so the
    scores are the same floating-point numbers; without refitting anything per pair, and
    without scikit-learn's per-call checks, which cost more than the arithmetic on rows this
    small. The rows of the resolutions in `keep` (all, if None) are gathered once and kept;
    those of another resolution until a pair names a third one, so that the memory held
    stays small when a few resolutions are compared with all the others, pair by pair.
    """

    def __init__(self, asks: list[Ask], keep=None):
        import numpy as np

        self.row = {ask.id: index for index, ask in enumerate(asks)}
        self.counts = ngram_counts([ask.compared or ask.text for ask in asks])
        self.keep = keep
        self.sides: dict[object, _Side] = {}
        self.passing: tuple[object, _Side | None] = (None, None)
        # For every column: a side's document frequency (see _frequency), and its position
        # among an earlier side's columns (see between; -1: none), filled for one side at
        # a time and emptied again.
        self.frequency_of = np.zeros(self.counts.shape[1], dtype=np.int64)
        self.position_of = np.full(self.counts.shape[1], -1, dtype=np.intp)

    def between(self, earlier_key, earlier: list[Ask], later_key, later: list[Ask]):
        """
        The cosine of every earlier ask with every later ask, as a dense matrix. The keys
        name the two lists (their resolutions): their rows are gathered once, and kept as
        `keep` says.
        """
        import numpy as np

        first, second = self._side(earlier_key, earlier), self._side(later_key, later)
        size = first.size + second.size
        first.weights(self._frequency(second, first), size, out=first.local.data)
        later_weights = second.weights(self._frequency(first, second), size)
        # The later rows, dense, over the earlier side's columns (its entries in other
        # columns, which cannot add to a cosine, go to a spare last row). The product then
        # adds each pair of rows' terms in the earlier row's column order, as scikit-learn's
        # sparse product did, the zeros of the dense rows adding exact zeros: the same sums
        # to the last bit.
        columns = len(first.unique)
        self.position_of[first.unique] = first.positions
        position = self.position_of[second.columns]
        self.position_of[first.unique] = -1
        dense = np.zeros((columns + 1, second.size))
        dense.put(position * second.size + second.row_of, later_weights)  # -1: the last row
        return first.local @ dense[:columns]

    def _side(self, key, asks: list[Ask]) -> "_Side":
        ids = [ask.id for ask in asks]
        kept = self.keep is None or key in self.keep
        side = self.sides.get(key) if kept else self.passing[1] if self.passing[0] == key else None
        if side is None or side.ids != ids:
            side = _Side(self.counts, [self.row[pk] for pk in ids], ids)
            if kept:
                self.sides[key] = side
            else:
                self.passing = (key, side)
        return side

    def _frequency(self, side: "_Side", of: "_Side"):
        """`side`'s document frequency of each of `of`'s columns (0 where it has none)."""
        self.frequency_of[side.unique] = side.frequency
        found = self.frequency_of[of.unique]
        self.frequency_of[side.unique] = 0
        return found


class _Side:
    """One resolution's rows of the count matrix, with what weighing them needs."""

    def __init__(self, counts, rows: list[int], ids: list[int]):
        import numpy as np
        from scipy.sparse import csr_matrix

        if rows and rows == list(range(rows[0], rows[-1] + 1)):
            block = counts[rows[0] : rows[-1] + 1]  # a resolution's rows follow one another
        else:
            block = counts[rows]
        self.ids = ids
        self.size = len(rows)
        self.columns = block.indices
        # sublinear term frequency, as TfidfTransformer: log(count) + 1
        self.tf = np.log(block.data.astype(np.float64)) + 1.0
        self.row_of = np.repeat(np.arange(self.size, dtype=np.int32), np.diff(block.indptr))
        # The columns this side has, how many of its rows have each (its document
        # frequency), and which of them (by position) each entry is in.
        frequency = np.bincount(block.indices, minlength=block.shape[1])
        self.unique = np.flatnonzero(frequency)
        self.frequency = frequency[self.unique]
        self.positions = np.arange(len(self.unique), dtype=np.int32)
        position_of = np.zeros(block.shape[1], dtype=np.int32)
        position_of[self.unique] = self.positions
        self.inverse = position_of[block.indices]
        # The rows over this side's own columns: an earlier side's weights go in its data.
        self.local = csr_matrix(
            (np.empty_like(self.tf), self.inverse, block.indptr),
            shape=(self.size, len(self.unique)),
        )

    def weights(self, other_frequency, size: int, out=None):
        """
        This side's TF-IDF weights, L2-normalized row by row, with the inverse document
        frequency of the two sides together (`other_frequency`: the other side's document
        frequency of each of this side's columns; `size`: both sides' asks): smooth idf,
        log((1 + n) / (1 + df)) + 1, reckoned once a column. Into `out`, if given.
        """
        import numpy as np

        idf = np.log(float(size + 1) / ((self.frequency + other_frequency) + 1.0))
        idf += 1.0
        # take and in-place arithmetic: the same numbers, in half the time that making a
        # new array for every operation takes.
        weights = idf.take(self.inverse, out=out)
        weights *= self.tf
        # bincount adds each row's squares in order, as TfidfTransformer's normalize does.
        norms = np.sqrt(np.bincount(self.row_of, weights=weights * weights, minlength=self.size))
        weights /= norms.take(self.row_of)
        return weights


def ngram_counts(texts: list[str]):
    """
    The matrix CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE).fit_transform
    gives for `texts`, columns in the same (alphabetical) order and row entries sorted, made
    a word at a time: char_wb n-grams never cross a word, so each distinct word is cut into
    n-grams once and a text's counts are the sum of its words' (one sparse product). Fitting
    the vectorizer itself cuts every word of every text, which was most of linking's time.
    """
    # numpy, scipy and scikit-learn are imported on first use: most commands never link.
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import CountVectorizer

    analyze = CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE).build_analyzer()
    gram_index: dict[str, int] = {}
    word_index: dict[str, int] = {}
    word_grams: list[list[int]] = []
    text_words, text_bounds = [], [0]
    for text in texts:
        # As the analyzer reads a text: lower-cased, split at runs of white space.
        words = text.lower().split()
        for word in words:
            if word not in word_index:
                word_index[word] = len(word_grams)
                word_grams.append(
                    [gram_index.setdefault(gram, len(gram_index)) for gram in analyze(word)]
                )
        text_words.extend([word_index[word] for word in words])
        text_bounds.append(len(text_words))
    grams = list(gram_index)
    alphabetical = np.empty(len(grams), dtype=np.int64)
    alphabetical[sorted(range(len(grams)), key=grams.__getitem__)] = np.arange(len(grams))
    gram_bounds = np.cumsum([0] + [len(ids) for ids in word_grams])
    flat = [gram for ids in word_grams for gram in ids]
    words_of_texts = csr_matrix(
        (np.ones(len(text_words), dtype=np.int32), text_words, text_bounds),
        shape=(len(texts), len(word_grams)),
    )
    grams_of_words = csr_matrix(
        (
            np.ones(len(flat), dtype=np.int32),
            alphabetical[np.asarray(flat, dtype=np.int64)],
            gram_bounds,
        ),
        shape=(len(word_grams), len(grams)),
    )
    words_of_texts.sum_duplicates()
    grams_of_words.sum_duplicates()
    counts = (words_of_texts @ grams_of_words).tocsr()
    counts.sort_indices()
    return counts


def classify(earlier: Ask, later: Ask, score: float | None = None) -> str:
    """
    The kind of change from `earlier` to `later` (rules in the module docstring); `score`, the
    similarity of their wordings as stored, when it is known.
    """
    if score is not None and score < SIMILAR_ENOUGH:
        return Kind.RELATED
    before, after = Strength.rank(earlier.strength), Strength.rank(later.strength)
    if before != after:
        return Kind.STRENGTHENED if after > before else Kind.WEAKENED
    before, after = _intensified(earlier.verb_phrase), _intensified(later.verb_phrase)
    if before != after:
        return Kind.STRENGTHENED if after else Kind.WEAKENED
    before, after = _hedges(earlier.text), _hedges(later.text)
    if before != after:
        return Kind.STRENGTHENED if after < before else Kind.WEAKENED
    if earlier.addressees != later.addressees:
        if later.addressees > earlier.addressees:
            return Kind.BROADENED
        if later.addressees < earlier.addressees:
            return Kind.NARROWED
    # On the normalized wordings: "Governments" become "Member States", a session or a date
    # moved, is not a change of what is asked.
    inserted, deleted, size = _changed_words(
        earlier.compared or earlier.text, later.compared or later.text
    )
    if inserted + deleted <= EDIT_SHARE * size:
        return Kind.RENEWED
    if inserted - deleted >= EDIT_SHARE * size:
        return Kind.BROADENED
    if deleted - inserted >= EDIT_SHARE * size:
        return Kind.NARROWED
    return Kind.REWORDED


def _intensified(verb_phrase: str) -> bool:
    return bool(INTENSIFIERS & set(verb_phrase.lower().split()))


# The two text measures below are memoized (a few megabytes at most): a resolution's asks
# recur, often word for word, in the resolutions before and after it, so the same wordings
# are compared again and again, at every import, and a word diff costs more than anything
# else a link does.
@functools.lru_cache(maxsize=8192)
def _hedges(text: str) -> int:
    return len(HEDGES.findall(text.lower()))


@functools.lru_cache(maxsize=8192)
def _changed_words(earlier: str, later: str) -> tuple[int, int, int]:
    """Words inserted and deleted from `earlier` to `later`, and the longer one's length."""
    inserted = deleted = 0
    for op, old, new in diff_words(earlier, later):
        if op in ("insert", "replace"):
            inserted += len(new)
        if op in ("delete", "replace"):
            deleted += len(old)
    size = max(len(earlier.split()), len(later.split()), 1)
    return inserted, deleted, size


def diff_words(earlier: str, later: str) -> list[tuple[str, list[str], list[str]]]:
    """
    The word-level diff of two wordings: (operation, earlier words, later words) runs, the
    operation being difflib's equal, replace, delete or insert. Words are compared in lower
    case without punctuation and returned as printed; an "equal" run carries both sides.
    """
    old, new = earlier.split(), later.split()
    matcher = difflib.SequenceMatcher(
        None, [_word_key(word) for word in old], [_word_key(word) for word in new], autojunk=False
    )
    return [(op, old[i1:i2], new[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def _word_key(word: str) -> str:
    return "".join(WORD.findall(word.lower())) or word


def diff_markup(earlier: str, later: str) -> SafeString:
    """
    The later wording with the words inserted since the earlier one in <ins> and the words
    deleted in <del>. Every word is escaped before it is wrapped.
    """
    parts = []
    for op, old, new in diff_words(earlier, later):
        if op == "equal":
            parts.append(escape(" ".join(new)))
            continue
        if old:
            parts.append(f"<del>{escape(' '.join(old))}</del>")
        if new:
            parts.append(f"<ins>{escape(' '.join(new))}</ins>")
    return mark_safe(" ".join(parts))
