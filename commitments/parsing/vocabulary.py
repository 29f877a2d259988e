"""
The regular expressions and lookup tables a Lexicon compiles to.

Built once per Lexicon (see `Lexicon.compiled`). Phrases are matched case-insensitively with
flexible whitespace, hyphen and apostrophe variants; all-capital acronyms ("WHO", "UN") are
matched case-sensitively so "who" and "un-" never become actors.
"""

from __future__ import annotations

import re
import unicodedata

from .grammar import FUNCTION_WORDS
from .lexicon import ActorEntry, BodyEntry, Lexicon, StateEntry, VerbEntry

HYPHENS = "-\u2010\u2011\u2012"
TOPIC_WORD = re.compile(r"[\w'-]+")
# Two or more capitalized words, with short connectors: the name of an organ or instrument.
PROPER_NAME = re.compile(
    r"[A-Z][\w'’-]*(?:(?:,?\s+(?:of|on|for|and|against|to|in|the|by)){0,3}\s+[A-Z][\w'’-]*)+"
)
# Where a proper name can start: the first capital of a word (see _without_proper_names).
NAME_START = re.compile(r"(?<![\w'’-])[\w'’-]*?[A-Z]")
# The end of a verb or opener: a word boundary, or a short word glued to it by a lost space
# at the end of an italic run ("Recallingall relevant resolutions", "Urgesall States").
WORD_END = (
    r"(?:(?![\w-])|(?=(?-i:the|all|that|to|also|its|their|of|in|on|upon|by|at|with|a|an)"
    r"(?![\w-])))"
)
APOSTROPHES = "'\u2019"


def _without_proper_names(text: str) -> str:
    """
    `PROPER_NAME.sub(" ", text)` in linear time. From any capital of a word a name reads on
    to the same word end and what follows it, so it matches from the word's first capital or
    from none of them: only that one is tried, not each capital of a long word in turn.
    """
    pieces, position = [], 0
    for start in NAME_START.finditer(text):
        capital = start.end() - 1
        if capital >= position and (name := PROPER_NAME.match(text, capital)):
            pieces += [text[position:capital], " "]
            position = name.end()
    pieces.append(text[position:])
    return "".join(pieces)


def normalize(text: str) -> str:
    """The lookup key of a phrase: casefolded, one space, ASCII hyphens and apostrophes."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(f"[{HYPHENS}]", "-", text)
    text = re.sub(f"[{APOSTROPHES}]", "'", text)
    return " ".join(text.split()).casefold()


def phrase_pattern(phrase: str, *, wildcard: bool = False, inner: str = "") -> str:
    """
    A regex source matching `phrase` with any whitespace between words. `inner` is an
    optional group allowed after the first word ("Bearing also in mind"); `wildcard` lets a
    trailing "*" match any word ending ("prosecut*").
    """
    star = wildcard and phrase.endswith("*")
    phrase = phrase.rstrip("*") if star else phrase
    parts = ["".join(_char_pattern(char) for char in word) for word in phrase.split()]
    if not parts:
        return "(?!)"
    source = parts[0] + (inner if len(parts) > 1 else "")
    if len(parts) > 1:
        source += r"\s+" + r"\s+".join(parts[1:])
    if star:
        source += r"[\w-]*"
    if phrase.isupper() and len(phrase) > 1 and " " not in phrase:
        source = f"(?-i:{source})"
    return source


class _KeywordIndex:
    """
    Keywords as word sequences, indexed by their first word (a one-word stem such as
    "prosecut*" by its first three letters), so a text is searched in one pass over its words.
    """

    def __init__(self):
        self.by_word: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.stems: dict[str, list[tuple[str, str]]] = {}
        self._stem_words: re.Pattern | None = None

    def add(self, keyword: str, slug: str):
        words = tuple(normalize(keyword).split())
        if len(words) == 1 and words[0].endswith("*"):
            stem = words[0].rstrip("*")
            self.stems.setdefault(stem[:3], []).append((stem, slug))
            self._stem_words = None
        elif words:
            self.by_word.setdefault(words[0], []).append((words, slug))

    def find(self, text: str) -> set[str]:
        # Most words of a paragraph start no keyword: the regular expression and the set
        # intersection pick out those that may, so the loops below run over a few words.
        text = normalize(text)
        words = TOPIC_WORD.findall(text)
        found: set[str] = set()
        if starts := self.by_word.keys() & words:
            for index, word in enumerate(words):
                if word in starts:
                    for keyword, slug in self.by_word[word]:
                        if _words_match(keyword, words, index):
                            found.add(slug)
        if self.stems:
            for word in self.stem_words().findall(text):
                for stem, slug in self.stems.get(word[:3], ()):
                    if word.startswith(stem):
                        found.add(slug)
        return found

    def stem_words(self) -> re.Pattern:
        """The words (as TOPIC_WORD reads them) that begin with one of the stems."""
        if self._stem_words is None:
            stems = sorted({stem for entries in self.stems.values() for stem, _ in entries})
            alternatives = "|".join(re.escape(stem) for stem in stems) or "(?!)"
            self._stem_words = re.compile(rf"(?<![\w'-])(?=(?:{alternatives}))[\w'-]+")
        return self._stem_words


def _words_match(keyword: tuple[str, ...], words: list[str], index: int) -> bool:
    """Whether `keyword` occurs at `words[index]`; a final "*" matches any ending."""
    candidate = words[index : index + len(keyword)]
    if len(candidate) < len(keyword):
        return False
    *head, last = keyword
    if candidate[:-1] != head:
        return False
    return candidate[-1].startswith(last[:-1]) if last.endswith("*") else candidate[-1] == last


def _char_pattern(char: str) -> str:
    if char in HYPHENS:
        return f"[{HYPHENS}]"
    if char in APOSTROPHES:
        return f"[{APOSTROPHES}]"
    return re.escape(char)


def trie_pattern(phrases, *, acronyms: bool = False) -> str:
    """
    One group matching any of `phrases` (flexible whitespace and hyphens), factored by their
    common prefixes so a search costs about the same with a thousand phrases as with ten.
    The longest phrase wins. With `acronyms`, a one-word all-capital phrase ("WHO") matches
    only in capitals, also inside a case-insensitive pattern.
    """
    trie: dict = {}
    for phrase in phrases:
        words = phrase.split()
        if not words:
            continue
        exact = acronyms and len(words) == 1 and len(phrase) > 1 and phrase.isupper()
        node = trie
        for index, word in enumerate(words):
            node = node.setdefault((word, exact and index == 0), {})
        node[None] = {}

    def source(node: dict) -> str:
        branches = []
        for key in sorted((k for k in node if k is not None), key=lambda k: (-len(k[0]), k)):
            word, exact = key
            word_source = "".join(_char_pattern(char) for char in word)
            if exact:
                word_source = f"(?-i:{word_source})"
            rest = dict(node[key])
            end = None in rest
            rest.pop(None, None)
            if rest:
                tail = rf"(?:\s+{source(rest)})"
                branches.append(word_source + tail + ("?" if end else ""))
            else:
                branches.append(word_source)
        return "(?:" + "|".join(branches) + ")" if branches else "(?!)"

    return source(trie)


# How resolutions name a State's government: "the Government of Iraq", "the authorities of
# the Sudan", "the Iraqi authorities", "the Sudanese parties".
STATE_FRAME = (
    r"(?:(?:Governments?|[Aa]uthorities|[Gg]overnment\s+and\s+people|[Pp]eople)"
    r"\s+of\s+(?:the\s+)?)?"
)
STATE_ADJECTIVE_NOUNS = r"(?:Governments?|[Aa]uthorities|[Pp]arties|[Ll]eadership)"


def _state_sources(states: tuple[StateEntry, ...]) -> tuple[str, dict[str, StateEntry]]:
    """The case-sensitive pattern of every State form, and its names and adjectives."""
    by_form: dict[str, StateEntry] = {}
    for state in states:
        for name in state.names:
            by_form[normalize(name)] = state
            if name.startswith("the "):
                by_form[normalize(name[4:])] = state
        for adjective in state.adjectives:
            by_form[normalize(adjective)] = state
    names = [name.removeprefix("the ") for state in states for name in state.names]
    adjectives = [adjective for state in states for adjective in state.adjectives]
    source = (
        rf"(?-i:(?<![\w-])(?:{STATE_FRAME}(?:the\s+)?(?P<state>{trie_pattern(names)})"
        rf"|(?P<adjective>{trie_pattern(adjectives)})\s+{STATE_ADJECTIVE_NOUNS})(?![\w-]))"
    )
    return source, by_form


def alternation(phrases, **options) -> str:
    """
    One non-capturing group of all phrases, longest first so the longest one wins.

    A regex tries the branches of an alternation one by one, hundreds at every word of a
    text. So the phrases are grouped by their first letter, and (without an `inner` group)
    those of several words by their first word and the next word's first letter, each
    group behind a lookahead all its phrases need. Phrases of different groups never match
    at the same place, and within a group the order is kept, so the same phrase wins as in
    one plain longest-first alternation; single words come after the longer phrases of their
    letter, which is where longest-first puts any that can match where those do.
    """
    unique = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    if not unique:
        return "(?!)"
    if len(unique) < 8:
        return "(?:" + "|".join(phrase_pattern(p, **options) for p in unique) + ")"
    words = {phrase: _phrase_words(phrase, options.get("wildcard", False)) for phrase in unique}
    kind = _case_classes(char for phrase in unique for word in words[phrase][:2] for char in word)
    by_letter: dict[object, list[str]] = {}
    for phrase in unique:
        key = kind[words[phrase][0][0]] if words[phrase] else None
        by_letter.setdefault(key, []).append(phrase)
    branches = []
    for members in by_letter.values():
        if options.get("inner") or len(members) < 4:
            body = [phrase_pattern(p, **options) for p in members]
        else:
            body = _by_second_word(members, words, kind, options)
        firsts = [words[p][0][0] for p in members if words[p]]
        branches.append(_guarded(_one_of(firsts), body) if len(members) > 1 else body[0])
    return "(?:" + "|".join(branches) + ")"


def _phrase_words(phrase: str, wildcard: bool) -> list[str]:
    """The words of a phrase as `phrase_pattern` reads them."""
    return (phrase.rstrip("*") if wildcard and phrase.endswith("*") else phrase).split()


def _by_second_word(members: list[str], words, kind, options) -> list[str]:
    """The branches of one letter: phrases of several words grouped by their first word and
    the next word's first letter, then the single words."""
    groups: dict[tuple, list[str]] = {}
    singles = []
    for phrase in members:
        first, *rest = words[phrase]
        if rest:
            key = (tuple(kind[char] for char in first), kind[rest[0][0]])
            groups.setdefault(key, []).append(phrase)
        else:
            singles.append(phrase)
    branches = []
    for group in groups.values():
        body = [phrase_pattern(p, **options) for p in group]
        if len(group) == 1:
            branches += body
            continue
        heads = sorted({"".join(map(_char_pattern, words[p][0])) for p in group})
        seconds = _one_of(words[p][1][0] for p in group)
        branches.append(_guarded(rf"(?:{'|'.join(heads)})\s+{seconds}", body))
    return branches + [phrase_pattern(p, **options) for p in singles]


def _guarded(guard: str, branches: list[str]) -> str:
    return f"(?={guard})(?:{'|'.join(branches)})"


def _one_of(chars) -> str:
    """A class of the given characters, with every hyphen or apostrophe for one of them."""
    found = set()
    for char in chars:
        found |= set(HYPHENS if char in HYPHENS else APOSTROPHES if char in APOSTROPHES else char)
    return "[" + "".join(re.escape(char) for char in sorted(found)) + "]"


def _case_classes(chars) -> dict[str, str]:
    """Each character's class: characters one of which matches the other ignoring case (or
    as hyphens, or apostrophes) share one, so phrases of different classes never meet."""
    chars = set(chars) | set(HYPHENS) | set(APOSTROPHES)
    parent = {char: char for char in chars}

    def root(char: str) -> str:
        while parent[char] != char:
            char = parent[char]
        return char

    for a in chars:
        for b in chars:
            if a < b and (
                re.fullmatch(_char_pattern(a), b, re.IGNORECASE)
                or re.fullmatch(_char_pattern(b), a, re.IGNORECASE)
            ):
                parent[root(a)] = root(b)
    return {char: root(char) for char in chars}


class CompiledLexicon:
    """Everything the rules look up, compiled from one Lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        adverb = alternation(lexicon.adverbs)
        self.adverb = re.compile(rf"{adverb}$", re.IGNORECASE)
        function_word = "(?:" + "|".join(sorted(FUNCTION_WORDS)) + ")"
        # "Decides also that", "Recalling also General Assembly resolution ...", but not
        # "Welcomes further briefings", where "further" is an adjective.
        trailing_adverb = rf"(?:\s+{adverb}(?=\s+(?:{function_word}\b|(?-i:[A-Z0-9]))))"
        complement = alternation(lexicon.verb_complements)
        inner = rf"(?:\s+{adverb})?"

        self.verbs_by_form: dict[str, VerbEntry] = {
            normalize(form): entry for entry in lexicon.verbs for form in entry.forms
        }
        forms = alternation(self.verbs_by_form, inner=inner)
        self.verb_phrase = re.compile(
            rf"(?P<lead>(?:{adverb}\s*,?\s+)*)(?P<form>{forms})"
            rf"{trailing_adverb}*(?:\s+(?P<complement>{complement}))?{WORD_END}",
            re.IGNORECASE,
        )
        clause_verbs = lexicon.annex_verbs if lexicon.annex_reading else lexicon.verbs
        directive_forms = alternation(
            (
                normalize(form)
                for entry in clause_verbs
                if entry.directive
                for form in entry.forms
                if self.verbs_by_form.get(normalize(form)) is entry
            ),
            inner=inner,
        )
        # A further directive clause in a paragraph: "..., and urges States parties ...",
        # "Encourages ..., invites States to contribute ...".
        self.directive_clause = re.compile(
            rf"(?:(?<![\w-])(?:and|but)\s+|[;,]\s*)"
            rf"(?:(?:in\s+this\s+regard|in\s+that\s+regard|in\s+this\s+context|to\s+this\s+end)"
            rf"\s*,?\s+)?(?:{adverb}\s+)*(?P<form>{directive_forms})(?![\w-])"
        )
        openers = alternation(lexicon.preambular_openers, inner=inner)
        self.opener = re.compile(
            rf"(?:(?:{adverb}|[A-Za-z]+ly)\s+)*(?P<opener>{openers})"
            rf"{trailing_adverb}*(?:\s+{complement})?{WORD_END}",
            re.IGNORECASE,
        )

        self.actors_by_alias: dict[str, ActorEntry] = {
            normalize(alias): entry for entry in lexicon.actors for alias in entry.aliases
        }
        aliases = trie_pattern(
            (alias for entry in lexicon.actors for alias in entry.aliases), acronyms=True
        )
        states, self.states_by_form = _state_sources(lexicon.states)
        self.state = re.compile(states)
        # Named States first: "the Government of Iraq" is Iraq, not "Government".
        self.actor_alias = re.compile(rf"{states}|(?<![\w-]){aliases}(?![\w-])", re.IGNORECASE)
        # "... and for States parties to implement ...": a further subject of the action.
        self.coordinated_subject = re.compile(
            rf"(?<![\w-])(?:and|or)\s+(?:for\s+)?(?:(?:the|all|other)\s+)*"
            rf"(?P<actor>{aliases})(?=\s+to\s)",
            re.IGNORECASE,
        )

        # A capitalized keyword names something ("Special Rapporteur", "Trust Fund"); a
        # lowercase one is a theme word, not to be found inside a proper name ("Commission on
        # Crime Prevention and Criminal Justice" is not about prevention).
        self.named_keywords, self.theme_keywords = _KeywordIndex(), _KeywordIndex()
        for topic in lexicon.topics:
            for keyword in topic.keywords:
                index = self.theme_keywords if keyword.islower() else self.named_keywords
                index.add(keyword, topic.slug)
        self.parent_topic = {topic.slug: topic.parent for topic in lexicon.topics}

        self.noise = re.compile(
            "|".join(f"(?:{pattern})" for pattern in lexicon.noise_patterns) or "(?!)"
        )
        self.bodies_by_alias: dict[str, BodyEntry] = {
            normalize(alias): body
            for body in lexicon.bodies
            for alias in (body.name, *body.aliases)
        }
        self.numbered_references = frozenset(
            normalize(word) for word in lexicon.numbered_references
        )
        self.action_verbs = frozenset(normalize(word) for word in lexicon.action_verbs)

    def verb_for(self, form: str) -> VerbEntry | None:
        """The entry of a matched form, whatever adverb sits inside it ("Calls also upon")."""
        key = normalize(form)
        if key in self.verbs_by_form:
            return self.verbs_by_form[key]
        words = key.split()
        # One or two words inside the form: "Calls also upon", "Calls once again upon".
        for length in (1, 2):
            for skip in range(1, len(words) - length + 1):
                candidate = " ".join(words[:skip] + words[skip + length :])
                if candidate in self.verbs_by_form:
                    return self.verbs_by_form[candidate]
        return None

    def actor_for(self, text: str) -> ActorEntry | None:
        """The entry of the longest alias inside `text` ("relevant United Nations bodies");
        a named State ("the Government of Iraq") is an entry of kind states with its code."""
        best = None
        for match in self.actor_alias.finditer(text):
            if best is None or len(match.group()) > len(best.group()):
                best = match
        if best is None:
            return None
        if best.group("state") or best.group("adjective"):
            state = self.states_by_form[normalize(best.group("state") or best.group("adjective"))]
            return ActorEntry(state.name, "states", (), code=state.iso3)
        return self.actors_by_alias.get(normalize(best.group()))

    def topics_in(self, text: str) -> set[str]:
        """Slugs of the topics one of whose keywords occurs in `text` (as whole words)."""
        return self.named_keywords.find(text) | self.theme_keywords.find(
            _without_proper_names(text)
        )

    def is_adverb(self, word: str) -> bool:
        return bool(self.adverb.match(word))
