"""
Drafts one organ recommends to another, and the resolution that adopted them.

An ECOSOC resolution "recommends to the General Assembly the adoption of the following draft
resolution" and prints the draft: its paragraphs are kept (kind "recommended"), not as ECOSOC's
commitments. When the Assembly's resolution is imported, before or after, the two are linked
(`Resolution.recommendation_adopted_as`): the adopted resolution holds the draft's operative
paragraphs. Editors may change a draft on adoption, so it is enough that most of them are
found word for word (whitespace aside) among the adopted resolution's own.
"""

from django.db.models import Q

from .choices import ParagraphKind
from .models import Paragraph, Resolution

DRAFT_PART = "draft resolution"
# The share of the draft's numbered paragraphs the adopted text must hold word for word.
SHARE_FOUND = 0.5


def link_recommendations(resolution: Resolution) -> Resolution | None:
    """
    Link `resolution` with the resolution that adopted its recommended draft, or with the
    draft another resolution recommended that it adopted. Returns the other resolution, if
    found. A link already made is kept.
    """
    draft = _texts(resolution.paragraphs.filter(kind=ParagraphKind.RECOMMENDED, part=DRAFT_PART))
    if draft and resolution.recommendation_adopted_as_id is None:
        adopted = _best(
            draft,
            Paragraph.objects.filter(
                kind=ParagraphKind.OPERATIVE, part="", retired=False, sub="", text__in=draft
            ).exclude(resolution=resolution),
        )
        if adopted is not None:
            resolution.recommendation_adopted_as_id = adopted
            resolution.save(update_fields=["recommendation_adopted_as"])
            return Resolution.objects.get(pk=adopted)
    own = _texts(resolution.paragraphs.filter(kind=ParagraphKind.OPERATIVE, part="", retired=False))
    if not own:
        return None
    candidates = Paragraph.objects.filter(
        Q(resolution__recommendation_adopted_as__isnull=True),
        kind=ParagraphKind.RECOMMENDED,
        part=DRAFT_PART,
        sub="",
        text__in=own,
    ).exclude(resolution=resolution)
    recommending = _best(None, candidates)
    if recommending is None:
        return None
    Resolution.objects.filter(pk=recommending).update(recommendation_adopted_as=resolution)
    return Resolution.objects.get(pk=recommending)


def _texts(paragraphs) -> set[str]:
    return set(paragraphs.filter(sub="").values_list("text", flat=True))


def _best(draft: set[str] | None, found) -> int | None:
    """The resolution holding the most of the draft's paragraphs, if enough of them."""
    counts: dict[int, set[str]] = {}
    for resolution_id, text in found.values_list("resolution_id", "text"):
        counts.setdefault(resolution_id, set()).add(text)
    best = None
    for resolution_id, texts in sorted(counts.items(), key=lambda item: -len(item[1])):
        wanted = draft if draft is not None else _draft_of(resolution_id)
        if wanted and len(texts & wanted) >= max(1, SHARE_FOUND * len(wanted)):
            best = resolution_id
            break
    return best


def _draft_of(resolution_id: int) -> set[str]:
    return set(
        Paragraph.objects.filter(
            resolution_id=resolution_id, kind=ParagraphKind.RECOMMENDED, part=DRAFT_PART, sub=""
        ).values_list("text", flat=True)
    )
