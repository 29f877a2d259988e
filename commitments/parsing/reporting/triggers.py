"""Triggers in a clause: what is asked (a report, a review, a meeting, a mandate ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulary import (
    MANDATE_CONTEXT,
    NOMINAL_REPORT,
    REPORT_NOUN,
    REVIEW_WORDS,
    TRIGGER_START,
    trigger_patterns,
)


@dataclass(frozen=True)
class _Trigger:
    kind: str
    start: int
    end: int


def _find_triggers(clause: str, offset: int) -> list[_Trigger]:
    """The triggers of a clause, in order; each kind is tried only where a trigger can start."""
    found: list[_Trigger] = []
    end = 0
    for candidate in TRIGGER_START.finditer(clause):
        if candidate.start() < end:
            continue
        for kind, pattern in trigger_patterns():
            match = pattern.match(clause, candidate.start())
            if match is None:
                continue
            if kind == "report" and NOMINAL_REPORT.match(match.group()):
                # "for consideration by the Commission ...", "for its presentation to ...":
                # only the first request of a clause, not a second word for one already read.
                if found or not _is_report(match.group(), clause[match.end() :], nominal=True):
                    continue
            elif kind == "report" and not _is_report(match.group(), clause[match.end() :]):
                continue
            if kind == "mandate" and not MANDATE_CONTEXT.search(clause):
                continue
            passive = re.match(
                r"(?:meeting|conference|congress|summit|symposium)\b", match.group(), re.I
            )
            if kind == "meeting" and not passive and REVIEW_WORDS.search(clause, match.start()):
                kind = "review"
            found.append(_Trigger(kind, offset + match.start(), offset + match.end()))
            end = match.end()
            break
    return found


def _is_report(trigger: str, rest: str, *, nominal: bool = False) -> bool:
    words = trigger.casefold().split()
    if nominal:  # "for consideration by ...": what is sent is a report; "for the preparation
        # of a joint report", not "for the preparation of the conference"
        # ("for the preparation of summary reports ..., and for their presentation")
        noun = _next_noun(rest)
        return "consideration" in words or bool(
            REPORT_NOUN.match(noun) or REPORT_NOUN.match(noun.removesuffix("s"))
        )
    if "report" in words[-1] or words[-1] in ("report", "brief") or REPORT_NOUN.search(trigger):
        return True
    return bool(REPORT_NOUN.search(rest))


def _next_noun(rest: str) -> str:
    """The head noun of "of a joint report on ...": the last word before a preposition."""
    match = re.match(
        r"\s+of\s+(?:(?:a|an|the|its|their)\s+)?((?:[\w-]+\s+){0,3}?)([\w-]+)\b(?=\s+(?:on|of|to|for|in|by|and|,)|\s*[,;.]|$)",
        rest,
    )
    return match.group(2) if match else ""
