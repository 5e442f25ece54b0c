"""Stable integer ids for fsrs, derived from the card slugs users' histories are keyed by."""

from __future__ import annotations

import hashlib

_MASK = (1 << 63) - 1


def fsrs_id(slug: str) -> int:
    """A 63-bit id that is the same for a slug on every machine and every run.

    Python's hash() is salted per process, so a cryptographic digest is used instead.
    """
    digest = hashlib.blake2b(slug.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _MASK or 1
