"""
Signals other apps listen to.

`entry_decided` announces a review decision (approve, request changes, reject) on a progress
entry once the transaction that took it has committed: a rolled-back decision announces
nothing, and a receiver's failure cannot undo one (it is sent robustly, after the commit).
Sent with `entry` (the ProgressEntry as decided), `action` (the workflow action) and `user`
(the reviewer). The webhooks app listens to it.
"""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

entry_decided = Signal()


def announce_decision(entry, action, user):
    """Send `entry_decided` to every receiver; a receiver that raises is logged, not raised."""
    for receiver, result in entry_decided.send_robust(
        sender=type(entry), entry=entry, action=action, user=user
    ):
        if isinstance(result, Exception):
            logger.error("A receiver of entry_decided failed: %r", receiver, exc_info=result)
