"""
The parser's vocabulary: verbs, adverbs, openers, actors, topics and a few document
conventions, as data.

The defaults ship as JSON in `lexicons/`; the Django app seeds them into tables curators edit
in the admin and builds a `Lexicon` from those rows. Fields the database does not hold
(`bodies`, `noise_patterns`, `numbered_references`, `action_verbs`, `states`) default to the
bundled JSON, so a `Lexicon(...)` built from the six edited lists still parses well.

The regular expressions a lexicon needs are compiled once, on first use, and cached on the
instance (`Lexicon.compiled`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .vocabulary import CompiledLexicon

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"

STRENGTHS = ("binding", "strong", "moderate", "declaratory")
ACTOR_KINDS = (
    "states",
    "un_system",
    "intergovernmental",
    "civil_society",
    "private_sector",
    "non_state",
    "other",
)


@dataclass(frozen=True)
class VerbEntry:
    """
    An operative verb. `forms` are the third-person surface forms ("calls upon", "calls on");
    `directive` says the verb addresses someone who must act (urges, requests, decides that)
    rather than the body speaking for itself (welcomes, takes note, reaffirms).
    """

    canonical: str
    forms: tuple[str, ...]
    strength: str
    directive: bool
    # The speakers bind themselves ("We commit to", "Resolve to" in an annexed declaration):
    # they are the ones who act. The canonical "to" stands for a plan of action's bare
    # infinitive ("To ensure that ..."), read as its verb.
    speaker_acts: bool = False
    # The addressee comes first and this form after it: "States Parties shall ...",
    # "Governments should ...", "Member States are encouraged to ..." (annexed texts).
    subject_first: bool = False

    def __post_init__(self):
        if self.strength not in STRENGTHS:
            raise ValueError(f"Verb {self.canonical!r}: unknown strength {self.strength!r}.")


@dataclass(frozen=True)
class ActorEntry:
    """An addressee; `code` is the ISO alpha-3 code when the actor is a named State."""

    canonical: str
    kind: str
    aliases: tuple[str, ...]
    code: str | None = None

    def __post_init__(self):
        if self.kind not in ACTOR_KINDS:
            raise ValueError(f"Actor {self.canonical!r}: unknown kind {self.kind!r}.")


@dataclass(frozen=True)
class StateEntry:
    """
    A UN member or observer State as resolutions name it: `name` as on its State row (the
    UN's short name), `names` every form printed in resolutions, current and historical
    ("Iran (Islamic Republic of)", "Iran", "Zaire"), and the adjectives of "the Iraqi
    authorities". `iso3` is the State row's code.
    """

    iso3: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicEntry:
    """A topic of the field's standard frame. A keyword ending in "*" matches any ending."""

    slug: str
    name: str
    parent: str | None
    keywords: tuple[str, ...]
    sdg_targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class BodyEntry:
    """An adopting organ, and how its symbols are built from a printed number ("65/190")."""

    name: str
    aliases: tuple[str, ...]
    symbol_template: str | None = None


@cache
def _read_json(name: str) -> Any:
    with (LEXICON_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _bundled(name: str):
    """A default_factory: the bundled JSON list `name`, as the field's tuple type."""
    return lambda: _FIELD_READERS[name](_read_json(name))


def _strings(items) -> tuple[str, ...]:
    return tuple(str(item) for item in items)


def _entries(cls):
    """A reader of a JSON list of `cls` entries (their lists become tuples)."""

    def read(items) -> tuple:
        return tuple(
            cls(
                **{
                    key: tuple(value) if isinstance(value, list) else value
                    for key, value in item.items()
                }
            )
            for item in items
        )

    return read


_FIELD_READERS = {
    "verbs": _entries(VerbEntry),
    "adverbs": _strings,
    "verb_complements": _strings,
    "preambular_openers": _strings,
    "actors": _entries(ActorEntry),
    "topics": _entries(TopicEntry),
    "bodies": _entries(BodyEntry),
    "noise_patterns": _strings,
    "numbered_references": _strings,
    "action_verbs": _strings,
    "states": _entries(StateEntry),
    "annex_verbs": _entries(VerbEntry),
    "annex_speakers": _strings,
}


@dataclass(frozen=True)
class Lexicon:
    """
    Everything vocabulary-like the parser reads.

    - `noise_patterns`: regular expressions a whole line of page furniture matches
      ("GE.16-12517(E)", "10-52654 3/8"). Every line is tried against them, so each must
      take linear time on any line: no repeated group that can split the same digits in
      many ways (a run of digits and a letter would then take exponential time); possessive
      `++` takes a run whole.
    - `numbered_references`: words a number after them belongs to ("paragraph 4", "No. 29"),
      so that number is never mistaken for a footnote marker.
    - `action_verbs`: base forms used to turn a gerund ("Providing") into a lemma ("provide").
    - `states`: the named States an operative paragraph can address (`lexicons/states.json`,
      built from the State rows' names in states/data/m49.csv with the forms resolutions print).
    - `annex_verbs`: the voices of annexed texts, read in annexes only (`lexicons/
      annex_verbs.json`): the first person plural and bare forms of declarations and plans
      of action ("We commit to", "Reaffirm", "Urge Governments to", "To ensure that").
    - `annex_speakers`: who "we" is when an annexed declaration's "We, ..." names them
      ("We, the Heads of State and Government"): then "we" means the States.
    """

    verbs: tuple[VerbEntry, ...]
    adverbs: tuple[str, ...]
    verb_complements: tuple[str, ...]
    preambular_openers: tuple[str, ...]
    actors: tuple[ActorEntry, ...]
    topics: tuple[TopicEntry, ...]
    bodies: tuple[BodyEntry, ...] = field(default_factory=_bundled("bodies"))
    noise_patterns: tuple[str, ...] = field(default_factory=_bundled("noise_patterns"))
    numbered_references: tuple[str, ...] = field(default_factory=_bundled("numbered_references"))
    action_verbs: tuple[str, ...] = field(default_factory=_bundled("action_verbs"))
    states: tuple[StateEntry, ...] = field(default_factory=_bundled("states"))
    annex_verbs: tuple[VerbEntry, ...] = field(default_factory=_bundled("annex_verbs"))
    annex_speakers: tuple[str, ...] = field(default_factory=_bundled("annex_speakers"))
    # Set on `for_annexes`: a further clause ("..., and urge States to") is read in the
    # annexed text's own voice only, since a third-person form there ("... and requires a
    # response") has another subject than the speakers.
    annex_reading: bool = field(default=False, compare=False)

    def __post_init__(self):
        for pattern in self.noise_patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(
                    f"Noise pattern {pattern!r} is not a valid regex: {error}"
                ) from None

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        """Build from the JSON shape of `to_dict()`; missing optional lists use the defaults."""
        return cls(
            **{name: read(data[name]) for name, read in _FIELD_READERS.items() if name in data}
        )

    def to_dict(self) -> dict:
        def plain(value):
            if isinstance(value, tuple):
                return [plain(item) for item in value]
            if hasattr(value, "__dataclass_fields__"):
                return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
            return value

        return {name: plain(getattr(self, name)) for name in _FIELD_READERS}

    @cached_property
    def compiled(self) -> CompiledLexicon:
        from .vocabulary import CompiledLexicon

        return CompiledLexicon(self)

    @cached_property
    def for_annexes(self) -> Lexicon:
        """This lexicon with the voices of annexed texts added to its verbs."""
        return replace(self, verbs=(*self.verbs, *self.annex_verbs), annex_reading=True)


@cache
def load_default_lexicon() -> Lexicon:
    """
    The lexicon bundled with the parser (read once per process). Its actors are the general
    addressees (`actors.json`) and the registry of UN system entities (`un_entities.json`).
    """
    data = {name: _read_json(name) for name in _FIELD_READERS}
    data["actors"] = [*data["actors"], *_read_json("un_entities")]
    return Lexicon.from_dict(data)


def load_sdg_targets() -> dict[str, str]:
    """SDG target code -> official title, for the targets the bundled topics cite."""
    return dict(_read_json("sdg_targets"))
