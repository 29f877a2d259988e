"""
The resolution parser: raw resolution text in, structured paragraphs out.

Pure Python, no Django: the app passes a Lexicon built from its database tables, or None for
the lexicon bundled in `lexicons/`.
"""

from .errors import ParseError
from .lexicon import (
    ActorEntry,
    BodyEntry,
    Lexicon,
    TopicEntry,
    VerbEntry,
    load_default_lexicon,
    load_sdg_targets,
)
from .parser import parse_resolution
from .results import ActorMention, OperativeParagraph, ParsedResolution, PreambularParagraph, Span

__all__ = [
    "ActorEntry",
    "ActorMention",
    "BodyEntry",
    "Lexicon",
    "OperativeParagraph",
    "ParseError",
    "ParsedResolution",
    "PreambularParagraph",
    "Span",
    "TopicEntry",
    "VerbEntry",
    "load_default_lexicon",
    "load_sdg_targets",
    "parse_resolution",
]
