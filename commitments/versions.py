"""
Importing a resolution's text in another official language, and matching it to the English.

The English text drives the parse; another language's text is split by its numbering only
(commitments.parsing.numbering) and each piece matched to the English operative paragraph of
the same part, number and sub-paragraph. A version whose numbering does not line up (a
paragraph missing, one too many, one numbered twice) is stored with its problems and shows no
text at all: nothing is aligned by guess.

A version carries the resolution's symbol, read from its heading; a text of another
resolution is refused before anything is written. Importing a language's text again replaces
the one held (the same text changes nothing); a corrected English text matches every held
version again (commitments.ingest).
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .choices import TextStatus, version_languages
from .models import Paragraph, ParagraphText, Resolution, ResolutionText
from .parsing.numbering import NumberedPiece, paragraph_label, split_numbered
from .symbols import normalize_symbol, read_symbol, symbols_read_in


@dataclass
class Alignment:
    """The English paragraphs a version's pieces stand for, or why they cannot be matched."""

    matches: list[tuple[Paragraph, NumberedPiece]] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


@dataclass
class VersionOutcome:
    version: ResolutionText
    status: str  # "created", "replaced" or "unchanged"


def check_language(language: str) -> str:
    if language not in dict(version_languages()):
        raise ValidationError(
            _("%(language)s is not one of the official languages other than English."),
            params={"language": language},
            code="language",
        )
    return language


def check_symbol(resolution: Resolution, text: str) -> str:
    """The symbol `text` carries, if it is the resolution's; ValidationError otherwise."""
    if not resolution.symbol:
        raise ValidationError(
            _(
                "This resolution has no symbol, so a text in another language cannot be "
                "matched to it."
            ),
            code="no_symbol",
        )
    symbol = read_symbol(text, resolution.body)
    if symbol is None:
        raise ValidationError(
            _(
                "No symbol was found in the text's heading: a version must carry the "
                "resolution's symbol, %(symbol)s."
            ),
            params={"symbol": resolution.symbol},
            code="symbol_missing",
        )
    if normalize_symbol(symbol) != normalize_symbol(resolution.symbol):
        raise ValidationError(
            _("This text is resolution %(found)s, not %(symbol)s: it was not imported."),
            params={"found": symbol, "symbol": resolution.symbol},
            code="symbol_mismatch",
        )
    return symbol


def align(resolution: Resolution, text: str) -> Alignment:
    """Match `text`'s numbered pieces to the resolution's current English paragraphs."""
    english = {
        (p.part, p.number, p.sub): p
        for p in Paragraph.objects.current().filter(resolution=resolution).exclude(number="")
    }
    pieces = split_numbered(text)
    if not pieces:
        return Alignment(problems=[{"code": "empty"}])
    found: dict[tuple, NumberedPiece] = {}
    repeated = []
    for piece in pieces:
        if piece.key in found and piece.label not in repeated:
            repeated.append(piece.label)
        found.setdefault(piece.key, piece)
    problems = []
    if len(pieces) != len(english):
        problems.append({"code": "count", "english": len(english), "version": len(pieces)})
    missing = [paragraph_label(*key) for key in english if key not in found]
    extra = [piece.label for key, piece in found.items() if key not in english]
    for code, places in (("missing", missing), ("extra", extra), ("repeated", repeated)):
        if places:
            problems.append({"code": code, "places": places})
    if problems:
        return Alignment(problems=problems)
    return Alignment(matches=[(english[key], piece) for key, piece in found.items()])


def import_version(
    resolution: Resolution, language: str, text: str, *, user=None
) -> VersionOutcome:
    """
    Store `text` as the resolution's version in `language`, replacing the one held. Raises
    ValidationError for English or a language not official, and for a text that does not
    carry the resolution's symbol; a text whose numbering does not line up is stored,
    flagged with its problems.
    """
    check_language(language)
    if not text.strip():
        raise ValidationError(_("The text is empty."), code="empty")
    check_symbol(resolution, text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        held = (
            ResolutionText.objects.select_for_update()
            .filter(resolution=resolution, language=language)
            .first()
        )
        if held and held.source_hash == digest and held.english_version == resolution.version:
            return VersionOutcome(held, "unchanged")
        version = held or ResolutionText(resolution=resolution, language=language)
        version.source_text, version.source_hash = text, digest
        version.imported_by = user or version.imported_by
        _match(version, resolution)
        return VersionOutcome(version, "created" if held is None else "replaced")


def realign(resolution: Resolution):
    """Match every version held to the resolution's current English text (after a new one)."""
    for version in ResolutionText.objects.filter(resolution=resolution):
        _match(version, resolution)


def _match(version: ResolutionText, resolution: Resolution):
    alignment = align(resolution, version.source_text)
    version.status = TextStatus.MISALIGNED if alignment.problems else TextStatus.ALIGNED
    version.problems = alignment.problems
    version.english_version = resolution.version
    version.save()
    version.paragraph_texts.all().delete()
    ParagraphText.objects.bulk_create(
        ParagraphText(version=version, paragraph=paragraph, text=piece.text)
        for paragraph, piece in alignment.matches
    )


def shown_language(language: str | None) -> str | None:
    """The version language a reader's active language asks for, or None (English, other)."""
    code = (language or "").lower()
    return code if code in dict(version_languages()) else None


def attach_versions(paragraphs, language: str | None):
    """
    Give each paragraph its text in the aligned version in `language` as `shown_version`
    (None where there is none), in one query; nothing for English.
    """
    paragraphs = [paragraph for paragraph in paragraphs if paragraph is not None]
    for paragraph in paragraphs:
        paragraph.shown_version = None
    code = shown_language(language)
    if code is None or not paragraphs:
        return
    texts = ParagraphText.objects.shown_in(code).filter(
        paragraph__in=[paragraph.pk for paragraph in paragraphs]
    )
    found = {text.paragraph_id: text for text in texts.select_related("version")}
    for paragraph in paragraphs:
        paragraph.shown_version = found.get(paragraph.pk)


def held_resolution(text: str) -> Resolution:
    """
    The held resolution whose symbol a text in another language carries in its heading (the
    full symbol, or the short number above the title); ValidationError if none or several.
    """
    held = list(Resolution.objects.filter(symbol__in=symbols_read_in(text))[:2])
    if len(held) == 1:
        return held[0]
    if held:
        raise ValidationError(
            _(
                "The heading's number stands for %(first)s and %(second)s: give the full "
                "symbol in the text."
            ),
            params={"first": held[0].symbol, "second": held[1].symbol},
        )
    raise ValidationError(
        _(
            "No resolution held carries the symbol in this text's heading; import the English "
            "text first."
        )
    )
