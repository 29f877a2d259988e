"""
Resolutions and their paragraphs.

A resolution is imported from the raw text people have; the parser (commitments.parsing)
splits it into preambular context and operative paragraphs, kept here with the ranges of the
source text they come from, and every revision of the text is kept beside it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import (
    Body,
    ParagraphKind,
)
from ..symbols import adopted_condition, check_symbol_format, is_adopted, normalize_symbol

# What a coordinator may correct of what the parser read from a resolution's heading.
CORRECTABLE = ("symbol", "body", "session", "title", "adopted_on", "vote_note")


class ResolutionQuerySet(models.QuerySet):
    def adopted(self):
        """
        Resolutions whose adoption is established (a real symbol and a date): the ones whose
        commitments every count, report and figure counts, unless a reader asks for drafts.
        """
        return self.filter(is_adopted=True)

    def drafts(self):
        return self.filter(is_adopted=False)

    def counted(self, drafts: bool = False):
        """What a count covers: the adopted resolutions, or every one with `drafts`."""
        return self.all() if drafts else self.adopted()

    def for_choices(self):
        """
        Resolutions as filter choices, newest first, without their source text: a list of
        300 would otherwise fetch megabytes of text to print symbols and titles.
        """
        return self.defer("source_text", "parse_warnings").order_by("-adopted_on", "-id")

    def for_list(self):
        """What the resolution list shows: counts of trackable commitments, in one query."""
        return (
            self.annotate(
                commitment_count=Count(
                    "commitments", filter=Q(commitments__retired=False), distinct=True
                ),
                trackable_count=Count(
                    "commitments",
                    filter=Q(commitments__retired=False, commitments__is_trackable=True),
                    distinct=True,
                ),
            )
            .defer("source_text")
            .order_by("-adopted_on", "-id")
        )

    def for_detail(self):
        """A resolution with its current paragraphs and their commitments, actors and topics."""
        from .commitments import CommitmentActor  # imported here: that module builds on this one

        paragraphs = (
            Paragraph.objects.current()
            .select_related("commitment")
            .prefetch_related(
                Prefetch(
                    "commitment__actor_links",
                    queryset=CommitmentActor.objects.select_related("actor").order_by("position"),
                ),
                "commitment__topics",
            )
        )
        return self.select_related("recommendation_adopted_as").prefetch_related(
            Prefetch("paragraphs", queryset=paragraphs), "adopted_recommendations"
        )


class Resolution(models.Model):
    """One adopted (or draft) resolution, identified by its symbol when the text gives one."""

    symbol = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Document symbol, e.g. A/RES/65/190. Empty when the text does not give one."),
    )
    body = models.CharField("adopting body", max_length=8, choices=Body, default=Body.OTHER)
    session = models.CharField(max_length=64, blank=True)
    title = models.TextField(blank=True)
    adopted_on = models.DateField("adoption date", null=True, blank=True)
    vote_note = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("How it was adopted, e.g. 'without a vote' or 'recorded vote 120-0-5'."),
    )
    source_text = models.TextField(help_text=_("The raw text the resolution was imported from."))
    source_hash = models.CharField(
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the source text: importing the same text twice changes nothing."),
    )
    version = models.PositiveIntegerField(
        default=1, help_text=_("Raised each time a corrected text of this resolution is imported.")
    )
    parse_warnings = models.JSONField(default=list, blank=True)
    is_adopted = models.BooleanField(
        default=False,
        editable=False,
        help_text=_(
            "Derived: a real symbol (no placeholder) and an adoption date. Drafts are "
            "shown but left out of counts and reports."
        ),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommendation_adopted_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_recommendations",
        help_text="The resolution that adopted the draft this one recommends to another organ "
        "(found by the draft's operative paragraphs when either is imported).",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResolutionQuerySet.as_manager()
    # The heading's facts as they were before each import or correction, with who changed
    # them and why; the source text has its own history (ResolutionRevision).
    history = HistoricalRecords(
        excluded_fields=["source_text", "parse_warnings", "updated", "recommendation_adopted_as"]
    )

    class Meta:
        ordering = ["-adopted_on", "-id"]
        indexes = [models.Index(fields=["body", "adopted_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(body__in=Body.values), name="resolution_body_valid"),
            # No symbol is NULL, never "": two resolutions without one must not clash.
            models.CheckConstraint(condition=~Q(symbol=""), name="resolution_symbol_not_empty"),
            models.CheckConstraint(condition=~Q(source_text=""), name="resolution_has_source_text"),
            models.CheckConstraint(condition=~Q(source_hash=""), name="resolution_has_source_hash"),
            # is_adopted is derived (symbols.is_adopted); bulk writes skip save(), so the
            # database keeps it in step with the symbol and the date.
            models.CheckConstraint(
                condition=Q(adopted_condition(), is_adopted=True)
                | Q(~adopted_condition(), is_adopted=False),
                name="resolution_adoption_matches",
            ),
        ]

    def __str__(self):
        return self.display_symbol + (f" {self.title}" if self.title else "")

    def save(self, *args, **kwargs):
        self.is_adopted = is_adopted(self.symbol, self.adopted_on)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_adopted"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("commitments:resolution_detail", args=[self.pk])

    @property
    def display_symbol(self) -> str:
        return self.symbol or f"Resolution #{self.pk}"

    @property
    def is_draft(self) -> bool:
        return not self.is_adopted

    def correct(self, *, user=None, note: str = "", **changes):
        """
        Correct what the parser read of the heading (`CORRECTABLE`: symbol, body, session,
        title, adoption date, vote), as the import preview, the admin and the demo data do. The
        change is kept in the resolution's history with `user` and `note`; saving it makes
        every cached figure stale (reports.apps), so a draft marked adopted is counted at once.
        Raises ValidationError for a real symbol that is not in its body's format, or one
        another resolution has; a placeholder ("44/…") or no symbol leaves it a draft.
        """
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise TypeError(f"Not correctable: {', '.join(sorted(unknown))}")
        for name, value in changes.items():
            setattr(self, name, value)
        self.title, self.session = self.title.strip(), self.session.strip()
        self.vote_note = self.vote_note.strip()
        symbol = normalize_symbol(self.symbol or "") or None
        if is_adopted(symbol, self.adopted_on):
            try:
                symbol = check_symbol_format(symbol, self.body)
            except ValidationError as error:
                raise ValidationError({"symbol": error.messages}) from error
        # Otherwise a draft, which keeps its placeholder ("44/…") or has none.
        self.symbol = symbol
        taken = Resolution.objects.filter(symbol=self.symbol).exclude(pk=self.pk)
        if self.symbol and taken.exists():
            raise ValidationError(
                {"symbol": f"{self.symbol} is already held by another resolution."}
            )
        self._history_user = user
        self._change_reason = (note or "Heading corrected")[:100]
        with transaction.atomic():
            self.save()

    def mark_adopted(self, *, symbol: str, adopted_on, user=None, note: str = ""):
        """Record that a draft was adopted, with its symbol (in its body's format) and date."""
        if not adopted_on:
            raise ValidationError({"adopted_on": "An adopted resolution has an adoption date."})
        try:
            check_symbol_format(symbol, self.body)
        except ValidationError as error:
            raise ValidationError({"symbol": error.messages}) from error
        self.correct(symbol=symbol, adopted_on=adopted_on, user=user, note=note or "Adopted")


class ResolutionRevision(models.Model):
    """An earlier source text of a resolution, kept when a corrected text replaced it."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    source_text = models.TextField()
    source_hash = models.CharField(max_length=64, db_index=True)
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resolution", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "version"], name="unique_revision_version"
            ),
            models.CheckConstraint(
                condition=~Q(source_text="") & ~Q(source_hash=""),
                name="revision_has_source_text",
            ),
        ]

    def __str__(self):
        return f"{self.resolution.display_symbol} version {self.version}"


class ParagraphQuerySet(models.QuerySet):
    def current(self):
        """Paragraphs of the resolution's current text, in document order."""
        return self.filter(retired=False).order_by("position")

    def preambular(self):
        return self.filter(kind=ParagraphKind.PREAMBULAR)

    def operative(self):
        return self.filter(kind=ParagraphKind.OPERATIVE)


class Paragraph(models.Model):
    """
    A preambular or operative paragraph (or sub-paragraph) with its exact clean text.

    Spans point into Resolution.source_text: a paragraph interrupted by a footnote block
    or page furniture has several pieces. Paragraphs that a corrected text no longer has
    are retired rather than deleted, so that progress recorded against them survives.
    """

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    kind = models.CharField(max_length=16, choices=ParagraphKind)
    position = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Order in the current text; empty once retired.")
    )
    part = models.CharField(
        max_length=32,
        blank=True,
        help_text=_(
            "The annexed text it belongs to, e.g. 'annex' or 'annex II'; empty in the "
            "resolution itself."
        ),
    )
    part_title = models.CharField(
        max_length=300, blank=True, help_text=_("The annexed text's title, as printed.")
    )
    headings = models.JSONField(
        default=list,
        blank=True,
        help_text=_("The section headings of the annexed text it stands under, outermost first."),
    )
    number = models.CharField(max_length=16, blank=True, help_text=_("Operative number, e.g. 7."))
    sub = models.CharField(
        max_length=16, blank=True, help_text=_("Sub-paragraph label: 'a', or 'b-i' for (b)(i).")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    opener = models.CharField(
        max_length=128, blank=True, help_text=_("Opening phrase as printed, e.g. 'Recalling also'.")
    )
    text = models.TextField()
    source_start = models.PositiveIntegerField(default=0)
    source_end = models.PositiveIntegerField(default=0)
    spans = models.JSONField(
        default=list, blank=True, help_text=_("[start, end] pieces of the source text.")
    )
    retired = models.BooleanField(default=False)

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "position"],
                condition=Q(retired=False),
                name="unique_paragraph_position",
            ),
            models.UniqueConstraint(
                fields=["resolution", "part", "number", "sub"],
                condition=Q(retired=False, kind=ParagraphKind.OPERATIVE),
                name="unique_operative_label",
            ),
            models.CheckConstraint(
                condition=Q(retired=True) | Q(position__isnull=False),
                name="current_paragraph_has_position",
            ),
            models.CheckConstraint(
                condition=Q(source_end__gte=models.F("source_start")),
                name="paragraph_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ParagraphKind.values), name="paragraph_kind_valid"
            ),
        ]

    def __str__(self):
        if self.part:
            return f"{self.resolution.display_symbol}, {self.place}"
        return f"{self.resolution.display_symbol} {self.label}"

    @property
    def label(self) -> str:
        """'PP3' for a preambular paragraph; '7', '7(a)' or '1(b)(i)' for operative ones."""
        if self.kind == ParagraphKind.PREAMBULAR:
            return f"PP{self.position}" if self.position else "PP"
        subs = "".join(f"({part})" for part in self.sub.split("-") if part)
        return f"{self.number}{subs}"

    @property
    def place(self) -> str:
        """Where it stands, as a short reference: 'OP 7(a)', or 'annex, para. 12(b)'."""
        if self.part:
            return _("%(part)s, para. %(label)s") % {"part": self.part, "label": self.label}
        return _("OP %(label)s") % {"label": self.label}

    @property
    def citation(self) -> str:
        """As a report cites it after the symbol: 'para. 7(a)', 'annex, para. 12(b)'."""
        if self.part:
            return self.place
        return _("para. %(label)s") % {"label": self.label}

    @property
    def long_place(self) -> str:
        """'operative paragraph 7(a)', or 'annex, paragraph 12(b)'."""
        if self.part:
            return _("%(part)s, paragraph %(label)s") % {"part": self.part, "label": self.label}
        return _("operative paragraph %(label)s") % {"label": self.label}

    @property
    def anchor(self) -> str:
        """The id of its place on the resolution page: 'op-7a', 'annex-ii-op-12b'."""
        return slugify(f"{self.part} op {self.label}" if self.part else f"op {self.label}")

    @property
    def own_label(self) -> str:
        """A sub-paragraph's own letter or numeral, '(a)' or '(i)'; empty for a paragraph."""
        return f"({self.sub.split('-')[-1]})" if self.sub else ""

    @property
    def lead_ins(self) -> list["Paragraph"]:
        """
        The paragraphs a sub-paragraph continues, outermost first: for 2(a) the paragraph 2
        ("Calls upon all States:") it completes, read with it or it says nothing. Walks the
        parents as loaded: select_related("paragraph__parent__parent") where many are shown.
        """
        chain, paragraph = [], self
        while paragraph.parent_id:
            paragraph = paragraph.parent
            chain.append(paragraph)
        return chain[::-1]

    @property
    def is_operative(self) -> bool:
        return self.kind == ParagraphKind.OPERATIVE

    @property
    def is_recommended(self) -> bool:
        """A paragraph of a draft recommended to another organ (no commitment of its own)."""
        return self.kind == ParagraphKind.RECOMMENDED

    @property
    def opener_and_rest(self) -> tuple[str, str]:
        """Split the opening phrase from the rest, to print it in italics as the UN does."""
        if self.opener and self.text.startswith(self.opener):
            return self.opener, self.text[len(self.opener) :]
        return "", self.text


@dataclass
class AnnexSection:
    """The paragraphs of an annexed text under one section heading (none before the first);
    `headings` are those to print there: the ones that change, outermost first."""

    headings: list[str]
    paragraphs: list[Paragraph] = field(default_factory=list)
    # How deep the first heading to print stands (0: a part's, 1: a section's within it).
    depth: int = 0

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(self.depth + index, heading) for index, heading in enumerate(self.headings)]


@dataclass
class AnnexedText:
    """An annexed text of a resolution as its page shows it: part, title, preamble and
    operative paragraphs by section."""

    part: str
    title: str
    preambular: list[Paragraph] = field(default_factory=list)
    sections: list[AnnexSection] = field(default_factory=list)
    # A draft recommended to another organ (or its annex): no commitments of this resolution.
    recommended: bool = False

    @property
    def operative_count(self) -> int:
        return sum(len(section.paragraphs) for section in self.sections)

    @property
    def anchor(self) -> str:
        return slugify(self.part)


def annexed_texts(paragraphs) -> list[AnnexedText]:
    """The annexed texts of a resolution's current paragraphs (in document order)."""
    texts: dict[str, AnnexedText] = {}
    for paragraph in paragraphs:
        if not paragraph.part:
            continue
        text = texts.setdefault(paragraph.part, AnnexedText(paragraph.part, paragraph.part_title))
        if paragraph.kind == ParagraphKind.PREAMBULAR:
            text.preambular.append(paragraph)
            continue
        text.recommended = text.recommended or paragraph.is_recommended
        previous = text.sections[-1] if text.sections else None
        shown = previous.paragraphs[-1].headings if previous else []
        if previous is None or paragraph.headings != shown:
            same = 0
            while same < min(len(shown), len(paragraph.headings)) and (
                shown[same] == paragraph.headings[same]
            ):
                same += 1
            previous = AnnexSection(paragraph.headings[same:], depth=same)
            text.sections.append(previous)
        previous.paragraphs.append(paragraph)
    return list(texts.values())
