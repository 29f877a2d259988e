"""
Resolutions, their paragraphs and the commitments the operative ones make.

A resolution is imported from the raw text people have; the parser (commitments.parsing)
splits it into preambular context and operative paragraphs, and every operative paragraph
or sub-paragraph becomes a Commitment that progress is tracked against. The vocabulary the
parser reads (verbs, openers, actor aliases, topic keywords) is kept in tables here too, so
that curators can extend it in the admin without touching code.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse

from .choices import (
    ActorKind,
    AddresseeKind,
    Body,
    LexiconPhraseKind,
    ParagraphKind,
    Strength,
)


class ResolutionQuerySet(models.QuerySet):
    def for_list(self):
        """What the resolution list shows: counts of trackable commitments, in one query."""
        return self.annotate(
            commitment_count=Count(
                "commitments", filter=Q(commitments__retired=False), distinct=True
            ),
            trackable_count=Count(
                "commitments",
                filter=Q(commitments__retired=False, commitments__is_trackable=True),
                distinct=True,
            ),
        ).order_by("-adopted_on", "-id")

    def for_detail(self):
        """A resolution with its current paragraphs and their commitments, actors and topics."""
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
        return self.prefetch_related(Prefetch("paragraphs", queryset=paragraphs))


class Resolution(models.Model):
    """One adopted (or draft) resolution, identified by its symbol when the text gives one."""

    symbol = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="Document symbol, e.g. A/RES/65/190. Empty when the text does not give one.",
    )
    body = models.CharField("adopting body", max_length=8, choices=Body, default=Body.OTHER)
    session = models.CharField(max_length=64, blank=True)
    title = models.TextField(blank=True)
    adopted_on = models.DateField("adoption date", null=True, blank=True)
    vote_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="How it was adopted, e.g. 'without a vote' or 'recorded vote 120-0-5'.",
    )
    source_text = models.TextField(help_text="The raw text the resolution was imported from.")
    source_hash = models.CharField(
        max_length=64,
        unique=True,
        help_text="SHA-256 of the source text: importing the same text twice changes nothing.",
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised each time a corrected text of this resolution is imported."
    )
    parse_warnings = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "-id"]
        indexes = [models.Index(fields=["body", "adopted_on"])]

    def __str__(self):
        return self.display_symbol + (f" {self.title}" if self.title else "")

    def get_absolute_url(self):
        return reverse("commitments:resolution_detail", args=[self.pk])

    @property
    def display_symbol(self) -> str:
        return self.symbol or f"Resolution #{self.pk}"

    @property
    def short_title(self) -> str:
        return self.title or self.get_body_display()


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
            )
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
        null=True, blank=True, help_text="Order in the current text; empty once retired."
    )
    number = models.CharField(max_length=16, blank=True, help_text="Operative number, e.g. 7.")
    sub = models.CharField(
        max_length=16, blank=True, help_text="Sub-paragraph label: 'a', or 'b-i' for (b)(i)."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    opener = models.CharField(
        max_length=128, blank=True, help_text="Opening phrase as printed, e.g. 'Recalling also'."
    )
    text = models.TextField()
    source_start = models.PositiveIntegerField(default=0)
    source_end = models.PositiveIntegerField(default=0)
    spans = models.JSONField(
        default=list, blank=True, help_text="[start, end] pieces of the source text."
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
                fields=["resolution", "number", "sub"],
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
        ]

    def __str__(self):
        return f"{self.resolution.display_symbol} {self.label}"

    @property
    def label(self) -> str:
        """'PP3' for a preambular paragraph; '7', '7(a)' or '1(b)(i)' for operative ones."""
        if self.kind == ParagraphKind.PREAMBULAR:
            return f"PP{self.position}" if self.position else "PP"
        subs = "".join(f"({part})" for part in self.sub.split("-") if part)
        return f"{self.number}{subs}"

    @property
    def is_operative(self) -> bool:
        return self.kind == ParagraphKind.OPERATIVE

    @property
    def opener_and_rest(self) -> tuple[str, str]:
        """Split the opening phrase from the rest, to print it in italics as the UN does."""
        if self.opener and self.text.startswith(self.opener):
            return self.opener, self.text[len(self.opener) :]
        return "", self.text


class ActorQuerySet(models.QuerySet):
    def with_commitment_counts(self):
        return self.annotate(
            commitment_count=Count(
                "commitment_links",
                filter=Q(commitment_links__commitment__retired=False),
                distinct=True,
            )
        )


class Actor(models.Model):
    """A canonical addressee of commitments, e.g. 'States' or 'Secretary-General'."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=ActorKind)
    description = models.TextField(blank=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ActorAlias(models.Model):
    """A surface form that names an actor: 'Governments' and 'Member States' name 'States'."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(Lower("alias"), name="unique_actor_alias_ci"),
        ]

    def __str__(self):
        return self.alias


class SdgTarget(models.Model):
    """A Sustainable Development Goal target such as 8.7 (end forced labour and trafficking)."""

    code = models.CharField(max_length=8, unique=True)
    title = models.TextField()

    class Meta:
        ordering = ["code"]
        verbose_name = "SDG target"

    def __str__(self):
        return f"SDG {self.code}"


class Topic(models.Model):
    """A theme of the field's standard frame (prevention, protection, prosecution, ...)."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    sdg_targets = models.ManyToManyField(SdgTarget, blank=True, related_name="topics")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class TopicKeyword(models.Model):
    """A word or phrase whose presence in a paragraph tags it with a topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="keywords")
    keyword = models.CharField(max_length=120)

    class Meta:
        ordering = ["keyword"]
        constraints = [
            models.UniqueConstraint("topic", Lower("keyword"), name="unique_topic_keyword_ci"),
        ]

    def __str__(self):
        return self.keyword


class OperativeVerb(models.Model):
    """An operative verb of the UN's editorial vocabulary, with how strong an ask it makes."""

    canonical = models.CharField(max_length=80, unique=True, help_text="Lemma, e.g. 'call upon'.")
    strength = models.CharField(max_length=16, choices=Strength)
    directive = models.BooleanField(
        default=True,
        help_text="The verb asks someone to act (urges, requests) rather than the body "
        "speaking for itself (welcomes, takes note).",
    )

    class Meta:
        ordering = ["canonical"]

    def __str__(self):
        return self.canonical


class VerbForm(models.Model):
    """A printed form of an operative verb: 'calls upon', 'calls on'."""

    verb = models.ForeignKey(OperativeVerb, on_delete=models.CASCADE, related_name="forms")
    form = models.CharField(max_length=80)

    class Meta:
        ordering = ["form"]
        constraints = [models.UniqueConstraint(Lower("form"), name="unique_verb_form_ci")]

    def __str__(self):
        return self.form


class LexiconPhrase(models.Model):
    """Other word lists the parser reads: adverbs, fixed verb complements, preambular openers."""

    kind = models.CharField(max_length=32, choices=LexiconPhraseKind)
    phrase = models.CharField(max_length=120)

    class Meta:
        ordering = ["kind", "phrase"]
        constraints = [
            models.UniqueConstraint("kind", Lower("phrase"), name="unique_lexicon_phrase_ci")
        ]

    def __str__(self):
        return self.phrase


class CommitmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired=False)

    def trackable(self):
        """Commitments that ask someone to act: the ones progress is recorded against."""
        return self.current().filter(is_trackable=True)

    def addressed_to_states(self):
        """
        Trackable commitments whose addressees include States. An EXISTS, not a join: no
        duplicate rows to remove, so it nests cheaply in counts and IN (...) filters.
        """
        return self.trackable().filter(
            Exists(
                CommitmentActor.objects.filter(commitment=OuterRef("pk"), kind=ActorKind.STATES)
            ),
            actor_kind__in=[AddresseeKind.STATES, AddresseeKind.MIXED],
        )

    def for_list(self):
        return self.select_related("paragraph", "resolution").prefetch_related(
            Prefetch(
                "actor_links",
                queryset=CommitmentActor.objects.select_related("actor").order_by("position"),
            ),
            "topics",
        )


class Commitment(models.Model):
    """
    What one operative paragraph or sub-paragraph asks, and of whom.

    Declaratory paragraphs ("Welcomes", "Takes note") and the body speaking of itself are
    kept, so the resolution reads whole, but are not trackable.
    """

    paragraph = models.OneToOneField(Paragraph, on_delete=models.CASCADE, related_name="commitment")
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="commitments")
    verb_phrase = models.CharField(max_length=128, help_text="As printed, e.g. 'Also calls upon'.")
    canonical_verb = models.CharField(max_length=80, blank=True, help_text="e.g. 'call upon'.")
    strength = models.CharField(max_length=16, choices=Strength)
    action = models.CharField(
        max_length=200, blank=True, help_text="The requested action, e.g. 'criminalize'."
    )
    sub_lead = models.CharField(max_length=200, blank=True)
    actor_kind = models.CharField(
        "addressee kind", max_length=16, choices=AddresseeKind, default=AddresseeKind.SELF
    )
    actors = models.ManyToManyField(
        Actor, through="CommitmentActor", related_name="commitments", blank=True
    )
    topics = models.ManyToManyField(Topic, related_name="commitments", blank=True)
    flags = models.JSONField(
        default=list, blank=True, help_text="What the parser was unsure of, for review."
    )
    is_trackable = models.BooleanField(default=False, editable=False)
    retired = models.BooleanField(
        default=False, help_text="No longer in the resolution's current text; kept for history."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "paragraph__position"]
        indexes = [
            models.Index(fields=["is_trackable", "retired"]),
            models.Index(fields=["actor_kind"]),
            models.Index(fields=["strength"]),
        ]

    def __str__(self):
        return f"{self.resolution.display_symbol} OP {self.paragraph.label}"

    def save(self, *args, **kwargs):
        self.is_trackable = self.compute_trackable(self.strength, self.actor_kind)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("commitments:commitment_detail", args=[self.pk])

    @staticmethod
    def compute_trackable(strength: str, actor_kind: str) -> bool:
        """Only asks addressed to someone can be implemented (or not) by them."""
        return strength != Strength.DECLARATORY and actor_kind != AddresseeKind.SELF

    @property
    def label(self) -> str:
        return self.paragraph.label


class CommitmentActor(models.Model):
    """An addressee of a commitment as printed, linked to its canonical actor when known."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actor_links")
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="commitment_links"
    )
    text = models.CharField(max_length=300, help_text="The addressee as printed.")
    kind = models.CharField(max_length=32, choices=ActorKind)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["commitment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "position"], name="unique_commitment_actor_position"
            )
        ]

    def __str__(self):
        return self.text
