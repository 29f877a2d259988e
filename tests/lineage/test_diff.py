from commitments.lineage.linking import diff_markup, diff_words


def test_it_marks_inserted_and_deleted_words():
    html = diff_markup(
        "Encourages Governments to criminalize trafficking;",
        "Urges Governments to criminalize all forms of trafficking;",
    )
    assert html == (
        "<del>Encourages</del> <ins>Urges</ins> Governments to criminalize "
        "<ins>all forms of</ins> trafficking;"
    )


def test_it_escapes_the_wording():
    html = diff_markup('States to act <script>alert("x")</script>', "States & <b>others</b>")
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html


def test_it_compares_words_without_case_or_punctuation():
    operations = [
        op for op, _, _ in diff_words("Trafficking in persons;", "trafficking in persons,")
    ]
    assert operations == ["equal"]
