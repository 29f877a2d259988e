"""
Progress entries: what an organization reports a state (or an organization) did on a
commitment, with the review workflow they go through and who may see and change them.
"""

import functools
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.caching import figures_marked_once, mark_figures_changed

from ..choices import (
    Confidence,
    ImplementationStatus,
    WorkflowState,
)
from ..notifications import notify_transition
from ..signals import announce_decision
from ..uploads import check_evidence_file
from .organizations import Membership, Organization
from .places import State

# The history's change reason column (django-simple-history's) holds 100 characters.
CHANGE_REASON_LENGTH = 100


def change_reason(action: str, comment: str = "") -> str:
    """
    The change reason a workflow step records: its action, with its comment ("request_changes:
    Name the act."), cut to the column's length. A reviewer's comment is also kept whole in the
    record's `review_comment`, which the history reads it from (`states.history`).
    """
    reason = f"{action}: {comment}" if comment else action
    if len(reason) > CHANGE_REASON_LENGTH:
        reason = reason[: CHANGE_REASON_LENGTH - 1] + "…"
    return reason


class TransitionError(Exception):
    """A workflow step that is not allowed from the entry's current state."""


class StaleEntryError(TransitionError):
    """Someone else changed the entry since it was read; nothing was overwritten."""


# What a write in bulk may change without any figure or assessment noticing: the claim's
# revision counter (`_claim`). Anything else goes through `update` below, which does what
# `save` does for each entry it touched.
FIELDS_NOBODY_COUNTS = frozenset({"revision"})
# What the current assessment is computed from (`CurrentAssessmentQuerySet.refresh`).
ASSESSED_FIELDS = frozenset(
    {
        "workflow_state",
        "status",
        "fact_date",
        "decided_at",
        "commitment",
        "commitment_id",
        "state",
        "state_id",
        "subject_organization",
        "subject_organization_id",
    }
)
SUBJECT_FIELDS = ("commitment_id", "state_id", "subject_organization_id")


class ProgressEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """
        An update in bulk (the admin, a shell, `bulk_update`) with what `save` does for
        each entry it changed, so none can leave the figures or the assessments behind: the
        entry figures of every subject before and after go stale and, when a field the
        current assessment is computed from changed, every pair's assessment is computed
        again (with the maintained counts and assessment figures, `refresh`). One refresh a
        pair: fine for the handfuls this is for; a load of thousands uses `bulk_create`.
        """
        if set(kwargs) <= FIELDS_NOBODY_COUNTS:
            return super().update(**kwargs)
        from .. import figures
        from .assessments import CurrentAssessment

        with transaction.atomic(using=self.db):
            # The ids first: the filter may no longer match once the update is done.
            pks = list(self.values_list("pk", flat=True))
            touched = ProgressEntry.objects.filter(pk__in=pks)
            before = set(touched.values_list(*SUBJECT_FIELDS))
            updated = super().update(**kwargs)
            pairs = sorted(before | set(touched.values_list(*SUBJECT_FIELDS)), key=str)
            figures.entries_changed(*((state, commitment) for commitment, state, _ in pairs))
            if set(kwargs) & ASSESSED_FIELDS:
                for pair in pairs:
                    CurrentAssessment.objects.refresh(*pair)
        return updated

    def delete(self):
        """
        A deletion in bulk with what `ProgressEntry.delete` does: the entry figures of every
        subject stale, and each pair whose current assessment went with its entry computed
        again from the entries left.
        """
        from .. import figures
        from .assessments import CurrentAssessment

        with transaction.atomic(using=self.db):
            entries = list(self.values_list("pk", *SUBJECT_FIELDS))
            lost = {
                (commitment, state, organization): status
                for commitment, state, organization, status in CurrentAssessment.objects.filter(
                    entry_id__in=[entry[0] for entry in entries]
                ).values_list(*SUBJECT_FIELDS, "status")
            }
            deleted = super().delete()
            figures.entries_changed(*{(state, commitment) for _, commitment, state, _ in entries})
            for pair, status in sorted(lost.items(), key=str):
                CurrentAssessment.objects.refresh(*pair, lost_status=status)
        return deleted

    def bulk_create(self, objs, *args, refresh_assessments=True, **kwargs):
        """
        Entries created in bulk, with their figures stale and their assessments computed as
        `save` would. A load of thousands (scale data, benchmarks) says
        `refresh_assessments=False` instead and calls `CurrentAssessment.objects.rebuild()`
        when it is done, which counts everything again; every figure is stale meanwhile.
        """
        from .. import figures
        from .assessments import CurrentAssessment

        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            if not refresh_assessments:
                mark_figures_changed()
                return created
            figures.entries_changed(*{(e.state_id, e.commitment_id) for e in created})
            approved = {
                (e.commitment_id, e.state_id, e.subject_organization_id)
                for e in created
                if e.workflow_state == WorkflowState.APPROVED
            }
            for pair in sorted(approved, key=str):
                CurrentAssessment.objects.refresh(*pair)
        return created

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
        # and the EXISTS is a probe per row, so most rows (those the row's own column lets
        # through) never pay for it. For reviewers everything but a draft is visible already,
        # approved entries included.
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


@functools.cache
def history_model(entry_class):
    """The historical model of `entry_class` (reading `.history` builds a manager each time)."""
    return entry_class.history.model


class StartedInBulk:
    """
    The entries one `ProgressEntry.started_in_bulk` transaction starts, and their first
    history rows: each made as its entry is saved, as simple-history makes it (the entry's
    fields then, its user, reason and time), and all inserted when the transaction closes.
    """

    def __init__(self, user, organization):
        self.user, self.organization = user, organization
        self.checked = None
        self.history = []

    def check(self, user, organization):
        """The permission, checked as the transaction opened, for this user and organization."""
        if self.checked != (user.pk, organization.pk):
            raise PermissionDenied(_("You can only report for an organization you belong to."))

    def save(self, entry, history_type="+"):
        """
        Save `entry` now (made, "+", or changed by a workflow step, "~"); its history row is
        written with the others' at the end, in the order they were saved. The entry knows
        its user a member of its organization: the transaction checked it.
        """
        entry.skip_history_when_saving = True
        try:
            entry.save()
        finally:
            del entry.skip_history_when_saving
        user_id, organization_id = self.checked
        if entry.organization_id == organization_id:
            entry.__dict__.setdefault("_members_known", {})[user_id] = True
        model = history_model(type(entry))
        self.history.append(
            model(
                history_date=timezone.now(),
                history_type=history_type,
                history_user=entry._history_user,
                history_change_reason=entry._change_reason,
                **{field.attname: getattr(entry, field.attname) for field in model.tracked_fields},
            )
        )

    def write_history(self):
        if self.history:
            type(self.history[0]).objects.bulk_create(self.history)
            self.history = []


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
        "submit": _("submitted"),
        "approve": _("approved"),
        "request_changes": _("sent back for changes"),
        "reject": _("rejected"),
        "withdraw": _("withdrawn"),
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
        help_text=_("When the entry is about an organization rather than a state."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="progress_entries",
        help_text=_("The organization reporting this entry."),
    )
    status = models.CharField(max_length=32, choices=ImplementationStatus)
    fact_date = models.DateField(help_text=_("The date the reported fact refers to."))
    summary = models.TextField()
    confidence = models.CharField(max_length=8, choices=Confidence, default=Confidence.MEDIUM)
    external_reference = models.CharField(
        max_length=100,
        blank=True,
        help_text=_(
            "The reporting organization's own reference for the entry (a spreadsheet "
            "import's Reference column): an import of the same reference finds this entry again."
        ),
    )
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
        default=0, help_text=_("Raised by every change, so concurrent edits cannot overwrite.")
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ProgressEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-updated"]
        verbose_name_plural = _("progress entries")
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
            # One entry per reference of an organization, so an import of it finds that one.
            models.UniqueConstraint(
                fields=["organization", "external_reference"],
                condition=~Q(external_reference=""),
                name="one_entry_per_external_reference",
                violation_error_message="Your organization already has an entry with this "
                "reference.",
            ),
        ]
        indexes = [
            models.Index(fields=["workflow_state", "-updated"]),
            # The review queue: submitted entries oldest first, read a page at a time in
            # index order instead of sorting every submitted entry. The reporting
            # organization rides along (PostgreSQL INCLUDE) so the queue's count, which
            # checks it for visibility, reads the index alone, never the table.
            models.Index(
                fields=["workflow_state", "submitted_at", "id"],
                include=["organization"],
                name="entry_queue_covering",
            ),
            models.Index(fields=["commitment", "state", "workflow_state"]),
            # A state page's newest entries: one state's entries in one workflow state, newest
            # fact first, read a page at a time from the index, in order, rather than found by
            # filtering a busy state's thousands of rows out of another index and sorting them.
            # It serves every lookup of a state and workflow state, as its prefix did alone.
            models.Index(
                fields=["state", "workflow_state", "-fact_date", "-id"], name="entry_state_recent"
            ),
            # The overview's timeline: approved entries per month of their fact, read from
            # the index alone instead of a scan of the whole table.
            models.Index(fields=["workflow_state", "fact_date"], name="entry_state_fact_date"),
        ]

    def __str__(self):
        return f"{self.subject} on {self.commitment}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        """
        Save, then what follows from it, in this order and in the caller's transaction (every
        workflow step, edit and correction holds one): the entry figures of its subject go
        stale; if it is or was approved, its current assessment is computed again, which
        updates the maintained counts and the assessment figures (docs/caching.md).
        """
        # Imported here: these modules build on this one.
        from .. import figures
        from .assessments import CurrentAssessment

        super().save(*args, **kwargs)
        subject = (self.commitment_id, self.state_id, self.subject_organization_id)
        loaded = getattr(self, "_loaded_subject", None)
        moved = loaded and loaded != subject
        figures.entries_changed(
            (self.state_id, self.commitment_id), *([(loaded[1], loaded[0])] if moved else [])
        )
        # The current assessment changes only when approved entries do.
        was_approved = getattr(self, "_loaded_approved", False)
        if self.workflow_state == WorkflowState.APPROVED or was_approved:
            if moved:
                # Release this entry from its old pair before it can head the new one.
                CurrentAssessment.objects.refresh(*loaded)
            CurrentAssessment.objects.refresh(*subject)
            self._loaded_subject = subject

    def get_absolute_url(self):
        return reverse("states:entry_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        """
        Entries are withdrawn, not deleted (the admin refuses); a deletion from a shell or a
        test still leaves the figures and counts right: the assessment it headed goes with it
        (a cascade) and its pair's is computed again from the entries left.
        """
        from .. import figures
        from .assessments import CurrentAssessment

        subject = (self.commitment_id, self.state_id, self.subject_organization_id)
        with transaction.atomic():
            lost = (
                CurrentAssessment.objects.filter(entry_id=self.pk)
                .values_list("status", flat=True)
                .first()
            )
            deleted = super().delete(*args, **kwargs)
            figures.entries_changed((self.state_id, self.commitment_id))
            if lost is not None:
                CurrentAssessment.objects.refresh(*subject, lost_status=lost)
        return deleted

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

    # What `full_clean` asks the database, one query each, for every entry it cleans.
    RELATED_FIELDS = ("commitment", "state", "subject_organization", "organization", "created_by")

    @classmethod
    def check_may_start(cls, user, organization):
        """Raise PermissionDenied unless `user` may record progress for `organization`."""
        if not user.has_perm("states.add_progressentry"):
            raise PermissionDenied(_("You may not record progress."))
        if not organization.memberships.filter(user=user).exists():
            raise PermissionDenied(_("You can only report for an organization you belong to."))

    @classmethod
    def start(cls, user, organization, *, checked_in_bulk=False, batch=None, **fields):
        """
        Create a draft as `user` reporting for `organization`: the one way entries are made
        by contributors (forms, API and spreadsheet imports alike), so the same rule applies
        everywhere. `checked_in_bulk`: the caller (a spreadsheet import) read the related
        rows and checked the constraints for all its entries at once, so the checks that
        would query the database for each entry again are left out (the fields' own checks
        run, and the database enforces every constraint still). `batch`: one of many entries
        started in one transaction (`started_in_bulk`), which checked the permission for
        all of them and writes their first history rows together.
        """
        if batch is None:
            cls.check_may_start(user, organization)
        else:
            batch.check(user, organization)
        entry = cls(organization=organization, created_by=user, **fields)
        if checked_in_bulk:
            entry.full_clean(exclude=cls.RELATED_FIELDS, validate_constraints=False)
        else:
            entry.full_clean()
        entry._history_user = user
        entry._change_reason = "create"
        if batch is not None:
            batch.save(entry)
            return entry
        with transaction.atomic():  # the entry and its first history row, or neither
            entry.save()
        return entry

    @classmethod
    @contextmanager
    def started_in_bulk(cls, user, organization):
        """
        A transaction in which `user` starts many entries for `organization` (a chunk of a
        spreadsheet import), each through `start(..., batch=...)`: the same checks and save,
        but what would cost a statement for each entry is done once for all of them, in the
        transaction: the permission check (as the block opens), their first history rows
        (one insert as it closes, each row with its own user, reason and time), the figures
        they make stale (`figures_marked_once`). Whatever fails in it rolls all of it back.
        """
        batch = StartedInBulk(user, organization)
        with transaction.atomic(), figures_marked_once():
            cls.check_may_start(user, organization)
            batch.checked = (user.pk, organization.pk)
            yield batch
            if not transaction.get_rollback():
                batch.write_history()

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

    def transition(self, action: str, user, comment: str = "", *, notify: bool = True, batch=None):
        """
        Take a workflow step, or raise. Safe under concurrent use: the step applies only if
        nobody changed the entry since this instance was read (compare-and-swap on
        `revision`); the loser gets StaleEntryError and its reviewer is told. `notify=False`:
        the caller sends the step's mail itself (a spreadsheet import: one message for all
        the entries it submitted, `notifications.notify_import_submitted`). `batch`: a step
        taken inside `started_in_bulk`, whose transaction holds it whole and writes its
        history row with the others.
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
            raise PermissionDenied(_("You may not take this step on this entry."))
        if action in self.ACTIONS_NEEDING_A_COMMENT and not comment.strip():
            raise ValidationError({"comment": self.ACTIONS_NEEDING_A_COMMENT[action]})
        now = timezone.now()
        with transaction.atomic(savepoint=batch is None):
            self._claim()
            self.workflow_state = target
            if action == "submit":
                self.submitted_at = now
            if action in self.REVIEW_ACTIONS:
                self.decided_by, self.decided_at = user, now
                self.review_comment = comment
            self._change_reason = change_reason(action, comment)
            self._history_user = user
            if batch is None:
                self.save()
            else:
                batch.save(self, history_type="~")
            if notify:
                transaction.on_commit(lambda: notify_transition(self, action, user), robust=True)
            if action in self.REVIEW_ACTIONS:
                # Other apps (webhooks) hear of the decision once it is committed, never before.
                transaction.on_commit(lambda: announce_decision(self, action, user), robust=True)

    def edit(self, user, **changes):
        """Change an entry's content as a contributor, under the same concurrency rule."""
        if not self.can_edit(user):
            raise PermissionDenied(
                _("Only your organization's drafts and returned entries can be edited.")
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
            raise PermissionDenied(_("Evidence can be added only to entries you can edit."))
        from .evidence import Evidence  # imported here: the evidence module builds on this one

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
            raise PermissionDenied(_("Evidence can be removed only from entries you can edit."))
        if evidence.entry_id != self.pk:
            raise PermissionDenied(_("That evidence belongs to another entry."))
        with transaction.atomic():
            self._claim()
            evidence.removed = True
            evidence._history_user = user
            evidence._change_reason = "remove"
            evidence.save()

    def status_if_approved(self, current):
        """
        The status its subject would hold on its commitment were this entry approved now,
        given `current`, the pair's current assessment (None: not assessed): this entry's,
        unless the approved assessment reports a more recent fact (the latest fact wins; on
        the same date, the latest decision, which this one would be).
        """
        if current is None or self.fact_date >= current.fact_date:
            return self.status
        return current.status

    def can_see_working_history(self, user) -> bool:
        """
        Whether `user` may read how the entry was worked on, not only what was approved:
        drafts and earlier submissions, reviewers' comments, evidence removed along the way.
        That is the reporting organization's members and reviewers (so staff and superusers
        only as one of these). Everyone else reads only the versions that were approved
        (`states.history`): a draft may have held what the organization took out before
        publishing, such as a victim's name. `reads_working_history` is the same rule as a
        query expression.
        """
        if user is None or not user.is_authenticated:
            return False
        return user.has_perm("states.review_progressentry") or self.is_member(user)

    def can_correct(self, user) -> bool:
        """
        Whether `user` may correct the entry outside the workflow (the admin): administrators,
        who hold both the change and the review permission, any entry; anyone else only an
        entry they could edit in the app anyway. A contributor who is also staff gains nothing
        over another organization's entries by going through the admin.
        """
        if not user.is_authenticated or not user.has_perm("states.change_progressentry"):
            return False
        return user.has_perm("states.review_progressentry") or self.can_edit(user)

    def correct(self, user, read_revision: int):
        """
        Save a correction made in the admin (the content its form set on this instance) under
        the same compare-and-swap as every other write: it applies only if the entry is still
        at `read_revision`, the revision the coordinator's form was read at, and raises it, so
        a reviewer who read the entry before cannot decide on the corrected text unawares and
        two coordinators cannot overwrite each other. Evidence corrected in the same form is
        saved by the caller in the same transaction, covered by this one claim.
        """
        if not self.can_correct(user):
            raise PermissionDenied(_("You may not correct this progress entry."))
        self._save_correction(user, read_revision, self)

    def correct_evidence(self, user, read_revision: int, evidence):
        """A correction of one evidence item on its own, claiming the entry's revision alike."""
        if not (user.has_perm("states.change_evidence") and self.can_correct(user)):
            raise PermissionDenied(_("You may not correct this evidence."))
        if evidence.entry_id != self.pk:
            raise PermissionDenied(_("That evidence belongs to another entry."))
        self._save_correction(user, read_revision, evidence)

    def _save_correction(self, user, read_revision: int, record):
        """Claim the entry at the revision the correction was read at, then save `record`
        (the entry itself or one of its evidence items) as a correction in its history."""
        with transaction.atomic():
            self.revision = read_revision
            self._claim()
            record._history_user = user
            record._change_reason = "correction"
            record.save()

    def can_see_confidential(self, user) -> bool:
        """Confidential evidence has the working history's readers: reviewers and members."""
        return self.can_see_working_history(user)

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
            raise PermissionDenied(_("You may not change who can see this entry's evidence."))
        if evidence.entry_id != self.pk:
            raise PermissionDenied(_("That evidence belongs to another entry."))
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


def reads_working_history(user, organization="organization"):
    """
    Whether `user` may read the working history of the entry whose reporting organization
    `organization` names (a path from the rows queried), as an expression: true for
    reviewers, false for anonymous visitors, otherwise an EXISTS on the user's memberships
    (so a page of rows is answered in its own query). `ProgressEntry.can_see_working_history`
    is the same rule for one entry in hand.
    """
    if user is None or not user.is_authenticated:
        return models.Value(False, output_field=models.BooleanField())
    if user.is_superuser or user.has_perm("states.review_progressentry"):
        return models.Value(True, output_field=models.BooleanField())
    return Exists(Membership.objects.filter(organization=OuterRef(organization), user=user))


def reads_confidential(user, organization="organization"):
    """Whether `user` may read the entry's confidential evidence: its working history's readers."""
    return reads_working_history(user, organization)
