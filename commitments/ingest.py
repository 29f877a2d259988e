"""
From a parse to database rows, in one transaction.

Importing is idempotent: the SHA-256 of the source text identifies it, so the same text
twice changes nothing. A different text of a resolution already held (same symbol) is a
corrected version: its operative paragraphs are matched to the current ones and those that
still match keep their Commitment rows (and so every progress entry recorded against them);
the ones the new text no longer has are retired, never deleted.

A single import links its resolution's lineage in its own transaction, so the import page
and the command line show the links at once. A batch (`import_batch`, the batch-import job)
stores each text in its own transaction and links all its resolutions once at its end:
linking reads and vectorizes every stored commitment, which at 10,000 commitments cost far
more than storing a resolution, and doing it once for the batch leaves the same links as
doing it after each import.
"""

import difflib
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .choices import ActorKind, Body, ParagraphKind
from .deadlines.requests import store_reporting_requests
from .lexicon import lexicon_from_db
from .lineage.linking import LinkOutcome, link_resolution, link_resolutions
from .models import (
    Actor,
    Commitment,
    CommitmentActor,
    Paragraph,
    Resolution,
    ResolutionRevision,
    Topic,
)
from .models.resolutions import CORRECTABLE
from .parsing import Lexicon, ParseError, parse_resolution
from .parsing.results import OperativeParagraph, ParsedResolution
from .recommendations import link_recommendations
from .signals import figures_changed
from .sources import SourceError
from .versions import realign

# Two versions of a paragraph under the same number are "the same commitment" when at least
# this share of their wording is common (difflib's ratio over words).
SAME_PARAGRAPH_RATIO = 0.6

# What a corrected text rewrites of a paragraph it keeps: the `values` of
# _ParagraphWriter.write.
UPDATED = [
    "position",
    "part",
    "part_title",
    "headings",
    "number",
    "sub",
    "parent",
    "opener",
    "text",
    "retired",
    "spans",
    "source_start",
    "source_end",
]

logger = logging.getLogger(__name__)


@dataclass
class ImportOutcome:
    """What an import did, for the user and the command line."""

    resolution: Resolution
    status: str  # "created", "unchanged" or "new_version"
    added: int = 0
    kept: int = 0
    retired: int = 0
    warnings: list[str] = field(default_factory=list)
    # The heading's facts the importer corrected (import_corrected).
    corrected: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        name = self.resolution.display_symbol
        corrected = ", ".join(
            str(Resolution._meta.get_field(n).verbose_name) for n in self.corrected
        )
        if self.status == "unchanged" and corrected:
            return f"{name}: this text was already imported; corrected its {corrected}."
        if self.status == "unchanged":
            return f"{name}: this text was already imported; nothing changed."
        if corrected:
            return f"{self._imported(name)} Corrected: {corrected}."
        return self._imported(name)

    def _imported(self, name) -> str:
        if self.status == "created":
            return f"{name}: imported with {self.added} commitments."
        return (
            f"{name}: version {self.resolution.version} imported; {self.kept} commitments kept, "
            f"{self.added} added, {self.retired} retired."
        )


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_imported(text: str) -> Resolution | None:
    """The resolution this exact text was imported as, as its current or an earlier version."""
    digest = source_hash(text)
    return Resolution.objects.filter(
        Q(source_hash=digest) | Q(revisions__source_hash=digest)
    ).first()


def import_corrected(text: str, heading: dict, *, user=None) -> ImportOutcome:
    """
    Import `text` and correct what the parser read of its heading to `heading` (symbol,
    body, session, title, adoption date, as the import preview shows them), in one
    transaction: the correction is kept in the resolution's history as the importer's.
    Raises ParseError, or ValidationError for a correction refused (nothing is saved).
    """
    with transaction.atomic():
        outcome = import_resolution(text, user=user)
        resolution = outcome.resolution
        changed = {
            name: value for name, value in heading.items() if getattr(resolution, name) != value
        }
        if changed:
            resolution.correct(user=user, note="Corrected on import", **changed)
            outcome.corrected = sorted(changed)
        return outcome


def import_resolution(
    text: str,
    *,
    user=None,
    lexicon: Lexicon | None = None,
    parsed: ParsedResolution | None = None,
    link: bool = True,
) -> ImportOutcome:
    """
    Parse `text` (unless a parse is given) and store it. Raises ParseError for text that
    is not a resolution, before anything is written. With `link=False` the lineage is not
    linked: the caller links the resolution itself (`link_resolutions`), as `import_batch`
    does once for a whole batch.
    """
    known = find_imported(text)
    if known is not None:
        return ImportOutcome(known, "unchanged")
    if parsed is None:
        parsed = parse_resolution(text, lexicon or lexicon_from_db())
    try:
        with transaction.atomic():
            return _store(text, parsed, user, link)
    except IntegrityError:
        # Another import of the same resolution committed first: store ours as its next
        # version (or find it was the very same text).
        with transaction.atomic():
            known = find_imported(text)
            if known is not None:
                return ImportOutcome(known, "unchanged")
            return _store(text, parsed, user, link)


@dataclass
class BatchOutcome:
    """
    What `import_batch` did: each text's outcome or why it was refused (a ParseError, or a
    SourceError for a file that could not be read), and the links.
    """

    results: list[tuple[str, ImportOutcome | ParseError | SourceError]] = field(
        default_factory=list
    )
    links: LinkOutcome = field(default_factory=LinkOutcome)

    @property
    def imported(self) -> list[tuple[str, ImportOutcome]]:
        return [(name, r) for name, r in self.results if isinstance(r, ImportOutcome)]

    @property
    def refused(self) -> list[tuple[str, ParseError | SourceError]]:
        return [(name, r) for name, r in self.results if not isinstance(r, ImportOutcome)]


def import_batch(
    texts: Iterable[tuple[str, str | Callable[[], str]]],
    *,
    user=None,
    lexicon: Lexicon | None = None,
    report: Callable[[int, int, str], None] | None = None,
) -> BatchOutcome:
    """
    Import many (name, text) pairs, each in its own transaction as `import_resolution`
    does, then link the lineage of every resolution the batch holds at once, in one more
    transaction. A text that is not a resolution is recorded with its ParseError and does
    not stop the others. `report(done, total, message)` hears of each step: one a text and
    one for the linking.

    A text may be given as a function that reads it (an uploaded file, decoded only when its
    turn comes, so a batch holds one text at a time); a SourceError it raises is recorded
    like a ParseError.

    Texts already imported ("unchanged") are linked too: a batch that stopped between its
    imports and its linking (a worker killed) is completed by running it again. One that
    stops on an unexpected error links what it stored before the error goes on.
    """
    texts = list(texts)
    lexicon = lexicon or lexicon_from_db()
    steps = len(texts) + 1
    outcome = BatchOutcome()
    try:
        for number, (name, text) in enumerate(texts):
            if report:
                report(number, steps, f"Importing {name}")
            try:
                if callable(text):
                    text = text()
                result = import_resolution(text, user=user, lexicon=lexicon, link=False)
            except (ParseError, SourceError) as error:
                result = error
            outcome.results.append((name, result))
    except Exception:
        try:
            _link_batch(outcome, report, steps)
        except Exception:  # the database may be gone too: the first error is the one to raise
            logger.warning("Could not link the batch's resolutions", exc_info=True)
        raise
    _link_batch(outcome, report, steps)
    return outcome


def _link_batch(outcome: BatchOutcome, report, steps: int):
    resolutions = {result.resolution.pk for _, result in outcome.imported}
    if not resolutions:
        return
    if report:
        report(steps - 1, steps, f"Linking the lineage of {len(resolutions)} resolutions")
    outcome.links = link_resolutions(resolutions)


def _store(text: str, parsed: ParsedResolution, user, link: bool = True) -> ImportOutcome:
    existing = _find_existing(parsed)
    metadata = {
        "symbol": parsed.symbol or None,
        "body": Body.from_name(parsed.body),
        "session": parsed.session or "",
        "title": parsed.title or "",
        "adopted_on": parsed.adopted,
        "vote_note": getattr(parsed, "vote_note", None) or "",
        "source_text": text,
        "source_hash": source_hash(text),
        "parse_warnings": list(parsed.warnings),
        "imported_by": user,
    }
    if existing is not None:
        # A heading fact the new text does not give keeps the value held, which may be a
        # coordinator's correction (Resolution.correct): a draft's date, say.
        metadata = {
            name: value
            for name, value in metadata.items()
            if value not in (None, "") or name not in CORRECTABLE
        }
    if existing is None:
        resolution = Resolution.objects.create(**metadata)
        writer = _ParagraphWriter(resolution, parsed, previous=[])
        writer.write(link)
        return ImportOutcome(resolution, "created", added=writer.added, warnings=parsed.warnings)

    ResolutionRevision.objects.create(
        resolution=existing,
        version=existing.version,
        source_text=existing.source_text,
        source_hash=existing.source_hash,
    )
    for name, value in metadata.items():
        setattr(existing, name, value)
    existing.version += 1
    existing.save()
    previous = list(
        existing.paragraphs.operative().filter(retired=False).select_related("commitment")
    )
    # The preamble and a recommended draft's paragraphs hold no progress: written anew.
    existing.paragraphs.exclude(kind=ParagraphKind.OPERATIVE).delete()
    Paragraph.objects.filter(pk__in=[p.pk for p in previous]).update(retired=True, position=None)
    writer = _ParagraphWriter(existing, parsed, previous=previous)
    writer.write(link)
    # Its texts in other languages are matched to the new English numbering.
    realign(existing)
    return ImportOutcome(
        existing,
        "new_version",
        added=writer.added,
        kept=writer.kept,
        retired=writer.retired,
        warnings=parsed.warnings,
    )


def _find_existing(parsed: ParsedResolution) -> Resolution | None:
    """The resolution a parse is a new text of: same symbol or, lacking one, same title."""
    holders = Resolution.objects.select_for_update()
    if parsed.symbol:
        return holders.filter(symbol=parsed.symbol).first()
    if parsed.title:
        return holders.filter(
            symbol__isnull=True,
            title=parsed.title,
            body=Body.from_name(parsed.body),
            adopted_on=parsed.adopted,
        ).first()
    return None


class _ParagraphWriter:
    """Writes one parse's paragraphs and commitments, reusing matching earlier ones."""

    def __init__(self, resolution, parsed, previous):
        self.resolution = resolution
        self.parsed = parsed
        self.previous = previous
        self.added = self.kept = self.retired = 0
        self.topic_ids = dict(Topic.objects.values_list("slug", "id"))
        self.actor_ids = dict(Actor.objects.values_list("name", "id"))

    def write(self, link: bool = True):
        # In document order: the resolution's preamble and operative part, then each annexed
        # text's own (their paragraphs carry their part).
        titles = {annex.part: annex.title for annex in self.parsed.annexes}
        parts = [None, *titles]
        order = sorted(
            [
                (parts.index(item.part), 0, index, item)
                for index, item in enumerate(self.parsed.preambular)
            ]
            + [
                (parts.index(item.part), 1, index, item)
                for index, item in enumerate(self.parsed.operative)
            ],
            key=lambda row: row[:3],
        )
        positions = {id(row[3]): position for position, row in enumerate(order, start=1)}
        preambular = [
            Paragraph(
                resolution=self.resolution,
                kind=ParagraphKind.PREAMBULAR,
                position=positions[id(item)],
                part=item.part or "",
                part_title=titles.get(item.part, "")[:300],
                opener=item.opener or "",
                text=item.text,
                **_span_fields(item.spans),
            )
            for item in self.parsed.preambular
        ]
        Paragraph.objects.bulk_create(preambular)

        matches = self._match_previous()
        # A paragraph some other parsed item continues is a chapeau (not tracked itself).
        self.chapeaux = {_parent_label(item) for item in self.parsed.operative if item.sub}
        by_label: dict[tuple[str, str, str], Paragraph] = {}
        # Parents first: a sub-paragraph needs its chapeau's primary key.
        for depth in (0, 1, 2):
            created, updated, recommended = [], [], []
            for item in self.parsed.operative:
                if _depth(item) != depth:
                    continue
                values = {
                    "position": positions[id(item)],
                    "part": item.part or "",
                    "part_title": titles.get(item.part, "")[:300],
                    "headings": list(item.headings),
                    "number": item.number,
                    "sub": item.sub or "",
                    "parent": by_label.get(_parent_label(item)),
                    "opener": item.verb if item.sub is None else "",
                    "text": item.text,
                    "retired": False,
                    **_span_fields(item.spans),
                }
                paragraph = matches.get(id(item))
                if _recommended(item):
                    # Another organ's draft: its paragraphs, no commitment of this resolution.
                    paragraph = Paragraph(
                        resolution=self.resolution, kind=ParagraphKind.RECOMMENDED, **values
                    )
                    recommended.append(paragraph)
                elif paragraph is None:
                    paragraph = Paragraph(
                        resolution=self.resolution, kind=ParagraphKind.OPERATIVE, **values
                    )
                    created.append((item, paragraph))
                else:
                    for name, value in values.items():
                        setattr(paragraph, name, value)
                    updated.append((item, paragraph))
                by_label[_own_label(item)] = paragraph
            Paragraph.objects.bulk_create([paragraph for _, paragraph in created] + recommended)
            _rewrite([paragraph for _, paragraph in updated], UPDATED)
            self._write_commitments(created, updated)
        self._retire_unmatched(matches)
        store_reporting_requests(self.resolution, self.parsed)
        # Lineage: suggest links to earlier and later resolutions' asks, in this transaction
        # (unless the caller links a whole batch at its end).
        link_recommendations(self.resolution)
        if link:
            link_resolution(self.resolution)

    def _match_previous(self) -> dict[int, Paragraph]:
        """Map parsed items (by id) to earlier paragraphs that are the same commitment."""
        matches: dict[int, Paragraph] = {}
        free = list(self.previous)
        passes = (
            lambda item, old: old.part == (item.part or "") and old.text == item.text,
            lambda item, old: (
                (old.part, old.number, old.sub) == _own_label(item)
                and _similarity(old.text, item.text) >= SAME_PARAGRAPH_RATIO
            ),
        )
        for same in passes:
            for item in self.parsed.operative:
                if id(item) in matches or _recommended(item):
                    continue
                for old in free:
                    if same(item, old):
                        matches[id(item)] = old
                        free.remove(old)
                        break
        return matches

    def _write_commitments(self, created, updated):
        new = [
            Commitment(paragraph=paragraph, resolution=self.resolution, **self._values(item))
            for item, paragraph in created
        ]
        for commitment in new:
            commitment.is_trackable = Commitment.compute_trackable(
                commitment.strength, commitment.actor_kind, commitment.is_chapeau
            )
        Commitment.objects.bulk_create(new)
        # Rewritten without save() (see _rewrite): what save() derives is set here, and
        # figures_changed (below) says they changed.
        kept, now = [], timezone.now()
        for item, paragraph in updated:
            commitment = paragraph.commitment
            for name, value in self._values(item).items():
                setattr(commitment, name, value)
            commitment.retired = False
            # A corrected text may give a paragraph sub-paragraphs or take them away: the
            # progress on it stays either way, and figures_changed recounts what counts it.
            commitment.is_trackable = Commitment.compute_trackable(
                commitment.strength, commitment.actor_kind, commitment.is_chapeau
            )
            commitment.updated = now
            kept.append(commitment)
        if kept:
            _rewrite(kept, [*self._values(updated[0][0]), "retired", "is_trackable", "updated"])
        CommitmentActor.objects.filter(commitment__in=kept).delete()
        pairs = [(item, c) for (item, _), c in zip(created, new, strict=True)]
        pairs += [(item, c) for (item, _), c in zip(updated, kept, strict=True)]
        CommitmentActor.objects.bulk_create(
            CommitmentActor(
                commitment=commitment,
                actor_id=self.actor_ids.get(actor.canonical),
                text=actor.text[:300],
                kind=actor.kind if actor.kind in ActorKind.values else ActorKind.OTHER,
                state_code=actor.code or "",
                position=position,
            )
            for item, commitment in pairs
            for position, actor in enumerate(item.actors)
        )
        through = Commitment.topics.through
        through.objects.filter(commitment__in=kept).delete()
        through.objects.bulk_create(
            through(commitment=commitment, topic_id=self.topic_ids[slug])
            for item, commitment in pairs
            for slug in dict.fromkeys(item.topics)
            if slug in self.topic_ids
        )
        self.added += len(new)
        self.kept += len(kept)
        figures_changed.send(sender=Commitment)

    def _values(self, item: OperativeParagraph) -> dict:
        return {
            "verb_phrase": item.verb[:128],
            "canonical_verb": (item.canonical_verb or "")[:80],
            "strength": item.strength,
            "action": (item.action or "")[:200],
            "sub_lead": (item.sub_lead or "")[:200],
            "actor_kind": item.actor_kind,
            "flags": list(item.flags),
            "is_chapeau": _own_label(item) in self.chapeaux,
        }

    def _retire_unmatched(self, matches):
        matched = {paragraph.pk for paragraph in matches.values()}
        gone = [paragraph.pk for paragraph in self.previous if paragraph.pk not in matched]
        self.retired = Commitment.objects.filter(paragraph_id__in=gone).update(retired=True)


def _rewrite(rows, fields: list[str]):
    """
    Write `fields` of each of `rows` (paragraphs or commitments a corrected text keeps), an
    UPDATE a row: what save() does, without the model signals save() sends. Each commitment
    saved told the dashboards their figures changed (a cache write of several queries), which
    at a few dozen a text was most of storing a corrected version; the writer sends
    figures_changed instead. (bulk_update's one statement takes Django longer to build than
    these take to run.)
    """
    for row in rows:
        type(row).objects.filter(pk=row.pk).update(**{name: getattr(row, name) for name in fields})


def _span_fields(spans) -> dict:
    pieces = [[span.start, span.end] for span in spans]
    return {
        "spans": pieces,
        "source_start": pieces[0][0] if pieces else 0,
        "source_end": pieces[-1][1] if pieces else 0,
    }


def _depth(item: OperativeParagraph) -> int:
    return 0 if not item.sub else item.sub.count("-") + 1


def _recommended(item: OperativeParagraph) -> bool:
    return "recommended_text" in item.flags


def _own_label(item: OperativeParagraph) -> tuple[str, str, str]:
    """Where an item stands: its part ("" in the resolution itself), number and sub."""
    return (item.part or "", item.number, item.sub or "")


def _parent_label(item: OperativeParagraph) -> tuple[str, str, str] | None:
    if not item.sub:
        return None
    return (item.part or "", item.number, item.sub.rpartition("-")[0])


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()
