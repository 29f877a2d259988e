"""Splitting a resolution's text in another language by its numbering alone."""

from commitments.parsing.numbering import split_numbered


def labels(text):
    return [piece.label for piece in split_numbered(text)]


def test_it_reads_french_and_spanish_letters_closed_by_a_bracket():
    text = (
        "Le Conseil,\n\n1. Demande aux États :\na) De ratifier la Convention ;\n"
        "b) De coopérer ;\n2. Décide de rester saisi de la question.\n"
    )
    pieces = split_numbered(text)
    assert [p.label for p in pieces] == ["1", "1(a)", "1(b)", "2"]
    assert pieces[1].text == "De ratifier la Convention ;"


def test_it_reads_arabic_indic_digits_and_abjad_letters():
    text = (
        "١ - يهيب بالدول ما يلي:\n(أ) أن تصدق؛\n(ب) أن تتعاون؛\n(ج) أن تبلغ؛\n(د) أن تنشر؛\n"
        "(هـ) أن تدرب؛\n٢ - يقرر أن يبقي المسألة قيد نظره.\n"
    )
    assert labels(text) == ["1", "1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "2"]


def test_it_reads_arabic_sub_sub_paragraphs_numbered_between_marks():
    text = "١ - يهيب بالدول:\n(أ) أن تقوم بما يلي:\n`1` أن تصدق؛\n`2` أن تنشر؛\n(ب) أن تبلغ.\n"
    assert labels(text) == ["1", "1(a)", "1(a)(i)", "1(a)(ii)", "1(b)"]


def test_it_reads_chinese_full_width_numbering():
    text = (
        "1. 吁请各国：\n（a） 批准公约；\n(b) 开展合作：\n㈠ 交流信息；\n㈡ 提供培训；\n"
        "２． 决定继续审议这一问题。\n"
    )
    assert labels(text) == ["1", "1(a)", "1(b)", "1(b)(i)", "1(b)(ii)", "2"]


def test_it_reads_i_after_h_as_a_letter_and_after_a_lead_in_as_a_roman():
    letters = "1. Urges:\n" + "".join(f"({c}) Item;\n" for c in "abcdefghij")
    assert labels(letters)[-2:] == ["1(i)", "1(j)"]
    romans = "1. Urges:\n(a) To act:\n(i) First;\n(ii) Second;\n(b) Last.\n"
    assert labels(romans) == ["1", "1(a)", "1(a)(i)", "1(a)(ii)", "1(b)"]


def test_it_reads_russian_cyrillic_letters_by_their_place_in_the_alphabet():
    text = "1. призывает государства:\nа) ратифицировать;\nб) сотрудничать;\nв) сообщать;\n"
    assert labels(text) == ["1", "1(a)", "1(b)", "1(c)"]


def test_it_numbers_an_annexed_texts_paragraphs_in_their_part():
    text = "1. Adopte le Plan figurant en annexe.\n\nAnnexe\n\n1. Les États s’engagent.\n"
    pieces = split_numbered(text)
    assert [(p.part, p.label) for p in pieces] == [("", "1"), ("annex", "annex, 1")]


def test_it_continues_a_wrapped_paragraph_but_not_past_its_end():
    text = "1. Prie le Secrétaire général de\nlui faire rapport ;\n34e séance\n17 juin 2010\n"
    assert [p.text for p in split_numbered(text)] == [
        "Prie le Secrétaire général de lui faire rapport ;"
    ]
