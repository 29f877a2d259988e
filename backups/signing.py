"""
The signature of a backup's manifest: an HMAC-SHA256 of its exact bytes under a key only the
site knows.

The manifest holds the SHA-256 of every other member, so a manifest that verifies vouches for
the whole archive. Its checksums alone prove nothing against someone who can write to the
archive: they can change the database copy and compute the manifest again. They cannot compute
this signature without the key, which is BACKUP_SIGNING_KEY, or one derived from SECRET_KEY when
that is not set. A restore needs the key the backup was made with.
"""

import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac

SIGNATURE = "manifest.signature"
ALGORITHM = "hmac-sha256"
# Keeps this HMAC's key apart from every other use of SECRET_KEY (sessions, tokens, ...).
KEY_SALT = "commitment-tracker.backups.manifest"


def key_source() -> str:
    """The setting the key comes from, to name in messages."""
    return "BACKUP_SIGNING_KEY" if settings.BACKUP_SIGNING_KEY else "SECRET_KEY"


def sign(manifest: bytes) -> bytes:
    """The content of the signature member for these manifest bytes."""
    secret = settings.BACKUP_SIGNING_KEY or settings.SECRET_KEY
    digest = salted_hmac(KEY_SALT, manifest, secret=secret, algorithm="sha256").hexdigest()
    return f"{ALGORITHM}:{digest}\n".encode()


def verifies(manifest: bytes, signature: bytes) -> bool:
    return hmac.compare_digest(sign(manifest), signature)
