"""
Who an operative paragraph asks to act, and what it asks them to do.

A directive verb names its addressees between the verb and the infinitive of the action:
"Urges Member States that have not yet done so to consider ratifying ...", "Invites
Governments, with the support of the United Nations, ..., to formulate ...". A "that"
clause names them as its subject: "Decides that all States shall ...". Further addressees
come in a second directive clause ("..., and urges States parties to those instruments to
implement them") or as coordinated subjects of the infinitive ("... and for States parties
to implement ...").

The addressee list is then split into noun phrases following data/gold/README.md: leading
determiners go (the, all, other), restrictive tails go ("that have not yet done so", "to
those instruments"), cooperation partners are not addressees, specifying phrases ("including
...", "in particular ...") are separate items, and conjuncts sharing a modifier or a head stay
together ("United Nations bodies and agencies", "intergovernmental and non-governmental
organizations").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .grammar import (
    DETERMINERS,
    LIST_OPENERS,
    MODALS,
    PREPOSITIONS,
    QUALIFIER,
    RELATIVE_CLAUSE,
    STRIPPED_DETERMINERS,
    bare,
    is_gerund,
)
from .vocabulary import HYPHENS, CompiledLexicon

# "to" of an infinitive, not of "pursuant to resolution", "referred to in", "with regard to".
INFINITIVE_TO = re.compile(
    r"(?<![\w-])(?<!pursuant\s)(?<!according\s)(?<!referred\s)(?<!regard\s)(?<!due\s)to\s+"
)
FINITE_VERB = re.compile(r"(?<![\w-])(?:is|are|was|were|has|have|remains?)(?![\w-])")
# "Decides that ...", "Decides further that, ...".
THAT = re.compile(r"\s*that\b\s*", re.IGNORECASE)
MAX_COORDINATED = 20
COMMA_OR_PARENTHESIS = re.compile(r"[(),]")
# After a coordinated subject: the "to" its pattern requires (in any case, as there).
TO_AFTER = re.compile(r"\s+to\s+", re.IGNORECASE)
CLAUSE_END = re.compile(r"[;:]|\.(?=\s+[A-Z]|\s*$)")
PRONOUN_OBJECT = re.compile(r"\s*(?:all\s+of\s+)?(?:them|they|it|him|her)\b", re.IGNORECASE)
# "Israel, the occupying Power,": an apposition names the same addressee again.
APPOSITION = re.compile(r"(?:the\s+)?occupying\s+Power\s*$", re.IGNORECASE)
SEPARATOR = re.compile(
    r"\s*,?\s*\b(?P<spec>as\s+well\s+as|including|in\s+particular|particularly|especially|notably|such\s+as)\s+"
    r"|\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+",
    re.IGNORECASE,
)
RESTRICTIVE_TAILS = (
    RELATIVE_CLAUSE,
    # "Committees referred to in paragraph 3", "Committees established by resolutions
    # imposing arms embargoes", but not the name "Committee established pursuant to
    # resolution 751 (1992)".
    re.compile(
        r"\s(?:referred\s+to|mentioned|listed|concerned\s+by|involved\s+in|"
        r"established\s+(?:by|pursuant\s+to|under)(?!\s+(?:its\s+|Council\s+)?resolutions?\s+\d))"
        r"(?![\w-])"
    ),
    QUALIFIER,
    re.compile(r"\s(?:to|of|in|for|on|with|under|at)\s+(?:their|its|his|her|those|these|this)\b"),
    re.compile(r"\sin\s+(?:all|a|an|the|each|every|any|such)\s"),  # "States in a position to"
    re.compile(r"(?<![\w-])(?<!pursuant\s)to\s"),
)
# "the efforts of/by <actors>": the actors are the addressees, not the efforts.
EFFORTS_OF = re.compile(
    r"^\s*(?:(?:the|all|further)\s+)*(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*\s+(?:of|by)\s+"
    r"(?=(?:(?:the|all|other)\s+)?\ue000)"
)
# "the Governments of X and, respectively, Y and Z": the adverb pairs, it names no one.
RESPECTIVELY = re.compile(r"\s*,?\s*\brespectively\b\s*,?", re.IGNORECASE)
MASK = re.compile("\ue000(\\d+)\ue001")
# A lowercase adjective: the left half of "intergovernmental and non-governmental ...".
ADJECTIVE = re.compile(r"[a-z-]+(?:al|ic|ive|ous|ful|ary|ble|ian|ese)")
PARTICLES = frozenset({"out", "up"})
# An aside set off by commas inside an addressee list: "Member States, international and,
# where appropriate, regional organizations", "calls upon, in particular, the Special ...".
ASIDE = re.compile(
    r"\s*,\s*(?:(?P<condition>(?:where|as|when|if)\s+(?:appropriate|applicable|necessary|"
    r"needed|relevant|possible|required))|(?P<spec>in\s+particular|inter\s+alia|particularly|"
    r"especially|notably))\s*,\s*",
    re.IGNORECASE,
)
CONDITION_TAIL = re.compile(
    r"\s+(?:where|as|when|if)\s+(?:appropriate|applicable|necessary|needed|relevant|possible|"
    r"required)\s*$",
    re.IGNORECASE,
)
# The nouns the UN names its own kinds of entity by: "the specialized agencies, funds and
# programmes of the United Nations system" is one addressee, its nouns sharing the "of".
_ENTITY_CLASS = (
    r"(?:(?:the|other|all|relevant|specialized|subsidiary|regional|competent)\s+){0,2}"
    r"(?:agencies|funds|programmes|programs|organizations|organisations|bodies|organs|entities|"
    r"offices|departments|mechanisms|institutions|commissions|committees)"
)
ENTITY_CLASS = re.compile(_ENTITY_CLASS, re.IGNORECASE)
ENTITY_CLASSES = re.compile(
    rf"{_ENTITY_CLASS}(?:(?:\s*,\s*|\s+(?:and|or)\s+){_ENTITY_CLASS})*", re.IGNORECASE
)
SHARED_COMPLEMENT = re.compile(r"\s+(?:of|in|within)\s+\S")
# "the Palestinian and Israeli sides", "the Sudanese and South Sudanese authorities".
DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish|i)")
DEMONYM_PHRASE = re.compile(r"(?:[A-Z][a-z]+\s+)+[a-z][\w-]*(?:\s+[a-z][\w-]*)?")
# A request for an act, not of someone: "Demands the full implementation of ...", "Urges
# caution and restraint". Capitalized heads name bodies ("the Mission", "the Commission").
ACTION_NOUN = re.compile(r"[a-z]+(?:tion|sion|ment|ance|ence|ness|ure)|restraint|caution|calm")
HEAD_END = re.compile(r"\s(?:of|with|in|on|for|to|by|from|among|between|at)\s")
NOT_ACTIONS = frozenset({"government", "parliament", "department", "governments"})
PRONOUNS = frozenset({"them", "they", "those", "these", "it", "themselves"})


@dataclass
class Addressing:
    """Addressees found after one directive verb, and the verb of the requested action."""

    actors: list[str] = field(default_factory=list)
    action: str | None = None
    pronoun: bool = False


class AddresseeReader:
    """Reads addressees with the vocabulary of one lexicon."""

    def __init__(self, lexicon: CompiledLexicon):
        self.lexicon = lexicon

    def after_verb(self, text: str, start: int) -> Addressing:
        """The addressees of the directive verb ending at `text[start]`."""
        rest = _drop_asides(text[start:])
        if PRONOUN_OBJECT.match(rest):
            infinitive = self.infinitive(rest)
            return Addressing(action=infinitive[1] if infinitive else None, pronoun=True)
        clause, end = _clause(rest)
        if that := THAT.match(clause):
            return self._that_clause(clause[that.end() :])
        heads, action = self._object(clause, end)
        return Addressing(self.split(", ".join(heads)), action)

    def coordinated_subjects(self, text: str) -> list[str]:
        """Addressees coordinated with the first: "... and for States parties to implement"."""
        found = []
        matches = self.lexicon.coordinated_subject.finditer(text)
        # The first ones only: real paragraphs have at most two.
        for match in itertools.islice(matches, MAX_COORDINATED):
            before = text[max(0, match.start() - 80) : match.start()].split()[-1:]
            if before and ADJECTIVE.fullmatch(before[0]):
                continue  # "intergovernmental and non-governmental organizations to ..."
            # Only the "to" right after the name can count, and infinitive() reads 300
            # characters after a "to": a window that size, not the whole rest, per name.
            end = TO_AFTER.match(text, match.end("actor")).end() + 300
            infinitive = self.infinitive(text[match.end("actor") : end])
            if infinitive and infinitive[0] <= 1:
                found.extend(self.split(match.group("actor")))
        return found

    def antecedent(self, text: str) -> list[str]:
        """
        What "them" refers to in "Welcomes the efforts of Governments, ... to address ...,
        and encourages them": the first "of/by" phrase that names known actors.
        """
        for match in itertools.islice(re.finditer(r"(?<![\w-])(?:of|by|from)\s+", text), 5):
            clause, end = _clause(text[match.end() :])
            heads, _ = self._object(clause, end)
            items = self.split(", ".join(heads))
            if any(self.lexicon.actor_alias.search(item) for item in items):
                return items
        return []

    def infinitive(self, text: str) -> tuple[int, str] | None:
        """The position of "to <verb>" and the verb, skipping adverbs ("to fully implement")."""
        for match in INFINITIVE_TO.finditer(text):
            words = text[match.end() : match.end() + 300].split(maxsplit=8)
            index = 0
            while index < len(words) and self._is_adverb_or_and(words[index]):
                index += 1
            if index < len(words) and self._is_verb(words[index]):
                verb = bare(words[index])
                if index + 1 < len(words) and bare(words[index + 1]) in PARTICLES:
                    verb += " " + bare(words[index + 1])  # "carry out", "set up"
                return match.start(), verb
        return None

    def split(self, phrase: str, *, require_alias: bool = False) -> list[str]:
        """The actor noun phrases of an addressee list (see the module docstring)."""
        masked, aliases = self._mask(RESPECTIVELY.sub(" ", phrase))
        masked = EFFORTS_OF.sub("", re.sub(r"\s*\([^()]*\)", "", masked))
        for tail in RESTRICTIVE_TAILS:
            if match := tail.search(masked):
                masked = masked[: match.start()]
        items = _merge(masked, aliases)
        result = []
        for item in items:
            if _names_an_act(item):
                continue
            item = MASK.sub(lambda m: aliases[int(m.group(1))], item)
            item = _tidy(item)
            if not item or bare(item) in PRONOUNS or not any(c.isalpha() for c in item):
                continue
            if require_alias and not self.lexicon.actor_alias.search(item):
                continue
            result.append(item)
        return result

    def _object(self, clause: str, end: str) -> tuple[list[str], str | None]:
        """
        Addressees named as the object: the comma-separated segments before the infinitive.
        After a qualifier ("with the support of ...") no segment is an addressee any more.
        Without an infinitive, only a chapeau ("Urges all Member States:") has addressees.
        """
        heads: list[str] = []
        dropping = False
        for segment in _split_commas(RESPECTIVELY.sub(" ", clause)):
            segment = segment.strip()
            if not segment:
                continue
            if heads and self._starts_clause(segment):
                break  # "Encourages X, invites Y to ...": a new clause, not another addressee
            if heads and APPOSITION.match(segment):
                continue
            found = self.infinitive(segment)
            if heads and (not found or found[0] > 0) and self._is_qualifier(segment):
                dropping = True
                continue
            if found:
                head = segment[: found[0]].strip()
                if head and not dropping:
                    heads.append(head)
                return heads, found[1]
            if not dropping:
                heads.append(segment)
        return (heads if end == ":" else []), None

    def _that_clause(self, clause: str) -> Addressing:
        """The subject of "Decides that all States shall ...", if it names known actors."""
        modal = re.search(rf"(?<![\w-])(?:{'|'.join(MODALS)})\b(?:\s+(?:not\s+)?(\w+))?", clause)
        if modal:
            subject = clause[: modal.start()]
            if subject.lstrip().startswith(","):
                # "Decides further that, to support the parties ..., UNMHA shall": the
                # subject follows the phrase the commas set off.
                *_, subject = _split_commas(subject)
            action = modal.group(1).casefold() if modal.group(1) else None
            if FINITE_VERB.search(subject):
                # "Decides that the restructuring ... is a vital part ... and should be
                # aimed at": the clause states something; it asks no one.
                return Addressing()
        else:
            subject, action = self._alias_run(clause), None
        return Addressing(self.split(subject, require_alias=True), action)

    def _alias_run(self, text: str) -> str:
        """The leading run of actor names in `text`, allowing short links between them."""
        end = 0
        for match in self.lexicon.actor_alias.finditer(text):
            if len(text[end : match.start()].split()) > 3:
                break
            end = match.end()
        return text[:end]

    def _mask(self, phrase: str) -> tuple[str, list[str]]:
        """Replace known actor names by placeholders so their inner "and" is never split."""
        phrase = phrase.replace("\ue000", "").replace("\ue001", "")  # never a placeholder
        aliases: list[str] = []

        def replace(match: re.Match) -> str:
            aliases.append(match.group())
            return f"\ue000{len(aliases) - 1}\ue001"

        return self.lexicon.actor_alias.sub(replace, phrase), aliases

    def _starts_clause(self, segment: str) -> bool:
        """Whether a segment opens a new clause with an operative verb ("and welcomes ...")."""
        return bool(self.lexicon.verb_phrase.match(re.sub(r"^(?:and|but)\s+", "", segment)))

    def _is_qualifier(self, segment: str) -> bool:
        if LIST_OPENERS.match(segment):
            return False
        first = bare(segment.split()[0])
        return bool(
            QUALIFIER.match(segment)
            or first in PREPOSITIONS
            or (first.endswith("ly") and not first.endswith("ply"))
            or is_gerund(first)
        )

    def _is_adverb_or_and(self, word: str) -> bool:
        word = bare(word)
        if word == "and":
            return True
        if word in self.lexicon.action_verbs:
            return False
        return word.endswith("ly") or self.lexicon.is_adverb(word)

    def _is_verb(self, word: str) -> bool:
        word = word.rstrip(",;:.")
        if not re.fullmatch(r"[a-z][a-z-]*", word):
            return False
        return (
            word not in DETERMINERS
            and word not in PREPOSITIONS
            and word not in PRONOUNS
            and not is_gerund(word)
        )


def _clause(text: str) -> tuple[str, str]:
    """The text up to the end of its clause, and the character that ends it (";", ":", ".")."""
    match = CLAUSE_END.search(text)
    return (text[: match.start()], match.group()) if match else (text, "")


def _split_commas(text: str) -> Iterator[str]:
    """Split at commas outside parentheses, one part at a time: a reader that stops at the
    first parts does not split a long rest it never reads."""
    depth, start = 0, 0
    for match in COMMA_OR_PARENTHESIS.finditer(text):
        char = match.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            yield text[start : match.start()]
            start = match.end()
    yield text[start:]


def _merge(masked: str, aliases: list[str]) -> list[str]:
    """
    Split a list into conjuncts and join back the ones that share a word: a lone adjective
    joins the next conjunct ("intergovernmental and non-governmental organizations"), a bare
    unknown plural joins the previous one ("United Nations bodies and agencies").
    """
    parts, separators, position = [], [], 0
    for match in SEPARATOR.finditer(masked):
        parts.append(masked[position : match.start()])
        separators.append(match)
        position = match.end()
    parts.append(masked[position:])

    def plain(text: str) -> str:
        return MASK.sub(lambda match: aliases[int(match.group(1))], text).strip()

    parts, separators = _join_entity_classes(parts, separators, plain)

    items: list[str] = []
    pending = ""
    for index, part in enumerate(parts):
        text, had_determiner = _strip_determiners(part)
        if not text:
            continue
        before = separators[index - 1] if index else None
        after = separators[index] if index < len(separators) else None
        shares_head = _is_lone_adjective(text) or (
            DEMONYM.fullmatch(text)
            and index + 1 < len(parts)
            and DEMONYM_PHRASE.fullmatch(_strip_determiners(plain(parts[index + 1]))[0])
        )
        if shares_head and _joins(after) and index + 1 < len(parts):
            pending += text + _render(after)
            continue
        if pending:
            items.append(pending + text)
            pending = ""
        elif items and _joins(before) and not had_determiner and _is_bare_noun(text):
            items[-1] += _render(before) + text
        else:
            items.append(text)
    if pending:
        items.append(pending.rstrip(" ,"))
    return items


def _join_entity_classes(parts: list[str], separators: list[re.Match], plain):
    """
    Join a run of entity nouns that share the complement of the last one: "agencies, funds
    and programmes of the United Nations system" stays one addressee.
    """
    joined_parts, joined_separators = [], []
    index = 0
    while index < len(parts):
        end = index
        while (
            end + 1 < len(parts)
            and ENTITY_CLASS.fullmatch(plain(parts[end]))
            and _joins(separators[end])
        ):
            end += 1
        last = plain(parts[end])
        head = ENTITY_CLASSES.match(last)
        if end > index and head and SHARED_COMPLEMENT.match(last, head.end()):
            text = parts[index]
            for position in range(index, end):
                text += _render(separators[position]) + parts[position + 1].strip()
            joined_parts.append(text)
        else:
            end = index
            joined_parts.append(parts[index])
        if end < len(separators):
            joined_separators.append(separators[end])
        index = end + 1
    return joined_parts, joined_separators


def _drop_asides(text: str) -> str:
    """
    Take out the asides of an addressee list: a condition goes ("where appropriate"), a
    specifier keeps its place as a list separator ("in particular").
    """

    def replace(match: re.Match) -> str:
        before = match.string[max(0, match.start() - 4) : match.start()]
        if match.start() == 0 or re.search(r"(?:^|\s)(?:and|or)$", before):
            return " "
        return f", {match.group('spec')} " if match.group("spec") else ", "

    return ASIDE.sub(replace, text)


def _names_an_act(masked_item: str) -> bool:
    """
    Whether a list item (its known names masked) is an act asked for ("the cessation of
    hostilities", "close collaboration with partners"), not an actor: its head, the last word
    before any preposition, is an action noun and no known name.
    """
    head = HEAD_END.split(masked_item, maxsplit=1)[0].split()
    return bool(head) and head[-1] not in NOT_ACTIONS and bool(ACTION_NOUN.fullmatch(head[-1]))


def _strip_determiners(text: str) -> tuple[str, bool]:
    words = text.split()
    stripped = 0
    while stripped < len(words) and words[stripped].casefold() in STRIPPED_DETERMINERS:
        stripped += 1
    return " ".join(words[stripped:]), stripped > 0


def _joins(separator: re.Match | None) -> bool:
    return separator is not None and not separator.group("spec")


def _render(separator: re.Match) -> str:
    """A separator as it is written back: ", ", ", and ", " and "."""
    text = " ".join(separator.group().split())
    return text + " " if text.startswith(",") else f" {text} "


def _is_lone_adjective(text: str) -> bool:
    return (
        " " not in text
        and "\ue000" not in text
        and text[:1].islower()
        and not text.endswith("s")
        and bool(re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))
    )


def _is_bare_noun(text: str) -> bool:
    return "\ue000" not in text and text[:1].islower() and len(text.split()) <= 2


def _tidy(item: str) -> str:
    item = re.sub(f"[{HYPHENS}]", "-", item)
    item = CONDITION_TAIL.sub("", " ".join(item.split()).strip(" ,;:."))
    item, _ = _strip_determiners(item)
    return item
