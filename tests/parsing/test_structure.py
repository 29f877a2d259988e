"""Segmentation into preambular paragraphs, operative paragraphs and sub-paragraphs."""

from commitments.parsing import parse_resolution

BODY = "The General Assembly,"


def parse(*lines: str):
    return parse_resolution("\n".join(lines))


def labels(parsed) -> list[str]:
    return [item.label for item in parsed.operative]


def test_a_preambular_paragraph_continues_after_a_footnote_block_and_page_furniture():
    parsed = parse(
        BODY,
        "Recalling the Convention¹ and the Protocols thereto, and recalling in particular the",
        "",
        "¹ United Nations, Treaty Series, vol. 2225, No. 39574.",
        "GE.16-12517(E)",
        "",
        "Protocol to Prevent, Suppress and Punish Trafficking in Persons,",
        "Noting the report of the Secretary-General,",
        "1. Urges States to act;",
    )
    assert [p.opener for p in parsed.preambular] == ["Recalling", "Noting"]
    assert parsed.preambular[0].text.endswith(
        "recalling in particular the Protocol to Prevent, "
        "Suppress and Punish Trafficking in Persons,"
    )


def test_preambular_paragraphs_of_a_hard_wrapped_text_start_at_their_openers():
    parsed = parse(
        BODY,
        "Reiterating its strong condemnation of trafficking in persons, especially women",
        "and children, which constitutes a serious threat to human dignity,",
        "Deeply concerned that trafficking in persons remains one of the grave challenges",
        "facing the international community,",
        "Cognizant of the work of the United Nations Office on Drugs and Crime,",
        "Acting under Chapter VII of the Charter of the United Nations,",
        "1. Urges States to act;",
    )
    assert [p.opener for p in parsed.preambular] == [
        "Reiterating its strong condemnation",
        "Deeply concerned",
        "Cognizant",
        "Acting under",
    ]


def test_an_unknown_participle_opens_a_preambular_paragraph():
    parsed = parse(
        BODY,
        "Recalling its resolution 64/293,",
        "Applauding the efforts of States,",
        "1. Urges States to act;",
    )
    assert len(parsed.preambular) == 2


def test_a_skipped_operative_number_is_flagged():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Urges States to act;",
        "3. Requests the Secretary-General to report.",
    )
    assert labels(parsed) == ["1", "3"]
    assert "numbering_gap" in parsed.operative[1].flags
    assert any("paragraph 3 follows paragraph 1" in warning for warning in parsed.warnings)


def test_numbering_that_starts_again_at_one_ends_the_operative_part():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Urges States to act;",
        "2. Requests the Secretary-General to report.",
        "1. We, the Heads of State,",
        "2. Reaffirm our commitment.",
    )
    assert labels(parsed) == ["1", "2"]
    assert "text_after_annex_ignored" in parsed.operative[-1].flags


def test_it_reads_lettered_sub_paragraphs_and_roman_items_below_a_colon():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Invites Member States to adopt measures, inter alia:",
        "(a) To fight sexual exploitation;",
        "(b) To raise awareness by, inter alia:",
        " - (i) Investigating all cases reported by victims;",
        " - (ii) Treating victims with sensitivity;",
        "(c) To provide humane treatment;",
        "2. Requests the Secretary-General to report.",
    )
    assert labels(parsed) == ["1", "1(a)", "1(b)", "1(b)(i)", "1(b)(ii)", "1(c)", "2"]
    assert [item.sub for item in parsed.operative] == [None, "a", "b", "b-i", "b-ii", "c", None]
    assert parsed.operative[0].text == "Invites Member States to adopt measures, inter alia:"


def test_i_after_h_is_the_letter_i():
    subs = [f"({letter}) To act {letter};" for letter in "abcdefghij"]
    parsed = parse(
        BODY, "Recalling its resolutions,", "1. Calls upon Governments, inter alia:", *subs
    )
    assert [item.sub for item in parsed.operative][1:] == list("abcdefghij")


def test_sub_paragraphs_inherit_the_verb_and_addressees_of_their_chapeau():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Urges all Member States:",
        "(a) To criminalize trafficking in persons;",
        "(b) Encouraging cooperation;",
    )
    chapeau, first, second = parsed.operative
    assert first.verb == second.verb == chapeau.verb == "Urges"
    assert [a.text for a in first.actors] == ["Member States"]
    assert (first.sub_lead, first.action) == ("To criminalize", "criminalize")
    assert (second.sub_lead, second.action) == ("Encouraging", "encourage")


def test_labels_can_stand_alone_on_their_line_or_follow_bullets_and_tabs():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1.",
        "Urges States to act;",
        "\t\t2.\tRequests the Secretary-General to report;",
        " - 3. *Decides* to remain seized.",
    )
    assert labels(parsed) == ["1", "2", "3"]
    assert parsed.operative[0].text == "Urges States to act;"
    assert parsed.operative[2].verb == "Decides"


def test_a_text_line_that_merely_starts_with_a_number_is_not_a_paragraph():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Urges States to take measures, including",
        "4. and 5. of the plan, to protect victims;",
        "2. Requests the Secretary-General.",
    )
    assert labels(parsed) == ["1", "2"]


def test_section_letters_and_headings_are_not_paragraph_text():
    parsed = parse(
        "The Security Council,",
        "Acting under Chapter VII of the Charter of the United Nations,",
        "A",
        "Prevention and protection",
        "1. Condemns all instances of trafficking in persons;",
        "B",
        "Accountability",
        "2. Decides to remain seized of the matter.",
    )
    assert (
        parsed.preambular[0].text
        == "Acting under Chapter VII of the Charter of the United Nations,"
    )
    assert [item.text for item in parsed.operative] == [
        "Condemns all instances of trafficking in persons;",
        "Decides to remain seized of the matter.",
    ]


def test_dash_bullets_stay_inside_their_paragraph():
    parsed = parse(
        "The Security Council,",
        "Recalling its resolutions,",
        "1. Calls upon Member States to consider the following measures:",
        "– establishing national legislation;",
        "– providing assistance to victims;",
        "2. Decides to remain seized of the matter.",
    )
    assert parsed.operative[0].text.endswith(
        "measures: – establishing national legislation; – providing assistance to victims;"
    )
    assert labels(parsed) == ["1", "2"]


def test_the_closing_meeting_line_ends_the_operative_part_and_dates_it():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Requests the Secretary-General to report.",
        "",
        "71st plenary meeting",
        "21 December 2010",
        "",
        "¹⁶ Resolution 2200 A (XXI).",
    )
    assert parsed.operative[-1].text == "Requests the Secretary-General to report."
    assert parsed.adopted.isoformat() == "2010-12-21"


def test_the_numbered_paragraphs_of_an_annex_are_read_as_the_annexs_own():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Adopts the declaration annexed hereto;",
        "2. Decides to review it.",
        "",
        "Annex",
        "Declaration",
        "3. We commit to act.",
        "4. We reaffirm our resolve.",
    )
    assert [item.reference for item in parsed.operative] == [
        "1",
        "2",
        "annex, para. 3",
        "annex, para. 4",
    ]
    assert parsed.operative[1].flags == []
    assert [annex.title for annex in parsed.annexes] == ["Declaration"]


def test_an_annex_without_numbered_paragraphs_is_still_ignored():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "1. Adopts the statute annexed hereto;",
        "2. Decides to review it.",
        "",
        "Annex",
        "Statute",
        "The Office shall be located in Geneva.",
    )
    assert labels(parsed) == ["1", "2"]
    assert "text_after_annex_ignored" in parsed.operative[-1].flags
    assert parsed.annexes == []


def test_a_lone_operative_paragraph_has_no_number():
    parsed = parse(
        "The General Assembly",
        "",
        "Adopts the Political Declaration annexed to the present resolution.",
        "48th plenary meeting",
        "24 November 2025",
        "Annex",
        "1. We, the States Members of the United Nations, welcome the plan.",
    )
    item, annexed = parsed.operative
    assert (item.number, item.verb, item.flags) == ("1", "Adopts", [])
    assert (annexed.reference, annexed.verb) == ("annex, para. 1", "We")
    assert [(actor.text, actor.kind) for actor in annexed.actors] == []
    assert parsed.preambular == []


def test_lost_numbering_is_inferred_and_flagged():
    parsed = parse(
        BODY,
        "Recalling its resolutions,",
        "Urges States to act;",
        "Also urges States to report;",
        "Requests the Secretary-General to report.",
    )
    assert labels(parsed) == ["1", "2", "3"]
    assert all("number_inferred" in item.flags for item in parsed.operative)
    assert any("carry no numbers" in warning for warning in parsed.warnings)


def test_an_opener_glued_to_the_next_word_still_opens_a_paragraph():
    parsed = parse(
        BODY,
        "",
        "Guided by the Charter of the United Nations,",
        "",
        "Recallingall relevant United Nations resolutions,",
        "",
        "1. Urges States to act;",
    )
    assert [p.opener for p in parsed.preambular] == ["Guided", "Recalling"]


def test_an_unfinished_footnote_continues_across_a_blank_line():
    parsed = parse(
        "The Human Rights Council,",
        "Recalling the Convention and the Protocols thereto, supplementing the",
        "",
        "* The resolutions adopted by the Human Rights Council will be contained in the report of",
        "",
        "the Council on its fourteenth session (A/HRC/14/37), chap. I.",
        "",
        "United Nations Convention against Transnational Organized Crime,",
        "1. Urges Governments to act.",
    )
    [paragraph] = parsed.preambular
    assert paragraph.text == (
        "Recalling the Convention and the Protocols thereto, supplementing the United Nations "
        "Convention against Transnational Organized Crime,"
    )


def test_a_running_title_printed_over_two_lines_is_page_furniture():
    parsed = parse(
        "80/9. Political Declaration on the Implementation of the United Nations Global Plan of",
        "Action to Combat Trafficking in Persons",
        BODY,
        "Recalling its resolutions,",
        "1. Urges States to take measures to prevent and",
        "A/RES/80/9",
        "Political Declaration on the Implementation of the United Nations Global Plan of",
        "Action to Combat Trafficking in Persons",
        "combat trafficking in persons;",
    )
    assert parsed.operative[0].text == (
        "Urges States to take measures to prevent and combat trafficking in persons;"
    )


def test_a_paragraph_line_that_quotes_the_title_in_other_case_is_kept():
    parsed = parse(
        "14/2",
        "Trafficking in persons, especially women and children",
        "The Human Rights Council,",
        "Recalling the Protocol to Prevent, Suppress and Punish",
        "Trafficking in Persons, Especially Women and Children,",
        "1. Urges Governments to act.",
    )
    assert parsed.preambular[0].text.endswith(
        "Punish Trafficking in Persons, Especially Women and Children,"
    )


def test_negotiation_draft_labels_and_bullets_are_labels():
    parsed = parse(
        "The Economic and Social Council,",
        "- Recalling its resolutions,",
        "- Noting the report,",
        "PP3 Welcoming the plan,",
        "OP1 Urges States to act;",
        "OP2. Requests the Secretary-General to report.",
    )
    assert [p.text for p in parsed.preambular] == [
        "Recalling its resolutions,",
        "Noting the report,",
        "Welcoming the plan,",
    ]
    assert [(item.label, item.text) for item in parsed.operative] == [
        ("1", "Urges States to act;"),
        ("2", "Requests the Secretary-General to report."),
    ]


def test_it_splits_items_that_start_in_lowercase_after_a_colon():
    from commitments.parsing import parse_resolution

    text = (
        "The Security Council,\n\nRecalling its resolutions,\n\n"
        "1. Decides that the Mission shall undertake the following mandate:\n"
        "(a) to lead the Committee,\n(b) to monitor the ceasefire, and\n"
        "(c) to facilitate support;\n"
        "2. Reaffirms its readiness:\n(a) to continue to support the protection;\n"
        "(b) to consider appropriate exemptions;\n"
        "3. Decides to remain seized of the matter.\n"
    )
    parsed = parse_resolution(text)
    assert [item.label for item in parsed.operative] == [
        "1",
        "1(a)",
        "1(b)",
        "1(c)",
        "2",
        "2(a)",
        "2(b)",
        "3",
    ]
    assert parsed.operative[2].text == "to monitor the ceasefire, and"
    assert [actor.text for actor in parsed.operative[1].actors] == ["Mission"]


def test_it_reads_sections_whose_numbering_restarts_with_the_section_in_the_label():
    from commitments.parsing import parse_resolution

    text = (
        "The Economic and Social Council,\n\nRecalling its resolutions,\n\nA\n\n"
        "Work of the Committee on transport\n\nRecognizing the work of the Committee,\n\n"
        "1. Requests the Secretary-General to report:\n(a) On transport;\n(b) On storage;\n"
        "2. Decides to continue the work.\n\nB\n\nWork of the Committee on chemicals\n\n"
        "Bearing in mind the Plan of Implementation,\n\n"
        "1. Invites all Governments to cooperate;\n"
        "2. Requests the Secretary-General to report.\n\n"
        "47th plenary meeting\n"
    )
    parsed = parse_resolution(text)
    assert [item.label for item in parsed.operative] == [
        "A 1",
        "A 1(a)",
        "A 1(b)",
        "A 2",
        "B 1",
        "B 2",
    ]
    assert parsed.preambular[-1].text == "Bearing in mind the Plan of Implementation,"
    assert parsed.operative[4].actors[0].text == "Governments"


def test_it_reads_sections_marked_only_by_their_titles():
    from commitments.parsing import parse_resolution

    text = (
        "The General Assembly,\n\nInternational Public Sector Accounting Standards\n\n"
        "Recalling its resolution 60/283,\n\n1. Takes note of the report;\n\n"
        "2. Endorses the conclusions;\n\nLimited budgetary discretion\n\n"
        "Recalling its resolution 60/246,\n\n1. Takes note of the report;\n\n"
        "2. Decides to revert to the question.\n\n80th (resumed) plenary meeting\n"
        "23 December 2015\n"
    )
    parsed = parse_resolution(text)
    assert [item.label for item in parsed.operative] == ["A 1", "A 2", "B 1", "B 2"]
    assert parsed.operative[-1].text == "Decides to revert to the question."
