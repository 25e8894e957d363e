"""Receipt codes: 100 bits of randomness, shown once, stored only as a slow hash.

A code is 20 characters of Crockford base32 (5 bits each), grouped ``XXXXX-XXXXX-XXXXX-XXXXX``.
The database keeps two derived values, never the code:

* ``lookup_key``: HMAC-SHA256 over the normalised code with a key derived from SECRET_KEY. It is
  an index to find the one candidate row without hashing the whole table; without the server key
  it tells an attacker nothing.
* ``receipt_hash``: the code hashed with Django's PBKDF2-SHA256 password hasher (the stored format
  is Django's ``pbkdf2_sha256$iterations$salt$hash``). A stolen database cannot be used to read
  reports. The iteration count is FEEDBACK_RECEIPT_HASH_ITERATIONS (default 200,000, ~0.1 s):
  lower than Django's 1,000,000 for passwords because a receipt carries 100 random bits (no
  dictionary to try), so the hash is defence in depth, and every submission pays for one hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from feedback import conf

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 20  # 20 x 5 = 100 bits
GROUP = 5
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise(code: str) -> str | None:
    """Upper-case, drop separators and spaces, map look-alikes; None if it cannot be a code."""
    if not isinstance(code, str) or len(code) > 64:
        return None
    cleaned = "".join(ch for ch in code.upper() if ch not in "- \t\r\n").translate(_TRANSLATE)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def _hmac_key() -> bytes:
    return hashlib.sha256(b"feedback.receipt-lookup|" + settings.SECRET_KEY.encode()).digest()


def lookup_key(normalised_code: str) -> str:
    return hmac.new(_hmac_key(), normalised_code.encode(), hashlib.sha256).hexdigest()


_HASHER = PBKDF2PasswordHasher()


def hash_code(normalised_code: str) -> str:
    return _HASHER.encode(
        normalised_code, _HASHER.salt(), iterations=conf.get("FEEDBACK_RECEIPT_HASH_ITERATIONS")
    )


def verify(normalised_code: str, stored_hash: str) -> bool:
    try:
        return _HASHER.verify(normalised_code, stored_hash)
    except (ValueError, TypeError):
        return False


_DUMMY_HASHES: dict[int, str] = {}


def burn_time(normalised_code: str) -> None:
    """Spend the time of one hash check (for unknown codes), so timing does not tell."""
    iterations = conf.get("FEEDBACK_RECEIPT_HASH_ITERATIONS")
    if iterations not in _DUMMY_HASHES:
        _DUMMY_HASHES[iterations] = hash_code("0" * CODE_LENGTH)
    verify(normalised_code, _DUMMY_HASHES[iterations])
