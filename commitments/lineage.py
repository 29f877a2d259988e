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
    UN system.

How similar they are
    TF-IDF cosine over character n-grams (3 to 5 letters within words) of the ask's wording,
    i.e. the paragraph without its operative verb, computed by scikit-learn. Chosen over
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

Which pairs become links (bounded candidate generation)
    Between two resolutions the compatible pairs scoring at least SCORE_THRESHOLD are matched
    one to one, best score first: a commitment has at most one link to each other resolution,
    so the links of a commitment are bounded by the number of resolutions, and an import
    compares the new resolution's asks with each other resolution's once. A confirmed link
    holds its two places; a rejected pair is never suggested again, and its places are free
    for the next best candidate.

What kind of change (`classify`)
    In this order, the first rule that applies:

    1. strengthened / weakened: the operative verb's strength rank rose or fell ("encourages"
       became "urges"); or, with the same rank, "strongly" was added or dropped; or hedges
       ("consider", "as appropriate", "where applicable", ...) were dropped or added.
    2. broadened / narrowed: the addressees grew or shrank (a strict superset or subset,
       with every kind of State counted as "States").
    3. From the word diff the page shows (difflib over the ask's words), with n the length
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
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .choices import ActorKind, Strength
from .models import Commitment, CommitmentActor, CommitmentLink, Paragraph, Resolution

SCORE_THRESHOLD = 0.35
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
    return _link(focus=resolution.pk)


def link_all(*, rebuild: bool = False) -> LinkOutcome:
    """
    Recompute the suggested links between every two resolutions. With `rebuild`, every
    suggestion is deleted and made anew; reviewers' decisions are kept either way.
    """
    return _link(focus=None, rebuild=rebuild)


@transaction.atomic
def _link(focus: int | None, rebuild: bool = False) -> LinkOutcome:
    asks = load_asks()
    dates = dict(Resolution.objects.values_list("pk", "adopted_on"))
    existing = CommitmentLink.objects.all()
    if focus is not None:
        existing = existing.filter(Q(earlier__resolution_id=focus) | Q(later__resolution_id=focus))
    outcome = LinkOutcome()
    if rebuild:
        outcome.removed = existing.filter(status=Status.SUGGESTED).delete()[0]
    rows = list(existing.values("pk", "earlier_id", "later_id", "status", "score", "kind"))
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
            if first == second or (focus is not None and focus not in (first, second)):
                continue
            if _precedes(dates.get(first), dates.get(second)):
                pairs.append((first, second))

    wanted = {}
    if pairs:
        similarity = _Similarity([ask.text for ask in asks.values()], list(asks))
        for earlier_id, later_id in pairs:
            for earlier, later, score in match(
                by_resolution[earlier_id], by_resolution[later_id], similarity, decided
            ):
                wanted[(earlier.id, later.id)] = (round(score, 3), classify(earlier, later))

    outcome.decided = len(decided)
    now = timezone.now()
    create, update = [], []
    for pair, (score, kind) in wanted.items():
        if pair in decided:
            continue
        row = suggested.pop(pair, None)
        if row is None:
            create.append(
                CommitmentLink(earlier_id=pair[0], later_id=pair[1], score=score, kind=kind)
            )
        elif (row["score"], row["kind"]) != (score, kind):
            update.append(CommitmentLink(pk=row["pk"], score=score, kind=kind, updated=now))
        else:
            outcome.unchanged += 1
    if suggested:
        outcome.removed += CommitmentLink.objects.filter(
            pk__in=[row["pk"] for row in suggested.values()]
        ).delete()[0]
    # A concurrent import may have suggested the same pair a moment ago: keep that one.
    CommitmentLink.objects.bulk_create(create, ignore_conflicts=True)
    CommitmentLink.objects.bulk_update(update, ["score", "kind", "updated"])
    outcome.created, outcome.updated = len(create), len(update)
    return outcome


def _precedes(earlier_date, later_date) -> bool:
    """The same rule as CommitmentLink.adopted_before, on bare dates."""
    if earlier_date is None:
        return False
    return later_date is None or earlier_date < later_date


def load_asks() -> dict[int, Ask]:
    """Every commitment the linker compares, by primary key, in two queries."""
    chapeau = Paragraph.objects.filter(parent_id=OuterRef("paragraph_id"), retired=False)
    rows = (
        Commitment.objects.trackable()
        .exclude(Exists(chapeau))
        .order_by("resolution_id", "paragraph__position")
        .values_list(
            "pk",
            "resolution_id",
            "paragraph__position",
            "verb_phrase",
            "strength",
            "paragraph__text",
            "paragraph__opener",
        )
    )
    asks = {
        pk: Ask(pk, resolution_id, position, verb_phrase, strength, ask_text(text, opener))
        for pk, resolution_id, position, verb_phrase, strength, text, opener in rows
    }
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
        ask.principal_kind = named[0][0] if named else ""
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
    Character n-gram counts of every ask, made once; the TF-IDF weights and cosine of two
    resolutions' asks are computed from their rows alone (see the module docstring).
    """

    def __init__(self, texts: list[str], ids: list[int]):
        # scikit-learn is imported on first use: most commands never link anything.
        from sklearn.feature_extraction.text import CountVectorizer

        self.row = {pk: index for index, pk in enumerate(ids)}
        vectorizer = CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE)
        self.counts = vectorizer.fit_transform(texts)

    def between(self, earlier: list[Ask], later: list[Ask]):
        """The cosine of every earlier ask with every later ask, as a dense matrix."""
        from sklearn.feature_extraction.text import TfidfTransformer

        rows = [self.row[ask.id] for ask in earlier + later]
        weighted = TfidfTransformer(sublinear_tf=True).fit_transform(self.counts[rows])
        return (weighted[: len(earlier)] @ weighted[len(earlier) :].T).toarray()


def match(earlier: list[Ask], later: list[Ask], similarity, decided=None):
    """
    The one-to-one links between two resolutions' asks: compatible pairs at or above
    SCORE_THRESHOLD, best first (ties in document order). `decided` maps pairs a reviewer
    decided to their status: confirmed pairs hold their places, rejected ones are skipped.
    """
    decided = decided or {}
    scores = similarity.between(earlier, later)
    candidates = []
    used_earlier, used_later = set(), set()
    for i, old in enumerate(earlier):
        for j, new in enumerate(later):
            status = decided.get((old.id, new.id))
            if status == Status.CONFIRMED:
                used_earlier.add(old.id)
                used_later.add(new.id)
            elif (
                status is None
                and old.principal_kind == new.principal_kind
                and scores[i, j] >= SCORE_THRESHOLD
            ):
                candidates.append((-scores[i, j], old.position, new.position, i, j))
    links = []
    for negative_score, _, _, i, j in sorted(candidates):
        old, new = earlier[i], later[j]
        if old.id in used_earlier or new.id in used_later:
            continue
        used_earlier.add(old.id)
        used_later.add(new.id)
        links.append((old, new, float(min(1.0, -negative_score))))
    return links


def classify(earlier: Ask, later: Ask) -> str:
    """The kind of change from `earlier` to `later` (rules in the module docstring)."""
    before, after = Strength.rank(earlier.strength), Strength.rank(later.strength)
    if before != after:
        return Kind.STRENGTHENED if after > before else Kind.WEAKENED
    before, after = _intensified(earlier.verb_phrase), _intensified(later.verb_phrase)
    if before != after:
        return Kind.STRENGTHENED if after else Kind.WEAKENED
    before, after = (
        len(HEDGES.findall(earlier.text.lower())),
        len(HEDGES.findall(later.text.lower())),
    )
    if before != after:
        return Kind.STRENGTHENED if after < before else Kind.WEAKENED
    if earlier.addressees != later.addressees:
        if later.addressees > earlier.addressees:
            return Kind.BROADENED
        if later.addressees < earlier.addressees:
            return Kind.NARROWED
    inserted, deleted, size = _changed_words(earlier.text, later.text)
    if inserted + deleted <= EDIT_SHARE * size:
        return Kind.RENEWED
    if inserted - deleted >= EDIT_SHARE * size:
        return Kind.BROADENED
    if deleted - inserted >= EDIT_SHARE * size:
        return Kind.NARROWED
    return Kind.REWORDED


def _intensified(verb_phrase: str) -> bool:
    return bool(INTENSIFIERS & set(verb_phrase.lower().split()))


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
