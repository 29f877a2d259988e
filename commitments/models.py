"""
Resolutions, their paragraphs and the commitments the operative ones make.

A resolution is imported from the raw text people have; the parser (commitments.parsing)
splits it into preambular context and operative paragraphs, and every operative paragraph
or sub-paragraph becomes a Commitment that progress is tracked against. The vocabulary the
parser reads (verbs, openers, actor aliases, topic keywords) is kept in tables here too, so
that curators can extend it in the admin without touching code.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse

from .choices import (
    ActorKind,
    AddresseeKind,
    Body,
    DueBasis,
    LexiconPhraseKind,
    ParagraphKind,
    RequestKind,
    Strength,
    SubscriptionScope,
)


class ResolutionQuerySet(models.QuerySet):
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
        constraints = [
            models.CheckConstraint(condition=Q(body__in=Body.values), name="resolution_body_valid"),
            # No symbol is NULL, never "": two resolutions without one must not clash.
            models.CheckConstraint(condition=~Q(symbol=""), name="resolution_symbol_not_empty"),
            models.CheckConstraint(condition=~Q(source_text=""), name="resolution_has_source_text"),
            models.CheckConstraint(condition=~Q(source_hash=""), name="resolution_has_source_hash"),
        ]

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
            models.CheckConstraint(
                condition=Q(kind__in=ParagraphKind.values), name="paragraph_kind_valid"
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
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="actor_has_name"),
            models.CheckConstraint(condition=Q(kind__in=ActorKind.values), name="actor_kind_valid"),
        ]

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
            models.CheckConstraint(condition=~Q(alias=""), name="actor_alias_not_empty"),
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
        constraints = [
            models.CheckConstraint(
                condition=~Q(code="") & ~Q(title=""), name="sdg_target_has_code_and_title"
            ),
        ]

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
        constraints = [
            # The slug is in the topic's URLs: the same pattern as SlugField's validator.
            models.CheckConstraint(
                condition=Q(slug__regex=r"^[-a-zA-Z0-9_]+\Z"), name="topic_slug_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="topic_has_name"),
        ]

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
            models.CheckConstraint(condition=~Q(keyword=""), name="topic_keyword_not_empty"),
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
        constraints = [
            models.CheckConstraint(condition=~Q(canonical=""), name="operative_verb_not_empty"),
            models.CheckConstraint(
                condition=Q(strength__in=Strength.values), name="operative_verb_strength_valid"
            ),
        ]

    def __str__(self):
        return self.canonical


class VerbForm(models.Model):
    """A printed form of an operative verb: 'calls upon', 'calls on'."""

    verb = models.ForeignKey(OperativeVerb, on_delete=models.CASCADE, related_name="forms")
    form = models.CharField(max_length=80)

    class Meta:
        ordering = ["form"]
        constraints = [
            models.UniqueConstraint(Lower("form"), name="unique_verb_form_ci"),
            models.CheckConstraint(condition=~Q(form=""), name="verb_form_not_empty"),
        ]

    def __str__(self):
        return self.form


class LexiconPhrase(models.Model):
    """Other word lists the parser reads: adverbs, fixed verb complements, preambular openers."""

    kind = models.CharField(max_length=32, choices=LexiconPhraseKind)
    phrase = models.CharField(max_length=120)

    class Meta:
        ordering = ["kind", "phrase"]
        constraints = [
            models.UniqueConstraint("kind", Lower("phrase"), name="unique_lexicon_phrase_ci"),
            models.CheckConstraint(
                condition=Q(kind__in=LexiconPhraseKind.values), name="lexicon_phrase_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(phrase=""), name="lexicon_phrase_not_empty"),
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
        constraints = [
            models.CheckConstraint(
                condition=Q(strength__in=Strength.values), name="commitment_strength_valid"
            ),
            models.CheckConstraint(
                condition=Q(actor_kind__in=AddresseeKind.values),
                name="commitment_addressee_kind_valid",
            ),
            # is_trackable is derived (compute_trackable); bulk writes skip save(), so the
            # database keeps it in step with strength and addressees.
            models.CheckConstraint(
                condition=Q(
                    ~Q(strength=Strength.DECLARATORY),
                    ~Q(actor_kind=AddresseeKind.SELF),
                    is_trackable=True,
                )
                | Q(
                    Q(strength=Strength.DECLARATORY) | Q(actor_kind=AddresseeKind.SELF),
                    is_trackable=False,
                ),
                name="commitment_trackable_matches",
            ),
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
            ),
            models.CheckConstraint(condition=~Q(text=""), name="commitment_actor_has_text"),
            models.CheckConstraint(
                condition=Q(kind__in=ActorKind.values), name="commitment_actor_kind_valid"
            ),
        ]

    def __str__(self):
        return self.text


class CommitmentTheme(models.Model):
    """
    A commitment's top-level topics, each once: a database view over the topic tags that rolls
    a sub-topic up to its parent (topics nest one level deep).

    The matrix counts current assessments per state and theme. Over the raw tags that needs
    COUNT(DISTINCT commitment), since a commitment tagged with a topic and one of its
    sub-topics must count once; through this view each (commitment, theme) pair is unique and a
    plain COUNT is right, which PostgreSQL computes several times faster at scale. Being a view,
    it is never stale: no write has to keep it up to date.
    """

    pk = models.CompositePrimaryKey("commitment", "topic")
    commitment = models.ForeignKey(Commitment, on_delete=models.DO_NOTHING, related_name="themes")
    topic = models.ForeignKey(Topic, on_delete=models.DO_NOTHING, related_name="+")

    class Meta:
        managed = False
        db_table = "commitments_commitment_theme"

    def __str__(self):
        return f"{self.commitment_id}: {self.topic_id}"


# Deadlines and reporting requests -------------------------------------------------------------
# What operative paragraphs ask to be reported, reviewed or considered by a session or date
# (read by commitments.parsing.deadlines at import), and who wants an e-mail before the date.


class ReportingRequestQuerySet(models.QuerySet):
    def current(self):
        """Requests of paragraphs in their resolution's current text."""
        return self.filter(commitment__retired=False)

    def open(self):
        """Current requests nobody has marked as fulfilled."""
        return self.current().filter(fulfilled_on__isnull=True)

    def upcoming(self, today: datetime.date, within_days: int = 90):
        """Open requests due from `today` to `within_days` days later, soonest first."""
        last = today + datetime.timedelta(days=within_days)
        return (
            self.open().filter(due_date__gte=today, due_date__lte=last).order_by("due_date", "pk")
        )

    def overdue(self, today: datetime.date):
        """Open requests whose due date has passed, most recently due first."""
        return self.open().filter(due_date__lt=today).order_by("-due_date", "pk")

    def for_list(self):
        """What a list of requests shows: the resolution and the paragraph's label."""
        return self.select_related("resolution", "commitment__paragraph")

    def for_subscriber(self, user):
        """Requests one of the user's deadline subscriptions covers (each once)."""
        subscriptions = DeadlineSubscription.objects.filter(user=user)
        topics = subscriptions.filter(scope=SubscriptionScope.TOPIC).values("topic")
        tagged = Commitment.topics.through.objects.filter(commitment=OuterRef("commitment")).filter(
            Q(topic__in=topics) | Q(topic__parent__in=topics)
        )
        return self.filter(
            Q(Exists(subscriptions.filter(scope=SubscriptionScope.ALL)))
            | Q(
                resolution__in=subscriptions.filter(scope=SubscriptionScope.RESOLUTION).values(
                    "resolution"
                )
            )
            | Q(Exists(tagged))
        )


class ReportingRequest(models.Model):
    """
    A request an operative paragraph makes by a session or date: a report, a review, a
    meeting, the body's own further consideration, or a mandate's end.

    Created by the import from the parser's reading (re-imports replace a resolution's requests
    and keep those that did not change, with their reminders). A due date worked out from a
    session calendar or a duration is an estimate; only a printed date is not.
    """

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="reporting_requests"
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="reporting_requests"
    )
    kind = models.CharField(max_length=16, choices=RequestKind)
    requested_of = models.CharField(
        max_length=300, blank=True, help_text="Who is asked, as printed, e.g. 'Secretary-General'."
    )
    due_body = models.CharField(
        max_length=8,
        choices=Body,
        blank=True,
        help_text="The body whose session it is due at, or which receives it.",
    )
    due_session = models.PositiveSmallIntegerField(null=True, blank=True)
    session_kind = models.CharField(
        max_length=32, blank=True, help_text="'special' or 'substantive'; empty for regular."
    )
    due_date = models.DateField(null=True, blank=True)
    is_estimate = models.BooleanField(
        default=True,
        help_text="The due date was worked out from a session calendar, a year or a duration.",
    )
    basis = models.CharField(max_length=16, choices=DueBasis, blank=True)
    source_text = models.CharField(
        max_length=400, help_text="The phrase the request was read from."
    )
    span_start = models.PositiveIntegerField(
        default=0, help_text="Where the phrase starts in the paragraph's text."
    )
    span_end = models.PositiveIntegerField(default=0)
    fulfilled_on = models.DateField(
        null=True, blank=True, help_text="When the report was issued or the review held."
    )
    fulfilment_note = models.CharField(
        max_length=300, blank=True, help_text="e.g. the report's symbol, A/67/170."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReportingRequestQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["due_date", "fulfilled_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(span_end__gte=models.F("span_start")),
                name="reporting_request_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RequestKind.values), name="reporting_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(due_body__in=["", *Body.values]),
                name="reporting_request_due_body_valid",
            ),
            models.CheckConstraint(
                condition=Q(basis__in=DueBasis.values), name="reporting_request_basis_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source_text=""), name="reporting_request_has_source_text"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.commitment} ({self.due_label})"

    def get_absolute_url(self):
        return self.commitment.get_absolute_url()

    @property
    def session_label(self) -> str:
        """'General Assembly, 67th session', 'Human Rights Council, 30th special session'."""
        if self.due_session is None:
            return self.get_due_body_display()
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(
            self.due_session % 10 if self.due_session % 100 not in (11, 12, 13) else 0, "th"
        )
        kind = f" {self.session_kind}" if self.session_kind else ""
        name = self.get_due_body_display() or "Session"
        return f"{name}, {self.due_session}{suffix}{kind} session"

    @property
    def due_label(self) -> str:
        if self.due_date is None:
            return "no date given"
        prefix = "about " if self.is_estimate else ""
        return f"{prefix}{self.due_date.day} {self.due_date:%B %Y}"


class DeadlineSubscription(models.Model):
    """A user's wish to be e-mailed before reporting deadlines of a resolution, a topic or all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_subscriptions"
    )
    scope = models.CharField(max_length=16, choices=SubscriptionScope)
    resolution = models.ForeignKey(
        Resolution,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadline_subscriptions",
    )
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadline_subscriptions",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "scope", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=SubscriptionScope.ALL, resolution__isnull=True, topic__isnull=True)
                    | Q(
                        scope=SubscriptionScope.RESOLUTION,
                        resolution__isnull=False,
                        topic__isnull=True,
                    )
                    | Q(scope=SubscriptionScope.TOPIC, topic__isnull=False, resolution__isnull=True)
                ),
                name="deadline_subscription_scope_matches",
            ),
            models.UniqueConstraint(
                fields=["user", "resolution"],
                condition=Q(scope=SubscriptionScope.RESOLUTION),
                name="unique_resolution_subscription",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(scope=SubscriptionScope.TOPIC),
                name="unique_topic_subscription",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(scope=SubscriptionScope.ALL),
                name="unique_all_subscription",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.subject}"

    @property
    def subject(self) -> str:
        if self.scope == SubscriptionScope.RESOLUTION:
            return self.resolution.display_symbol
        if self.scope == SubscriptionScope.TOPIC:
            return str(self.topic)
        return "every resolution"


class ReminderSent(models.Model):
    """
    One reminder e-mailed to a user about a request: at most one per request, due date and
    reminder window (send_deadline_reminders --days), so a second run sends nothing again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        ReportingRequest, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    due_date = models.DateField(help_text="The due date the reminder announced.")
    window_days = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "request", "due_date", "window_days"], name="unique_reminder"
            )
        ]

    def __str__(self):
        return f"{self.user} about {self.request_id} on {self.sent_on}"


# --- Lineage: the same ask in successive resolutions (commitments/lineage.py) -----------------


class CommitmentLinkQuerySet(models.QuerySet):
    def shown(self):
        """Links the pages show: suggested or confirmed, never rejected ones."""
        return self.exclude(status=CommitmentLink.Status.REJECTED)

    def decided(self):
        return self.exclude(status=CommitmentLink.Status.SUGGESTED)

    def touching(self, commitment_ids):
        """Links with one of `commitment_ids` at either end."""
        return self.filter(Q(earlier_id__in=commitment_ids) | Q(later_id__in=commitment_ids))


class CommitmentLink(models.Model):
    """
    A later commitment taking up an ask of an earlier resolution, as the linker suggests it
    (commitments/lineage.py) and a reviewer confirms or rejects it.

    `earlier` belongs to a resolution adopted before `later`'s; a resolution without an
    adoption date (a draft) counts as newer than every dated one. A constraint cannot
    compare dates across tables, so that rule is kept by `clean()` and by the linker, and
    the constraints below keep the rest. The linker rewrites suggested links only: a
    confirmed or rejected link keeps its kind and score until a reviewer changes it.
    """

    class Kind(models.TextChoices):
        RENEWED = "renewed", "Renewed"
        STRENGTHENED = "strengthened", "Strengthened"
        WEAKENED = "weakened", "Weakened"
        BROADENED = "broadened", "Broadened"
        NARROWED = "narrowed", "Narrowed"
        REWORDED = "reworded", "Reworded"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    earlier = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="later_links")
    later = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="earlier_links")
    score = models.FloatField(help_text="Similarity of the two asks' wording, 0 to 1.")
    kind = models.CharField(max_length=16, choices=Kind)
    status = models.CharField(max_length=16, choices=Status, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitment_link_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = CommitmentLinkQuerySet.as_manager()

    class Meta:
        ordering = ["later_id", "-score"]
        permissions = [("review_commitmentlink", "Can confirm or reject lineage links")]
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="unique_commitment_link"),
            models.CheckConstraint(
                condition=~Q(earlier=models.F("later")), name="commitment_link_not_self"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="commitment_link_score_range"
            ),
            models.CheckConstraint(
                condition=Q(status="suggested") | Q(decided_at__isnull=False),
                name="decided_commitment_link_has_date",
            ),
            # Kind and Status are not in scope here; a test keeps these lists equal to them.
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "renewed",
                        "strengthened",
                        "weakened",
                        "broadened",
                        "narrowed",
                        "reworded",
                    ]
                ),
                name="commitment_link_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["suggested", "confirmed", "rejected"]),
                name="commitment_link_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["later", "status"])]

    def __str__(self):
        return f"{self.earlier} → {self.later} ({self.get_kind_display().lower()})"

    @staticmethod
    def adopted_before(earlier: Resolution, later: Resolution) -> bool:
        """Whether `earlier` precedes `later`: by adoption date, an undated one last."""
        if earlier.adopted_on is None:
            return False
        return later.adopted_on is None or earlier.adopted_on < later.adopted_on

    def clean(self):
        from django.core.exceptions import ValidationError

        if not (self.earlier_id and self.later_id):
            return
        if self.earlier_id == self.later_id:
            raise ValidationError("A commitment cannot be linked to itself.")
        if not self.adopted_before(self.earlier.resolution, self.later.resolution):
            raise ValidationError(
                "The earlier commitment's resolution must be adopted before the later one's."
            )

    def decide(self, status, user, when):
        """Confirm or reject the link; the linker leaves a decided link alone from then on."""
        self.status = status
        self.decided_by = user
        self.decided_at = when
        self.save(update_fields=["status", "decided_by", "decided_at", "updated"])
