"""
Names of states and regions in the reader's language.

The English names stay the UN's own (states/data/m49.csv), as resolutions print them. In the
other languages a state's name comes from the ISO 3166-1 translations that pycountry ships (the
Unicode CLDR's, through Babel, where a catalog lacks one), and a region's from the CLDR, whose
region names are keyed by the same M49 codes. Both are maintained sources; a name neither has
falls back to the English one.
"""

import functools
import gettext

import pycountry
from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.text import fold

# Django's language codes and the locales the two sources know them by.
ISO_LOCALES = {"zh-hans": "zh_CN", "zh-hant": "zh_TW"}
CLDR_LOCALES = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant"}
# The M49 regions that CLDR draws otherwise (its 419 is Latin America without the Caribbean, its
# 053 Australasia): their names in the UN's own translations, from the catalogs.
M49_NAMES = {
    "419": _("Latin America and the Caribbean"),
    "053": _("Australia and New Zealand"),
}


def _reader_language() -> str:
    return (translation.get_language() or "en").lower()


@functools.cache
def _state_names(language: str) -> dict[str, str]:
    """ISO alpha-3 code → the ISO name in `language` ({} where pycountry has no catalog)."""
    locale = ISO_LOCALES.get(language, translation.to_locale(language))
    try:
        catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
    except OSError:
        return {}
    # ISO's formal short name ("Corée, République de"), never its colloquial common name
    # ("Corée du Sud"), which the UN does not use.
    names = {}
    cldr = _cldr(language)
    territories = cldr.territories if cldr else {}
    for country in pycountry.countries:
        translated = catalog.gettext(country.name)
        if translated != country.name:
            names[country.alpha_3] = translated
        elif country.alpha_2 in territories:
            # A name ISO changed lately ("Türkiye") is not in every catalog yet: CLDR's.
            names[country.alpha_3] = territories[country.alpha_2]
    return names


@functools.cache
def _cldr(language: str) -> Locale | None:
    try:
        return Locale.parse(CLDR_LOCALES.get(language, translation.to_locale(language)))
    except (ValueError, UnknownLocaleError):
        return None


@functools.cache
def _region_names(language: str) -> dict[str, str]:
    """M49 code → the CLDR region name in `language`."""
    locale = _cldr(language)
    if locale is None:
        return {}
    return {code: name for code, name in locale.territories.items() if code.isdigit()}


def state_name(iso3: str, english: str) -> str:
    """The state of code `iso3` (UN short name `english`) named in the reader's language."""
    language = _reader_language()
    if language.startswith("en"):
        return english
    return _state_names(language).get(iso3, english)


def region_name(m49_code: str, english: str) -> str:
    """The M49 region of code `m49_code` (UN name `english`) named in the reader's language."""
    language = _reader_language()
    if language.startswith("en"):
        return english
    if m49_code in M49_NAMES:
        return str(M49_NAMES[m49_code])
    return _region_names(language).get(m49_code, english)


def names_everywhere(iso3: str) -> set[str]:
    """Every language's name of the state of code `iso3`, for reading names people type."""
    names = (
        _state_names(code).get(iso3)
        for code, _name in settings.LANGUAGES
        if not code.startswith("en")  # English is the UN's name, which callers hold
    )
    return {name for name in names if name}


def by_labels(*labels):
    """
    A sort key for states (or regions) by their names in the reader's language, accents and
    case aside ("Égypte" among the E's): each of `labels` gives one name of an object
    (`lambda state: state.region.label`), in order.
    """
    return lambda item: tuple(fold(label(item)) for label in labels)
