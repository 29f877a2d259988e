"""
What the parser returns: plain dataclasses the rest of the project stores and shows.

Every paragraph carries `spans`, the pieces of the ORIGINAL input its clean text was taken
from, so the interface can highlight a commitment in the text the user pasted and a reviewer
can check any reading against its source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A half-open character range `text[start:end]` of the original input."""

    start: int
    end: int


@dataclass(frozen=True)
class ActorMention:
    """
    An addressee as printed (normalized per the gold README) and what the lexicon knows;
    `code` is the ISO alpha-3 code of a State named by name ("the Government of Iraq").
    """

    text: str
    canonical: str | None
    kind: str
    code: str | None = None


@dataclass
class PreambularParagraph:
    index: int
    text: str
    spans: tuple[Span, ...]
    opener: str | None
    # The annexed text it belongs to ("annex", "annex II"); None in the resolution itself.
    part: str | None = None


@dataclass
class OperativeParagraph:
    """
    One numbered operative paragraph, or one of its lettered/roman sub-paragraphs.

    Sub-paragraphs repeat their chapeau's verb, strength and actors, so that each item can
    be tracked on its own; `text` is always the item's own text (a chapeau without its list).
    """

    number: str
    sub: str | None
    text: str
    spans: tuple[Span, ...]
    verb: str
    canonical_verb: str | None
    strength: str
    sub_lead: str | None
    actors: list[ActorMention]
    actor_kind: str
    action: str | None
    topics: list[str]
    flags: list[str]
    # The annexed text it belongs to ("annex", "annex II"; None in the resolution itself)
    # and the section headings it stands under there ("II. Protection"), outermost first.
    part: str | None = None
    headings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The paragraph's reference as people cite it: "7", "7(a)", "1(b)(i)"."""
        if not self.sub:
            return self.number
        return self.number + "".join(f"({part})" for part in self.sub.split("-"))

    @property
    def reference(self) -> str:
        """Where it stands: "7(a)", or "annex, para. 12(b)" in an annexed text."""
        return f"{self.part}, para. {self.label}" if self.part else self.label

    def to_dict(self) -> dict:
        return {
            "part": self.part,
            "headings": list(self.headings),
            "number": self.number,
            "sub": self.sub,
            "verb": self.verb,
            "canonical_verb": self.canonical_verb,
            "strength": self.strength,
            "sub_lead": self.sub_lead,
            "actors": [actor.text for actor in self.actors],
            "actor_details": [
                {
                    "text": actor.text,
                    "canonical": actor.canonical,
                    "kind": actor.kind,
                    "code": actor.code,
                }
                for actor in self.actors
            ],
            "actor_kind": self.actor_kind,
            "action": self.action,
            "topics": list(self.topics),
            "text": self.text,
            "spans": [[span.start, span.end] for span in self.spans],
            "flags": list(self.flags),
        }


@dataclass
class Annex:
    """An annexed text: its part ("annex II"), heading as printed and title."""

    part: str
    heading: str
    title: str
    # A draft recommended to another organ (its `body`), and that draft's annexes: the
    # other organ's text to adopt, not commitments of the recommending body.
    body: str | None = None
    recommended: bool = False

    def to_dict(self) -> dict:
        return {
            "part": self.part,
            "heading": self.heading,
            "title": self.title,
            "body": self.body,
            "recommended": self.recommended,
        }


@dataclass
class ParsedResolution:
    """
    A parsed resolution. `warnings` are sentences for the person who pasted the text;
    `vote_note` ("[Adopted without a vote.]") is kept for display but is not part of
    `to_dict()`, whose shape matches data/gold/seeds.json.
    """

    symbol: str | None
    body: str | None
    title: str | None
    session: str | None
    adopted: datetime.date | None
    preambular: list[PreambularParagraph] = field(default_factory=list)
    operative: list[OperativeParagraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    vote_note: str | None = None
    # The annexed texts whose paragraphs were read (their paragraphs follow the resolution's
    # own in `preambular` and `operative`, with their `part`).
    annexes: list[Annex] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "symbol": self.symbol,
            "body": self.body,
            "title": self.title,
            "session": self.session,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "preambular": [
                {"text": item.text, "opener": item.opener, "part": item.part}
                for item in self.preambular
            ],
            "preambular_count": sum(1 for item in self.preambular if item.part is None),
            "operative": [item.to_dict() for item in self.operative],
            "annexes": [annex.to_dict() for annex in self.annexes],
            "warnings": list(self.warnings),
        }
