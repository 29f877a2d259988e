"""
Text compared as people read it: without accents or case, in every app (search matches with
it, lists of names sort by it).
"""

import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent, written as
# PostgreSQL's unaccent writes them.
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ħ": "h",
        "Ħ": "H",
        "ı": "i",
        "þ": "th",
        "Þ": "TH",
    }
)


def fold(text: str) -> str:
    """`text` without accents and case-folded: "Côte" and "COTE" both give "cote"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
