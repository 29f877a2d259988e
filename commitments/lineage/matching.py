"""
Which pairs of two resolutions' asks become links: the scores the linker combines for them
(the n-gram cosine of their normalized wordings and the Dice coefficient of their content
words), the subject test that keeps links within one series of resolutions, and the matching
itself, one to one and then splits and merges (rules in commitments/lineage/linking.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import CommitmentLink
from .asks import content_stems, object_similarity

if TYPE_CHECKING:
    from .linking import Ask

Status = CommitmentLink.Status

SCORE_THRESHOLD = 0.35
# The principal kind of a mandate decision and its items, compared with one another only.
MANDATE = "mandate"

# Pairs whose n-gram cosine reaches WORDS_FROM also get a word similarity (asks.py).
WORDS_FROM = 0.2
# The word similarity counts from this value: below it, shared words are the field's own.
WORDS_ENOUGH = 0.5
# Two titles name one subject when this share of the shorter one's content words agree.
SAME_SUBJECT = 0.5
# Words most titles share, which say nothing of the subject.
TITLE_WORDS = frozenset(
    content_stems(
        "human rights international promotion protection united nations cooperation "
        "implementation enjoyment full development role work follow-up effects"
    )
)
# Without a title, when the words of their asks agree this much (Dice).
VOCABULARY = 0.4
# Or when at least SAME_SERIES pairs of their asks reach NEARLY_ALIKE.
SAME_SERIES = 3
NEARLY_ALIKE = 0.6
# Principal kinds of an addressee the parser could not place.
UNPLACED = frozenset({"other", ""})
# Between resolutions of different subjects, only asks worded this alike are linked.
ELSEWHERE = 0.75
# A second partner (a split or a merge) must score this, and share PART_SHARE of its words.
SPLIT_THRESHOLD = 0.5
PART_SHARE = 0.8
PART_SIZE = 0.8


def _kind_codes(by_resolution: dict[int, list[Ask]]) -> dict:
    """Each resolution's asks' principal kinds as numbers, for `match` to compare at once."""
    import numpy as np

    codes: dict[str, int] = {}
    return {
        pk: np.array([codes.setdefault(ask.principal_kind, len(codes)) for ask in asks])
        for pk, asks in by_resolution.items()
    }


def same_subject(earlier_title: str | None, later_title: str | None) -> bool | None:
    """
    Whether two resolutions' titles name one subject: at least SAME_SUBJECT of the shorter
    title's content words, leaving out those most titles share ("human rights",
    "international", "promotion"), are in the other ("Situation of human rights in Belarus"
    twice; "Trafficking in women and girls" and "Trafficking in persons, especially women and
    children"). None when either prints no title (Security Council resolutions): not known.
    """
    first = content_stems(earlier_title or "") - TITLE_WORDS
    second = content_stems(later_title or "") - TITLE_WORDS
    if not first or not second:
        return None
    return len(first & second) >= SAME_SUBJECT * min(len(first), len(second))


def subject_of(earlier_id, later_id, titles, by_resolution, vocabularies) -> bool:
    """
    Whether two resolutions are of one subject: by their titles (`same_subject`), or, where
    one prints none or they differ, by the words of their asks: the Dice coefficient of the two
    resolutions' content stems reaches VOCABULARY (children and armed conflict in 1999 and
    2001, not children and armed conflict and a mission in Hodeidah). `vocabularies` keeps
    each resolution's stems once made.
    """
    if same_subject(titles.get(earlier_id), titles.get(later_id)):
        return True
    for pk in (earlier_id, later_id):
        if pk not in vocabularies:
            vocabularies[pk] = frozenset().union(
                *(content_stems(ask.text) for ask in by_resolution[pk])
            )
    first, second = vocabularies[earlier_id], vocabularies[later_id]
    if not first or not second:
        return False
    return 2 * len(first & second) >= VOCABULARY * (len(first) + len(second))


def combined_scores(earlier: list[Ask], later: list[Ask], scores, subject: bool):
    """
    The similarity of every earlier ask with every later ask, from the n-gram cosine of their
    normalized wordings (`scores`) and the Dice coefficient of their content stems (see
    asks.py), and that word similarity alone (for the explanations):

    - two asks of one subject (`subject`, or two resolutions sharing at least SAME_SERIES asks
      worded nearly alike) score the better of the two measures, so that a renewal whose
      words moved about ("to combat stigmas" → "combating the stigma") is not missed;
    - between resolutions whose titles name different subjects (`subject` False), only the
      n-gram cosine counts, and it must reach ELSEWHERE: "Requests the Secretary-General to
      provide the Special Rapporteur with the resources" of one mandate is not the same ask
      for another mandate;
    """
    import numpy as np

    words = np.zeros(scores.shape)
    for i, j in zip(*np.nonzero(scores >= WORDS_FROM), strict=True):
        words[i, j] = object_similarity(earlier[i].text, later[j].text)
    series = int(np.count_nonzero(scores >= NEARLY_ALIKE)) >= SAME_SERIES
    if subject or series:
        return np.where(words >= WORDS_ENOUGH, np.maximum(scores, words), scores), words
    return np.where(scores >= ELSEWHERE, scores, 0.0), words


def match(earlier: list[Ask], later: list[Ask], scores, decided=None, kinds=None, words=None):
    """
    The links between two resolutions' asks, given their `scores` (earlier by later), as
    (earlier ask, later ask, score, word similarity, rule): compatible pairs at or above
    SCORE_THRESHOLD matched one to one, best first (ties in document order), the rule being
    "mandate" for mandate decisions and "wording" for the others; then an ask left over that
    takes up a part of an ask already matched (one ask split in two paragraphs, or two
    merged in one): its best compatible partner scoring SPLIT_THRESHOLD, rule "split" or
    "merged". `decided` maps pairs a reviewer decided to their status: confirmed pairs hold
    their places, rejected ones are never suggested. `kinds`: the two lists' principal kinds
    as codes (`_kind_codes`), when the caller has them already; `words`: the word
    similarities (`combined_scores`).
    """
    import numpy as np

    if kinds is None:
        kinds = _kind_codes({0: earlier, 1: later}).values()
    if words is None:
        words = np.zeros(scores.shape)
    earlier_kinds, later_kinds = kinds
    compatible = earlier_kinds[:, None] == later_kinds[None, :]
    # An addressee the parser could not place ("other", or none) may be any kind: such an
    # ask is compared with every other ask but a mandate's, when they are worded nearly alike.
    loose_earlier, loose_later = (
        np.array([ask.principal_kind in UNPLACED for ask in asks], dtype=bool)
        for asks in (earlier, later)
    )
    mandates_earlier, mandates_later = (
        np.array([ask.principal_kind == MANDATE for ask in asks], dtype=bool)
        for asks in (earlier, later)
    )
    compatible |= (
        (loose_earlier[:, None] | loose_later[None, :])
        & ~(mandates_earlier[:, None] | mandates_later[None, :])
        & (scores >= NEARLY_ALIKE)
    )
    candidate = (scores >= SCORE_THRESHOLD) & compatible
    used_earlier, used_later = set(), set()
    if decided:
        row = {ask.id: i for i, ask in enumerate(earlier)}
        column = {ask.id: j for j, ask in enumerate(later)}
        for (old_id, new_id), status in decided.items():
            if old_id not in row or new_id not in column:
                continue
            candidate[row[old_id], column[new_id]] = False
            if status == Status.CONFIRMED:
                used_earlier.add(old_id)
                used_later.add(new_id)
    candidates = sorted(
        (-scores[i, j], earlier[i].position, later[j].position, i, j)
        for i, j in zip(*(index.tolist() for index in np.nonzero(candidate)), strict=True)
    )
    links = []
    for negative_score, _, _, i, j in candidates:
        old, new = earlier[i], later[j]
        if old.id in used_earlier or new.id in used_later:
            continue
        used_earlier.add(old.id)
        used_later.add(new.id)
        rule = "mandate" if old.principal_kind == MANDATE else "wording"
        links.append((old, new, float(min(1.0, -negative_score)), float(words[i, j]), rule))
    # Splits and merges: an ask left without a partner whose best partner is taken.
    taken = {(old.id, new.id) for old, new, *_ in links}
    for negative_score, _, _, i, j in candidates:
        old, new = earlier[i], later[j]
        if -negative_score < SPLIT_THRESHOLD or (old.id, new.id) in taken:
            continue
        if new.id not in used_later and old.id in used_earlier:
            rule = "split"
        elif old.id not in used_earlier and new.id in used_later:
            rule = "merged"
        else:
            continue
        if not _part_of(old, new, rule):
            continue
        used_earlier.add(old.id)
        used_later.add(new.id)
        taken.add((old.id, new.id))
        links.append((old, new, float(min(1.0, -negative_score)), float(words[i, j]), rule))
    return links


def _part_of(earlier: Ask, later: Ask, rule: str) -> bool:
    """
    Whether the shorter of the two asks is mostly contained in the longer one, as a part of a
    split (the later is a part of the earlier) or a merge (the earlier is a part of the
    later) is: at least PART_SHARE of its content stems, which are at most PART_SIZE of the
    other's (an ask repeated word for word is not a part of itself).
    """
    whole, part = (earlier, later) if rule == "split" else (later, earlier)
    part_stems, whole_stems = content_stems(part.text), content_stems(whole.text)
    if not part_stems or len(part_stems) > PART_SIZE * len(whole_stems):
        return False
    return len(part_stems & whole_stems) >= PART_SHARE * len(part_stems)
