"""
Everything the app holds about one person's account, exported as one JSON document, and the
erasure of it that keeps the organization's record.

Progress entries, evidence and their history are the audit trail of a monitoring
organization: who reported a fact and who approved it must stay answerable long after a
contributor leaves. So erasure never deletes the user row (the entries' PROTECT foreign keys
would refuse anyway). It strips the row of everything that identifies the person (username,
names, e-mail address, password, roles, sign-in records) and removes what only served the
person (memberships, API tokens, reminder subscriptions, sessions); entries, evidence and
history keep pointing at the same row, now named `deleted-user-<pk>`.

`USER_LINKS` names every relation to the user model and what erasure does with it.
tests/privacy/test_coverage.py fails when a model gains a link to users that the map does not
name, so a new kind of personal data cannot be added and then forgotten here.
"""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from knox.models import get_token_model
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model

from accounts.models import Preferences, Profile
from commitments.models import (
    CommitmentLink,
    DeadlineSubscription,
    ReminderSent,
    ReportingRequest,
    Resolution,
)
from following.models import Follow, Follower
from jobs.models import Job
from states.models import Evidence, Membership, ProgressEntry

from .models import ErasureRecord

FORMAT = "commitment-tracker-personal-data"
FORMAT_VERSION = 1

# What erasure does with the rows of each relation to a user ("app_label.Model.field").
REMOVE = "remove"  # the person's own settings, roles and credentials: deleted
KEEP = "keep"  # the organization's record: kept, pointing at the anonymized account
USER_LINKS = {
    "auth.User_groups.user": REMOVE,
    "auth.User_user_permissions.user": REMOVE,
    "states.Membership.user": REMOVE,
    "commitments.DeadlineSubscription.user": REMOVE,
    "commitments.ReminderSent.user": REMOVE,
    "knox.AuthToken.user": REMOVE,
    # The person's time zone, the record of their signed-in sessions, what they follow and
    # their digest's frequency.
    "accounts.Profile.user": REMOVE,
    "accounts.SignedInSession.user": REMOVE,
    "following.Follow.user": REMOVE,
    "following.Follower.user": REMOVE,
    # Two-factor devices (django-otp, accounts/): secrets of the person's authenticator and
    # recovery codes. Links into apps that are not installed are skipped.
    "otp_totp.TOTPDevice.user": REMOVE,
    "otp_static.StaticDevice.user": REMOVE,
    # The language the person reads in (accounts/languages.py).
    "accounts.Preferences.user": REMOVE,
    "states.ProgressEntry.created_by": KEEP,
    "states.ProgressEntry.decided_by": KEEP,
    "states.Evidence.added_by": KEEP,
    "commitments.Resolution.imported_by": KEEP,
    "commitments.ResolutionText.imported_by": KEEP,
    "commitments.CommitmentLink.decided_by": KEEP,
    "commitments.ReportingRequest.fulfilled_by": KEEP,
    # A user's background jobs hold reports of public data and import results, nothing about
    # the person; they stay with the anonymous account (a running one can finish).
    "jobs.Job.created_by": KEEP,
    # Who invited whom into an organization, and who accepted: the organization's record.
    "states.Invitation.invited_by": KEEP,
    "states.Invitation.accepted_by": KEEP,
    "admin.LogEntry.user": KEEP,
    "privacy.ErasureRecord.user": KEEP,
    "privacy.ErasureRecord.erased_by": KEEP,
}
# Every history table (django-simple-history) is kept whole: its `history_user` and its copies
# of the user columns above are the trail. They are found by `history_models()`, not listed.

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
ADMIN_ACTIONS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


class ErasureRefused(Exception):
    """An erasure the rules forbid: the last active superuser, or an account already erased."""


def may_manage(by, user) -> bool:
    """
    Whether `by` may export or erase `user`'s personal data: anyone their own; an
    administrator of accounts (superuser or `auth.change_user`) anyone else's, except that
    only a superuser may act on a superuser, so account administrators cannot remove the
    people above them.
    """
    if by is None or not by.is_authenticated or not by.is_active:
        return False
    if by.pk == user.pk:
        return True
    if user.is_superuser:
        return by.is_superuser
    return by.is_superuser or by.has_perm("auth.change_user")


def history_models():
    """The history table of every model django-simple-history tracks."""
    return [get_history_model_for_model(model) for model in registered_models.values()]


def user_links(treatment=None):
    """(model, field name, label) of each link in USER_LINKS whose app is installed."""
    for label, kind in USER_LINKS.items():
        app_label, model_name, field_name = label.split(".")
        if treatment not in (None, kind) or app_label not in apps.app_configs:
            continue
        yield apps.get_model(app_label, model_name), field_name, label


# --- Export -----------------------------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value is not None else None


def export_personal_data(user) -> dict:
    """
    One JSON-serializable document of everything held about `user`: the account, what they
    belong to, what they wrote and changed, what they subscribed to, their tokens and jobs.
    Evidence files are referenced by evidence id (the download checks permissions), never
    embedded; tokens are listed by dates only. Nothing about another person is included: no
    reviewer's name on an entry, no other user's history, no object names from the admin log.
    """
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "account": _account(user),
        "memberships": [
            {
                "organization_id": membership.organization_id,
                "organization": membership.organization.name,
                "role": membership.role,
                "since": _iso(membership.created),
            }
            for membership in Membership.objects.filter(user=user)
            .select_related("organization")
            .order_by("pk")
        ],
        "progress_entries": [_entry(entry) for entry in _entries(created_by=user)],
        "review_decisions": [
            {
                "entry_id": entry.pk,
                "workflow_state": entry.workflow_state,
                "decided_at": _iso(entry.decided_at),
                "review_comment": entry.review_comment,
            }
            for entry in ProgressEntry.objects.filter(decided_by=user).order_by("pk")
        ],
        "evidence": [
            _evidence(evidence)
            for evidence in Evidence.objects.filter(added_by=user).order_by("pk")
        ],
        "history": _history(user),
        "reminder_subscriptions": [
            {
                "scope": subscription.scope,
                "subject": subscription.subject,
                "since": _iso(subscription.created),
            }
            for subscription in DeadlineSubscription.objects.filter(user=user)
            .select_related("resolution", "topic__parent")
            .order_by("pk")
        ],
        "reminders_sent": [
            {
                "reporting_request_id": reminder.request_id,
                "due_date": _iso(reminder.due_date),
                "sent_on": _iso(reminder.sent_on),
            }
            for reminder in ReminderSent.objects.filter(user=user).order_by("sent_on", "pk")
        ],
        "time_zone": Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
        or "",
        "follows": [
            {"kind": follow.kind, "subject": follow.subject_name, "since": _iso(follow.created)}
            for follow in Follow.objects.of(user).for_list().order_by("pk")
        ],
        "digest_frequency": Follower.objects.filter(user=user)
        .values_list("frequency", flat=True)
        .first(),
        "api_tokens": [
            {"created": _iso(created), "expiry": _iso(expiry)}
            for created, expiry in get_token_model()
            .objects.filter(user=user)
            .order_by("created")
            .values_list("created", "expiry")
        ],
        "two_factor_devices": _two_factor_devices(user),
        "jobs": [
            {
                "id": job.pk,
                "kind": job.kind,
                "title": job.title,
                "status": job.status,
                "created": _iso(job.created),
                "finished": _iso(job.finished),
                "result_name": job.result_name,
            }
            for job in Job.objects.filter(created_by=user).order_by("pk")
        ],
        "resolutions_imported": [
            {"id": pk, "symbol": symbol, "imported": _iso(created)}
            for pk, symbol, created in Resolution.objects.filter(imported_by=user)
            .order_by("pk")
            .values_list("pk", "symbol", "created")
        ],
        "lineage_decisions": [
            {"link_id": pk, "status": status, "decided_at": _iso(decided_at)}
            for pk, status, decided_at in CommitmentLink.objects.filter(decided_by=user)
            .order_by("pk")
            .values_list("pk", "status", "decided_at")
        ],
        "reporting_requests_closed": [
            {"request_id": pk, "fulfilled_on": _iso(fulfilled_on), "recorded_at": _iso(at)}
            for pk, fulfilled_on, at in ReportingRequest.objects.filter(fulfilled_by=user)
            .order_by("pk")
            .values_list("pk", "fulfilled_on", "fulfilment_recorded_at")
        ],
        "admin_actions": _admin_actions(user),
        "sign_ins": [
            {
                "at": _iso(log.attempt_time),
                "signed_out": _iso(log.logout_time),
                "ip_address": log.ip_address,
                "user_agent": log.user_agent,
            }
            for log in AccessLog.objects.filter(username=user.get_username()).order_by(
                "attempt_time", "pk"
            )
        ],
        # Failed attempts on this username may come from anyone: dates only, no addresses.
        "failed_sign_ins": [
            {"at": _iso(at), "locked_out": locked_out}
            for at, locked_out in AccessFailureLog.objects.filter(username=user.get_username())
            .order_by("attempt_time", "pk")
            .values_list("attempt_time", "locked_out")
        ],
    }


def _account(user) -> dict:
    return {
        "id": user.pk,
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "has_password": user.has_usable_password(),
        "language": Preferences.objects.filter(user=user).values_list("language", flat=True).first()
        or "",
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app_label}.{codename}"
            for app_label, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def _entries(**filters):
    return (
        ProgressEntry.objects.filter(**filters)
        .select_related(
            "commitment__resolution",
            "commitment__paragraph",
            "state",
            "subject_organization",
            "organization",
        )
        .order_by("pk")
    )


def _entry(entry) -> dict:
    return {
        "id": entry.pk,
        "commitment_id": entry.commitment_id,
        "commitment": str(entry.commitment),
        "state": entry.state.iso3 if entry.state_id else None,
        "subject_organization": (
            entry.subject_organization.name if entry.subject_organization_id else None
        ),
        "organization": entry.organization.name,
        "status": entry.status,
        "fact_date": _iso(entry.fact_date),
        "summary": entry.summary,
        "confidence": entry.confidence,
        "workflow_state": entry.workflow_state,
        "review_comment": entry.review_comment,
        "submitted_at": _iso(entry.submitted_at),
        "decided_at": _iso(entry.decided_at),
        "created": _iso(entry.created),
        "updated": _iso(entry.updated),
    }


def _evidence(evidence) -> dict:
    return {
        "id": evidence.pk,
        "entry_id": evidence.entry_id,
        "url": evidence.url,
        "citation": evidence.citation,
        "description": evidence.description,
        # The file itself stays on the server, fetched by evidence id through the
        # permission-checked download; the export names it and gives its checksum.
        "file": (
            {
                "evidence_id": evidence.pk,
                "name": evidence.original_name,
                "content_type": evidence.content_type,
                "size": evidence.size,
                "sha256": evidence.sha256,
            }
            if evidence.file
            else None
        ),
        "removed": evidence.removed,
        "confidential": getattr(evidence, "confidential", False),
        "created": _iso(evidence.created),
        "updated": _iso(evidence.updated),
    }


def _two_factor_devices(user) -> list[dict]:
    """The person's authenticators and recovery-code sets: names and dates, never secrets."""
    if not apps.is_installed("django_otp"):
        return []
    from django_otp import devices_for_user

    return [
        {
            "kind": str(device._meta.verbose_name),
            "name": device.name,
            "confirmed": device.confirmed,
            "created": _iso(getattr(device, "created_at", None)),
            "last_used": _iso(getattr(device, "last_used_at", None)),
        }
        for device in devices_for_user(user, confirmed=None)
    ]


def _history(user) -> list[dict]:
    """Every change recorded with `user` as the one who made it, oldest first."""
    records = []
    for history_model in history_models():
        tracked = history_model.instance_type._meta
        pk_name = tracked.pk.attname
        for row in history_model.objects.filter(history_user=user).values(
            pk_name, "history_id", "history_date", "history_type", "history_change_reason"
        ):
            records.append(
                {
                    "model": tracked.label_lower,
                    "object_id": row[pk_name],
                    "history_id": row["history_id"],
                    "date": _iso(row["history_date"]),
                    "change": HISTORY_TYPES.get(row["history_type"], row["history_type"]),
                    "reason": row["history_change_reason"] or "",
                }
            )
    records.sort(key=lambda record: (record["date"], record["model"], record["history_id"]))
    return records


def _admin_actions(user) -> list[dict]:
    return [
        {
            "at": _iso(at),
            "model": f"{app_label}.{model}" if app_label else None,
            "object_id": object_id,
            "action": ADMIN_ACTIONS.get(flag, str(flag)),
        }
        for at, app_label, model, object_id, flag in LogEntry.objects.filter(user=user)
        .order_by("action_time", "pk")
        .values_list(
            "action_time",
            "content_type__app_label",
            "content_type__model",
            "object_id",
            "action_flag",
        )
    ]


def summary(user) -> list[tuple[str, int]]:
    """What the "Your data" page lists: kinds of rows held about `user` and how many."""
    return [
        ("Organization memberships", Membership.objects.filter(user=user).count()),
        ("Progress entries you recorded", ProgressEntry.objects.filter(created_by=user).count()),
        ("Evidence items you added", Evidence.objects.filter(added_by=user).count()),
        (
            "Recorded changes you made",
            sum(model.objects.filter(history_user=user).count() for model in history_models()),
        ),
        ("Reminder subscriptions", DeadlineSubscription.objects.filter(user=user).count()),
        ("API tokens", get_token_model().objects.filter(user=user).count()),
        ("Background jobs", Job.objects.filter(created_by=user).count()),
    ]


def audit_trail(users) -> list[str]:
    """
    What deleting `users` outright would lose from the audit trail that Django's own
    protection does not catch: history rows they made (their `history_user` would be
    cleared) and their admin log (deleted with them). Empty when they left no trail.
    """
    lines = []
    for history_model in history_models():
        count = history_model.objects.filter(history_user__in=users).count()
        if count:
            things = history_model.instance_type._meta.verbose_name_plural
            lines.append(f"{count} recorded changes of {things}")
    count = LogEntry.objects.filter(user__in=users).count()
    if count:
        lines.append(f"{count} admin log entries")
    return lines


# --- Erasure ----------------------------------------------------------------------------------


def erase_user(user, *, by, channel=ErasureRecord.Channel.COMMAND) -> ErasureRecord:
    """
    Anonymize `user` in one transaction, as `by`, and record that it was done.

    The account keeps its row and primary key, so entries, evidence and history still
    point at it; it loses its username (now `deleted-user-<pk>`), names, e-mail address,
    password, roles and last sign-in, and can never sign in again. Memberships, API tokens,
    reminder subscriptions, sessions and sign-in records go. Raises PermissionDenied when `by`
    may not do it, and ErasureRefused for the last active superuser or an erased account.
    """
    User = get_user_model()
    manager = User._default_manager
    with transaction.atomic():
        # Lock the active superusers first, always in the same order, so two superusers
        # erasing each other at once cannot both succeed and leave nobody in charge.
        superusers = list(
            manager.select_for_update()
            .filter(is_superuser=True, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        account = manager.select_for_update().get(pk=user.pk)
        # Judged on the rows as they are now: an administrator erased meanwhile may not act.
        actor = manager.filter(pk=getattr(by, "pk", None)).first()
        if not may_manage(actor, account):
            raise PermissionDenied(gettext("You may not erase this account's personal data."))
        if ErasureRecord.objects.filter(user=account).exists():
            raise ErasureRefused("This account's personal data was already erased.")
        if superusers == [account.pk]:
            raise ErasureRefused(
                "This is the last active superuser: make another account a superuser first, "
                "or nobody could administer the site."
            )
        new_username = f"deleted-user-{account.pk}"
        if manager.filter(**{User.USERNAME_FIELD: new_username}).exclude(pk=account.pk).exists():
            raise ErasureRefused(
                f"Another account is named {new_username}; rename it before erasing this one."
            )
        old_username = account.get_username()

        removed = {}
        for model, field_name, label in user_links(REMOVE):
            _, per_model = model._base_manager.filter(**{field_name: account}).delete()
            removed[label] = per_model.get(model._meta.label, 0)
        removed["sessions"] = _end_sessions(account)
        removed.update(_forget_sign_ins(old_username, new_username))

        setattr(account, User.USERNAME_FIELD, new_username)
        account.first_name = account.last_name = ""
        setattr(account, User.get_email_field_name(), "")
        account.set_unusable_password()
        account.is_active = account.is_staff = account.is_superuser = False
        account.last_login = None
        account.save()
        # The admin log names the user row by its username at the time: rename it there too.
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(account.pk)
        ).update(object_repr=new_username)

        record = ErasureRecord.objects.create(
            user=account, erased_by=actor, channel=channel, removed=removed
        )
    user.refresh_from_db()
    return record


def _end_sessions(user) -> int:
    """
    Delete every stored session signed in as `user`. The unusable password already
    invalidates them (Django compares a hash of the password on each request); deleting them
    also removes whatever they hold. Sessions are scanned, as they are stored encoded: fine
    for the few thousand a staff-sized site keeps. Cookie or cache sessions are not stored in
    the database and rely on the password hash alone.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    keys = [
        session.session_key
        for session in store.get_model_class().objects.iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    for key in keys:
        store(session_key=key).delete()
    return len(keys)


def _forget_sign_ins(old_username: str, new_username: str) -> dict:
    """
    The person's own sign-in records (address, browser) and lockout counters go. Failed
    attempts on the username may be someone else's attack, so they stay as a security
    record, under the anonymous name.
    """
    _, sign_ins = AccessLog.objects.filter(username=old_username).delete()
    _, attempts = AccessAttempt.objects.filter(username=old_username).delete()
    AccessFailureLog.objects.filter(username=old_username).update(username=new_username)
    return {
        "axes.AccessLog": sign_ins.get("axes.AccessLog", 0),
        "axes.AccessAttempt": attempts.get("axes.AccessAttempt", 0),
    }
