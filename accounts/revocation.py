"""
API tokens end when what proved the user's identity changes: a new password (or none), and
two-factor sign-in turned on or off. Whoever stole a token, or signed in to the API before the
change, must sign in again with the new password and, where it is on now, a code.

The rule is kept on the models' own save and delete, so every path obeys it: the password
change page, a password reset, the admin, `changepassword`, `set_password` in code, a device
confirmed on the Account security page, removed there or deleted in the admin. Sessions are
left alone: Django ends those on a password change itself, except the one that made it
(update_session_auth_hash).

Enrolment and removal revoking every token is also what lets a token stand for a verified
second factor (`twofactor.passes_requirement`): a token of an account with two-factor
sign-in was given only for a valid code (api/tokens.py), as any token from before it was
turned on is gone.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django_otp.models import Device
from knox.models import get_token_model

logger = logging.getLogger("accounts.security")

PASSWORD_CHANGED = "password changed"
SECOND_FACTOR_ON = "two-factor device confirmed"
SECOND_FACTOR_OFF = "two-factor device removed"


def revoke_tokens(user_id, reason: str) -> int:
    """
    Delete every API token of the user, under a lock on the user's row: the token sign-in
    takes the same lock to check the second factor and issue its token, so a token is never
    given across a change of it (api/tokens.py).
    """
    User = get_user_model()
    with transaction.atomic():
        User._base_manager.select_for_update().filter(pk=user_id).exists()
        _, deleted = get_token_model().objects.filter(user_id=user_id).delete()
    count = sum(deleted.values())
    if count:
        logger.info("Revoked %d API token(s) of user %s: %s.", count, user_id, reason)
    return count


# --- the password -------------------------------------------------------------------------


def note_password_change(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a user is saved: remember whether the stored password hash changes."""
    instance._revoke_tokens = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return  # e.g. last_login on each sign-in: nothing to compare
    stored = sender._base_manager.filter(pk=instance.pk).values_list("password", flat=True)
    before = stored.first()
    if before is None or before == instance.password:
        return
    # Django rehashes a right password with stronger parameters on sign-in (the same
    # password, saved alone, without the raw password set_password keeps): not a change.
    rehashed = (
        update_fields is not None
        and set(update_fields) == {"password"}
        and getattr(instance, "_password", None) is None
        and is_password_usable(before)
        and is_password_usable(instance.password)
    )
    instance._revoke_tokens = not rehashed


def revoke_after_password_change(sender, instance, created=False, raw=False, **kwargs):
    if getattr(instance, "_revoke_tokens", False):
        instance._revoke_tokens = False
        revoke_tokens(instance.pk, PASSWORD_CHANGED)


# --- the second factor --------------------------------------------------------------------


def note_device_change(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a device is saved: remember whether it becomes, or stops being, confirmed."""
    instance._second_factor_change = None
    if raw or (update_fields is not None and "confirmed" not in update_fields):
        return  # e.g. the throttle and drift saved on every code check
    before = False
    if instance.pk is not None:
        before = bool(
            sender._base_manager.filter(pk=instance.pk).values_list("confirmed", flat=True).first()
        )
    if before != bool(instance.confirmed):
        turned_on = bool(instance.confirmed)
        instance._second_factor_change = SECOND_FACTOR_ON if turned_on else SECOND_FACTOR_OFF


def revoke_after_device_change(sender, instance, raw=False, **kwargs):
    reason = getattr(instance, "_second_factor_change", None)
    if reason:
        instance._second_factor_change = None
        revoke_tokens(instance.user_id, reason)


def revoke_after_device_removal(sender, instance, **kwargs):
    if instance.confirmed:
        revoke_tokens(instance.user_id, SECOND_FACTOR_OFF)


def connect() -> None:
    """Called once the apps are loaded (AccountsConfig.ready)."""
    user_model = settings.AUTH_USER_MODEL
    pre_save.connect(note_password_change, sender=user_model, dispatch_uid="tokens-password")
    post_save.connect(
        revoke_after_password_change, sender=user_model, dispatch_uid="tokens-password"
    )
    # Every kind of device installed (authenticator app, recovery codes, ...).
    for model in apps.get_models():
        if issubclass(model, Device):
            uid = f"tokens-{model._meta.label_lower}"
            pre_save.connect(note_device_change, sender=model, dispatch_uid=uid)
            post_save.connect(revoke_after_device_change, sender=model, dispatch_uid=uid)
            post_delete.connect(revoke_after_device_removal, sender=model, dispatch_uid=uid)
