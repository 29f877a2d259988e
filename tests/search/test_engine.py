"""Reading a query and making snippets: no database needed."""

import pytest

from core.text import fold
from search.engine import START, STOP, ParsedQuery, Term, highlight, marked


def test_it_reads_words_phrases_and_exclusions():
    query = ParsedQuery.parse('  "non-punishment   principle" victims, -penalty OR (shelter)')

    assert query.terms == (
        Term("non-punishment principle"),
        Term("victims"),
        Term("penalty", excluded=True),
        Term("shelter", group=1),
    )
    assert [term.text for term in query.wanted] == [
        "non-punishment principle",
        "victims",
        "shelter",
    ]


def test_it_reads_or_as_alternatives():
    query = ParsedQuery.parse("or victims shelters or -penalty non-punishment or")

    assert [[term.text for term in group] for group in query.groups] == [
        ["victims", "shelters"],
        ["penalty", "non-punishment"],
    ]
    assert query.loose_text == "victims shelters or -penalty punishment"


@pytest.mark.parametrize(
    ("word", "head"),
    [
        ("non-punishment", "punishment"),
        ("Anti-trafficking", "trafficking"),
        ("co-operation", "operation"),
        ("Secretary-General", ""),
        ("child-friendly", ""),
        ("non-EU", ""),
    ],
)
def test_it_looks_for_a_bound_prefix_compound_also_by_its_head(word, head):
    (term,) = ParsedQuery.parse(word).terms

    assert term.head == head
    assert term.variants == ((word, head) if head else (word,))


def test_it_rewrites_the_query_with_head_words_for_the_looser_alternative():
    query = ParsedQuery.parse('victims non-punishment "anti-trafficking law" -prosecution')

    assert query.loose_text == 'victims punishment "anti-trafficking law" -prosecution'
    assert ParsedQuery.parse("Secretary-General report").loose_text is None


def test_it_escapes_the_text_before_marking_the_terms():
    text = '<script>alert("victims")</script> & amp; Victims of trafficking'

    snippet = highlight(text, ["victims", "amp"])

    assert "<script>" not in snippet
    assert snippet == (
        "&lt;script&gt;alert(&quot;<mark>victims</mark>&quot;)&lt;/script&gt; &amp; "
        "<mark>amp</mark>; <mark>Victims</mark> of trafficking"
    )


def test_it_cuts_a_window_around_the_first_match():
    text = " ".join(f"word{n}" for n in range(200)) + " shelter " + " ".join(["tail"] * 100)

    snippet = highlight(text, ["shelter"], length=120)

    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>shelter</mark>" in snippet
    assert len(snippet) < 200
    assert "word0 " not in snippet


def test_it_turns_the_database_markers_into_marks_after_escaping():
    headline = f"a {START}<b>&{STOP} b {START}victims{STOP} {STOP}stray<i>"

    assert marked(headline) == "a <mark>&lt;b&gt;&amp;</mark> b <mark>victims</mark> stray&lt;i&gt;"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Côte d'Ivoire", "cote d'ivoire"),
        ("TÜRKIYE", "turkiye"),
        ("Straße", "strasse"),
        ("Søren Ærø", "soren aero"),
        ("e\u0301tat", "etat"),
    ],
)
def test_it_folds_case_and_accents(text, folded):
    assert fold(text) == folded


def test_it_marks_a_match_whatever_its_accents_and_case():
    snippet = highlight("Séminaire régional à Abidjan; re\u0301gional", ["seminaire", "REGIONAL"])

    assert snippet == (
        "<mark>Séminaire</mark> <mark>régional</mark> à Abidjan; <mark>re\u0301gional</mark>"
    )
