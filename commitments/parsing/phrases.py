"""
Reading the words of an operative paragraph: the opening verb phrase, its addressees, the
action asked for, a sub-paragraph's lead and the topics.

The verb phrase follows UN italics practice: adverbs before the verb ("Also calls upon",
"Strongly encourages"), the verb, and a fixed complement where the editors italicize one
("Takes note with appreciation", "Reiterates its concern"), but never the object ("Reiterates
the importance" -> "Reiterates").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .actors import AddresseeReader
from .grammar import FUNCTION_WORDS, QUALIFIER, bare, is_gerund
from .lexicon import STRENGTHS, VerbEntry
from .results import ActorMention
from .vocabulary import CompiledLexicon, alternation, normalize

ROLLED_UP_KINDS = frozenset({"states", "un_system", "intergovernmental", "non_state"})
DIRECTIVE_COMPLEMENT = re.compile(
    r"\b(?:request|requests|demand|demands|call|calls|appeal)\s+(?:to|that|on|upon)$", re.IGNORECASE
)
OBJECT_IS_ACTION = re.compile(r"\s*(?:to|that)\s", re.IGNORECASE)
# Bounds that keep a pasted paragraph of any length from being read again to its end from
# each of its verbs (real texts stay far inside them: in 300 resolutions, the longest
# operative paragraph has 3,101 characters and the most directive clauses in one are 5).
# A verb's addressees and action, and a pronoun's antecedent, are looked for in this many
# characters after the verb, and no further than the directive clause after the next one.
READ_WINDOW = 10_000
# Directive clauses read in one paragraph ("..., and urges States to ...").
MAX_CLAUSES = 20


@dataclass
class Reading:
    """What a chapeau (or a paragraph without sub-paragraphs) says and to whom."""

    verb: str
    canonical_verb: str | None
    strength: str
    actors: list[ActorMention]
    action: str | None
    flags: list[str] = field(default_factory=list)
    speaker_acts: bool = False

    @property
    def actor_kind(self) -> str:
        """
        The addressees' kind: self (none), states, un_system, intergovernmental, non_state
        (parties to a conflict, armed groups), other (civil society, the private sector and
        the rest), or mixed.
        """
        groups = {actor.kind if actor.kind in ROLLED_UP_KINDS else "other" for actor in self.actors}
        if not groups:
            return "self"
        return groups.pop() if len(groups) == 1 else "mixed"


class ParagraphReader:
    def __init__(self, lexicon: CompiledLexicon):
        self.lexicon = lexicon
        self.addressees = AddresseeReader(lexicon)
        self._subject_modal: re.Pattern | None = None  # built on first use (annexes only)
        self._subject_forms: dict[str, VerbEntry] = {}

    def read(self, text: str) -> Reading:
        verb, entry, verb_end = self._verb(text)
        flags = [] if entry else ["unknown_verb"]
        surface: list[str] = []
        action = None
        # "Reiterates its request to the Secretary-General", "Reaffirms its demand that
        # all parties ...": the complement makes a declaratory verb ask someone.
        directive = bool(entry and (entry.directive or DIRECTIVE_COMPLEMENT.search(verb)))
        if verb.endswith(" that"):
            verb_end -= len("that")  # the that-clause names the addressees
        clauses = self.lexicon.directive_clause.finditer(text, verb_end)
        clauses = list(itertools.islice(clauses, MAX_CLAUSES + 2))
        starts = [clause.start() for clause in clauses] + [len(text)] * 2
        if directive:
            addressing = self.addressees.after_verb(_window(text, verb_end, starts[1]), 0)
            surface += addressing.actors
            surface += self.addressees.coordinated_subjects(text[verb_end:])
            action = addressing.action
        strength = entry.strength if entry else "declaratory"
        for index, clause in enumerate(clauses[:MAX_CLAUSES]):
            # "Welcomes ... and encourages them to ...": the paragraph asks what its
            # strongest clause asks, so it is tracked under that ask.
            clause_entry = self.lexicon.verb_for(clause.group("form"))
            if clause_entry and STRENGTHS.index(clause_entry.strength) < STRENGTHS.index(strength):
                strength = clause_entry.strength
            window = _window(text, clause.end(), starts[index + 2])
            addressing = self.addressees.after_verb(window, 0)
            if addressing.pronoun:
                before = text[verb_end : min(clause.start(), verb_end + READ_WINDOW)]
                antecedent = self.addressees.antecedent(before)
                surface += antecedent
                if not antecedent:
                    flags.append("unresolved_pronoun")
            else:
                surface += addressing.actors
            action = action or addressing.action
        actors = self._mentions(surface)
        if directive and not actors and not OBJECT_IS_ACTION.match(text[verb_end:]):
            flags.append("no_addressee_found")
        if any(actor.canonical is None for actor in actors):
            flags.append("unknown_actor")
        return Reading(
            verb=verb,
            canonical_verb=entry.canonical if entry else None,
            strength=strength,
            actors=actors,
            action=action,
            flags=flags,
            speaker_acts=bool(entry and entry.speaker_acts),
        )

    def read_annexed(self, text: str, speakers: list[ActorMention]) -> Reading:
        """
        A paragraph of an annexed text, read with the annex lexicon (Lexicon.for_annexes).
        Where the speakers bind themselves ("Commit to", "Resolve to", a plan of action's
        "To ensure that ..." or bare "Promote ..."), they are the ones who act: `speakers`,
        the States when the text's "We, ..." names them.
        """
        reading = self.read(text)
        canonical = reading.canonical_verb
        acts = reading.speaker_acts
        if canonical is None and (found := self._subject_first(text)):
            return found
        if canonical == "to":
            # "To ensure that ...": the infinitive is the verb.
            words = text[len(reading.verb) :].split()
            verb = bare(words[0]) if words else ""
            reading.verb = f"{reading.verb} {words[0]}".rstrip(",;:.") if words else reading.verb
            reading.canonical_verb = verb or None
        elif canonical is None:
            words = text.split()
            index = self._skip_adverbs(words, 0)
            word = bare(words[index]) if index < len(words) else ""
            if word in self.lexicon.action_verbs:
                # A plan of action's bare verb: "Promote ...", "Strengthen ...".
                reading.verb = " ".join(words[: index + 1]).rstrip(",;:.")
                reading.canonical_verb = word
                reading.strength = self.lexicon.verb_for("to").strength
                reading.flags = [flag for flag in reading.flags if flag != "unknown_verb"]
                acts = True
        if acts and reading.strength != "declaratory":
            known = {normalize(actor.text) for actor in reading.actors}
            reading.actors = [
                *[speaker for speaker in speakers if normalize(speaker.text) not in known],
                *reading.actors,
            ]
            reading.flags = [flag for flag in reading.flags if flag != "no_addressee_found"]
        return reading

    def _subject_first(self, text: str) -> Reading | None:
        """
        "States Parties shall ...", "Governments should ...", "Member States are encouraged
        to ...": the addressee, a known actor named within the first words, then the form.
        """
        if self._subject_modal is None:
            forms = {
                normalize(form): entry
                for entry in self.lexicon.lexicon.annex_verbs
                if entry.subject_first
                for form in entry.forms
            }
            self._subject_forms = forms
            pattern = alternation(forms) if forms else "(?!)"
            self._subject_modal = re.compile(
                rf"(?P<subject>[A-Z][^.;:]{{0,150}}?),?\s+(?P<form>{pattern})(?![\w-])"
            )
        match = self._subject_modal.match(text[:400])
        if not match:
            return None
        subject = match.group("subject")
        if " that " in subject or len(subject.split()) > 25:
            return None  # "States Parties recognize that ... shall": another sentence's verb
        named = [found.group() for found in self.lexicon.actor_alias.finditer(subject)]
        if not named:
            return None
        mentions = self._mentions([" ".join(name.split()) for name in named])
        verb_entry = self._subject_forms[normalize(match.group("form"))]
        after = text[match.end() :].split()
        return Reading(
            verb=match.group("form"),
            canonical_verb=verb_entry.canonical,
            strength=verb_entry.strength,
            actors=mentions,
            action=bare(after[0]) if after else None,
            flags=[] if all(m.canonical for m in mentions) else ["unknown_actor"],
        )

    def sub_lead(self, text: str) -> str | None:
        """
        The opening words of a sub-paragraph up to its first verb form: "To promote",
        "Fully recognizing", "Where appropriate, providing", or a noun phrase up to its head
        ("The high number", "Information and awareness-raising campaigns").
        """
        words = text.split()
        index = self._lead_start(words)
        if index >= len(words):
            return " ".join(words) or None
        first = words[index]
        if bare(first) == "to":
            end = self._skip_adverbs(words, index + 1) + 1
        elif is_gerund(first) or first[-1] in ",;:." or bare(first) in self.lexicon.action_verbs:
            end = index + 1  # "Providing", "Prevent" (a bare infinitive after "shall:")
        else:
            end = index + 1
            while end < len(words) and end - index < 6 and not _ends_noun_phrase(words[end]):
                end += 1
                if words[end - 1][-1] in ",;:.":
                    break
        return " ".join(words[:end]).rstrip(",;:.") or None

    def sub_action(self, text: str) -> str | None:
        """The verb of a sub-paragraph's own action: "To criminalize" -> "criminalize",
        "Providing" -> "provide", "Prevent" -> "prevent"."""
        words = text.split()
        index = self._lead_start(words)
        if index < len(words) and bare(words[index]) == "to":
            index = self._skip_adverbs(words, index + 1)
            return bare(words[index]) if index < len(words) else None
        if index >= len(words):
            return None
        word = bare(words[index])
        if is_gerund(word):
            return self._gerund_lemma(word)
        # A bare infinitive after "shall:" ("(a) Prevent and suppress ...").
        return word if word in self.lexicon.action_verbs else None

    def _lead_start(self, words: list[str]) -> int:
        """Where a sub-paragraph's own words start: after adverbs and a leading qualifier
        ("Where appropriate, providing ..."), if a verb form follows it."""
        index = self._skip_adverbs(words, 0)
        if qualifier := QUALIFIER.match(" ".join(words[index:])):
            after = index + len(qualifier.group().split())
            while after < len(words) and not words[after - 1].endswith(","):
                after += 1
            if after < len(words) and (is_gerund(words[after]) or bare(words[after]) == "to"):
                return after
        return index

    def topics(self, text: str) -> list[str]:
        """Slugs of the topics whose keywords occur, with the parents of matched sub-topics."""
        found: set[str] = set()
        for slug in self.lexicon.topics_in(text):
            while slug and slug not in found:
                found.add(slug)
                slug = self.lexicon.parent_topic.get(slug)
        return [topic.slug for topic in self.lexicon.lexicon.topics if topic.slug in found]

    def _verb(self, text: str) -> tuple[str, VerbEntry | None, int]:
        if match := self.lexicon.verb_phrase.match(text):
            return (
                text[: match.end()].strip(),
                self.lexicon.verb_for(match.group("form")),
                match.end(),
            )
        words = list(re.finditer(r"\S+", text))
        index = self._skip_adverbs([word.group() for word in words], 0)
        if not words:
            return "", None, 0
        end = words[min(index, len(words) - 1)].end()
        return text[:end].rstrip(",;:."), None, end

    def _skip_adverbs(self, words: list[str], index: int) -> int:
        while index < len(words) - 1 and self._is_adverb(words[index]):
            index += 1
        return index

    def _is_adverb(self, word: str) -> bool:
        word = bare(word)
        if word in self.lexicon.action_verbs:
            return False
        return self.lexicon.is_adverb(word) or (word.endswith("ly") and len(word) > 4)

    def _gerund_lemma(self, word: str) -> str:
        """The base form of a gerund ("providing" -> "provide"), via the lexicon's verbs."""
        stem = word[:-3]
        candidates = [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.insert(0, stem[:-1])
        for candidate in candidates:
            if candidate in self.lexicon.action_verbs:
                return candidate
        if stem.endswith(("v", "z", "c", "g", "u", "at", "ot", "ut", "iz", "is", "ur", "ud", "id")):
            return stem + "e"
        return stem

    def _mentions(self, surface: list[str]) -> list[ActorMention]:
        mentions, seen = [], set()
        for text in surface:
            key = normalize(text)
            if key in seen:
                continue
            seen.add(key)
            entry = self.lexicon.actor_for(text)
            mentions.append(
                ActorMention(
                    text,
                    entry.canonical if entry else None,
                    entry.kind if entry else "other",
                    entry.code if entry else None,
                )
            )
        return mentions


def _window(text: str, start: int, end: int) -> str:
    """The text a verb ending at `start` is read in, up to `end` (see READ_WINDOW)."""
    return text[start : min(end, start + READ_WINDOW)]


def _ends_noun_phrase(word: str) -> bool:
    """A preposition, determiner or relative word ends a noun phrase; "and"/"or" do not."""
    word = bare(word)
    return word in FUNCTION_WORDS and word not in ("and", "or")
