"""
Lineage: links between a commitment and the same ask in an earlier or later resolution, as the
linker suggests them and reviewers confirm or reject them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from ..choices import ActorKind
from ..models.commitments import Commitment
from ..models.resolutions import Resolution

# The similarity (the linker's TF-IDF cosine, 0 to 1) from which two asks read as clearly the
# same ask, so that a change of verb, hedges, addressees or length can be named (strengthened,
# weakened, broadened, narrowed, renewed, reworded). Below it a link says only "related".
# Read off the 56 links of the seeds and the demo (tests/lineage/seed_links.json):
# - from 0.46 up, every link joins two versions of one ask and its kind holds: "To criminalize
#   trafficking" -> "criminalize all forms of trafficking ..." (0.462, broadened), "encourages"
#   -> "calls upon" on the demand that fosters trafficking (0.470, strengthened);
# - from 0.35 to 0.44 (17 links) neighbouring asks and loose versions mix, and the kind often
#   says what did not happen: "cooperation among law enforcement authorities" -> "residence
#   status for victims" (0.361, was "weakened"), "training of peacekeepers" -> "the risk is
#   heightened in crises" (0.415, was "strengthened"), "information campaigns" -> "education
#   on gender equality" (0.439, was "broadened").
# A wrong "strengthened" misleads a reader, a "related" on a true version only says less, so
# the line sits at 0.45, above every doubtful pair. Five links that the hand-drawn lineage
# (data/gold/lineage.json) counts as versions of one ask fall below it and read "related";
# none of them is one whose kind the gold names.
SIMILAR_ENOUGH = 0.45


class CommitmentLinkQuerySet(models.QuerySet):
    def shown(self):
        """Links the pages show: suggested or confirmed, never rejected ones."""
        return self.exclude(status=CommitmentLink.Status.REJECTED)

    def decided(self):
        return self.exclude(status=CommitmentLink.Status.SUGGESTED)


class CommitmentLink(models.Model):
    """
    A later commitment taking up an ask of an earlier resolution, as the linker suggests it
    (commitments/lineage/linking.py) and a reviewer confirms or rejects it.

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
        # Wording too far apart (below SIMILAR_ENOUGH) for any other kind to be claimed.
        RELATED = "related", "Related"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    earlier = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="later_links")
    later = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="earlier_links")
    score = models.FloatField(help_text=_("Similarity of the two asks' wording, 0 to 1."))
    kind = models.CharField(max_length=16, choices=Kind)
    explanation = models.JSONField(
        default=dict,
        blank=True,
        help_text="Why the linker suggested the link: what matched and what changed "
        "(commitments/lineage/asks.py, explain).",
    )
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
                        "related",
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

    # What each kind tells a reader, in words, from the earlier version to the later one.
    KIND_MEANINGS = {
        Kind.RENEWED: _("asked again in the same or nearly the same words"),
        Kind.STRENGTHENED: _("the same ask, put more firmly"),
        Kind.WEAKENED: _("the same ask, put less firmly"),
        Kind.BROADENED: _("the same ask, asking more or of more addressees"),
        Kind.NARROWED: _("the same ask, asking less or of fewer addressees"),
        Kind.REWORDED: _("the same ask in other words"),
        Kind.RELATED: _(
            "a related ask on the same subject, worded too differently to call it the same ask"
        ),
    }

    # How the linker found a pair (explanation["rule"], commitments/lineage/asks.py), in words.
    RULES = {
        "wording": gettext_lazy("Found by the wording of the two asks."),
        "mandate": gettext_lazy(
            "A mandate renewed: both paragraphs decide on the same mandate or its tasks."
        ),
        "split": gettext_lazy(
            "One ask split into two paragraphs: this later paragraph takes up part of it."
        ),
        "merged": gettext_lazy(
            "Two asks merged into one paragraph: the later paragraph takes this one up too."
        ),
    }
    MOVED = {
        "date": gettext_lazy("date"),
        "year": gettext_lazy("year"),
        "session": gettext_lazy("session"),
        "number": gettext_lazy("number"),
        "states": gettext_lazy("name of the States addressed"),
    }

    def __str__(self):
        return f"{self.earlier} → {self.later} ({self.get_kind_display().lower()})"

    @property
    def explanation_rule(self) -> str:
        """How the linker found the pair, in words; empty for a link made before it said."""
        return str(self.RULES.get((self.explanation or {}).get("rule"), ""))

    @property
    def explanation_matched(self) -> list[str]:
        """What the two asks share, one phrase each (from the stored explanation)."""
        phrases = []
        for item in (self.explanation or {}).get("matched", []):
            what, value = item.get("what"), item.get("value")
            if what == "actor":
                label = (
                    _("the mandate holder")
                    if value == "mandate"
                    else str(dict(ActorKind.choices).get(value, value))
                )
                phrases.append(_("the same kind of addressee (%(kind)s)") % {"kind": label})
            elif what == "action":
                phrases.append(_("the same action (“%(verb)s”)") % {"verb": value})
            elif what == "object":
                phrases.append(_("%(count)s content words in common") % {"count": value})
        return phrases

    @property
    def explanation_changed(self) -> list[str]:
        """What changed from the earlier ask to the later one, one phrase each."""
        phrases = []
        for item in (self.explanation or {}).get("changed", []):
            what = item.get("what")
            if what == "verb":
                phrases.append(
                    _("the verb: “%(before)s” became “%(after)s”")
                    % {"before": item["from"], "after": item["to"]}
                )
            elif what == "addressees":
                phrases.append(_("the addressees"))
            elif what in self.MOVED:
                phrases.append(
                    _("the %(what)s: %(before)s became %(after)s")
                    % {"what": self.MOVED[what], "before": item["from"], "after": item["to"]}
                )
            elif what == "added":
                phrases.append(_("%(count)s words added") % {"count": item["value"]})
            elif what == "dropped":
                phrases.append(_("%(count)s words dropped") % {"count": item["value"]})
            elif what == "item_to_paragraph":
                phrases.append(_("a lettered item became a paragraph of its own"))
            elif what == "paragraph_to_item":
                phrases.append(_("a paragraph became a lettered item"))
        return phrases

    @property
    def kind_meaning(self) -> str:
        return self.KIND_MEANINGS.get(self.kind, "")

    @property
    def similarity_words(self) -> str:
        """How alike the two wordings are, in words, for the lineage timeline."""
        if self.score >= 0.85:
            return gettext("nearly the same wording")
        if self.score >= 0.65:
            return gettext("close wording")
        if self.score >= SIMILAR_ENOUGH:
            return gettext("similar wording")
        return gettext("loosely similar wording")

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
            raise ValidationError(_("A commitment cannot be linked to itself."))
        if not self.adopted_before(self.earlier.resolution, self.later.resolution):
            raise ValidationError(
                _("The earlier commitment's resolution must be adopted before the later one's.")
            )

    def decide(self, status, user, when):
        """Confirm or reject the link; the linker leaves a decided link alone from then on."""
        self.status = status
        self.decided_by = user
        self.decided_at = when
        self.save(update_fields=["status", "decided_by", "decided_at", "updated"])
