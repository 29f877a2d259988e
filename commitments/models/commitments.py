"""
Commitments: every operative paragraph or sub-paragraph, with who it asks to act, its verb and
strength, its topics; progress is tracked against them.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ActorKind,
    AddresseeKind,
    Strength,
)
from ..references import parse_reference
from .lexicon import Actor, Topic
from .resolutions import Paragraph, Resolution


class CommitmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired=False)

    def adopted(self):
        """
        Commitments of adopted resolutions (`Resolution.objects.adopted`): what every count,
        report, matrix and coverage figure covers, unless the reader asks for drafts.
        """
        return self.filter(resolution__is_adopted=True)

    def counted(self, drafts: bool = False):
        """What a count covers: commitments of adopted resolutions, or of all with `drafts`."""
        return self.all() if drafts else self.adopted()

    def trackable(self):
        """Commitments that ask someone to act: the ones progress is recorded against."""
        return self.current().filter(is_trackable=True)

    def chapeaux(self):
        """Current paragraphs that introduce sub-paragraphs, tracked through them."""
        return self.current().filter(is_chapeau=True)

    def search(self, text: str):
        """
        The commitments a typed reference finds (`commitments.references`): each part given
        narrows them. A symbol in any usual spelling, whole or its number alone, or part of it
        ("65/19" while typing); a paragraph label ("OP 16" finds 16 and its sub-paragraphs,
        "16(a)" finds 16(a) and 16(a)(i)); each word in the paragraph's text, its lead-ins',
        or the resolution's symbol or title. Nothing typed finds nothing.
        """
        reference = parse_reference(text)
        if not reference:
            return self.none()
        matches = Q()
        if reference.symbol:
            # Normalized, the symbol is found whole, by its number alone or by a part of it.
            matches &= Q(resolution__symbol__icontains=reference.symbol)
        if reference.number:
            matches &= Q(paragraph__number=reference.number)
        if reference.sub:
            matches &= Q(paragraph__sub=reference.sub) | Q(
                paragraph__sub__startswith=f"{reference.sub}-"
            )
        for word in reference.words:
            matches &= (
                Q(paragraph__text__icontains=word)
                | Q(paragraph__parent__text__icontains=word)
                | Q(paragraph__parent__parent__text__icontains=word)
                | Q(resolution__symbol__icontains=word)
                | Q(resolution__title__icontains=word)
            )
        return self.filter(matches)

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

    def relevant_to_state(self, state_code: str):
        """
        The commitments a State's page lists (trackable, addressed to States, of adopted
        resolutions), and the current ones that name the State (by its ISO alpha-3 code).
        """
        names = CommitmentActor.objects.filter(commitment=OuterRef("pk"), state_code=state_code)
        return self.filter(
            Q(pk__in=self.model.objects.addressed_to_states().adopted().values("pk"))
            | Q(Exists(names), retired=False)
        )

    def on_topic(self, topic):
        """
        Commitments tagged with `topic` (a Topic, its primary key, or a queryset of topics or
        of their keys, for any of several) or one of its sub-topics, each once: topics nest
        one level deep. The one meaning of "on a topic" for every list, filter and count (a
        queryset to filter other models by: `commitment__in=...`).
        """
        topics = topic if isinstance(topic, models.QuerySet) else [topic]
        tags = self.model.topics.through.objects.filter(
            Q(topic__in=topics) | Q(topic__parent__in=topics), commitment=OuterRef("pk")
        )
        return self.filter(Exists(tags))

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
    kept, so the resolution reads whole, but are not trackable; nor is a chapeau, a paragraph
    that introduces sub-paragraphs (`is_chapeau`, set by the import from the parsed text): its
    sub-paragraphs are. Progress recorded on a chapeau before that rule is kept and shown.
    """

    paragraph = models.OneToOneField(Paragraph, on_delete=models.CASCADE, related_name="commitment")
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="commitments")
    verb_phrase = models.CharField(
        max_length=128, help_text=_("As printed, e.g. 'Also calls upon'.")
    )
    canonical_verb = models.CharField(max_length=80, blank=True, help_text=_("e.g. 'call upon'."))
    strength = models.CharField(max_length=16, choices=Strength)
    action = models.CharField(
        max_length=200, blank=True, help_text=_("The requested action, e.g. 'criminalize'.")
    )
    sub_lead = models.CharField(max_length=200, blank=True)
    actor_kind = models.CharField(
        "addressee kind", max_length=32, choices=AddresseeKind, default=AddresseeKind.SELF
    )
    actors = models.ManyToManyField(
        Actor, through="CommitmentActor", related_name="commitments", blank=True
    )
    topics = models.ManyToManyField(Topic, related_name="commitments", blank=True)
    flags = models.JSONField(
        default=list, blank=True, help_text=_("What the parser was unsure of, for review.")
    )
    is_chapeau = models.BooleanField(
        "introduces sub-paragraphs",
        default=False,
        editable=False,
        help_text=_("Its sub-paragraphs are tracked, each on its own; it is their context."),
    )
    is_trackable = models.BooleanField(default=False, editable=False)
    retired = models.BooleanField(
        default=False, help_text=_("No longer in the resolution's current text; kept for history.")
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
            # database keeps it in step with strength, addressees and sub-paragraphs.
            models.CheckConstraint(
                condition=Q(
                    ~Q(strength=Strength.DECLARATORY),
                    ~Q(actor_kind=AddresseeKind.SELF),
                    is_chapeau=False,
                    is_trackable=True,
                )
                | Q(
                    Q(strength=Strength.DECLARATORY)
                    | Q(actor_kind=AddresseeKind.SELF)
                    | Q(is_chapeau=True),
                    is_trackable=False,
                ),
                name="commitment_trackable_matches",
            ),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.is_trackable = self.compute_trackable(self.strength, self.actor_kind, self.is_chapeau)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:commitment_detail", args=[self.pk])

    @staticmethod
    def compute_trackable(strength: str, actor_kind: str, is_chapeau: bool) -> bool:
        """
        Only asks addressed to someone can be implemented (or not) by them. A chapeau ("Calls
        upon all States: (a) to ...; (b) to ...") asks through its sub-paragraphs: each is
        tracked on its own, and the chapeau shows their roll-up (states.rollups).
        """
        return (
            strength != Strength.DECLARATORY and actor_kind != AddresseeKind.SELF and not is_chapeau
        )

    @property
    def label(self) -> str:
        return self.paragraph.label

    @property
    def reference(self) -> str:
        """'A/RES/65/190 OP 16', or 'A/RES/64/293, annex, para. 12(b)' in an annexed text."""
        separator = ", " if self.paragraph.part else " "
        return f"{self.resolution.display_symbol}{separator}{self.paragraph.place}"

    @property
    def place(self) -> str:
        """'OP 7(a)', or 'annex, para. 12(b)' in an annexed text (Paragraph.place)."""
        return self.paragraph.place

    @property
    def is_draft(self) -> bool:
        """Whether its resolution's adoption is not established (reads the resolution)."""
        return not self.resolution.is_adopted

    @cached_property
    def sub_paragraph_span(self) -> str:
        """The sub-paragraphs a chapeau introduces, as printed: '(a)–(d)', or '(a)' alone."""
        labels = [
            child.own_label
            for child in sorted(self.paragraph.children.all(), key=lambda p: p.position or 0)
            if not child.retired
        ]
        if len(labels) > 1:
            return f"{labels[0]}–{labels[-1]}"
        return labels[0] if labels else ""


class CommitmentActor(models.Model):
    """An addressee of a commitment as printed, linked to its canonical actor when known."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actor_links")
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="commitment_links"
    )
    text = models.CharField(max_length=300, help_text=_("The addressee as printed."))
    kind = models.CharField(max_length=32, choices=ActorKind)
    position = models.PositiveSmallIntegerField(default=0)
    # A State named by name ("the Government of Iraq"): its ISO alpha-3 code, the key of
    # states.State, which reads the link from its side (commitments does not know states).
    state_code = models.CharField(
        "named State (ISO alpha-3)", max_length=3, blank=True, default="", db_index=True
    )

    class Meta:
        ordering = ["commitment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "position"], name="unique_commitment_actor_position"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="commitment_actor_has_text"),
            models.CheckConstraint(
                condition=Q(state_code="") | Q(state_code__regex=r"^[A-Z]{3}\Z"),
                name="commitment_actor_state_code_valid",
            ),
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
# (read by commitments.parsing.reporting at import), and who wants an e-mail before the date.
