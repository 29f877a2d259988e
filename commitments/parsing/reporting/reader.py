"""Reading one paragraph: triggers, their anchors, and the requests with their due dates."""

from __future__ import annotations

import calendar as month_calendar
import datetime
import re
from dataclasses import replace

from .anchors import _Anchor, _find_anchors
from .request import ParsedRequest
from .triggers import _find_triggers, _Trigger
from .vocabulary import (
    CLAUSE_END,
    CONSIDERED_AT,
    DEADLINE_PREP_WORDS,
    DIRECTIVE_VERB,
    ESTABLISHED_THING,
    LOOKS_FORWARD,
    MANDATE_HOLDER,
    NOMINAL_REPORT,
    OTHER_THINGS_TIME,
    OUTCOME_OF,
    PAST_PARTICIPLE,
    PERIOD_FROM,
    PREPARATIONS_FOR,
    RECALLING,
    SELF_VERBS,
    SESSION_DATES,
    SESSION_HOLDER,
)


class _Reader:
    def __init__(self, text, context, addressees, calendar, patterns, canonical):
        self.text = text
        self.context = context
        self.addressees = addressees
        self.calendar = calendar
        self.patterns = patterns
        self.canonical = canonical

    def read(self) -> list[ParsedRequest]:
        requests: list[ParsedRequest] = []
        self.last_session: _Anchor | None = None
        recalling = RECALLING.match(self.text) is not None
        for start, end in _clauses(self.text):
            clause = self.text[start:end]
            triggers = _find_triggers(clause, start)
            self.triggers = triggers
            if recalling:
                # "Recalls the decision ... to extend the mandate ...": quoted, not asked now,
                # unless a directive verb of the paragraph asks it ("..., and requests ...").
                triggers = [
                    t
                    for t in triggers
                    if DIRECTIVE_VERB.search(self.text, 0, t.start)
                    or LOOKS_FORWARD.match(self.text, t.start)
                    or (
                        t.kind in ("meeting", "review")
                        and PREPARATIONS_FOR.search(self.text, t.end)
                    )
                ]
            if not triggers:
                if "session" in clause:
                    self._remember_sessions(
                        _find_anchors(clause, start, self.patterns, self.context.adopted)
                    )
                continue
            anchors = _find_anchors(clause, start, self.patterns, self.context.adopted)
            used: dict[int, set[str]] = {}
            for anchor in anchors:
                if anchor.basis == "that_session":
                    if self.last_session is None:
                        continue
                    anchor = replace(self.last_session, start=anchor.start, end=anchor.end)
                trigger = _governing(triggers, anchor)
                if trigger is None or self._is_background(trigger, anchor):
                    continue
                if anchor.start < trigger.start and DIRECTIVE_VERB.search(
                    self.text, anchor.end, trigger.start
                ):
                    continue  # "... held at its fifty-first session, and requests ... to"
                if trigger.kind == "mandate" and (
                    anchor.basis not in ("duration", "date", "year") or anchor.start < trigger.start
                ):
                    continue  # a mandate's time follows it ("to extend ... until", "for a period")
                if anchor.prep == "plain" and trigger.kind != "mandate":
                    continue  # "for two years" times a mandate, not a report
                if anchor.basis == "date" and self._is_past(anchor.date):
                    continue
                if anchor.basis == "date" and self._dates_a_session(anchors, anchor):
                    continue
                if (
                    anchor.basis == "date"
                    and trigger.kind != "mandate"
                    and PERIOD_FROM.search(self.text[max(0, anchor.start - 40) : anchor.start])
                ):
                    continue
                bases = used.setdefault(trigger.start, set())
                if (
                    anchor.basis in ("session", "next_session")
                    and bases & {"date", "year"}
                    and CONSIDERED_AT.search(self.text[trigger.end : anchor.start])
                ):
                    continue
                if anchor.basis == "duration" and bases - {"duration"}:
                    continue  # "at its seventy-ninth session ... within five years": background
                bases.add(anchor.basis)
                self._remember_sessions([anchor])
                requests += self._split_periodic(
                    self._request(trigger, anchor, end), trigger, anchor
                )
            periodic: set = set()
            for trigger in triggers:
                if trigger.start in used or not self._stands_alone(trigger, end):
                    continue
                if self._period(trigger, end):
                    # One periodic request a directive verb, and none after a dated one ("at
                    # its eightieth session ..., as part of his annual report").
                    verb = self._governing_verb(trigger)
                    # ("to conduct a review by 31 July 2024 and to report thereafter every six
                    # months" asks a second thing: a dated trigger of another kind does not count.)
                    dated = [
                        t
                        for t in triggers
                        if t.start in used
                        and t.kind != "mandate"
                        and t.start < trigger.start
                        and (t.kind == trigger.kind or not _TO_VERB.match(self.text, trigger.start))
                    ]
                    if dated or verb in periodic:
                        continue
                    periodic.add(verb)
                    request = self._request(trigger, None, end)
                    requests += self._each_recipient(request, trigger, end)
                    continue
                requests.append(self._request(trigger, None, end))
        return _unique(requests)

    def _split_periodic(self, request: ParsedRequest, trigger: _Trigger, anchor: _Anchor) -> list:
        """ "to submit a report to the Human Rights Council annually, and to the General Assembly
        at its seventy-ninth session": a periodic report to the first body, and one to the
        second at its session."""
        if not request.period_months or anchor.basis not in ("session", "next_session"):
            return [request]
        recipients = list(
            self.patterns["recipient"].finditer(self.text, trigger.start, anchor.start)
        )
        period = self.patterns["period"].search(self.text, trigger.start, anchor.start)
        if len(recipients) < 2 or period is None or period.start() > recipients[-1].start():
            return [request]
        first = self._canonical(recipients[0].group("body"))
        if first is None or first == request.body:
            return [request]
        periodic = replace(
            request,
            body=first,
            session=None,
            session_kind="",
            due=add_duration(self.context.adopted, request.period_months, "month")
            if self.context.adopted
            else None,
            is_estimate=True,
            basis="period",
        )
        return [periodic, replace(request, period_months=None)]

    def _each_recipient(self, request: ParsedRequest, trigger: _Trigger, end: int) -> list:
        """A periodic report "to the Human Rights Council and the General Assembly": one each."""
        pair = self.patterns["recipients"].search(self.text, trigger.start, end)
        if pair is None:
            return [request]
        bodies = [self._canonical(pair.group(name)) for name in ("first", "second")]
        if bodies[0] == bodies[1]:
            return [request]
        return [replace(request, body=body) for body in bodies]

    def _remember_sessions(self, anchors) -> None:
        """Keep the last numbered session named, which "at that session" refers to."""
        for anchor in anchors:
            if anchor.basis in ("session", "next_session"):
                self.last_session = anchor

    def _dates_a_session(self, anchors, anchor: _Anchor) -> bool:
        """Whether a date only says when a session just named meets."""
        return any(
            other.basis in ("session", "next_session")
            and other.end <= anchor.start
            and SESSION_DATES.match(self.text[other.end : anchor.start])
            for other in anchors
        )

    def _is_past(self, day: datetime.date | None) -> bool:
        return bool(day and self.context.adopted and day < self.context.adopted)

    def _is_background(self, trigger: _Trigger, anchor: _Anchor) -> bool:
        """ "... the recommendations adopted at its seventeenth session": not the deadline
        (but "as requested in paragraph 7 ..., by 15 March 2019" is one)."""
        between = self.text[trigger.end : anchor.start]
        if anchor.start > trigger.end and OTHER_THINGS_TIME.search(between):
            return True
        if anchor.prep == "of" and OUTCOME_OF.search(between):
            return True
        if anchor.basis == "date" or anchor.prep in DEADLINE_PREP_WORDS:
            return False
        between = self.text[trigger.end : anchor.start]
        participle = _last(PAST_PARTICIPLE.finditer(between))
        if participle is None or re.search(r"\bbe\s+$", between[: participle.start()]):
            return False  # "to be held at the fifty-fourth session", "be made available prior to"
        return not self.patterns["recipient"].search(between[participle.end() :])

    def _stands_alone(self, trigger: _Trigger, clause_end: int) -> bool:
        """Whether a request without a time is worth keeping: the body's own consideration,
        or a report to a named body ("and to report thereon to the Commission ...")."""
        if trigger.kind == "consideration":
            verb = self._governing_verb(trigger)
            return verb is None or verb[0] in SELF_VERBS
        if self._period(trigger, clause_end):
            return True
        if trigger.kind == "report":
            if NOMINAL_REPORT.match(self.text, trigger.start):
                return False  # "for consideration by the Assembly" with no time: no request
            rest = self.text[trigger.start : clause_end]
            return bool(
                self.patterns["recipient"].search(rest)
                or re.search(r"\bannual(?:ly)?\b|\bperiodic", rest, re.IGNORECASE)
            )
        return False

    def _request(self, trigger: _Trigger, anchor: _Anchor | None, clause_end: int) -> ParsedRequest:
        body = self._body(trigger, anchor)
        session, due, estimate = None, None, False
        basis = anchor.basis if anchor else ""
        period = self._period(trigger, clause_end)
        if anchor is not None:
            session, due, estimate = self._due(anchor, body)
        elif period and self.context.adopted:
            # "an annual report": the first is due a period after adoption.
            due, estimate, basis = (
                add_duration(self.context.adopted, period, "month"),
                True,
                "period",
            )
        start = min(trigger.start, anchor.start) if anchor else trigger.start
        end = max(trigger.end, anchor.end) if anchor else _cut(self.text, start, clause_end)
        phrase = self.text[start:end].rstrip(" ,;.")
        return ParsedRequest(
            kind=trigger.kind,
            requested_of=self._requested_of(trigger, clause_end),
            body=body,
            session=session,
            session_kind=anchor.session_kind if anchor else "",
            due=due,
            is_estimate=estimate and due is not None,
            basis=basis,
            text=phrase,
            start=start,
            end=start + len(phrase),
            period_months=period,
        )

    def _period(self, trigger: _Trigger, clause_end: int) -> int | None:
        """How often the request recurs ("annually", "every six months thereafter"), in months:
        said in the trigger or after it, before the next request."""
        if trigger.kind not in ("report", "review", "meeting"):
            return None
        following = [t.start for t in self.triggers if t.start > trigger.start]
        end = min([clause_end, *following])
        match = self.patterns["period"].search(self.text, trigger.start, end)
        if match is None:
            return None
        return next(int(name[1:]) for name, value in match.groupdict().items() if value)

    # Whose session, who is asked, and when ------------------------------------------------

    def _body(self, trigger: _Trigger, anchor: _Anchor | None) -> str | None:
        if anchor is not None and anchor.body:
            return self._canonical(anchor.body)
        following = [t.start for t in getattr(self, "triggers", ()) if t.start > trigger.start]
        until = anchor.start if anchor is not None else min([len(self.text), *following])
        recipient = _last(self.patterns["recipient"].finditer(self.text, trigger.start, until))
        if recipient is not None:
            return self._canonical(recipient.group("body"))
        # "Invites the Commission on the Status of Women to review ... at its fifty-seventh
        # session": "its" is the addressed body's.
        verb = self._governing_verb(trigger)
        if verb is not None:
            addressed = self.patterns["addressed_body"].match(self.text, verb[1])
            if addressed is not None and addressed.end() <= trigger.end:
                return self._canonical(addressed.group("body"))
            if anchor is not None and anchor.basis in ("session", "next_session"):
                named = re.match(
                    r"\s*(?:also\s+|further\s+)?(.+?)(?:,|\s+to\s)", self.text[verb[1] :]
                )
                if named and verb[0] not in SELF_VERBS and SESSION_HOLDER.search(named.group(1)):
                    return None  # a body whose calendar is not known: no date
        return self.context.body

    def _canonical(self, name: str) -> str | None:
        if name.casefold() in self.canonical:
            return self.canonical[name.casefold()]
        word = name.casefold()
        if word == "assembly":
            return "General Assembly"
        if self.context.body and word in self.context.body.casefold():
            return self.context.body
        for mention in self.patterns["mentioned_body"].finditer(self.text):
            if word in mention.group().casefold():
                return self.canonical.get(mention.group().casefold())
        return None

    def _due(self, anchor: _Anchor, body: str | None):
        """(session, due date, is it an estimate) for an anchor."""
        context = self.context
        if anchor.basis == "date":
            return None, anchor.date, False
        if anchor.basis == "year":
            return None, _year_date(anchor.year, anchor.amount, anchor.prep), True
        if anchor.basis == "duration":
            reference = context.adopted or (
                self.calendar.opening(context.body, context.session) if context.session else None
            )
            if reference is None:
                return None, None, True
            try:
                return None, add_duration(reference, anchor.amount, anchor.unit), True
            except (ValueError, OverflowError):  # "within 9999 years": past the calendar
                return None, None, True
        body_calendar = self.calendar.get(body)
        if anchor.basis == "session_year":
            due = body_calendar.session_of_year(anchor.year) if body_calendar else None
            return None, due, True
        session = anchor.session
        if anchor.basis == "next_session":
            session = self._next_session(body)
        if session is None or anchor.session_kind not in ("", "substantive", "resumed"):
            return session, None, True  # special sessions are not on the calendar
        if anchor.closing and body_calendar:
            # "by the end of its sixty-first session": when the next one opens.
            return session, body_calendar.opening(session + 1), True
        due = body_calendar.opening(session) if body_calendar else None
        return session, due, True

    def _next_session(self, body: str | None) -> int | None:
        context = self.context
        same_body = body is not None and context.body is not None and body == context.body
        if same_body and context.session:
            return context.session + 1
        body_calendar = self.calendar.get(body)
        if body_calendar and context.adopted:
            return body_calendar.session_after(context.adopted)
        return None

    def _governing_verb(self, trigger: _Trigger) -> tuple[str, int] | None:
        """The directive verb whose object the trigger is, and where it ends."""
        verb = _last(DIRECTIVE_VERB.finditer(self.text, 0, trigger.start))
        if verb is None:
            return None
        lemma = re.sub(r"s$", "", verb.group("verb").split()[0].casefold())
        return lemma, verb.end()

    def _requested_of(self, trigger: _Trigger, clause_end: int) -> str | None:
        if trigger.kind == "mandate":
            clause = self.text[trigger.start : clause_end]
            holder = MANDATE_HOLDER.search(clause) or ESTABLISHED_THING.search(clause)
            return _tidy(holder.group("holder")) if holder else None
        verb = self._governing_verb(trigger)
        if verb is None:  # a sub-paragraph: its chapeau's addressees, or the body itself
            if self.addressees:
                return ", ".join(self.addressees)
            return self.context.body if trigger.kind in ("consideration", "meeting") else None
        lemma, verb_end = verb
        if lemma in SELF_VERBS:
            return self.context.body
        opening = DIRECTIVE_VERB.search(self.text)
        if self.addressees and opening is not None and opening.end() == verb_end:
            return ", ".join(self.addressees)
        # A later clause's verb ("..., and requests the Special Rapporteur to report"):
        # its object, up to a comma or the infinitive.
        named = re.match(r"\s*(?:also\s+|further\s+)?(.+?)(?:,|\s+to\s)", self.text[verb_end:])
        return _tidy(named.group(1)) if named else (", ".join(self.addressees) or None)


_TO_VERB = re.compile(r"(?:to|and)\s", re.IGNORECASE)


def _governing(triggers: list[_Trigger], anchor: _Anchor) -> _Trigger | None:
    """The trigger an anchor belongs to: the last one before it, else the first after it."""
    before = [trigger for trigger in triggers if trigger.start < anchor.start]
    if before:
        return before[-1]
    return triggers[0] if triggers else None


def _last(matches) -> re.Match | None:
    last = None
    for last in matches:  # noqa: B007 - the loop keeps the last match
        pass
    return last


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in CLAUSE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(start, end) for start, end in spans if text[start:end].strip()]


def _cut(text: str, start: int, end: int, limit: int = 240) -> int:
    """Where to end a quoted phrase: the clause's end, or a word boundary before `limit`."""
    if end - start <= limit:
        return end
    space = text.rfind(" ", start, start + limit)
    return space if space > start else start + limit


def _tidy(phrase: str) -> str | None:
    phrase = " ".join(phrase.split()).strip(" ,;:.")
    phrase = re.sub(r"^(?:the|all)\s+", "", phrase, flags=re.IGNORECASE)
    return phrase or None


def add_duration(day: datetime.date, amount: int, unit: str) -> datetime.date:
    """`day` plus `amount` days, weeks, months or years (a month's end kept within the month)."""
    if unit == "day":
        return day + datetime.timedelta(days=amount)
    if unit == "week":
        return day + datetime.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return datetime.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def _year_date(year: int, month: int | None, prep: str) -> datetime.date:
    """ "in 2012" -> its first day; "by 2015", "by the end of 2015" -> its last day."""
    if prep == "in":
        return datetime.date(year, month or 1, 1)
    month = month or 12
    return datetime.date(year, month, month_calendar.monthrange(year, month)[1])


def _unique(requests: list[ParsedRequest]) -> list[ParsedRequest]:
    seen, unique = set(), []
    for request in requests:
        key = (request.kind, request.body, request.session, request.due, request.start)
        if key not in seen:
            seen.add(key)
            unique.append(request)
    return unique
