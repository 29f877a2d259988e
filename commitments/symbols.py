"""
Resolution symbols: whether one establishes an adoption, the format each body gives its
symbols, and the one normalizer every search and filter reads a typed symbol with.

A text is *adopted* when it has a symbol that is a real number, not a placeholder, and an
adoption date. "44/…" (the unedited text of a Human Rights Council resolution before its
number is given), "A/HRC/RES/44/…", a draft's "A/HRC/44/L.6" or no symbol at all are drafts:
they are shown, marked as such, but not counted as commitments States have made.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Body
from .parsing.numbering import DIGITS

# A placeholder is printed with an ellipsis (one character or three dots); a draft's own
# symbol is an "L." document. A real symbol ends with its number ("65/190", "1325 (2000)").
ELLIPSES = ("…", "...")
DRAFT_DOCUMENT = "/L."
ENDS_WITH_NUMBER = r"[0-9]\)?$"

# The symbols each body gives its adopted resolutions, and an example for the error message.
BODY_FORMATS = {
    Body.GENERAL_ASSEMBLY: (
        r"A/RES/(?:\d{1,3}|ES-\d{1,2}|S-\d{1,2})/\d{1,4}[A-Z]?",
        "A/RES/65/190",
    ),
    Body.HUMAN_RIGHTS_COUNCIL: (r"A/HRC/RES/(?:\d{1,2}|S-\d{1,2})/\d{1,4}", "A/HRC/RES/44/4"),
    Body.ECOSOC: (r"E/RES/\d{4}/\d{1,4}", "E/RES/2006/27"),
    Body.SECURITY_COUNCIL: (r"S/RES/\d{1,5} \(\d{4}\)", "S/RES/1325 (2000)"),
    Body.COMMISSION_STATUS_WOMEN: (r"E/CN\.6/(?:RES/)?\d{4}/\d{1,4}", "E/CN.6/2019/1"),
    Body.COMMISSION_CRIME_PREVENTION: (r"E/CN\.15/(?:RES/)?\d{4}/\d{1,4}", "E/CN.15/RES/2020/1"),
}

# What a typed symbol may look like once normalized: letters, digits, slashes and the marks
# symbols use, with at least one slash ("65/190", "E/RES/2006/27", "S/RES/1325 (2000)").
SYMBOLISH = re.compile(r"[A-Z0-9.\-/ ()…]*/[A-Z0-9.\-/ ()…]*")


def is_adopted(symbol: str | None, adopted_on) -> bool:
    """
    Whether a resolution's adoption is established. The database checks the same rule
    (`resolution_adoption_matches`), so keep the two in step.
    """
    return bool(
        symbol
        and adopted_on
        and re.search(ENDS_WITH_NUMBER, symbol)
        and not any(mark in symbol for mark in ELLIPSES)
        and DRAFT_DOCUMENT not in symbol
    )


def adopted_condition(prefix: str = "") -> Q:
    """`is_adopted` as a database condition on a resolution's columns (for its constraint)."""
    symbol = f"{prefix}symbol"
    return (
        Q(**{f"{symbol}__isnull": False, f"{prefix}adopted_on__isnull": False})
        & Q(**{f"{symbol}__regex": ENDS_WITH_NUMBER})
        & ~Q(**{f"{symbol}__contains": ELLIPSES[0]})
        & ~Q(**{f"{symbol}__contains": ELLIPSES[1]})
        & ~Q(**{f"{symbol}__contains": DRAFT_DOCUMENT})
    )


def normalize_symbol(text: str) -> str:
    """
    A symbol as typed, in the form symbols are stored: upper case, no spaces around slashes,
    no leading "res" or "resolution", one space before a year in brackets. "res 2006/27"
    -> "2006/27", "a/res/65/ 190" -> "A/RES/65/190", "s/res/1325(2000)" -> "S/RES/1325 (2000)".
    """
    symbol = " ".join(text.split()).upper()
    symbol = re.sub(r"^(?:RESOLUTION|RES\.?)\s+(?=\S*/)", "", symbol)
    symbol = re.sub(r"\s*/\s*", "/", symbol)
    symbol = re.sub(r"\s*\(\s*(\d{4})\s*\)", r" (\1)", symbol)
    return symbol.replace("...", "…").strip()


def symbol_condition(text: str, field: str = "symbol") -> Q | None:
    """
    The resolutions a typed symbol names, in any usual spelling: the whole symbol, or its
    number alone ("2006/27" finds E/RES/2006/27, "65/190" A/RES/65/190). None when the text
    does not look like a symbol (a title word): the caller searches it otherwise.
    """
    symbol = normalize_symbol(text)
    if not symbol or not SYMBOLISH.fullmatch(symbol):
        return None
    return Q(**{f"{field}__iexact": symbol}) | Q(**{f"{field}__iendswith": f"/{symbol}"})


def check_symbol_format(symbol: str, body: str) -> str:
    """
    `symbol` normalized, if it is an adopted resolution's symbol in its body's format; raises
    ValidationError otherwise (a placeholder, a draft's "L." symbol, another body's format).
    """
    symbol = normalize_symbol(symbol or "")
    if not symbol:
        raise ValidationError(_("An adopted resolution has a symbol."), code="required")
    if not is_adopted(symbol, True):
        raise ValidationError(
            _("%(symbol)s is not an adopted resolution's symbol: give its number."),
            params={"symbol": symbol},
            code="placeholder",
        )
    pattern, example = BODY_FORMATS.get(body, (None, None))
    if pattern and not re.fullmatch(pattern, symbol):
        raise ValidationError(
            _("%(body)s resolutions have symbols like %(example)s."),
            params={"body": Body(body).label, "example": example},
            code="format",
        )
    return symbol


# How each body prints the short number of a resolution above its title ("14/2"), and the
# symbol that number stands for, as the English parser reads it (its lexicon's templates).
SHORT_NUMBER_TEMPLATES = {
    Body.GENERAL_ASSEMBLY: "A/RES/{number}",
    Body.HUMAN_RIGHTS_COUNCIL: "A/HRC/RES/{number}",
    Body.ECOSOC: "E/RES/{number}",
    Body.SECURITY_COUNCIL: "S/RES/{number}",
}
FULL_SYMBOL = re.compile(
    "|".join(f"(?:{pattern})" for pattern, _example in BODY_FORMATS.values())
    # a placeholder's full symbol: "A/HRC/RES/44/…"
    + r"|A/HRC/RES/\d{1,2}/(?:…|\.\.\.)"
)
SHORT_NUMBER = re.compile(r"^\s*([0-9]{1,4}/(?:[0-9]{1,4}|…|\.\.\.))\s*\.?(?:\s|$)")
FIRST_OPERATIVE = re.compile(r"^\s*(?:[-*•]\s+)?[0-9٠-٩۰-۹０-９]{1,3}\s*(?:[.．]|\s?[-–—])\s", re.M)


def read_symbol(text: str, body: str) -> str | None:
    """
    The symbol a resolution's text carries in its heading, in any of the official languages:
    symbols are the same in all six. The first full symbol before the first operative
    paragraph ("A/HRC/RES/14/2" at the top of the page), else the short number printed above
    the title ("14/2", "44/…"), read with the body's template. None when it carries neither.
    """
    full, number = _heading_symbols(text)
    if full:
        return full
    template = SHORT_NUMBER_TEMPLATES.get(body)
    return normalize_symbol(template.format(number=number)) if template and number else None


def symbols_read_in(text: str) -> list[str]:
    """Every symbol `text`'s heading may stand for: its full symbol, or its short number read
    with each body's template (to find the resolution a text in another language is of)."""
    full, number = _heading_symbols(text)
    if full:
        return [full]
    if not number:
        return []
    return [normalize_symbol(t.format(number=number)) for t in SHORT_NUMBER_TEMPLATES.values()]


def _heading_symbols(text: str) -> tuple[str | None, str | None]:
    operative = FIRST_OPERATIVE.search(text)
    # An Arabic text may print its number in Arabic-Indic digits ("١٤/٢").
    heading = (text[: operative.start()] if operative else text).translate(DIGITS)
    if match := FULL_SYMBOL.search(" ".join(heading.split())):
        return normalize_symbol(match.group(0)), None
    for line in heading.splitlines():
        if match := SHORT_NUMBER.match(line):
            return None, match.group(1)
    return None, None
