"""
The vocabulary the parser reads (actors and their aliases, topics and their keywords, SDG
targets, operative verbs and their forms, phrases), kept in tables so that curators can
extend it in the admin without touching code.
"""

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ..choices import (
    ActorKind,
    LexiconPhraseKind,
    Strength,
)


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
        verbose_name_plural = _("actor aliases")
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
        verbose_name = _("SDG target")
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

    canonical = models.CharField(
        max_length=80, unique=True, help_text=_("Lemma, e.g. 'call upon'.")
    )
    strength = models.CharField(max_length=16, choices=Strength)
    directive = models.BooleanField(
        default=True,
        help_text=_(
            "The verb asks someone to act (urges, requests) rather than the body "
            "speaking for itself (welcomes, takes note)."
        ),
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
