"""
Closed-class English words the rules rely on: determiners, prepositions, modals, months.

These are grammar, not the UN vocabulary curators maintain (that lives in the Lexicon), so
they are constants here.
"""

import re


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one whitespace-separated string, easier to read and edit."""
    return tuple(text.split())


MONTHS = _words(
    "January February March April May June July August September October November December"
)
MONTH_NUMBERS = {name.casefold(): number for number, name in enumerate(MONTHS, start=1)}

ROMANS = _words("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx")

# Determiners dropped from the front of an actor ("all other organizations").
STRIPPED_DETERMINERS = frozenset(_words("the all other any each every both those these"))

DETERMINERS = STRIPPED_DETERMINERS | frozenset(_words("a an this that its their his her such our"))

PREPOSITIONS = frozenset(
    _words(
        """about above according across after against along alongside amid among amongst around
        as at before behind below beneath beside besides between beyond by concerning consistent
        despite down during except following for from in inside into like near notwithstanding
        of off on onto out outside over pending per pursuant regarding since through throughout
        till to toward towards under underneath unlike until up upon via when where whereas while
        with within without"""
    )
)

CONJUNCTIONS = frozenset(_words("and or nor but than whether if because"))

FUNCTION_WORDS = DETERMINERS | PREPOSITIONS | CONJUNCTIONS | frozenset(_words("that which who"))

MODALS = _words("shall should must will would may can could might")

# Words ending in "-ing" that are not gerunds ("to bring", "during").
NOT_GERUNDS = frozenset(
    _words(
        """bring spring string sing ring wring cling fling sling sting swing thing nothing
        anything something everything during king evening morning ceiling sibling wing"""
    )
)

# Compound prefixes whose hyphen survives a line break ("non-\ngovernmental").
HYPHEN_PREFIXES = frozenset(
    _words(
        """non self anti cross counter post pre co multi well ex all semi quasi pan socio age
        gender sex child long short high low full mid large small cost time"""
    )
)

# The two halves of a number word ("sixty-seventh", "twenty-one"): a hyphen at a line break
# between them stays ("at its eighty-\nfirst session").
NUMBER_TENS = frozenset(_words("twenty thirty forty fifty sixty seventy eighty ninety"))
NUMBER_UNITS = frozenset(
    _words(
        """one two three four five six seven eight nine first second third fourth fifth sixth
        seventh eighth ninth"""
    )
)

# Phrases introducing a cooperation partner or a condition inside an addressee list: what
# follows is not an addressee ("Governments, in cooperation with civil society, to ...").
QUALIFIER = re.compile(
    r"(?<![\w-])(?:"
    r"in\s+(?:close\s+|full\s+)?(?:cooperation|collaboration|partnership|consultation|"
    r"coordination|conjunction|liaison)\s+with"
    r"|with\s+the\s+(?:support|assistance|help|participation|involvement|cooperation|"
    r"contribution)\s+of"
    r"|in\s+accordance\s+with|in\s+line\s+with|consistent\s+with|in\s+the\s+context\s+of"
    r"|within\s+(?:existing|available|their|its|the)|with\s+a\s+view\s+to"
    r"|as\s+appropriate|where\s+appropriate|when\s+appropriate|where\s+necessary"
    r"|when\s+necessary|as\s+necessary|inter\s+alia|upon\s+request|on\s+request"
    r"|taking\s+into\s+account|bearing\s+in\s+mind"
    r")(?![\w-])",
    re.IGNORECASE,
)

# Words that open another item of an addressee list rather than a qualifier.
LIST_OPENERS = re.compile(
    r"^(?:and|or|as\s+well\s+as|including|in\s+particular|particularly|especially|notably)\b",
    re.IGNORECASE,
)

RELATIVE_CLAUSE = re.compile(r"\s(?:that|which|who|whom|whose|where)\s", re.IGNORECASE)


def bare(word: str) -> str:
    """A word without surrounding punctuation, casefolded: "(No." -> "no"."""
    return word.strip("()[]{}.,;:!?\"'“”‘’*").casefold()


def is_gerund(word: str) -> bool:
    word = bare(word)
    return len(word) > 4 and word.endswith("ing") and word not in NOT_GERUNDS
