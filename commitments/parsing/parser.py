"""
`parse_resolution`: the parser's single entry point.

The steps, each in its own module: `cleaning` classifies lines and strips markup and
footnote markers while keeping a map to the source; `structure` finds the heading,
preambular and operative paragraphs; `metadata` reads the heading; `phrases` and `actors`
read each operative paragraph.
"""

from __future__ import annotations

import re

from .cleaning import LINE_BREAK, Assembler, read_lines
from .errors import ParseError
from .lexicon import Lexicon, load_default_lexicon
from .metadata import read_closing, read_heading
from .phrases import ParagraphReader
from .results import (
    ActorMention,
    Annex,
    OperativeParagraph,
    ParsedResolution,
    PreambularParagraph,
    Span,
)
from .structure import (
    ANNEX,
    AnnexLayout,
    Layout,
    body_name,
    drop_running_headers,
    find_body_line,
    first_paragraph_index,
    segment,
    segment_annexes,
)
from .vocabulary import CompiledLexicon, alternation

# The longest of 300 real resolutions of every organ and era has 160,000 characters and
# 2,624 lines; a convention adopted with its protocols as annexes reaches some 300,000
# characters. The limits leave room for those and bound the parser's work on anything
# else, which is linear in the number of lines and of characters: a text at either limit,
# whatever its shape, parses well within a second.
MAX_CHARACTERS = 1_000_000
MAX_LINES = 20_000
# Characters no text file holds, but binary files read as text do (and U+FFFD, what a
# failed decoding leaves).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")

# "Recommends to the General Assembly the adoption of the following draft resolution:"
RECOMMENDS_DRAFT = re.compile(r"\bfollowing\s+draft\s+(?:resolution|decision)s?\s*:\s*$")

ENDINGS = {
    "annex": (
        "text_after_annex_ignored",
        "The annex after operative paragraph {number} was not read as operative paragraphs.",
    ),
    "restart": (
        "text_after_annex_ignored",
        "Numbering starts again at 1 after operative paragraph {number}; the text from there "
        "on (probably an annex) was not read as operative paragraphs.",
    ),
    "second_part": (
        "later_part_ignored",
        "The text has another part after operative paragraph {number} (a second "
        '"The ... Assembly/Council,"); only the first part was read.',
    ),
}


def parse_resolution(text: str, lexicon: Lexicon | None = None) -> ParsedResolution:
    """
    Parse the text of one resolution. Raises ParseError, and only ParseError, when the
    text cannot be read as a resolution.
    """
    _check_input(text)
    lexicon = lexicon or load_default_lexicon()
    try:
        return _Parser(text, lexicon.compiled).parse()
    except ParseError:
        raise
    except Exception as error:
        # The contract with the app is that a pasted text never crashes an import.
        raise ParseError(
            "internal",
            "The parser could not read this text because of an internal problem. "
            "Please report it together with the text.",
        ) from error


def _check_input(text) -> None:
    if not isinstance(text, str):
        raise ParseError("not_text", "The resolution must be given as text.")
    if len(text) > MAX_CHARACTERS:
        raise ParseError(
            "too_large",
            f"The text has {len(text):,} characters; a resolution has far fewer "
            f"(the limit is {MAX_CHARACTERS:,}). Please paste one resolution at a time.",
        )
    lines = len(LINE_BREAK.findall(text)) + 1
    if lines > MAX_LINES:
        raise ParseError(
            "too_many_lines",
            f"The text has {lines:,} lines; a resolution has far fewer "
            f"(the limit is {MAX_LINES:,}). Please paste one resolution at a time.",
        )
    sample = text[:20_000]
    controls = len(CONTROL_CHARACTERS.findall(sample))
    if "\x00" in sample or controls > max(5, len(sample) // 100):
        raise ParseError(
            "binary",
            "This looks like the contents of a binary file (such as a PDF or Word file "
            "opened as text), not the text of a resolution. Please copy and paste the text.",
        )
    if not text.strip():
        raise ParseError("empty", "The text is empty. Please paste the text of a resolution.")


class _Parser:
    def __init__(self, text: str, lexicon: CompiledLexicon):
        self.text = text
        self.lexicon = lexicon
        self.reader = ParagraphReader(lexicon)
        self.annex_lexicon: CompiledLexicon | None = None  # only a text with an annex needs it
        self.annex_reader: ParagraphReader | None = None
        self.assembler = Assembler(text)
        self.warnings: list[str] = []

    def parse(self) -> ParsedResolution:
        lines = read_lines(self.text, self.lexicon)
        body_index = find_body_line(lines, self.lexicon)
        if body_index is None:
            start = first_paragraph_index(lines, self.lexicon)
            heading, body = lines[:start], None
            self.warnings.append(
                'The line naming the adopting body (such as "The General Assembly,") was not '
                "found; the body was taken from the heading if possible."
            )
        else:
            start = body_index + 1
            heading, body = lines[:body_index], body_name(lines[body_index].text, self.lexicon)
        metadata = read_heading(heading, body, self.text, self.lexicon)
        headers = [metadata.title, metadata.symbol]
        if metadata.symbol and metadata.title:
            headers += [
                f"{metadata.symbol} {metadata.title}",
                f"{metadata.title} {metadata.symbol}",
            ]
        layout = segment(drop_running_headers(lines, start, headers), start, self.lexicon)
        if not layout.operative:
            raise ParseError(
                "no_operative_part",
                'No operative paragraphs (numbered paragraphs such as "1. Urges States to '
                '...") were found, so this does not look like the text of a resolution.',
            )
        self.warnings += layout.warnings
        closing_date, vote_note = read_closing(layout.closing)
        operative = self._operative(layout)
        preambular = self._preambular(layout)
        annexes = self._recommended_draft(layout, metadata.title, preambular, operative)
        annexes += self._annexes(layout, metadata.title, preambular, operative)
        return ParsedResolution(
            symbol=metadata.symbol,
            body=metadata.body,
            title=metadata.title,
            session=metadata.session,
            adopted=metadata.adopted or closing_date,
            preambular=preambular,
            operative=operative,
            warnings=self.warnings,
            vote_note=vote_note,
            annexes=annexes,
        )

    def _preambular(self, layout: Layout, part: str | None = None) -> list[PreambularParagraph]:
        paragraphs = []
        for block in layout.preamble:
            text, pieces = self.assembler.assemble(block.lines)
            if text:
                spans = tuple(Span(*piece) for piece in pieces)
                paragraphs.append(
                    PreambularParagraph(len(paragraphs) + 1, text, spans, block.opener, part)
                )
        return paragraphs

    def _recommended_draft(self, layout, title, preambular, operative) -> list[Annex]:
        """
        A resolution recommending "the adoption of the following draft resolution" to
        another organ prints the draft after its own operative part, from the organ's line
        ("The General Assembly,"): the draft's paragraphs are read as a recommended text
        (part "draft resolution", flag `recommended_text`), with the draft's own annexes;
        they are the other organ's to adopt, not the recommending body's commitments.
        """
        last = operative[-1]
        if layout.ended_by != "second_part" or not RECOMMENDS_DRAFT.search(last.text):
            return []
        body = body_name(layout.closing[0].text, self.lexicon)
        draft = segment(layout.closing, 1, self.lexicon)
        if not draft.operative:
            return []
        part = "draft resolution"
        preambular += self._preambular(draft, part)
        paragraphs = self._operative(draft, part, [], voice="own")
        for paragraph in paragraphs:
            paragraph.flags.append("recommended_text")
        operative += paragraphs
        last.flags.remove("later_part_ignored")
        self.warnings.remove(ENDINGS["second_part"][1].format(number=last.label))
        annexes = [Annex(part, "", "", body=body, recommended=True)]
        for annex in self._annexes(draft, title, preambular, operative, prefix=f"{part}, "):
            annex.recommended, annex.body = True, body
            annexes.append(annex)
        return annexes

    def _annexes(self, layout, title, preambular, operative, prefix: str = "") -> list[Annex]:
        """
        Read the annexed texts after the operative part (their paragraphs are added to
        `preambular` and `operative`, with their part); the resolution's own paragraphs are
        read as before whatever follows them.
        """
        if layout.ended_by not in ("annex", "meeting") or not any(
            line.is_text and ANNEX.fullmatch(line.text) for line in layout.closing
        ):
            return []
        if self.annex_lexicon is None:
            self.annex_lexicon = self.lexicon.lexicon.for_annexes.compiled
        annexes, last = [], operative[-1]
        for annex in segment_annexes(layout.closing, self.annex_lexicon, title):
            part = prefix + annex.part
            own_preamble = self._preambular(annex.layout, part)
            speakers = self._speakers(annex, own_preamble)
            preambular += own_preamble
            paragraphs = self._operative(annex.layout, part, speakers)
            if prefix:
                for paragraph in paragraphs:
                    paragraph.flags.append("recommended_text")
            operative += paragraphs
            annexes.append(Annex(part, annex.heading, annex.title))
        if annexes and "text_after_annex_ignored" in last.flags:
            # The annexes were read: nothing after the operative part was left out.
            last.flags.remove("text_after_annex_ignored")
            self.warnings.remove(ENDINGS["annex"][1].format(number=last.label))
        return annexes

    def _speakers(
        self, annex: AnnexLayout, preamble: list[PreambularParagraph]
    ) -> list[ActorMention]:
        """
        Who "we" is in an annexed text: the States when its "We, ..." names them ("We, the
        Heads of State and Government"), or when it has no "We, ..." (a plan of action
        adopted by an intergovernmental organ); else the "We, ..." as printed.
        """
        states = self.lexicon.actor_for("States")
        canonical = states.canonical if states else None
        openings = [paragraph.text for paragraph in preamble[:3]]
        if annex.layout.operative:  # "1. We, the Heads of State and Government ..."
            openings.append(self.assembler.assemble(annex.layout.operative[0].lines)[0])
        opening = next((text for text in openings if text.startswith(("We,", "We "))), None)
        if opening is None:
            return [ActorMention("States", canonical, "states")]
        named = self._speaker_pattern().search(opening[:400])
        if named:
            return [ActorMention(" ".join(named.group().split()), canonical, "states")]
        subject = opening[3:].split(",", 1)[0].strip()[:120] or "we"
        return [ActorMention(subject, None, "other")]

    def _speaker_pattern(self) -> re.Pattern:
        if not hasattr(self.lexicon, "speaker_pattern"):
            phrases = alternation(self.lexicon.lexicon.annex_speakers)
            self.lexicon.speaker_pattern = re.compile(rf"(?<![\w-]){phrases}(?![\w-])")
        return self.lexicon.speaker_pattern

    def _operative(
        self,
        layout: Layout,
        part: str | None = None,
        speakers: list[ActorMention] | None = None,
        voice: str | None = None,
    ) -> list[OperativeParagraph]:
        paragraphs = []
        chapeau = None
        unknown = []
        if voice is None:
            voice = "own" if part is None else "annex"
        if voice == "own":
            reader = self.reader
        else:
            if self.annex_reader is None:
                self.annex_reader = ParagraphReader(self.annex_lexicon)
            reader = self.annex_reader
        for block in layout.operative:
            text, pieces = self.assembler.assemble(block.lines)
            flags = list(block.flags)
            if block.sub is None:
                if voice == "own":
                    chapeau = reader.read(text)
                else:
                    chapeau = reader.read_annexed(text, speakers or [])
                flags += chapeau.flags
                sub_lead, action = None, chapeau.action
                if "unknown_verb" in chapeau.flags and part is None:
                    self.warnings.append(
                        f"Operative paragraph {block.number} opens with a verb the lexicon does "
                        f"not know ({chapeau.verb!r}); its strength was set to declaratory."
                    )
                elif "unknown_verb" in chapeau.flags:
                    unknown.append(block.number)
            else:
                sub_lead = reader.sub_lead(text)
                action = reader.sub_action(text) or chapeau.action
            paragraphs.append(
                OperativeParagraph(
                    number=block.number,
                    sub=block.sub,
                    text=text,
                    spans=tuple(Span(*piece) for piece in pieces),
                    verb=chapeau.verb,
                    canonical_verb=chapeau.canonical_verb,
                    strength=chapeau.strength,
                    sub_lead=sub_lead,
                    actors=list(chapeau.actors),
                    actor_kind=chapeau.actor_kind,
                    action=action,
                    topics=reader.topics(text),
                    flags=flags,
                    part=part,
                    headings=block.headings,
                )
            )
        if part is not None:
            if unknown:
                self.warnings.append(
                    f"{len(unknown)} of the {part}'s paragraphs (from paragraph {unknown[0]}) "
                    "open with no verb the lexicon knows; they were kept as declaratory."
                )
            return paragraphs
        if any("number_inferred" in paragraph.flags for paragraph in paragraphs):
            self.warnings.append(
                "The operative paragraphs carry no numbers; they were numbered in order."
            )
        self._flag_ending(layout, paragraphs[-1])
        return paragraphs

    def _flag_ending(self, layout: Layout, last: OperativeParagraph):
        ended_by = layout.ended_by
        if ended_by == "meeting" and any(
            line.is_text and ANNEX.fullmatch(line.text) for line in layout.closing
        ):
            ended_by = "annex"
        if ended_by in ENDINGS:
            flag, warning = ENDINGS[ended_by]
            last.flags.append(flag)
            self.warnings.append(warning.format(number=last.label))
