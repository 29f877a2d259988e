"""
What people follow (`Follow`: a state, a topic, a resolution or a commitment) and how often
they hear of it (`Follower`: the digest's frequency and how far the last one went).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import Frequency, SubjectKind

SUBJECT_FIELDS = {kind.value: kind.value for kind in SubjectKind}


class Follower(models.Model):
    """A person's digest: how often, and the moment the last one covered up to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follower"
    )
    frequency = models.CharField(
        _("digest e-mail"), max_length=16, choices=Frequency, default=Frequency.DAILY
    )
    last_sent = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="follower_frequency_valid"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"


class FollowQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def for_list(self):
        return self.select_related(
            "state", "topic", "resolution", "commitment__paragraph", "commitment__resolution"
        )


class Follow(models.Model):
    """One subject a person follows: exactly one of the four is set, named by `kind`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(max_length=16, choices=SubjectKind)
    state = models.ForeignKey(
        "states.State", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "commitments.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    resolution = models.ForeignKey(
        "commitments.Resolution", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    commitment = models.ForeignKey(
        "commitments.Commitment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "created"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="state",
                        state__isnull=False,
                        topic=None,
                        resolution=None,
                        commitment=None,
                    )
                    | Q(
                        kind="topic",
                        topic__isnull=False,
                        state=None,
                        resolution=None,
                        commitment=None,
                    )
                    | Q(
                        kind="resolution",
                        resolution__isnull=False,
                        state=None,
                        topic=None,
                        commitment=None,
                    )
                    | Q(
                        kind="commitment",
                        commitment__isnull=False,
                        state=None,
                        topic=None,
                        resolution=None,
                    )
                ),
                name="follow_has_one_subject_of_its_kind",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", field],
                    condition=Q(kind=field),
                    name=f"follow_{field}_once",
                )
                for field in SUBJECT_FIELDS
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.subject}"

    @property
    def subject(self):
        return getattr(self, self.kind)

    @property
    def subject_name(self) -> str:
        subject = self.subject
        if self.kind == SubjectKind.RESOLUTION:
            return subject.display_symbol
        if self.kind == SubjectKind.COMMITMENT:
            return f"{subject.resolution.display_symbol} OP {subject.paragraph.label}"
        return subject.name

    def subject_url(self) -> str:
        subject = self.subject
        if self.kind == SubjectKind.STATE:
            return reverse("states:state_detail", args=[subject.slug])
        if self.kind == SubjectKind.TOPIC:
            return reverse("reports:topic_report", args=[subject.slug])
        return subject.get_absolute_url()
