"""The keys that sign the chain of acknowledgments and its seals.

They come from the environment (settings.ACKNOWLEDGMENT_CHAIN_KEYS), never from the database, so
that whoever can write the database but not read the application's environment cannot make a
forged or rewritten record hash right. The first key signs; every key listed verifies, so a key is
rotated by putting a new one first and keeping the old one listed.
"""

import hashlib
import hmac

from django.conf import settings

# Records chained before the chain was keyed: a plain SHA-256 link, pinned by the seal the
# migration that introduced the keys wrote (training/migrations/0023_keyed_chain_and_seals).
LEGACY_KEY_ID = ""


class UnknownChainKey(Exception):
    """A record or seal names a key that is not (or no longer) configured."""


def signing_key_id() -> str:
    return next(iter(settings.ACKNOWLEDGMENT_CHAIN_KEYS))


def keyed_hash(key_id: str, message: str) -> str:
    """HMAC-SHA256 of `message` under the key `key_id`, as hex."""
    try:
        secret = settings.ACKNOWLEDGMENT_CHAIN_KEYS[key_id]
    except KeyError as error:
        raise UnknownChainKey(key_id) from error
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
