"""
Digests of what people follow, built and sent by the worker (`tasks.send_digests`).

A digest covers what happened between the person's last digest (`Follower.last_sent`; the
first covers from when they began to follow) and now:

- progress newly approved on a followed state, topic, resolution or commitment, read through
  `ProgressEntry.objects.restrict(reader)`, so nothing the reader may not see gets in (only
  the entry's approved summary, never its evidence);
- new resolutions touching it: on a followed topic, naming a followed state, or taking up
  (lineage) a followed resolution's or commitment's asks;
- reporting requests of a followed resolution, commitment or topic that came within
  DUE_WINDOW_DAYS of their due date during the period (so each is told once; the first
  digest tells of every open one within the window).

One message per person per period: a daily digest goes once a calendar day, a weekly one once
a week (from Monday), an immediate one whenever something new is there. `last_sent` is moved
forward by a compare-and-swap in the transaction that sends, so two runs never both send; a
mail that fails rolls it back, and the next run tries again. Nothing new, no message.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from commitments.models import (
    Commitment,
    CommitmentActor,
    CommitmentLink,
    ReportingRequest,
    Resolution,
    Topic,
)
from states.models import ProgressEntry

from .choices import Frequency, SubjectKind
from .models import Follow, Follower

logger = logging.getLogger(__name__)

DUE_WINDOW_DAYS = 30
UNSUBSCRIBE_SALT = "following.unsubscribe"
# The most of each kind a digest lists; the rest is counted, with a link to see it.
MOST = 25


@dataclass
class Digest:
    follower: Follower
    since: datetime.datetime
    until: datetime.datetime
    follows: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    resolutions: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.entries or self.resolutions or self.requests)


def unsubscribe_token(user, follow=None) -> str:
    data = {"u": user.pk}
    if follow is not None:
        data["f"] = follow.pk
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user, follow=None) -> str:
    return settings.SITE_URL + reverse(
        "following:unsubscribe", args=[unsubscribe_token(user, follow)]
    )


def period_start(frequency: str, now: datetime.datetime) -> datetime.datetime | None:
    """The start of the current period: a digest went out after it means none is due."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == Frequency.DAILY:
        return midnight
    if frequency == Frequency.WEEKLY:
        return midnight - datetime.timedelta(days=local.weekday())
    return None


def _subjects(follows, kind):
    return [getattr(follow, f"{kind}_id") for follow in follows if follow.kind == kind]


def build(follower, follows, until) -> Digest:
    """What `follower` is told of `follows` up to `until`, as they may see it."""
    user = follower.user
    since = follower.last_sent or min(follow.created for follow in follows)
    digest = Digest(follower, since, until, follows=follows)
    states = _subjects(follows, SubjectKind.STATE)
    topics = _subjects(follows, SubjectKind.TOPIC)
    resolutions = _subjects(follows, SubjectKind.RESOLUTION)
    commitments = _subjects(follows, SubjectKind.COMMITMENT)
    on_topics = (
        Commitment.objects.on_topic(Topic.objects.filter(pk__in=topics))
        if topics
        else Commitment.objects.none()
    )

    touching = (
        Q(state__in=states)
        | Q(commitment__in=commitments)
        | Q(commitment__resolution__in=resolutions)
        | Q(commitment__in=on_topics.values("pk"))
    )
    digest.entries = list(
        ProgressEntry.objects.restrict(user)
        .approved()
        .filter(touching, decided_at__gt=since, decided_at__lte=until)
        .select_related(
            "state",
            "subject_organization",
            "organization",
            "commitment__paragraph",
            "commitment__resolution",
        )
        .order_by("decided_at", "pk")[:MOST]
    )

    taking_up = CommitmentLink.objects.shown().filter(
        Q(earlier__resolution__in=resolutions) | Q(earlier__in=commitments),
        later__resolution=OuterRef("pk"),
    )
    naming = CommitmentActor.objects.filter(
        commitment__resolution=OuterRef("pk"),
        state_code__in=[follow.state.iso3 for follow in follows if follow.kind == "state"],
    )
    on_topic = on_topics.filter(resolution=OuterRef("pk"))
    digest.resolutions = list(
        Resolution.objects.for_choices()
        .filter(created__gt=since, created__lte=until)
        .filter(Exists(taking_up) | Exists(naming) | Exists(on_topic))
        .exclude(pk__in=resolutions)
        .order_by("created", "pk")[:MOST]
    )

    # Those that came within the window since the last digest; the first tells of every
    # open one within it.
    if follower.last_sent is None:
        first_due = timezone.localdate(until) - datetime.timedelta(days=1)
    else:
        first_due = timezone.localdate(since) + datetime.timedelta(days=DUE_WINDOW_DAYS)
    last_due = timezone.localdate(until) + datetime.timedelta(days=DUE_WINDOW_DAYS)
    digest.requests = list(
        ReportingRequest.objects.for_list()
        .open()
        .filter(due_date__gt=first_due, due_date__lte=last_due)
        .filter(
            Q(resolution__in=resolutions)
            | Q(commitment__in=commitments)
            | Q(commitment__in=on_topics.values("pk"))
        )
        .order_by("due_date", "pk")[:MOST]
    )
    return digest


def followers_due(frequency: str, now: datetime.datetime):
    """Active people with an address, this frequency, something followed and a digest due."""
    followers = (
        Follower.objects.filter(frequency=frequency, user__is_active=True)
        .exclude(user__email="")
        .filter(Exists(Follow.objects.filter(user=OuterRef("user"))))
        .select_related("user")
        .order_by("pk")
    )
    start = period_start(frequency, now)
    if start is not None:
        followers = followers.filter(Q(last_sent=None) | Q(last_sent__lt=start))
    return followers


@dataclass
class DigestRun:
    sent: int = 0
    empty: int = 0
    failed: int = 0


def send_digests(frequency: str, now: datetime.datetime | None = None) -> DigestRun:
    now = now or timezone.now()
    run = DigestRun()
    for follower in followers_due(frequency, now):
        follows = list(Follow.objects.of(follower.user).for_list())
        digest = build(follower, follows, now)
        try:
            with transaction.atomic():
                claimed = Follower.objects.filter(
                    pk=follower.pk, last_sent=follower.last_sent
                ).update(last_sent=now)
                if not claimed:
                    continue  # another run has sent it
                if digest.is_empty:
                    run.empty += 1
                    continue
                message(digest).send(fail_silently=False)
        except OSError:
            logger.exception("Could not send the digest of user %s", follower.user_id)
            run.failed += 1
            continue
        run.sent += not digest.is_empty
    return run


def message(digest: Digest) -> EmailMessage:
    user = digest.follower.user
    unsubscribe = unsubscribe_url(user)
    context = {
        "digest": digest,
        "user": user,
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "manage_url": settings.SITE_URL + reverse("following:list"),
        "unsubscribe_url": unsubscribe,
        "follows": [(follow, unsubscribe_url(user, follow)) for follow in digest.follows],
    }
    with (
        translation.override(settings.LANGUAGE_CODE),
        timezone.override(timezone.get_default_timezone()),
    ):
        subject = " ".join(render_to_string("following/email/digest_subject.txt", context).split())
        body = render_to_string("following/email/digest.txt", context)
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            # RFC 8058: mail clients offer their own one-click unsubscribe button.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def entry_decided(sender, entry, action, user, **kwargs):
    """An approval: the worker sends the immediate digests (after this commit)."""
    if action != "approve":
        return
    from .tasks import send_digests_task

    transaction.on_commit(lambda: send_digests_task.enqueue(Frequency.IMMEDIATELY), robust=True)
