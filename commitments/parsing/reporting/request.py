"""What the deadline reader finds: a request and the resolution it is read in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..results import ParsedResolution
from .vocabulary import session_number


@dataclass(frozen=True)
class ResolutionContext:
    """What a paragraph's deadlines are relative to: the adopting body, its session, the date."""

    body: str | None = None
    session: int | None = None
    adopted: datetime.date | None = None

    @classmethod
    def of(cls, parsed: ParsedResolution) -> ResolutionContext:
        return cls(
            body=parsed.body,
            session=session_number(parsed.session, parsed.symbol),
            adopted=parsed.adopted,
        )


@dataclass(frozen=True)
class ParsedRequest:
    """
    One request with a deadline (or, for the body's own consideration and for reports to a
    named body, without one). `body` is the body whose session the deadline is (or which
    receives the report); `text` is the phrase found, `text[start:end]` of the paragraph.
    """

    kind: str
    requested_of: str | None
    body: str | None
    session: int | None
    session_kind: str
    due: datetime.date | None
    is_estimate: bool
    basis: str
    text: str
    start: int
    end: int
    period_months: int | None = None  # a periodic request: "annually" is 12

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "requested_of": self.requested_of,
            "body": self.body,
            "session": self.session,
            "session_kind": self.session_kind,
            "due": self.due.isoformat() if self.due else None,
            "is_estimate": self.is_estimate,
            "basis": self.basis,
            "text": self.text,
            "span": [self.start, self.end],
            "period_months": self.period_months,
        }
