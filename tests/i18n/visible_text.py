"""
Visible text in templates that is not marked for translation.

A template is read as HTML in which the template language's tags are opaque: text between HTML
tags, and the values of the attributes people read (title, aria-label, alt, placeholder,
data-label), are visible unless they are inside `{% translate %}` / `{% blocktranslate %}`
(Jinja2: `{% trans %}`, `_()`), a comment, a script or a style. Visible text with two letters in
a row or more is reported; punctuation, numbers and template variables alone are not.
"""

import re
from dataclasses import dataclass
from pathlib import Path

# Template tags and variables, Django's and Jinja2's.
TOKEN = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
TAG = re.compile(r"<!--.*?-->|<[a-zA-Z/!][^<>]*>", re.S)
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-label", "aria-description")
ATTRIBUTE = re.compile(r"\s(" + "|".join(ATTRIBUTES) + r')="([^"]*)"')
LETTERS = re.compile(r"[^\W\d_]{2,}")
OPENS = {
    "blocktrans": re.compile(r"{%-?\s*(blocktrans|blocktranslate|trans)\b(?!\s+[\"'_])"),
    "comment": re.compile(r"{%-?\s*comment\b"),
    "raw": re.compile(r"{%-?\s*verbatim\b"),
    # The admin's body class names: words of CSS, not of people.
    "class": re.compile(r"{%-?\s*block bodyclass\b"),
}
CLOSES = {
    "blocktrans": re.compile(r"{%-?\s*(endblocktrans|endblocktranslate|endtrans)\b"),
    "comment": re.compile(r"{%-?\s*endcomment\b"),
    "raw": re.compile(r"{%-?\s*endverbatim\b"),
    "class": re.compile(r"{%-?\s*endblock\b"),
}


@dataclass
class Unmarked:
    path: Path
    line: int
    text: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.text!r}"


def _hidden_spans(source: str) -> list[tuple[int, int]]:
    """Where nothing is visible text: translated blocks, comments, scripts and styles."""
    spans = []
    for kind, opener in OPENS.items():
        for start in opener.finditer(source):
            end = CLOSES[kind].search(source, start.end())
            if end is not None:
                spans.append((start.start(), end.end()))
    for element in ("script", "style"):
        pattern = rf"<{element}\b.*?</{element}>"
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, source, re.S | re.I)]
    return spans


def _visible(text: str) -> bool:
    text = TOKEN.sub(" ", text)
    text = re.sub(r"&[a-zA-Z]+;|&#\d+;", " ", text)
    return bool(LETTERS.search(text))


def unmarked_text(path: Path) -> list[Unmarked]:
    source = path.read_text(encoding="utf-8")
    hidden = _hidden_spans(source)

    def is_hidden(position):
        return any(start <= position < end for start, end in hidden)

    def line(position):
        return source.count("\n", 0, position) + 1

    found = []
    # Tags are found with the template language's own tags masked, so that a `>` inside
    # `{% if a > b %}` is not read as the end of an HTML tag.
    masked = TOKEN.sub(lambda m: "\0" * len(m.group()), source)
    position = 0
    for tag in TAG.finditer(masked):
        found += _text_between(source, position, tag.start(), is_hidden, line, path)
        position = tag.end()
        if tag.group().startswith("<!--"):
            continue
        for attribute in ATTRIBUTE.finditer(masked, tag.start(), tag.end()):
            found += _text_between(
                source, attribute.start(2), attribute.end(2), is_hidden, line, path
            )
    found += _text_between(source, position, len(source), is_hidden, line, path)
    return found


def _text_between(source, start, end, is_hidden, line, path):
    found = []
    position = start
    # Text between the template language's tags: each piece is checked on its own, as the
    # pieces a `{% translate %}` tag leaves outside itself.
    for token in [*TOKEN.finditer(source, start, end), None]:
        stop = token.start() if token is not None and token.end() <= end else end
        piece = source[position:stop]
        if piece.strip() and not is_hidden(position) and _visible(piece):
            found.append(Unmarked(path, line(position), piece.strip()))
        if token is None or token.end() > end:
            break
        position = token.end()
    return found
