"""
The linker's own TF-IDF gives scikit-learn's numbers to the last bit
(commitments/lineage/linking.py, "How it is computed"): the counts
CountVectorizer(analyzer="char_wb") makes, and the cosine TfidfTransformer(sublinear_tf=True)
and a sparse product give, pair of resolutions by pair, as the linker computed them before it
stopped refitting a vectorizer at every import.
"""

from collections import defaultdict

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from commitments.choices import Strength
from commitments.ingest import import_resolution
from commitments.lineage.linking import NGRAM_RANGE, Ask, _Similarity, load_asks, ngram_counts

from .conftest import CRIMINALIZE, NON_PUNISHMENT, TRUST_FUND

AWKWARD = [
    CRIMINALIZE,
    "  Urges\tStates,  in   particular\u00a0Member States, to act;\n(a) as appropriate ",
    "ÉTATS and États: accents, a  b  c, UPPER and lower, naïve co-operation’s",
    "aaaaaa aaaa a of of of",
    "",
    NON_PUNISHMENT,
]


def scikit_learn_scores(texts: list[str], earlier: list[int], later: list[int]):
    """The linker's former computation: a vectorizer fitted on every text, then per pair."""
    counts = CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE).fit_transform(texts)
    weighted = TfidfTransformer(sublinear_tf=True).fit_transform(counts[earlier + later])
    return (weighted[: len(earlier)] @ weighted[len(earlier) :].T).toarray()


def asks_of(texts: list[str], resolution_of) -> list[Ask]:
    return [
        Ask(index + 1, resolution_of(index), index, "Urges", Strength.STRONG, text)
        for index, text in enumerate(texts)
    ]


def test_it_counts_the_n_grams_scikit_learn_counts():
    texts = [text for text in AWKWARD if text] + [TRUST_FUND]

    ours = ngram_counts(texts)

    theirs = CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE).fit_transform(texts)
    theirs.sort_indices()
    assert ours.shape == theirs.shape
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)
    assert ours.has_sorted_indices


def test_it_gives_scikit_learns_scores_to_the_last_bit():
    texts = AWKWARD + [TRUST_FUND, CRIMINALIZE.replace("all Governments", "States")]
    asks = asks_of(texts, lambda index: index % 3)  # three resolutions, asks interleaved
    by_resolution = defaultdict(list)
    for ask in asks:
        by_resolution[ask.resolution_id].append(ask)
    similarity = _Similarity(asks)

    for first, earlier in by_resolution.items():
        for second, later in by_resolution.items():
            if first == second:
                continue
            ours = similarity.between(first, earlier, second, later)
            theirs = scikit_learn_scores(
                [ask.text for ask in asks],
                [ask.id - 1 for ask in earlier],
                [ask.id - 1 for ask in later],
            )
            assert ours.shape == theirs.shape
            assert np.array_equal(ours, theirs), (first, second, np.abs(ours - theirs).max())
    # Not a vacuous comparison: some pairs are alike, some not at all.
    scores = similarity.between(0, by_resolution[0], 1, by_resolution[1])
    assert scores.max() > 0.35 and scores.min() < 0.1


@pytest.mark.django_db
def test_it_gives_scikit_learns_scores_on_the_seeds(seed_texts):
    for text in seed_texts.values():
        import_resolution(text, link=False)
    asks = list(load_asks().values())
    by_resolution = defaultdict(list)
    for ask in asks:
        by_resolution[ask.resolution_id].append(ask)
    row = {ask.id: index for index, ask in enumerate(asks)}
    similarity = _Similarity(asks, keep={min(by_resolution)})

    compared = 0
    for first, earlier in sorted(by_resolution.items()):
        for second, later in sorted(by_resolution.items()):
            if first != second:
                ours = similarity.between(first, earlier, second, later)
                theirs = scikit_learn_scores(
                    [ask.compared for ask in asks],
                    [row[ask.id] for ask in earlier],
                    [row[ask.id] for ask in later],
                )
                assert np.array_equal(ours, theirs), (first, second)
                compared += 1
    assert compared == 20
