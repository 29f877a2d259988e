"""
A person's own changes to their account: a new e-mail address takes effect only once a link
sent to it is followed. The link is signed, carries the address it was asked from (so it works
once: after the change, or another, it no longer matches) and expires after EMAIL_CHANGE_DAYS.

Whoever asks for an address another account has gets the same answer as for a free one; the
mail to that address says it is in use and nothing changed, so only the address's owner learns
that it has an account here.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

EMAIL_SALT = "accounts.email-change"


class EmailChangeError(Exception):
    """A confirmation link that does not work, with the reason in words."""


def address_in_use(email: str, but=None) -> bool:
    users = get_user_model().objects.filter(email__iexact=email)
    if but is not None:
        users = users.exclude(pk=but.pk)
    return users.exists()


def request_email_change(user, new_email: str) -> None:
    """Mail the confirmation link to `new_email` (or, where it is taken, say so to it)."""
    token = signing.dumps({"u": user.pk, "from": user.email, "to": new_email}, salt=EMAIL_SALT)
    context = {
        "user": user,
        "new_email": new_email,
        "url": settings.SITE_URL + reverse("accounts:email_confirm", args=[token]),
        "days": settings.EMAIL_CHANGE_DAYS,
        "site_name": settings.SITE_NAME,
        "in_use": address_in_use(new_email, but=user),
    }
    subject = " ".join(render_to_string("accounts/email/email_change_subject.txt", context).split())
    body = render_to_string("accounts/email/email_change.txt", context)

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [new_email])
        except OSError:
            logger.exception("Could not send the e-mail change link of user %s", user.pk)

    transaction.on_commit(send, robust=True)


def read_email_change(token: str):
    """(user, new address) of a confirmation link, or EmailChangeError saying why not."""
    max_age = settings.EMAIL_CHANGE_DAYS * 24 * 60 * 60
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=max_age)
    except signing.SignatureExpired as expired:
        raise EmailChangeError(
            _("This link has expired: ask for the change again from your profile.")
        ) from expired
    except signing.BadSignature as bad:
        raise EmailChangeError(
            _("This link is not valid: copy the whole link from the e-mail.")
        ) from bad
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email != data.get("from"):
        raise EmailChangeError(
            _("This link was used already, or your address changed since: nothing was changed.")
        )
    if address_in_use(data["to"], but=user):
        raise EmailChangeError(_("This address cannot be used for your account."))
    return user, data["to"]


def confirm_email_change(token: str):
    user, new_email = read_email_change(token)
    old_email = user.email
    user.email = new_email
    user.save(update_fields=["email"])
    if old_email:
        body = render_to_string(
            "accounts/email/email_changed.txt",
            {"user": user, "new_email": new_email, "site_name": settings.SITE_NAME},
        )
        subject = _("[%(site)s] Your e-mail address was changed") % {"site": settings.SITE_NAME}
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [old_email])
        except OSError:
            logger.exception("Could not tell user %s of their address change", user.pk)
    return user
