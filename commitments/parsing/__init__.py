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
from .reporting import (
    ParsedRequest,
    ResolutionContext,
    find_reporting_requests,
    reporting_requests,
)
from .results import ActorMention, OperativeParagraph, ParsedResolution, PreambularParagraph, Span
from .sessions import SessionCalendar, load_session_calendar

__all__ = [
    "ActorEntry",
    "ActorMention",
    "BodyEntry",
    "Lexicon",
    "OperativeParagraph",
    "ParseError",
    "ParsedRequest",
    "ParsedResolution",
    "PreambularParagraph",
    "ResolutionContext",
    "SessionCalendar",
    "Span",
    "TopicEntry",
    "VerbEntry",
    "find_reporting_requests",
    "load_default_lexicon",
    "load_sdg_targets",
    "load_session_calendar",
    "parse_resolution",
    "reporting_requests",
]
