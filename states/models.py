"""
States, the M49 regions they belong to, and the organizations that report on them.

Progress on a commitment is recorded per state and compared across regions, so the list of
states and their grouping must be the UN's own: names as the UN prints them, codes from
ISO 3166-1 and regions from the UN Statistics Division's M49 standard. The rows are loaded
by the 0002 data migration from states/data/m49.csv rather than typed in by users.
"""

import itertools
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commitments.signals import figures_changed

from .choices import (
    Confidence,
    ImplementationStatus,
    OrganizationKind,
    RegionLevel,
    UnStatus,
    WorkflowState,
)
from .notifications import notify_transition
from .signals import assessment_moved
from .uploads import check_evidence_file, evidence_upload_to

m49_validator = RegexValidator(r"^\d{3}$", "An M49 code is three digits, zero-padded: 002.")
iso2_validator = RegexValidator(r"^[A-Z]{2}$", "An ISO alpha-2 code is two capital letters.")
iso3_validator = RegexValidator(r"^[A-Z]{3}$", "An ISO alpha-3 code is three capital letters.")


class Region(models.Model):
    """
    An M49 geographic region, sub-region or intermediate region.

    M49 nests three deep (Africa > Sub-Saharan Africa > Western Africa); only the top tier
    has no parent. Regions are reference data: PROTECT keeps a region that states still
    point to from being deleted by accident.
    """

    m49_code = models.CharField(
        "M49 code",
        max_length=3,
        unique=True,
        validators=[m49_validator],
        help_text="UN M49 area code, zero-padded, e.g. 002 for Africa.",
    )
    name = models.CharField(max_length=100)
    level = models.CharField(max_length=16, choices=RegionLevel)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level=RegionLevel.REGION, parent__isnull=True)
                    | (~Q(level=RegionLevel.REGION) & Q(parent__isnull=False))
                ),
                name="region_parent_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(level__in=RegionLevel.values), name="region_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(m49_code__regex=r"^[0-9]{3}\Z"), name="region_m49_code_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="region_has_name"),
        ]

    def __str__(self):
        return self.name


class StateQuerySet(models.QuerySet):
    def members(self):
        return self.filter(un_status=UnStatus.MEMBER)

    def observers(self):
        return self.filter(un_status=UnStatus.OBSERVER)

    def in_region(self, region):
        """States anywhere under a region, at whichever M49 tier the region sits."""
        return self.filter(Q(region=region) | Q(subregion=region) | Q(intermediate_region=region))


class State(models.Model):
    """
    A UN member state or non-member observer state (193 + 2).

    The name is the UN's short name ("Bolivia (Plurinational State of)", "Türkiye"), because
    that is how resolutions and voting records name states; the ISO codes are kept to match
    data from other sources. The M49 numeric code of a state equals its ISO 3166-1 numeric
    code. The three region links are denormalized on purpose so that lists can filter by
    any tier with one indexed column.
    """

    name = models.CharField(max_length=100, unique=True, help_text="UN short name.")
    slug = models.SlugField(max_length=100, unique=True)
    iso2 = models.CharField("ISO alpha-2", max_length=2, unique=True, validators=[iso2_validator])
    iso3 = models.CharField("ISO alpha-3", max_length=3, unique=True, validators=[iso3_validator])
    m49_code = models.CharField("M49 code", max_length=3, unique=True, validators=[m49_validator])
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="states",
        limit_choices_to={"level": RegionLevel.REGION},
    )
    subregion = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="subregion_states",
        limit_choices_to={"level": RegionLevel.SUBREGION},
    )
    intermediate_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intermediate_region_states",
        limit_choices_to={"level": RegionLevel.INTERMEDIATE},
        help_text="Only some sub-regions are divided further, e.g. Sub-Saharan Africa.",
    )
    un_status = models.CharField(
        "UN status", max_length=16, choices=UnStatus, default=UnStatus.MEMBER
    )
    un_member_since = models.DateField(
        "UN member since",
        null=True,
        blank=True,
        help_text="Date of admission to the United Nations; empty when not recorded.",
    )

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["un_status", "name"])]
        constraints = [
            # The field validators' patterns: codes are lookup keys (the API names states
            # by iso3) and the slug is in URLs.
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}\Z")
                & Q(iso3__regex=r"^[A-Z]{3}\Z")
                & Q(m49_code__regex=r"^[0-9]{3}\Z"),
                name="state_codes_valid",
            ),
            models.CheckConstraint(
                condition=Q(slug__regex=r"^[-a-zA-Z0-9_]+\Z"), name="state_slug_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="state_has_name"),
            models.CheckConstraint(
                condition=Q(un_status__in=UnStatus.values), name="state_un_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Keep the three region links one consistent M49 path."""
        errors = {}
        if self.subregion_id and self.region_id and self.subregion.parent_id != self.region_id:
            errors["subregion"] = "This sub-region is not part of the chosen region."
        if (
            self.intermediate_region_id
            and self.subregion_id
            and self.intermediate_region.parent_id != self.subregion_id
        ):
            errors["intermediate_region"] = (
                "This intermediate region is not part of the chosen sub-region."
            )
        if errors:
            raise ValidationError(errors)


class Organization(models.Model):
    """
    A body other than a state that reports on or acts on commitments.

    National NGOs and national human rights institutions belong to one country, which lets
    their reports be shown beside that state's record; international bodies have none.
    Losing a state (never expected) must not delete the organization, hence SET_NULL.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    acronym = models.CharField(max_length=32, blank=True)
    kind = models.CharField(max_length=32, choices=OrganizationKind)
    country = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
        help_text="For national NGOs and national human rights institutions.",
    )
    website = models.URLField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="organization_has_name"),
            models.CheckConstraint(
                condition=Q(slug__regex=r"^[-a-zA-Z0-9_]+\Z"), name="organization_slug_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
            # URLValidator's schemes: never javascript: or data: in a link.
            models.CheckConstraint(
                condition=Q(website="")
                | Q(website__istartswith="http://")
                | Q(website__istartswith="https://")
                | Q(website__istartswith="ftp://")
                | Q(website__istartswith="ftps://"),
                name="organization_website_scheme_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Membership(models.Model):
    """A user's belonging to an organization: contributors record progress for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} in {self.organization}"


class TransitionError(Exception):
    """A workflow step that is not allowed from the entry's current state."""


class StaleEntryError(TransitionError):
    """Someone else changed the entry since it was read; nothing was overwritten."""


class ProgressEntryQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(workflow_state=WorkflowState.APPROVED)

    def awaiting_review(self):
        return self.filter(workflow_state=WorkflowState.SUBMITTED)

    def of_organizations_of(self, user):
        """Entries reported by any organization `user` belongs to."""
        return self.filter(organization__memberships__user=user)

    def restrict(self, user):
        """
        The entries `user` may see: approved ones for everyone; an organization's own
        entries for its members; everything submitted or decided for reviewers.
        """
        if user is None or not user.is_authenticated:
            return self.filter(workflow_state=WorkflowState.APPROVED)
        if user.is_superuser:
            return self
        # The cheap test on the row first: PostgreSQL evaluates OR arms in the order written,
        # and the EXISTS is a probe per row (the review queue's count over 70,000 submitted
        # entries: 145 ms with the EXISTS first). For reviewers everything but a draft is
        # visible already, approved entries included.
        if user.has_perm("states.review_progressentry"):
            visible = ~Q(workflow_state=WorkflowState.DRAFT)
        else:
            visible = Q(workflow_state=WorkflowState.APPROVED)
        # EXISTS rather than a join through memberships: no duplicate rows, so no DISTINCT
        # over wide rows on every list.
        visible |= Exists(
            Membership.objects.filter(organization=OuterRef("organization"), user=user)
        )
        return self.filter(visible)


class ProgressEntry(models.Model):
    """
    What a state or an organization did (or failed to do) on one commitment, as an
    organization reports it with evidence.

    Entries move through a review workflow; only approved entries count in dashboards,
    reports and exports. Every change is kept in the entry's history, and nothing a
    contributor submitted is deleted: entries are withdrawn instead.
    """

    # (action, states it may start from, state it leads to)
    TRANSITIONS = {
        "submit": ((WorkflowState.DRAFT, WorkflowState.CHANGES_REQUESTED), WorkflowState.SUBMITTED),
        "approve": ((WorkflowState.SUBMITTED,), WorkflowState.APPROVED),
        "request_changes": ((WorkflowState.SUBMITTED,), WorkflowState.CHANGES_REQUESTED),
        "reject": ((WorkflowState.SUBMITTED,), WorkflowState.REJECTED),
        "withdraw": (
            (WorkflowState.DRAFT, WorkflowState.SUBMITTED, WorkflowState.CHANGES_REQUESTED),
            WorkflowState.WITHDRAWN,
        ),
    }
    REVIEW_ACTIONS = ("approve", "request_changes", "reject")
    # Contributors must be told what to change, or why their entry was turned down.
    ACTIONS_NEEDING_A_COMMENT = {
        "request_changes": "Say what the contributors should change.",
        "reject": "Say why the entry is rejected.",
    }
    ACTION_PARTICIPLES = {
        "submit": "submitted",
        "approve": "approved",
        "request_changes": "sent back for changes",
        "reject": "rejected",
        "withdraw": "withdrawn",
    }

    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.PROTECT, related_name="progress_entries"
    )
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="progress_entries"
    )
    subject_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_as_subject",
        help_text="When the entry is about an organization rather than a state.",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="progress_entries",
        help_text="The organization reporting this entry.",
    )
    status = models.CharField(max_length=32, choices=ImplementationStatus)
    fact_date = models.DateField(help_text="The date the reported fact refers to.")
    summary = models.TextField()
    confidence = models.CharField(max_length=8, choices=Confidence, default=Confidence.MEDIUM)
    workflow_state = models.CharField(
        max_length=32, choices=WorkflowState, default=WorkflowState.DRAFT
    )
    review_comment = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_entries"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_decisions",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(
        default=0, help_text="Raised by every change, so concurrent edits cannot overwrite."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ProgressEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-updated"]
        verbose_name_plural = "progress entries"
        permissions = [("review_progressentry", "Can review progress entries")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__isnull=False, subject_organization__isnull=True)
                | Q(state__isnull=True, subject_organization__isnull=False),
                name="progress_entry_has_one_subject",
            ),
            models.CheckConstraint(
                condition=~Q(
                    workflow_state__in=[WorkflowState.CHANGES_REQUESTED, WorkflowState.REJECTED]
                )
                | ~Q(review_comment=""),
                name="returned_or_rejected_entry_has_comment",
            ),
            models.CheckConstraint(
                condition=~Q(workflow_state=WorkflowState.APPROVED)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="approved_entry_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(
                    workflow_state__in=[WorkflowState.CHANGES_REQUESTED, WorkflowState.REJECTED]
                )
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="returned_or_rejected_entry_has_decision",
            ),
            # A decision follows the submission it decides on (a resubmitted entry is
            # submitted after its earlier decision, so only decided states are checked).
            models.CheckConstraint(
                condition=~Q(
                    workflow_state__in=[
                        WorkflowState.APPROVED,
                        WorkflowState.CHANGES_REQUESTED,
                        WorkflowState.REJECTED,
                    ]
                )
                | Q(submitted_at__isnull=True)
                | Q(decided_at__gte=F("submitted_at")),
                name="entry_decided_after_submitted",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ImplementationStatus.values),
                name="progress_entry_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values),
                name="progress_entry_confidence_valid",
            ),
            models.CheckConstraint(
                condition=Q(workflow_state__in=WorkflowState.values),
                name="progress_entry_workflow_state_valid",
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="progress_entry_has_summary"),
        ]
        indexes = [
            models.Index(fields=["workflow_state", "-updated"]),
            # The review queue: submitted entries oldest first, read a page at a time
            # (at 1,000,000 entries the queue went from 811 ms to 212 ms). The reporting
            # organization rides along (PostgreSQL INCLUDE) so the queue's count, which
            # checks it for visibility, reads the index alone: 565 ms to 43 ms.
            models.Index(
                fields=["workflow_state", "submitted_at", "id"],
                include=["organization"],
                name="entry_queue_covering",
            ),
            models.Index(fields=["commitment", "state", "workflow_state"]),
            # A state page's newest entries: one state's entries in one workflow state, newest
            # fact first, read a page at a time from the index (at 1,000,000 entries the
            # state page's recent entries took 13 ms, filtering 5,000 of the timeline index).
            # It serves every lookup of a state and workflow state, as its prefix did alone.
            models.Index(
                fields=["state", "workflow_state", "-fact_date", "-id"], name="entry_state_recent"
            ),
            # The overview's timeline: approved entries per month of their fact, read from
            # the index alone (at 1,000,000 entries, a 118 ms scan of the table before).
            models.Index(fields=["workflow_state", "fact_date"], name="entry_state_fact_date"),
        ]

    def __str__(self):
        return f"{self.subject} on {self.commitment}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The current assessment changes only when approved entries do.
        was_approved = getattr(self, "_loaded_approved", False)
        if self.workflow_state == WorkflowState.APPROVED or was_approved:
            subject = (self.commitment_id, self.state_id, self.subject_organization_id)
            loaded = getattr(self, "_loaded_subject", None)
            if loaded and loaded != subject:
                # Release this entry from its old pair before it can head the new one.
                CurrentAssessment.objects.refresh(*loaded)
            CurrentAssessment.objects.refresh(*subject)
            self._loaded_subject = subject

    def get_absolute_url(self):
        return reverse("states:entry_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        entry = super().from_db(db, field_names, values)
        entry._loaded_approved = entry.__dict__.get("workflow_state") == WorkflowState.APPROVED
        entry._loaded_subject = (
            entry.__dict__.get("commitment_id"),
            entry.__dict__.get("state_id"),
            entry.__dict__.get("subject_organization_id"),
        )
        return entry

    @property
    def subject(self):
        return self.state or self.subject_organization

    def is_member(self, user) -> bool:
        """Whether `user` belongs to the reporting organization (asked once per instance)."""
        if not user.is_authenticated:
            return False
        known = self.__dict__.setdefault("_members_known", {})
        if user.pk not in known:
            known[user.pk] = Membership.objects.filter(
                user=user, organization_id=self.organization_id
            ).exists()
        return known[user.pk]

    @classmethod
    def start(cls, user, organization, **fields):
        """
        Create a draft as `user` reporting for `organization`: the one way entries are made
        by contributors (forms and API alike), so the same rule applies everywhere.
        """
        if not user.has_perm("states.add_progressentry"):
            raise PermissionDenied("You may not record progress.")
        if not organization.memberships.filter(user=user).exists():
            raise PermissionDenied("You can only report for an organization you belong to.")
        entry = cls(organization=organization, created_by=user, **fields)
        entry.full_clean()
        entry._history_user = user
        entry._change_reason = "create"
        with transaction.atomic():  # the entry and its first history row, or neither
            entry.save()
        return entry

    def can_edit(self, user) -> bool:
        """Contributors edit their organization's drafts and entries sent back to them."""
        return (
            self.workflow_state in (WorkflowState.DRAFT, WorkflowState.CHANGES_REQUESTED)
            and user.has_perm("states.change_progressentry")
            and self.is_member(user)
        )

    def can(self, action: str, user) -> bool:
        """Whether `user` may take workflow `action` now (the model's own rule, not a view's)."""
        sources, _ = self.TRANSITIONS[action]
        if self.workflow_state not in sources or not user.is_authenticated:
            return False
        if action in self.REVIEW_ACTIONS:
            return user.has_perm("states.review_progressentry") and user.pk != self.created_by_id
        return user.has_perm("states.change_progressentry") and self.is_member(user)

    def transition(self, action: str, user, comment: str = ""):
        """
        Take a workflow step, or raise. Safe under concurrent use: the step applies only if
        nobody changed the entry since this instance was read (compare-and-swap on
        `revision`); the loser gets StaleEntryError and its reviewer is told.
        """
        if action not in self.TRANSITIONS:
            raise TransitionError(f"Unknown workflow action {action!r}.")
        sources, target = self.TRANSITIONS[action]
        if self.workflow_state not in sources:
            raise TransitionError(
                f"An entry that is {self.get_workflow_state_display().lower()} cannot be "
                f"{self.ACTION_PARTICIPLES[action]}."
            )
        if not self.can(action, user):
            raise PermissionDenied("You may not take this step on this entry.")
        if action in self.ACTIONS_NEEDING_A_COMMENT and not comment.strip():
            raise ValidationError({"comment": self.ACTIONS_NEEDING_A_COMMENT[action]})
        now = timezone.now()
        with transaction.atomic():
            self._claim()
            self.workflow_state = target
            if action == "submit":
                self.submitted_at = now
            if action in self.REVIEW_ACTIONS:
                self.decided_by, self.decided_at = user, now
                self.review_comment = comment
            self._change_reason = f"{action}: {comment}" if comment else action
            self._history_user = user
            self.save()
            transaction.on_commit(lambda: notify_transition(self, action, user), robust=True)

    def edit(self, user, **changes):
        """Change an entry's content as a contributor, under the same concurrency rule."""
        if not self.can_edit(user):
            raise PermissionDenied(
                "Only your organization's drafts and returned entries can be edited."
            )
        with transaction.atomic():
            self._claim()
            for name, value in changes.items():
                setattr(self, name, value)
            self._history_user = user
            self._change_reason = "edit"
            self.full_clean()
            self.save()

    def add_evidence(self, user, *, file=None, **fields):
        """
        Attach an evidence item (URL, citation and/or file) to an editable entry. The file is
        checked by content before anything is written; the entry's revision moves on so a
        reviewer acting on what they saw before cannot decide on changed evidence unawares.
        """
        if not self.can_edit(user):
            raise PermissionDenied("Evidence can be added only to entries you can edit.")
        evidence = Evidence(entry=self, added_by=user, **fields)
        if file is not None:
            checked = check_evidence_file(file)
            evidence.content_type = checked.content_type
            evidence.size = checked.size
            evidence.sha256 = checked.sha256
            evidence.original_name = PurePath(file.name or "").name[:255]
            evidence.file = file
        evidence.full_clean(exclude=["file"] if file is not None else None)
        with transaction.atomic():
            self._claim()
            evidence._history_user = user
            evidence._change_reason = "add"
            evidence.save()
        return evidence

    def remove_evidence(self, user, evidence):
        """Take an evidence item off an editable entry; it stays in the history (soft delete)."""
        if not self.can_edit(user):
            raise PermissionDenied("Evidence can be removed only from entries you can edit.")
        if evidence.entry_id != self.pk:
            raise PermissionDenied("That evidence belongs to another entry.")
        with transaction.atomic():
            self._claim()
            evidence.removed = True
            evidence._history_user = user
            evidence._change_reason = "remove"
            evidence.save()

    def can_see_confidential(self, user) -> bool:
        """Reviewers and the reporting organization's members read confidential evidence."""
        return user.is_authenticated and (
            user.has_perm("states.review_progressentry") or self.is_member(user)
        )

    def can_change_confidentiality(self, user) -> bool:
        """
        Members mark their evidence confidential (or not) while they may edit the entry;
        reviewers at any time, since a source may need protecting after approval too.
        """
        return user.is_authenticated and (
            user.has_perm("states.review_progressentry") or self.can_edit(user)
        )

    def set_evidence_confidential(self, user, evidence, confidential: bool):
        """
        Mark one of the entry's evidence items confidential or not: a change in its history
        like any other, under the same compare-and-swap on the entry's revision.
        """
        if not self.can_change_confidentiality(user):
            raise PermissionDenied("You may not change who can see this entry's evidence.")
        if evidence.entry_id != self.pk:
            raise PermissionDenied("That evidence belongs to another entry.")
        if evidence.confidential == confidential:
            return
        with transaction.atomic():
            self._claim()
            evidence.confidential = confidential
            evidence._history_user = user
            evidence._change_reason = "confidential" if confidential else "not confidential"
            evidence.save(update_fields=["confidential", "updated"])

    def _claim(self):
        """Compare-and-swap on `revision`: fails if the row changed since it was read."""
        claimed = ProgressEntry.objects.filter(
            pk=self.pk, revision=self.revision, workflow_state=self.workflow_state
        ).update(revision=F("revision") + 1)
        if not claimed:
            raise StaleEntryError(
                "Someone else changed this entry while you were looking at it. "
                "Reload it to see their change; yours was not applied."
            )
        self.revision += 1


def reads_confidential(user, organization="organization"):
    """
    Whether `user` may read the confidential evidence of the entry whose reporting
    organization `organization` names (a path from the rows queried), as an expression: true
    for reviewers, false for anonymous visitors, otherwise an EXISTS on the user's memberships
    (so a page of rows is answered in its own query). `ProgressEntry.can_see_confidential`
    is the same rule for one entry in hand.
    """
    if user is None or not user.is_authenticated:
        return models.Value(False, output_field=models.BooleanField())
    if user.is_superuser or user.has_perm("states.review_progressentry"):
        return models.Value(True, output_field=models.BooleanField())
    return Exists(Membership.objects.filter(organization=OuterRef(organization), user=user))


class EvidenceQuerySet(models.QuerySet):
    def shown(self):
        """Evidence still attached (removed items live on in the history only)."""
        return self.filter(removed=False)

    def public(self):
        """
        Evidence anyone may read. Documents meant to be passed on (printable reports, PDFs,
        exports) carry only these, whoever makes them: a file leaves the tracker's checks
        once it is downloaded.
        """
        return self.filter(confidential=False)

    def disclosed_to(self, user):
        """
        Leaves out the confidential items `user` may not read: those are for reviewers and
        for members of the organization that reported the entry. Says nothing about the
        entry itself (see `restrict`); an EXISTS on memberships, so no join multiplies rows.
        """
        if user is None or not user.is_authenticated:
            return self.public()
        if user.is_superuser or user.has_perm("states.review_progressentry"):
            return self
        return self.filter(Q(confidential=False) | reads_confidential(user, "entry__organization"))

    def restrict(self, user):
        """Evidence `user` may read: of the entries they may see, and confidential if theirs."""
        visible = self.filter(entry__in=ProgressEntry.objects.restrict(user).values("pk"))
        return visible.disclosed_to(user)


# Shown beside every free-text field a contributor fills in: the product never needs them.
NO_VICTIM_DETAILS = "Do not include names or other personal details of victims."


class Evidence(models.Model):
    """
    One piece of support for a progress entry: a source URL, a citation (a document symbol,
    a law, a report and page), an uploaded file, or several of these for one source.

    Files are stored under MEDIA_ROOT with generated names and served only through a view
    that checks the reader may see the entry. Evidence is never deleted, only marked removed.

    A confidential item (a source who asked not to be named, a document given in trust) is
    read only by reviewers and the reporting organization's members; for everyone else it
    does not exist, not even as a count.
    """

    entry = models.ForeignKey(ProgressEntry, on_delete=models.PROTECT, related_name="evidence")
    url = models.URLField("source URL", max_length=1000, blank=True)
    citation = models.CharField(
        max_length=500,
        blank=True,
        help_text="Document symbol, law, report and page, e.g. “A/HRC/35/37, para. 12”.",
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    description = models.CharField(max_length=500, blank=True, help_text=NO_VICTIM_DETAILS)
    confidential = models.BooleanField(
        default=False,
        help_text="Shown only to reviewers and to members of the reporting organization; "
        "never in printable reports, PDFs or exports.",
    )
    removed = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_added"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "created", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(citation="") | ~Q(file=""),
                name="evidence_has_a_source",
            ),
            # URLValidator's schemes: the URL is shown as a link, never javascript: or data:.
            models.CheckConstraint(
                condition=Q(url="")
                | Q(url__istartswith="http://")
                | Q(url__istartswith="https://")
                | Q(url__istartswith="ftp://")
                | Q(url__istartswith="ftps://"),
                name="evidence_url_scheme_valid",
            ),
        ]

    def __str__(self):
        return self.citation or self.original_name or self.url

    def clean(self):
        if not (self.url or self.citation or self.file):
            raise ValidationError("Give a source URL, a citation or a file.")

    @property
    def kind(self) -> str:
        return "file" if self.file else "url" if self.url else "citation"


class CurrentAssessmentQuerySet(models.QuerySet):
    def refresh(self, commitment_id, state_id, subject_organization_id):
        """
        Recompute the row for one (commitment, subject) from its approved entries: the one
        whose fact is the most recent wins (ties go to the latest decision). Called whenever
        an approved entry is saved, so dashboards read one indexed row per pair.
        """
        from commitments.models import Commitment

        subject = {"state_id": state_id, "subject_organization_id": subject_organization_id}
        # Two approvals on one commitment at once would both insert its row: locking the
        # commitment makes the second wait, then see the first's row.
        list(Commitment.objects.select_for_update().filter(pk=commitment_id).values("pk"))
        latest = (
            ProgressEntry.objects.approved()
            .filter(commitment_id=commitment_id, **subject)
            .order_by("-fact_date", "-decided_at", "-pk")
            .values("pk", "status", "fact_date", "decided_at")
            .first()
        )
        row = self.select_for_update().filter(commitment_id=commitment_id, **subject).first()
        old_status = row.status if row else None
        if latest is None:
            if row is not None:
                row.delete()
            row = None
        else:
            fields = {
                "entry_id": latest["pk"],
                "status": latest["status"],
                "fact_date": latest["fact_date"],
                "approved_at": latest["decided_at"],
            }
            if row is None:
                row = self.create(commitment_id=commitment_id, **subject, **fields)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
                row.save()
        new_status = row.status if row else None
        if new_status != old_status:
            assessment_moved.send(
                sender=CurrentAssessment,
                commitment_id=commitment_id,
                old_status=old_status,
                new_status=new_status,
                **subject,
            )
        return row

    def rebuild(self, batch_size=5000):
        """Recompute every row in SQL (after a bulk load that bypassed save())."""
        ranked = (
            ProgressEntry.objects.approved()
            .annotate(
                rank=models.Window(
                    RowNumber(),
                    partition_by=[F("commitment_id"), F("state_id"), F("subject_organization_id")],
                    order_by=[F("fact_date").desc(), F("decided_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank=1)
            .values_list(
                "pk",
                "commitment_id",
                "state_id",
                "subject_organization_id",
                "status",
                "fact_date",
                "decided_at",
            )
        )
        with transaction.atomic():
            self.all().delete()
            rows = (
                CurrentAssessment(
                    entry_id=row[0],
                    commitment_id=row[1],
                    state_id=row[2],
                    subject_organization_id=row[3],
                    status=row[4],
                    fact_date=row[5],
                    approved_at=row[6],
                )
                for row in ranked.iterator(chunk_size=batch_size)
            )
            created = 0
            while batch := list(itertools.islice(rows, batch_size)):
                self.bulk_create(batch)
                created += len(batch)
            figures_changed.send(sender=CurrentAssessment)
        return created


class CurrentAssessment(models.Model):
    """
    The latest approved status of one subject on one commitment, kept up to date on every
    approval so dashboards, the matrix and reports read one row per pair instead of ranking
    all entries. Derived data: `rebuild_assessments` recomputes it from the entries.
    """

    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.CASCADE, related_name="assessments"
    )
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    subject_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    entry = models.OneToOneField(ProgressEntry, on_delete=models.CASCADE, related_name="assessment")
    status = models.CharField(max_length=32, choices=ImplementationStatus)
    fact_date = models.DateField()
    approved_at = models.DateTimeField()

    objects = CurrentAssessmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "state"],
                condition=Q(state__isnull=False),
                name="one_assessment_per_commitment_state",
            ),
            models.UniqueConstraint(
                fields=["commitment", "subject_organization"],
                condition=Q(subject_organization__isnull=False),
                name="one_assessment_per_commitment_organization",
            ),
            models.CheckConstraint(
                condition=Q(state__isnull=False, subject_organization__isnull=True)
                | Q(state__isnull=True, subject_organization__isnull=False),
                name="assessment_has_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ImplementationStatus.values),
                name="assessment_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "status"]),
            models.Index(fields=["commitment", "status"]),
        ]

    def __str__(self):
        return f"{self.state or self.subject_organization} on {self.commitment_id}: {self.status}"
