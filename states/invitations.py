"""
The invitation e-mail, sent once the invitation is committed (a rolled-back invitation sends
nothing) through Django's mail API. A mail that cannot be sent is logged; the invitation stays
pending and the coordinator can send it again, which replaces it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_invitation(invitation) -> None:
    def send():
        context = {
            "invitation": invitation,
            "organization": invitation.organization,
            "inviter": invitation.invited_by,
            "url": settings.SITE_URL + invitation.get_absolute_url(),
            "site_name": settings.SITE_NAME,
        }
        with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
            subject = " ".join(
                render_to_string("states/email/invitation_subject.txt", context).split()
            )
            body = render_to_string("states/email/invitation.txt", context)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
        except OSError:
            logger.exception("Could not send invitation %s", invitation.pk)

    transaction.on_commit(send, robust=True)
