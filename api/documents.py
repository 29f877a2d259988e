"""
A resolution as one self-contained JSON document, and back.

`resolution_document(resolution)` writes everything the database holds about a resolution:
its metadata and source text, earlier texts, every paragraph (current and retired, with
their spans into the source) and the commitment each operative one makes, with addressees,
topics, the reporting requests it makes (and whether they were fulfilled), and the actors and
topics those name. `import_resolution_document(data)` reads such
a document into another database and rebuilds the same rows; actors and topics already there
(same name, same slug) are reused as they are.
"""

from django.db import transaction
from django.db.models import Prefetch

from commitments.models import (
    Actor,
    Commitment,
    CommitmentActor,
    Paragraph,
    ReportingRequest,
    Resolution,
    ResolutionRevision,
    SdgTarget,
    Topic,
)

FORMAT = "commitment-tracker/resolution"
FORMAT_VERSION = 1

RESOLUTION_FIELDS = (
    "symbol",
    "body",
    "session",
    "title",
    "adopted_on",
    "vote_note",
    "source_text",
    "source_hash",
    "version",
    "parse_warnings",
)
PARAGRAPH_FIELDS = (
    "kind",
    "position",
    "number",
    "sub",
    "opener",
    "text",
    "source_start",
    "source_end",
    "spans",
    "retired",
)
# A reporting request as the document writes it (its commitment is the one it sits in).
REQUEST_FIELDS = (
    "kind",
    "requested_of",
    "source_text",
    "span_start",
    "span_end",
    "due_body",
    "due_session",
    "session_kind",
    "due_date",
    "is_estimate",
    "basis",
    "period_months",
    "fulfilled_on",
    "fulfilment_note",
)
# Written by every document, read when there (documents made before it was written omit it).
OPTIONAL_REQUEST_FIELDS = {"period_months"}
# Where a paragraph of an annexed text stands: documents written before annexes were read
# do not have them, and their paragraphs are the resolution's own.
PART_FIELDS = {"part": "", "part_title": "", "headings": []}
COMMITMENT_FIELDS = (
    "verb_phrase",
    "canonical_verb",
    "strength",
    "action",
    "sub_lead",
    "actor_kind",
    "flags",
    "retired",
)


class DocumentError(ValueError):
    """The document is not a resolution document this version can read."""


def document_queryset():
    """Resolutions with everything a document holds, in a fixed number of queries."""
    paragraphs = Paragraph.objects.select_related("commitment").order_by(
        "retired", "position", "pk"
    )
    links = CommitmentActor.objects.select_related("actor").order_by("position")
    return Resolution.objects.prefetch_related(
        Prefetch("revisions", queryset=ResolutionRevision.objects.order_by("version")),
        Prefetch("paragraphs", queryset=paragraphs),
        Prefetch("paragraphs__commitment__actor_links", queryset=links),
        Prefetch(
            "paragraphs__commitment__reporting_requests",
            queryset=ReportingRequest.objects.order_by("span_start", "pk"),
        ),
        Prefetch(
            "paragraphs__commitment__topics",
            queryset=Topic.objects.select_related("parent").prefetch_related(
                "sdg_targets", "parent__sdg_targets"
            ),
        ),
    )


def resolution_document(resolution) -> dict:
    """The document of a resolution fetched through `document_queryset()`."""
    paragraphs = list(resolution.paragraphs.all())
    index = {paragraph.pk: number for number, paragraph in enumerate(paragraphs)}
    actors, topics = {}, {}
    items = []
    for paragraph in paragraphs:
        item = {name: _plain(getattr(paragraph, name)) for name in PARAGRAPH_FIELDS}
        item.update({name: _plain(getattr(paragraph, name)) for name in PART_FIELDS})
        item["parent"] = index.get(paragraph.parent_id)
        commitment = getattr(paragraph, "commitment", None)
        if commitment is not None:
            links = list(commitment.actor_links.all())
            for link in links:
                if link.actor is not None:
                    actors[link.actor.name] = link.actor
            for topic in commitment.topics.all():
                topics[topic.slug] = topic
                if topic.parent is not None:
                    topics[topic.parent.slug] = topic.parent
            item["commitment"] = {
                **{name: _plain(getattr(commitment, name)) for name in COMMITMENT_FIELDS},
                "is_trackable": commitment.is_trackable,
                "addressees": [
                    {
                        "text": link.text,
                        "kind": link.kind,
                        "position": link.position,
                        "actor": link.actor.name if link.actor else None,
                    }
                    for link in links
                ],
                "topics": sorted(topic.slug for topic in commitment.topics.all()),
                "reporting_requests": [
                    {name: _plain(getattr(request, name)) for name in REQUEST_FIELDS}
                    for request in commitment.reporting_requests.all()
                ],
            }
        else:
            item["commitment"] = None
        items.append(item)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "resolution": {name: _plain(getattr(resolution, name)) for name in RESOLUTION_FIELDS},
        "revisions": [
            {
                "version": revision.version,
                "source_text": revision.source_text,
                "source_hash": revision.source_hash,
            }
            for revision in resolution.revisions.all()
        ],
        "paragraphs": items,
        "actors": [
            {"name": actor.name, "kind": actor.kind, "description": actor.description}
            for actor in sorted(actors.values(), key=lambda actor: actor.name)
        ],
        "topics": [_topic(topic) for topic in _parents_first(topics.values())],
    }


def _topic(topic):
    return {
        "slug": topic.slug,
        "name": topic.name,
        "parent": topic.parent.slug if topic.parent else None,
        "description": topic.description,
        "position": topic.position,
        "sdg_targets": [
            {"code": target.code, "title": target.title} for target in topic.sdg_targets.all()
        ],
    }


def _parents_first(topics):
    """Topics ordered so that each comes after its parent (then by slug)."""
    pending = sorted(topics, key=lambda topic: topic.slug)
    placed, ordered = set(), []
    while pending:
        ready = [t for t in pending if t.parent_id is None or t.parent_id in placed]
        if not ready:  # a parent outside the set: keep the rest as they are
            ready = pending
        ordered.extend(ready)
        placed.update(t.pk for t in ready)
        pending = [t for t in pending if t.pk not in placed]
    return ordered


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


class ImportResult:
    def __init__(self, resolution, created):
        self.resolution = resolution
        self.created = created

    @property
    def summary(self):
        name = self.resolution.display_symbol
        if not self.created:
            return f"{name}: this text is already held; nothing changed."
        count = self.resolution.commitments.count()
        return f"{name}: imported with {count} commitments."


def import_resolution_document(data, *, user=None) -> ImportResult:
    """
    Rebuild a resolution from its document, in one transaction. The same text already held
    (same SHA-256) changes nothing; a different text under a symbol already held is refused,
    since corrected texts are imported as text, where their commitments are matched and kept.
    """
    _check(data)
    try:
        with transaction.atomic():
            return _import(data, user)
    except (KeyError, TypeError) as error:
        raise DocumentError(f"The document is incomplete or malformed ({error!r}).") from error


def _import(data, user):
    meta = data["resolution"]
    existing = Resolution.objects.filter(source_hash=meta["source_hash"]).first()
    if existing is not None:
        return ImportResult(existing, created=False)
    if meta.get("symbol") and Resolution.objects.filter(symbol=meta["symbol"]).exists():
        raise DocumentError(
            f"{meta['symbol']} is already held with another text: import the corrected text "
            "with import_resolution, which keeps the progress recorded on its commitments."
        )
    topic_ids = _ensure_topics(data.get("topics", []))
    actor_ids = _ensure_actors(data.get("actors", []))
    resolution = Resolution.objects.create(
        **{name: meta[name] for name in RESOLUTION_FIELDS}, imported_by=user
    )
    ResolutionRevision.objects.bulk_create(
        ResolutionRevision(resolution=resolution, **revision)
        for revision in data.get("revisions", [])
    )
    items = data["paragraphs"]
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            resolution=resolution,
            **{name: item[name] for name in PARAGRAPH_FIELDS},
            **{name: item.get(name, default) for name, default in PART_FIELDS.items()},
        )
        for item in items
    )
    for item, paragraph in zip(items, paragraphs, strict=True):
        if item.get("parent") is not None:
            paragraph.parent = paragraphs[item["parent"]]
    Paragraph.objects.bulk_update(
        [p for item, p in zip(items, paragraphs, strict=True) if item.get("parent") is not None],
        ["parent"],
    )
    # A chapeau is a paragraph a current sub-paragraph continues: derived from the paragraphs,
    # as an import derives it, so a document from before the rule reads the same.
    chapeaux = {
        item["parent"]
        for item in items
        if item.get("parent") is not None and not item.get("retired")
    }
    made = []
    for number, (item, paragraph) in enumerate(zip(items, paragraphs, strict=True)):
        if item.get("commitment"):
            values = item["commitment"]
            commitment = Commitment(
                paragraph=paragraph,
                resolution=resolution,
                is_chapeau=number in chapeaux,
                **{name: values[name] for name in COMMITMENT_FIELDS},
            )
            commitment.is_trackable = Commitment.compute_trackable(
                commitment.strength, commitment.actor_kind, commitment.is_chapeau
            )
            made.append((values, commitment))
    Commitment.objects.bulk_create([commitment for _, commitment in made])
    CommitmentActor.objects.bulk_create(
        CommitmentActor(
            commitment=commitment,
            actor_id=actor_ids.get(addressee["actor"]) if addressee["actor"] else None,
            text=addressee["text"],
            kind=addressee["kind"],
            position=addressee["position"],
        )
        for values, commitment in made
        for addressee in values.get("addressees", [])
    )
    through = Commitment.topics.through
    through.objects.bulk_create(
        through(commitment=commitment, topic_id=topic_ids[slug])
        for values, commitment in made
        for slug in values.get("topics", [])
    )
    ReportingRequest.objects.bulk_create(
        ReportingRequest(
            commitment=commitment,
            resolution=resolution,
            **{
                name: request.get(name) if name in OPTIONAL_REQUEST_FIELDS else request[name]
                for name in REQUEST_FIELDS
            },
        )
        for values, commitment in made
        for request in values.get("reporting_requests", [])
    )
    return ImportResult(resolution, created=True)


def _check(data):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DocumentError(f"Not a resolution document (expected format {FORMAT!r}).")
    if data.get("format_version") != FORMAT_VERSION:
        raise DocumentError(
            f"Document format version {data.get('format_version')!r} is not supported "
            f"(this version reads {FORMAT_VERSION})."
        )
    for key in ("resolution", "paragraphs"):
        if key not in data:
            raise DocumentError(f"The document has no {key!r}.")
    count = len(data["paragraphs"])
    for number, item in enumerate(data["paragraphs"]):
        parent = item.get("parent")
        if parent is not None and not (isinstance(parent, int) and 0 <= parent < count):
            raise DocumentError(f"Paragraph {number} names a parent that is not in the document.")


def _ensure_actors(actors) -> dict[str, int]:
    wanted = {actor["name"]: actor for actor in actors}
    held = dict(Actor.objects.filter(name__in=wanted).values_list("name", "pk"))
    for name, actor in wanted.items():
        if name not in held:
            held[name] = Actor.objects.create(
                name=name, kind=actor["kind"], description=actor.get("description", "")
            ).pk
    return held


def _ensure_topics(topics) -> dict[str, int]:
    held = dict(Topic.objects.values_list("slug", "pk"))
    for topic in topics:  # parents come first in a document
        if topic["slug"] in held:
            continue
        created = Topic.objects.create(
            slug=topic["slug"],
            name=topic["name"],
            parent_id=held.get(topic["parent"]) if topic.get("parent") else None,
            description=topic.get("description", ""),
            position=topic.get("position", 0),
        )
        for target in topic.get("sdg_targets", []):
            sdg, _ = SdgTarget.objects.get_or_create(
                code=target["code"], defaults={"title": target["title"]}
            )
            created.sdg_targets.add(sdg)
        held[created.slug] = created.pk
    return held
