"""
The build fails when a language is incomplete: a catalog with an entry untranslated, fuzzy or
whose placeholders do not match, a glossary name a translation does not use, or a template with
visible text that is not marked for translation (tests/i18n/visible_text.py).
"""

import csv
import gettext
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .visible_text import unmarked_text

LOCALE = Path(settings.LOCALE_PATHS[0])
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))  # django.po, and djangojs.po for scripts
TEMPLATES = sorted(
    path
    for pattern in ("templates/**/*.html", "templates/**/*.txt", "*/jinja2/**/*.html")
    for path in Path(settings.BASE_DIR).glob(pattern)
    if ".venv" not in path.parts
)


def language(catalog: Path) -> str:
    return catalog.parent.parent.name


def name(catalog: Path) -> str:
    return f"{language(catalog)}-{catalog.stem}"


def gettext_tool(*args) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env={"LC_ALL": "C"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def msgids(po_text: str) -> list[str]:
    """The messages of a catalog as gettext's tools print them, the header left out."""
    found = re.findall(r'^msgid "(.*)"\n((?:".*"\n)*)', po_text, flags=re.M)
    return [first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in found][1:]


def test_it_has_catalogs_for_french_and_arabic():
    assert {"fr-django", "fr-djangojs", "ar-django", "ar-djangojs"} <= set(map(name, CATALOGS))


@pytest.mark.parametrize("catalog", CATALOGS, ids=name)
def test_it_leaves_no_entry_of_a_catalog_untranslated(catalog):
    untranslated = gettext_tool("msgattrib", "--untranslated", "--no-obsolete", str(catalog))
    assert msgids(untranslated) == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=name)
def test_it_leaves_no_entry_of_a_catalog_fuzzy(catalog):
    fuzzy = gettext_tool("msgattrib", "--only-fuzzy", "--no-obsolete", str(catalog))
    assert msgids(fuzzy) == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=name)
def test_it_compiles_every_catalog_with_matching_placeholders(catalog, tmp_path):
    gettext_tool("msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(catalog))


@pytest.mark.parametrize("catalog", CATALOGS, ids=name)
def test_it_names_un_organs_and_bodies_as_the_glossary_does(catalog, tmp_path):
    mo = tmp_path / "django.mo"
    gettext_tool("msgfmt", "-o", str(mo), str(catalog))
    with mo.open("rb") as file:
        translations = gettext.GNUTranslations(file)._catalog
    with (LOCALE / "glossary.csv").open(encoding="utf-8") as file:
        names = [row for row in csv.DictReader(file) if row["kind"] == "name"]
    code = language(catalog).lower().replace("_", "-")  # zh_Hans's column is zh-hans
    wrong = [
        (name["en"], msgid)
        for name in names
        for msgid, translated in translations.items()
        if isinstance(msgid, str)
        and name["en"].casefold() in msgid.casefold()
        and name[code] not in translated
    ]
    assert names and wrong == []


def test_it_finds_unmarked_text_in_a_template(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1 title="Plain title">{% translate "Marked" %}</h1>\n'
        "<p>{{ count }} left, {% blocktranslate %}all {{ n }}{% endblocktranslate %}</p>\n"
        "{# a comment #}<script>let words = 'none';</script>",
        encoding="utf-8",
    )

    assert [(found.line, found.text) for found in unmarked_text(template)] == [
        (1, "Plain title"),
        (2, "left,"),
    ]


def test_it_marks_every_visible_text_of_every_template():
    unmarked = [str(found) for template in TEMPLATES for found in unmarked_text(template)]
    assert len(TEMPLATES) > 90 and unmarked == []
